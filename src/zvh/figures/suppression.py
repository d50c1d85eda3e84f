"""Small-cell suppression (stand-in for part a: primary suppression only; replaced on merge)."""

from __future__ import annotations

import copy

from zvh.figures.table import FigureTable, Row, ValueKind


def suppress(table: FigureTable, threshold: int) -> FigureTable:
    """A new table where every COUNT cell below `threshold` is None with marker "<threshold",
    and every derived cell whose base is suppressed carries its base's marker."""
    result = copy.deepcopy(table)
    rows = [*result.rows, *([result.total] if result.total is not None else [])]
    for row in rows:
        _suppress_row(result, row, threshold)
    return result


def _suppress_row(table: FigureTable, row: Row, threshold: int) -> None:
    marker = f"<{threshold}"
    for column in table.columns:
        if column.kind is ValueKind.COUNT:
            value = row.values.get(column.key)
            if value is not None and value < threshold:
                row.values[column.key] = None
                row.suppressed[column.key] = marker
    for column in table.columns:
        if column.kind is not ValueKind.COUNT and column.base is not None:
            base_marker = row.suppressed.get(column.base)
            if base_marker is not None:
                row.values[column.key] = None
                row.suppressed[column.key] = base_marker
