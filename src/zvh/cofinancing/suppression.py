"""Small-cell suppression of the co-financing result for the steering-group member.

The calculator's table has one COUNT that is about persons: the cases per municipality. A
municipality with fewer cases than the house's threshold (0 included) shows "<5" for its cases
and for every column computed from them (columns whose `base` is "cases": the use share, the
difference and, under a key that uses cases, the amount paid and its share). If that leaves
exactly one municipality hidden, the one with the fewest cases besides it is hidden too ("x"),
so that nothing hidden can be worked back out from the total row. The total itself is hidden
when it is below the threshold. Inhabitants are public reference data and stay.

This is the method of zvh.figures.suppression (decision 0163) applied to this one table by row;
see docs/decisions/0169.
"""

from __future__ import annotations

import copy

from zvh.figures.table import FigureTable, Row

CASES = "cases"


def _hide(row: Row, keys: list[str], marker: str) -> None:
    for key in keys:
        row.values[key] = None
        row.suppressed[key] = marker


def suppress_cases(table: FigureTable, threshold: int) -> FigureTable:
    """A new table with the small case counts (and what follows from them) hidden."""
    result = copy.deepcopy(table)
    keys = [CASES, *(column.key for column in result.columns if column.base == CASES)]
    small = f"<{threshold}"
    marks: dict[int, str] = {}
    for index, row in enumerate(result.rows):
        value = row.values.get(CASES)
        if value is not None and value < threshold:
            marks[index] = small
    total = result.total
    total_hidden = total is not None and (total.values.get(CASES) or 0) < threshold
    if len(marks) == 1 and total is not None and not total_hidden:
        others = sorted(
            (row.values[CASES] or 0, row.label, index)
            for index, row in enumerate(result.rows)
            if index not in marks and row.values.get(CASES) is not None
        )
        if others:
            marks[others[0][2]] = "x"
    for index, marker in marks.items():
        _hide(result.rows[index], keys, marker)
    if total is not None and total_hidden:
        _hide(total, keys, small)
    return result
