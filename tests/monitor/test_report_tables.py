"""The report's appendix 4 reproduced: 31 house records (fixtures/report_2015.json, built by
build_report_2015.py) give every printed count of tables 1-10 and 13-31, and every printed
percentage that a set of 31 houses (30 for tables 1 and 2) can give. The percentages no set of
houses can give are listed in docs/monitor/report-discrepancies.md; each claim is checked here."""

from __future__ import annotations

import io
import json
from fractions import Fraction
from typing import Any

import pytest
from django.core.management import call_command

from tests.monitor.build_report_2015 import FIXTURE, fixture_text
from zvh.monitor.exchange.records import parse_year
from zvh.monitor.exchange.tables import national_tables

# table: [(row key, printed count, printed %)], printed total
PRINTED: dict[int, tuple[list[tuple[str, int, int]], int]] = {
    1: (
        [
            ("none", 13, 43),
            ("year_2011", 3, 10),
            ("year_2012", 2, 7),
            ("year_2013", 4, 13),
            ("year_2014", 2, 7),
            ("year_2015", 6, 20),
        ],
        30,
    ),
    2: (
        [
            ("none", 10, 33),
            ("year_2011", 1, 3),
            ("year_2012", 2, 7),
            ("year_2013", 3, 10),
            ("year_2014", 3, 10),
            ("year_2015", 11, 37),
        ],
        30,
    ),
    3: ([("yes", 25, 81), ("no_organised_otherwise", 5, 16), ("unclear", 1, 3)], 31),
    4: (
        [
            ("house_manager", 11, 35),
            ("central_municipality_official", 0, 0),
            ("manager_with_central_official", 14, 45),
            ("manager_with_others", 4, 13),
            ("other", 2, 16),
        ],
        31,
    ),
    5: (
        [
            ("from_1_to_5", 6, 19),
            ("from_6_to_10", 10, 32),
            ("from_11_to_15", 6, 19),
            ("from_16", 8, 26),
            ("unknown", 1, 3),
        ],
        31,
    ),
    7: ([("yes", 28, 90), ("no", 3, 10)], 31),
    8: ([("fully_implemented", 25, 81), ("limited", 6, 19), ("not_implemented", 0, 0)], 31),
    9: ([("hardly", 2, 6), ("occasionally", 12, 39), ("structural", 17, 55)], 31),
    10: (
        [
            ("strongly_agree", 14, 45),
            ("somewhat_agree", 15, 48),
            ("neutral", 2, 7),
            ("somewhat_disagree", 0, 0),
            ("strongly_disagree", 0, 0),
        ],
        31,
    ),
    13: (
        [
            ("under_250k", 2, 7),
            ("from_250k_to_500k", 8, 26),
            ("from_500k_to_750k", 9, 29),
            ("from_750k_to_1m", 4, 13),
            ("from_1m_to_1_5m", 3, 10),
            ("from_1_5m", 3, 10),
            ("unknown", 2, 7),
        ],
        31,
    ),
    14: (
        [
            ("under_25", 7, 23),
            ("from_25_to_50", 17, 55),
            ("from_50_to_75", 4, 13),
            ("from_75", 1, 3),
            ("unknown", 2, 6),
        ],
        31,
    ),
    15: (
        [
            ("under_25", 2, 7),
            ("from_25_to_50", 8, 26),
            ("from_50_to_75", 14, 45),
            ("from_75", 5, 16),
            ("unknown", 2, 6),
        ],
        31,
    ),
    16: (
        [
            ("inhabitants", 16, 52),
            ("cases", 1, 3),
            ("inhabitants_and_cases", 5, 16),
            ("inhabitants_and_other", 3, 10),
            ("other", 2, 6),
            ("unknown", 4, 13),
        ],
        31,
    ),
    17: (
        [
            ("under_5", 6, 19),
            ("from_5_to_10", 15, 48),
            ("from_10_to_15", 3, 10),
            ("from_15", 2, 7),
            ("unknown", 5, 16),
        ],
        31,
    ),
    19: ([("national", 18, 58), ("own", 5, 16), ("none", 7, 23), ("unknown", 1, 3)], 31),
    20: ([("no", 17, 55), ("somewhat", 13, 42), ("strongly", 1, 3)], 31),
    21: (
        [
            ("pct_0_25", 4, 13),
            ("pct_26_50", 5, 16),
            ("pct_51_75", 4, 13),
            ("pct_76_100", 8, 26),
            ("dont_know", 5, 13),
            ("non_response", 5, 13),
        ],
        31,
    ),
    23: (
        [
            ("all", 18, 58),
            ("over_half", 10, 32),
            ("quarter_to_half", 3, 10),
            ("under_quarter", 0, 0),
        ],
        31,
    ),
    24: ([("no", 11, 35), ("yes", 20, 65)], 31),
    25: (
        [("all", 20, 65), ("over_half", 7, 23), ("quarter_to_half", 2, 6), ("under_quarter", 2, 6)],
        31,
    ),
    26: (
        [
            ("all", 6, 19),
            ("over_half", 3, 9),
            ("quarter_to_half", 3, 9),
            ("under_quarter", 9, 28),
            ("none", 5, 19),
            ("dont_know", 4, 13),
        ],
        31,
    ),
    28: ([("important_task", 22, 71), ("limited", 8, 26), ("no", 1, 3)], 31),
    29: ([("no", 8, 26), ("yes", 23, 74)], 31),
    30: ([("no", 8, 26), ("yes", 22, 71), ("dont_know", 1, 3)], 31),
}
# The printed percentages that do not belong to their printed count (report-discrepancies.md).
WRONG_PERCENTAGES = {
    (4, "other"),
    (10, "neutral"),
    (13, "under_250k"),
    (13, "unknown"),
    (15, "under_25"),
    (17, "from_15"),
    (21, "dont_know"),
    (21, "non_response"),
    (26, "over_half"),
    (26, "quarter_to_half"),
    (26, "under_quarter"),
    (26, "none"),
}
# Table 6 prints only percentages of the 31 houses: none / one / more than one organisation.
PRINTED_T6 = {
    "police": (0, 97, 3),
    "public_prosecution": (0, 94, 6),
    "probation": (0, 25, 75),
    "youth_protection": (0, 63, 37),
    "child_protection_board": (3, 94, 3),
    "care_youth_mental_health": (6, 13, 81),
    "penitentiary_institutions": (13, 47, 41),
    "halt": (31, 66, 3),
    "shelter": (41, 44, 16),
    "social_work": (44, 28, 28),
    "public_health_ggd": (47, 47, 6),
    "other": (9, 22, 69),
}
PRINTED_T22 = {
    "police": (0, 1, 6, 8, 5, 2),
    "municipality_cjg": (1, 7, 11, 3, 0, 0),
    "veilig_thuis": (5, 12, 4, 1, 0, 0),
    "public_prosecution": (6, 11, 5, 0, 0, 0),
    "probation": (6, 13, 3, 0, 0, 0),
    "youth_care_bjz": (0, 15, 1, 0, 0, 0),
    "mental_health_ggz": (9, 11, 2, 0, 0, 0),
    "child_protection_board": (15, 11, 0, 0, 0, 0),
    "public_health_ggd": (13, 9, 0, 0, 0, 0),
    "lvb_organisation": (15, 7, 0, 0, 0, 0),
    "other": (3, 5, 5, 3, 0, 1),
}
PRINTED_T18 = [  # key, average per house, FTE total, %
    ("chain_manager", 0.8, 25, 12),
    ("process_management", 1.8, 56, 27),
    ("information_admin_support", 2.3, 72, 35),
    ("other", 1.7, 54, 26),
]
PRINTED_T27 = {
    "regional_administrative": 30,
    "justice_bodies": 12,
    "national_steering_group": 9,
    "regional_houses_consultation": 7,
    "veilig_thuis": 2,
    "care_bodies": 2,
    "various": 12,
}
PRINTED_T31 = [  # band, houses, mean payers, mean without the single payers
    ("under_500k", 10, 12, 12),
    ("from_500k_to_750k", 9, 13, 15),
    ("from_750k", 10, 10, 11),
]


def half_up(value: Fraction) -> int:
    """Independent of tables.py: floor(x + 1/2) by integer arithmetic."""
    return (value.numerator * 2 + value.denominator) // (value.denominator * 2)


def pct(count: int, base: int) -> int:
    return half_up(Fraction(100 * count, base))


def reachable(base: int) -> set[int]:
    """Every percentage that some number of houses out of `base` rounds to."""
    return {pct(k, base) for k in range(base + 1)}


@pytest.fixture(scope="module")
def tables() -> dict[str, dict[str, Any]]:
    records = parse_year(FIXTURE.read_bytes(), year=2015)
    assert len(records) == 31
    return national_tables(records, year=2015)


def test_the_fixture_is_what_its_script_builds() -> None:
    assert FIXTURE.read_text(encoding="utf-8") == fixture_text()


@pytest.mark.parametrize("number", sorted(PRINTED))
def test_frequency_tables_reproduce_the_printed_counts(
    tables: dict[str, dict[str, Any]], number: int
) -> None:
    table = tables[f"table_{number}"]
    rows, total = PRINTED[number]
    assert [(row["key"], row["count"]) for row in table["rows"]] == [
        (key, count) for key, count, _ in rows
    ]
    assert table["total"] == {"count": total, "pct": 100}
    for (key, count, printed), row in zip(rows, table["rows"], strict=True):
        if (number, key) in WRONG_PERCENTAGES:
            assert row["pct"] == pct(count, total) != printed
        else:
            assert row["pct"] == printed, (number, key)


def test_what_falls_outside_a_base_or_in_it_without_a_row(
    tables: dict[str, dict[str, Any]],
) -> None:
    assert tables["table_1"]["not_in_base"] == {"unknown": 1}
    assert tables["table_2"]["not_in_base"] == {"unknown": 1}
    assert tables["table_26"]["in_base_unprinted"] == {"non_response": 1}
    for number in (3, 5, 13, 21, 23, 25, 29):
        assert tables[f"table_{number}"]["not_in_base"] == {}
        assert tables[f"table_{number}"]["in_base_unprinted"] == {}


def test_table_6_reproduces_every_reproducible_percentage(
    tables: dict[str, dict[str, Any]],
) -> None:
    table = tables["table_6"]
    assert table["base"] == 31
    possible = reachable(31)
    for row in table["rows"]:
        counts = row["counts"]
        assert sum(counts.values()) == 31
        assert row["pct"]["total"] == 100
        printed = dict(zip(("none", "one", "more_than_one"), PRINTED_T6[row["key"]], strict=True))
        for column, printed_pct in printed.items():
            if printed_pct in possible:
                assert row["pct"][column] == printed_pct, (row["key"], column)
            else:  # no number of houses out of 31 gives it: the closest count is used
                assert row["pct"][column] == pct(counts[column], 31)
                assert abs(row["pct"][column] - printed_pct) <= 3


def test_table_18_reproduces_every_printed_number(tables: dict[str, dict[str, Any]]) -> None:
    table = tables["table_18"]
    assert [
        (r["key"], r["avg_fte_per_house"], r["fte_total"], r["pct"]) for r in table["rows"]
    ] == PRINTED_T18
    assert table["total"] == {"label_nl": "Totaal FTE", "fte_total": 207, "pct": 100}
    assert table["average_denominator_houses"] == 31
    assert table["houses_with_fte"] == 26


def test_table_22_reproduces_the_printed_counts(tables: dict[str, dict[str, Any]]) -> None:
    table = tables["table_22"]
    assert table["columns"] == [
        "pct_0",
        "pct_1_10",
        "pct_11_25",
        "pct_26_50",
        "pct_51_75",
        "pct_76_100",
    ]
    assert {row["key"]: tuple(row["counts"].values()) for row in table["rows"]} == PRINTED_T22
    answered = {row["key"]: row["answered"] for row in table["rows"]}
    assert answered["police"] == 22
    other = next(row for row in table["rows"] if row["key"] == "other")
    assert answered["other"] - other["counts"]["pct_0"] == 14  # 14 houses name "overige"


def test_table_27_reproduces_the_mentions(tables: dict[str, dict[str, Any]]) -> None:
    table = tables["table_27"]
    assert table["n_managers"] == 29
    assert {row["key"]: row["count"] for row in table["rows"]} == PRINTED_T27
    assert table["total"] == {"count": 74}


def test_table_31_reproduces_the_means_and_the_outliers(
    tables: dict[str, dict[str, Any]],
) -> None:
    rows = tables["table_31"]["rows"]
    assert [
        (
            r["key"],
            r["houses"],
            r["avg_paying_municipalities"],
            r["avg_paying_municipalities_excl_outliers"],
        )
        for r in rows
    ] == PRINTED_T31
    assert "1" in tables["table_31"]["outlier_rule"]


def test_the_new_task_types_of_the_text() -> None:
    records = parse_year(FIXTURE.read_bytes())
    types = [t for record in records for t in record["new_task_types"]]
    assert types.count("jihadism") == 19
    assert types.count("confused_persons") == 10


def test_the_command_prints_the_same_tables(tables: dict[str, dict[str, Any]]) -> None:
    out = io.StringIO()
    call_command("monitor_tables", "--year", "2015", "--input", str(FIXTURE), stdout=out)
    assert json.loads(out.getvalue()) == tables


# -- the report's own arithmetic (docs/monitor/report-discrepancies.md) -------------------------


def test_two_of_31_is_6_not_7_percent() -> None:
    assert pct(2, 31) == 6
    assert 7 not in reachable(31)
    # T10 Niet eens/niet oneens, T13 < 250.000 and onbekend, T15 < 25%, T17 >= 15 fte
    for number, key in (
        (10, "neutral"),
        (13, "under_250k"),
        (13, "unknown"),
        (15, "under_25"),
        (17, "from_15"),
    ):
        rows, _ = PRINTED[number]
        assert next((count, printed) for k, count, printed in rows if k == key) == (2, 7)


def test_table_4_sums_to_109_percent() -> None:
    rows, total = PRINTED[4]
    assert sum(count for _, count, _ in rows) == total == 31
    assert sum(printed for _, _, printed in rows) == 109
    assert pct(2, 31) == 6  # "Anders 2 = 16%"


def test_table_21_sums_to_94_percent() -> None:
    rows, total = PRINTED[21]
    assert sum(count for _, count, _ in rows) == total == 31
    assert sum(printed for _, _, printed in rows) == 94
    assert pct(5, 31) == 16  # printed 13% twice for 5 houses
    assert pct(4, 31) == 13


def test_table_26_percentages_fit_no_base() -> None:
    rows, total = PRINTED[26]
    assert total == 31
    assert sum(count for _, count, _ in rows) == 30  # plus one non-response: "Totaal 31"
    assert 9 not in reachable(31) and 28 not in reachable(31)
    assert pct(3, 31) == 10 and pct(9, 31) == 29 and pct(5, 31) == 16
    # nor out of the 30 who answered: 6 of 30 is 20%, not the printed 19%
    assert pct(6, 30) == 20 and pct(3, 30) == 10


def test_table_6_percentages_that_no_31_houses_give() -> None:
    possible = reachable(31)
    impossible = {
        (kind, printed)
        for kind, row in PRINTED_T6.items()
        for printed in row
        if printed not in possible
    }
    unreachable_cells = [p for row in PRINTED_T6.values() for p in row if p not in possible]
    assert len(unreachable_cells) == 18
    assert {printed for _, printed in impossible} == {
        25,
        75,
        63,
        37,
        47,
        41,
        31,
        66,
        44,
        28,
        9,
        22,
        69,
    }
    assert 25 not in possible  # no k gives round_half_up(100 * k / 31) == 25
    # most of these rows fit 32 houses instead: Halt 10/32, 21/32, 1/32 -> 31%, 66%, 3%
    assert [pct(k, 32) for k in (10, 21, 1)] == [31, 66, 3]
    assert [pct(k, 32) for k in (8, 24)] == [25, 75]
    assert [pct(k, 32) for k in (14, 9, 9)] == [44, 28, 28]
