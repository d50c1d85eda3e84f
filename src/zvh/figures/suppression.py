"""Small-cell suppression: the copy of a figure that may leave the chain manager's screen.

`suppress(table, threshold)` returns a NEW table (the input is not changed) in which

- every COUNT cell below the threshold (0 included) is hidden with the marker "<N" (primary);
- per COUNT column, more cells are hidden with the marker "x" (secondary) until no hidden cell
  can be worked back out from what is published: the other cells, the total and the markers
  themselves ("<N" is 0..N-1, "x" is at least N and at most the smallest published cell);
- a total below the threshold is hidden too;
- a derived cell (SHARE/DAYS/POINTS, MONEY with a base) follows its `base` COUNT cell; a share
  is also hidden when it would give away a small count (share × base, or its complement, below
  N) or the exact value of a hidden cell in its row (not a share `of_total`: it follows its
  base only);
- a `public` COUNT column (reference data such as inhabitants) is published as it is.

A table marked `chain_manager_only` (free text that may name a person) has no suppressed copy:
`suppress` refuses it and `suppressed_tables`, the one step every channel that leaves the chain
manager's screen goes through (other roles' pages, CSV/XLSX, the API, a report's snapshot),
drops it.

The method, and what it does not protect against, is in
docs/decisions/0163-small-cell-suppression.md.
The exact value of a hidden cell is None in the copy: it never leaves.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass

from zvh.figures.table import Column, FigureTable, Row, ValueKind

X = "x"
INFINITY = float("inf")


def marker_below(threshold: int) -> str:
    return f"<{threshold}"


@dataclass(frozen=True)
class Interval:
    """What a reader knows of one cell: it lies in [lo, hi] (hi may be infinite)."""

    lo: float
    hi: float


def feasible(cells: list[Interval], total: Interval, *, index: int) -> Interval:
    """The values cell `index` can take given every cell's interval and that the cells sum to a
    value in `total`: [max(lo_i, T.lo − Σ_{j≠i} hi_j), min(hi_i, T.hi − Σ_{j≠i} lo_j)]."""
    others_lo = sum(c.lo for j, c in enumerate(cells) if j != index)
    others_hi = sum(c.hi for j, c in enumerate(cells) if j != index)
    own = cells[index]
    return Interval(max(own.lo, total.lo - others_hi), min(own.hi, total.hi - others_lo))


def _knowledge(
    values: list[int], hidden: dict[int, str], total: int | None, total_marker: str, n: int
) -> tuple[list[Interval], Interval]:
    """What a reader of the published column knows: a published cell exactly, "<N" in [0, N-1],
    "x" in [N, smallest published cell] (the "x" cells are taken smallest first); the total
    exactly when published, [0, N-1] when "<N", at least N when "x" (N >= 3)."""
    published = [v for i, v in enumerate(values) if i not in hidden]
    x_cap = min(published) if published else INFINITY
    total_hi = total if total is not None and not total_marker else INFINITY
    cells = []
    for i, v in enumerate(values):
        marker = hidden.get(i)
        if marker is None:
            cells.append(Interval(v, v))
        elif marker == X:
            cells.append(Interval(n, min(x_cap, total_hi)))
        else:
            cells.append(Interval(0, n - 1))
    if total is None:
        known_total = Interval(0, INFINITY)
    elif total_marker == X:
        # With N >= 3 a total below N would read "<N", so "x" on a total means at least N.
        known_total = Interval(n if n >= 3 else 0, INFINITY)
    elif total_marker:
        known_total = Interval(0, n - 1)
    else:
        known_total = Interval(total, total)
    return cells, known_total


def _exposed(
    values: list[int], hidden: dict[int, str], total: int | None, total_marker: str, n: int
) -> bool:
    """True when some hidden cell has fewer than two values consistent with what is published."""
    cells, known_total = _knowledge(values, hidden, total, total_marker, n)
    for i in hidden:
        span = feasible(cells, known_total, index=i)
        if span.hi - span.lo < 1:
            return True
    return False


def _suppress_column(values: list[int], total: int | None, n: int) -> tuple[dict[int, str], str]:
    """The markers of one COUNT column: row index -> marker, and the total's marker ("" shown)."""
    hidden = {i: marker_below(n) for i, v in enumerate(values) if v < n}
    total_marker = ""
    if total is not None and total < n:
        # With N = 2 a "<2" total beside "<2" cells could still pin the cells down (two cells of
        # 1 and a total of 2 hidden as "x" would mean "at least 2"), so a hidden total is "x"
        # there: "x" on a total then says nothing about its size.
        total_marker = marker_below(n) if n >= 3 else X
    while hidden and _exposed(values, hidden, total, total_marker, n):
        published = [i for i in range(len(values)) if i not in hidden]
        if published:
            # The smallest published cell (the first of equals) hides the least information.
            smallest = min(published, key=lambda i: (values[i], i))
            hidden[smallest] = X
        elif total is not None and not total_marker:
            total_marker = X
        else:  # pragma: no cover - everything hidden is never exposed (decision 0163)
            break
    return hidden, total_marker


def _count(value: object) -> int:
    if value is None:
        return 0
    return int(value)  # type: ignore[call-overload]


def suppressed_tables(tables: Iterable[FigureTable], threshold: int) -> list[FigureTable]:
    """The copies of `tables` that may leave the chain manager's screen: each suppressed, and
    the chain-manager-only tables left out."""
    return [suppress(table, threshold) for table in tables if not table.chain_manager_only]


def suppress(table: FigureTable, threshold: int) -> FigureTable:
    if table.chain_manager_only:
        # Its row labels are free text that may name a person: no number hides that.
        raise ValueError(f"{table.key} is for the chain manager's screen only")
    if threshold < 2:
        # "<1" would say "exactly 0": a threshold protects only from 2 on (FigureSettings).
        raise ValueError("the suppression threshold is at least 2")
    n = threshold
    result = copy.deepcopy(table)
    if any(row.suppressed for row in result.all_rows()):
        # Already suppressed (a snapshot, say): a hidden cell's value is gone, and a second pass
        # would read it as 0 and relabel an "x" as "<N". Suppression is applied once.
        return result
    rows: list[Row] = result.rows
    for row in result.all_rows():
        row.suppressed = {}
    originals = [dict(row.values) for row in rows]
    original_total = dict(result.total.values) if result.total is not None else {}

    counts = [c for c in result.columns if c.kind == ValueKind.COUNT and not c.public]
    for column in counts:
        values = [_count(row.values.get(column.key)) for row in rows]
        total = None
        if result.total is not None:
            total = _count(result.total.values.get(column.key))
            if total != sum(values):
                # Not additive (a case counted under two rows): the reader only knows that the
                # cells sum to at least the total; the cells alone are protected then.
                total = None
        hidden, total_marker = _suppress_column(values, total, n)
        for i, marker in hidden.items():
            rows[i].values[column.key] = None
            rows[i].suppressed[column.key] = marker
        if result.total is not None:
            shown_total = _count(result.total.values.get(column.key))
            if total is None and shown_total < n:
                total_marker = marker_below(n) if n >= 3 else X
            if total_marker:
                result.total.values[column.key] = None
                result.total.suppressed[column.key] = total_marker

    derived = [c for c in result.columns if c.kind != ValueKind.COUNT]  # MONEY too
    pairs = list(zip(rows, originals, strict=True))
    if result.total is not None:
        pairs.append((result.total, original_total))
    count_keys = {c.key for c in counts}
    for row, original in pairs:
        hidden_counts = {_count(original.get(k)) for k in row.suppressed if k in count_keys}
        for column in derived:
            marker = _derived_marker(column, row, original, n, hidden_counts)
            if marker:
                row.values[column.key] = None
                row.suppressed[column.key] = marker
    return result


def _derived_marker(
    column: Column, row: Row, original: dict, n: int, hidden_counts: set[int]
) -> str:
    """The marker a derived cell gets, or "" when it may be shown."""
    if column.base is None:
        return ""
    if column.base in row.suppressed:
        return row.suppressed[column.base]
    base = _count(original.get(column.base))
    if base < n:
        return marker_below(n)
    value = original.get(column.key)
    if column.kind != ValueKind.SHARE or column.of_total or value is None:
        return ""
    # A share of a published base gives its numerator away: k = share × base.
    numerator = round(float(value) * base)
    if numerator < n or base - numerator < n:
        return marker_below(n)
    if numerator in hidden_counts or base - numerator in hidden_counts:
        return X
    return ""
