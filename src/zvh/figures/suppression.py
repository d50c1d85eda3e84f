"""MINIMAL STAND-IN for part a's small-cell suppression (replaced on merge).

Primary suppression only, plus derived cells of a suppressed base; part a's version adds the
secondary suppression. Same signature: `suppress(table, threshold) -> FigureTable` (a copy).
"""

from __future__ import annotations

import copy

from zvh.figures.table import FigureTable, Row, ValueKind


def _suppress_row(table: FigureTable, row: Row, threshold: int) -> None:
    marker = f"<{threshold}"
    for column in table.columns:
        value = row.values.get(column.key)
        if column.kind == ValueKind.COUNT and value is not None and value < threshold:
            row.values[column.key] = None
            row.suppressed[column.key] = marker
    for column in table.columns:
        if column.kind == ValueKind.COUNT or column.base is None:
            continue
        base = row.values.get(column.base)
        if column.base in row.suppressed:
            row.values[column.key] = None
            row.suppressed[column.key] = row.suppressed[column.base]
        elif base is not None and base < threshold:
            row.values[column.key] = None
            row.suppressed[column.key] = marker


def suppress(table: FigureTable, threshold: int) -> FigureTable:
    result = copy.deepcopy(table)
    for row in result.rows:
        _suppress_row(result, row, threshold)
    if result.total is not None:
        _suppress_row(result, result.total, threshold)
    return result
