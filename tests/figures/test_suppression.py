"""Small-cell suppression (zvh.figures.suppression, decision 0163).

The property test judges the output with its own model of the reader, written independently of
the implementation: for each COUNT column it enumerates (subset-sum reachability, no interval
formula) every assignment of the hidden cells that agrees with everything published, and asks
that every hidden cell has at least two possible values.
"""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zvh.figures.suppression import suppress
from zvh.figures.table import Column, FigureTable, Row, ValueKind


def table(columns: dict[str, list[int]], *, total: bool = True, derived=()) -> FigureTable:
    keys = list(columns)
    length = len(columns[keys[0]])
    rows = [Row(f"r{i}", f"Rij {i}", {k: columns[k][i] for k in keys}) for i in range(length)]
    cols = tuple(Column(k, k.title()) for k in keys) + tuple(derived)
    return FigureTable(
        key="test.table",
        title="Test",
        definition="",
        row_header="Rij",
        columns=cols,
        rows=rows,
        total=Row("total", "Totaal", {k: sum(columns[k]) for k in keys}) if total else None,
    )


def markers(result: FigureTable, key: str) -> list[str]:
    return [row.suppressed.get(key, "") for row in result.rows]


# --- unit tests ---------------------------------------------------------------------------


def test_cells_below_the_threshold_are_hidden_zero_included():
    result = suppress(table({"n": [0, 3, 12, 40]}, total=False), 5)
    assert markers(result, "n") == ["<5", "<5", "", ""]
    assert [row.values["n"] for row in result.rows] == [None, None, 12, 40]


def test_a_single_small_cell_is_protected_by_hiding_the_smallest_other_cell():
    result = suppress(table({"n": [3, 40, 12, 25]}), 5)
    # Without the "x" the total 80 minus 77 would give the 3 back.
    assert markers(result, "n") == ["<5", "", "x", ""]
    assert result.total is not None and result.total.values["n"] == 80
    assert result.total.suppressed == {}


def test_a_zero_beside_a_cell_of_exactly_the_threshold_needs_a_third_cell():
    # 0 "<5" and 5 "x" with 20 published out of 25: the x would be exactly 5 (it is at least 5),
    # so the 0 would be known. A third cell must go.
    result = suppress(table({"n": [0, 5, 20, 30]}), 5)
    assert markers(result, "n") == ["<5", "x", "x", ""]


def test_a_total_below_the_threshold_is_hidden():
    result = suppress(table({"n": [1, 2]}), 5)
    assert result.total is not None
    assert result.total.values["n"] is None
    assert result.total.suppressed["n"] == "<5"


def test_the_total_goes_when_every_cell_is_hidden_and_one_is_still_known():
    # 0 and 5, total 5: the "x" would be exactly 5 and the 0 known, unless the total goes too.
    result = suppress(table({"n": [0, 5]}), 5)
    assert markers(result, "n") == ["<5", "x"]
    assert result.total is not None and result.total.suppressed["n"] == "x"


def test_columns_are_suppressed_each_on_their_own():
    result = suppress(table({"now": [2, 30, 40], "before": [20, 30, 40]}), 5)
    assert markers(result, "now") == ["<5", "x", ""]
    assert markers(result, "before") == ["", "", ""]


def test_derived_cells_follow_their_base():
    share = Column("share", "Aandeel", ValueKind.SHARE, base="n")
    days = Column("days", "Mediaan", ValueKind.DAYS, base="n")
    source = table({"n": [3, 40, 12, 25]}, derived=(share, days))
    for row, value in zip(source.rows, [0.5, 0.5, 0.5, 0.4], strict=True):
        row.values["share"] = value
        row.values["days"] = 10.0
    result = suppress(source, 5)
    assert markers(result, "share") == ["<5", "", "x", ""]
    assert markers(result, "days") == ["<5", "", "x", ""]
    assert result.rows[0].values["days"] is None
    assert result.rows[1].values["days"] == 10.0


def test_a_share_that_gives_a_small_count_away_is_hidden():
    share = Column("share", "Aandeel acuut", ValueKind.SHARE, base="n")
    source = table({"n": [100, 100, 100]}, derived=(share,))
    for row, value in zip(source.rows, [0.02, 0.99, 0.5], strict=True):
        row.values["share"] = value
    result = suppress(source, 5)
    # 2 of 100 acute, and 1 of 100 not acute, are small counts; 50 of 100 is not.
    assert markers(result, "share") == ["<5", "<5", ""]


def test_a_share_that_gives_a_hidden_cell_away_is_hidden():
    share = Column("share", "Aandeel acuut", ValueKind.SHARE, base="n")
    source = table({"n": [100, 100], "acute": [3, 8]}, derived=(share,))
    source.rows[0].values["share"] = 0.03
    source.rows[1].values["share"] = 0.08
    result = suppress(source, 5)
    # The 8 is hidden as "x" (secondary, for the 3); 8% of 100 would give it back.
    assert markers(result, "acute") == ["<5", "x"]
    assert markers(result, "share") == ["<5", "x"]


def test_a_total_that_is_not_the_sum_only_gets_primary_suppression():
    source = table({"n": [3, 10]})
    assert source.total is not None
    source.total.values["n"] = 12  # one case in both rows
    result = suppress(source, 5)
    assert markers(result, "n") == ["<5", ""]
    assert result.total is not None and result.total.values["n"] == 12


def test_threshold_two_hides_a_small_total_as_x():
    result = suppress(table({"n": [1, 1]}), 2)
    assert markers(result, "n") == ["<2", "<2"]
    assert result.total is not None and result.total.suppressed["n"] == "x"


def test_a_suppressed_table_is_not_suppressed_again():
    once = suppress(table({"n": [3, 40, 12, 25]}), 5)
    twice = suppress(once, 5)
    assert twice == once and twice is not once
    assert markers(twice, "n") == ["<5", "", "x", ""]


def test_a_threshold_below_two_is_refused():
    with pytest.raises(ValueError):
        suppress(table({"n": [0, 3]}), 1)


def test_the_input_table_is_not_changed():
    source = table({"n": [3, 40, 12, 25]})
    before = copy.deepcopy(source)
    suppress(source, 5)
    assert source == before


# --- the property test ---------------------------------------------------------------------


def _reader_values(result: FigureTable, key: str, n: int, big: int) -> dict[int, set[int]]:
    """For every hidden cell of column `key`: every value it can have given what is published.

    The reader knows: a published cell exactly; "<N" is 0..N-1; "x" is at least N and, since
    the "x" cells are the smallest of the rest, at most the smallest published cell of the
    column; the total exactly, "<N" as 0..N-1, "x" as at least N (0 when N = 2). Values are
    enumerated up to `big`, which is more than any true value.
    """
    published = [r.values[key] for r in result.rows if key not in r.suppressed]
    x_top = min([*published, big]) if published else big
    options: list[range] = []
    for row in result.rows:
        marker = row.suppressed.get(key)
        if marker is None:
            value = row.values[key]
            options.append(range(value, value + 1))
        elif marker == "x":
            options.append(range(n, x_top + 1))
        else:
            options.append(range(0, n))
    if result.total is None:
        totals = set(range(0, big * len(options) + 1))
    elif key not in result.total.suppressed:
        totals = {result.total.values[key]}
    elif result.total.suppressed[key] == "x":
        totals = set(range(n if n >= 3 else 0, big * len(options) + 1))
    else:
        totals = set(range(0, n))

    def sums(indexes: list[int]) -> set[int]:
        reachable = {0}
        for j in indexes:
            reachable = {s + v for s in reachable for v in options[j]}
        return reachable

    found: dict[int, set[int]] = {}
    for i, row in enumerate(result.rows):
        if key not in row.suppressed:
            continue
        rest = sums([j for j in range(len(options)) if j != i])
        found[i] = {v for v in options[i] if any(v + s in totals for s in rest)}
    return found


@st.composite
def tables(draw):
    n = draw(st.integers(min_value=2, max_value=6))
    size = draw(st.integers(min_value=1, max_value=5))
    cell = st.one_of(st.integers(0, n), st.integers(0, 3 * n))
    now = draw(st.lists(cell, min_size=size, max_size=size))
    before = draw(st.lists(cell, min_size=size, max_size=size))
    with_total = draw(st.booleans())
    # A share of "now" whose numerator is "before" (capped): a derived cell with a base.
    share = Column("share", "Aandeel", ValueKind.SHARE, base="now")
    drawn = table({"now": now, "before": before}, total=with_total, derived=(share,))
    for row in [*drawn.rows, *([drawn.total] if drawn.total else [])]:
        base, part = row.values["now"], min(row.values["before"], row.values["now"])
        row.values["share"] = part / base if base else None
    return n, drawn


@settings(max_examples=300, deadline=None)
@given(tables())
def test_no_small_cell_is_published_and_no_hidden_cell_can_be_worked_out(drawn):
    n, source = drawn
    before = copy.deepcopy(source)
    result = suppress(source, n)
    # (3) the input is unchanged
    assert source == before
    big = sum(r.values["now"] + r.values["before"] for r in source.rows) + 2 * n + 2
    for key in ("now", "before"):
        # (1) nothing published below the threshold, and what is published is the truth
        for original, row in zip(source.rows, result.rows, strict=True):
            if key in row.suppressed:
                assert row.values[key] is None
            else:
                assert row.values[key] == original.values[key] >= n
        if result.total is not None and key not in result.total.suppressed:
            assert source.total is not None
            assert result.total.values[key] == source.total.values[key] >= n
        # (2) every hidden cell has at least two values consistent with what is published,
        # and its true value is one of them
        for i, possible in _reader_values(result, key, n, big).items():
            assert source.rows[i].values[key] in possible
            assert len(possible) >= 2, (key, i, possible, result)
    # derived cells: hidden with their base; a published share gives no small or hidden count
    for original, row in zip(
        [*source.rows, source.total], [*result.rows, result.total], strict=True
    ):
        if row is None or original is None:
            continue
        if "now" in row.suppressed:
            assert row.suppressed["share"] == row.suppressed["now"]
        if "share" not in row.suppressed and row.values["share"] is not None:
            base = original.values["now"]
            part = round(row.values["share"] * base)
            hidden = {original.values[k] for k in ("now", "before") if k in row.suppressed}
            assert part >= n and base - part >= n and not {part, base - part} & hidden


# --- public reference columns, money, shares of a total (the co-financing table) ---------


def test_a_public_column_is_never_hidden_nor_drives_a_secondary():
    inhabitants = Column("inhabitants", "Inwoners", public=True)
    source = table({"n": [10, 20, 30]}, derived=(inhabitants,))
    for row, value in zip(source.rows, [0, 3, 50_000], strict=True):
        row.values["inhabitants"] = value
    assert source.total is not None
    source.total.values["inhabitants"] = 50_003
    result = suppress(source, 5)
    assert [row.values["inhabitants"] for row in result.rows] == [0, 3, 50_000]
    assert all(row.suppressed == {} for row in result.rows)
    assert result.total is not None and result.total.values["inhabitants"] == 50_003


def test_money_follows_its_base_and_without_a_base_is_shown():
    paid = Column("paid", "Bijdrage", ValueKind.MONEY, base="n")
    fixed = Column("fixed", "Vaste voet", ValueKind.MONEY)
    source = table({"n": [3, 40, 12, 25]}, derived=(paid, fixed))
    for row in source.rows:
        row.values["paid"] = 1_000.0
        row.values["fixed"] = 250.0
    result = suppress(source, 5)
    assert markers(result, "paid") == ["<5", "", "x", ""]
    assert [row.values["paid"] for row in result.rows] == [None, 1_000.0, None, 1_000.0]
    assert [row.values["fixed"] for row in result.rows] == [250.0] * 4


def test_a_share_of_the_total_follows_its_base_only():
    # 10 of 200 cases is 5% of all cases: "5% of its base of 10" would be a numerator of 0,
    # which the share-of-base rule hides; a share of the total gives nothing the base and the
    # total do not already give.
    of_total = Column("use", "Aandeel", ValueKind.SHARE, base="n", of_total=True)
    of_base = Column("acute", "Aandeel acuut", ValueKind.SHARE, base="n")
    source = table({"n": [10, 90, 100, 3]}, derived=(of_total, of_base))
    for row in source.rows:
        row.values["use"] = row.values["n"] / 203
        row.values["acute"] = row.values["n"] / 203
    result = suppress(source, 5)
    assert markers(result, "n") == ["x", "", "", "<5"]
    assert markers(result, "use") == ["x", "", "", "<5"]
    # The share of its base still applies its own rule: 90 × 0.44 = 40 is fine, 10 × 0.05 not.
    assert markers(result, "acute") == ["x", "", "", "<5"]
    source.rows[3].values["n"] = 30
    assert source.total is not None
    source.total.values["n"] = 230
    for row in source.rows:
        row.values["use"] = row.values["n"] / 230
        row.values["acute"] = row.values["n"] / 230
    again = suppress(source, 5)
    assert markers(again, "n") == ["", "", "", ""]
    assert markers(again, "use") == ["", "", "", ""]
    assert markers(again, "acute")[0] == "<5"


def test_the_flags_survive_json_and_other_figures_keep_their_json():
    inhabitants = Column("inhabitants", "Inwoners", public=True)
    share = Column("use", "Aandeel", ValueKind.SHARE, base="n", of_total=True)
    source = table({"n": [10, 20]}, derived=(inhabitants, share))
    data = source.to_json()
    assert data["columns"][0] == {"key": "n", "label": "N", "kind": "count", "base": None}
    assert data["columns"][1]["public"] is True and data["columns"][2]["of_total"] is True
    assert FigureTable.from_json(data).columns == source.columns
