"""The result table as text cells for the page (until part a's `{% figure %}` tag takes over)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format

from zvh.figures.table import FigureTable, Row, ValueKind


@dataclass(frozen=True)
class DisplayRow:
    label: str
    cells: list[str]


def cell_text(table: FigureTable, row: Row, key: str) -> str:
    if key in row.suppressed:
        return row.suppressed[key]
    value = row.values.get(key)
    if value is None:
        return "–"
    kind = table.column(key).kind
    if kind == ValueKind.MONEY:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
        return f"€ {number_format(amount, 2, force_grouping=True)}"
    if kind == ValueKind.SHARE:
        return f"{number_format(round(float(value) * 100, 1), 1)}%"
    if kind in (ValueKind.DAYS, ValueKind.POINTS):
        return number_format(round(float(value), 1), 1)
    return number_format(int(value), 0, force_grouping=True)


def display_rows(table: FigureTable) -> tuple[list[DisplayRow], DisplayRow | None, bool]:
    """The rows, the total, and whether any cell is suppressed (then the page shows a legend)."""
    keys = [column.key for column in table.columns]
    rows = [
        DisplayRow(row.label, [cell_text(table, row, key) for key in keys]) for row in table.rows
    ]
    total = (
        None
        if table.total is None
        else DisplayRow(table.total.label, [cell_text(table, table.total, key) for key in keys])
    )
    suppressed = any(
        row.suppressed for row in [*table.rows, *([table.total] if table.total else [])]
    )
    return rows, total, suppressed
