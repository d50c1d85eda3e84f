"""The frozen figures made ready for a page or the PDF: each table's cells as the text shown
("<5" or "x" for a suppressed cell, "–" for none, shares as %, days and points with one
decimal), and its chart. Reads only the snapshot."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.formats import number_format
from django.utils.safestring import SafeString

from zvh.figures.charts import chart_svg
from zvh.figures.table import Column, FigureTable, Row, ValueKind

NONE = "–"


@dataclass(frozen=True)
class ShownRow:
    label: str
    cells: list[str]


@dataclass(frozen=True)
class ShownTable:
    key: str
    title: str
    definition: str
    row_header: str
    headers: list[str]
    rows: list[ShownRow]
    total: ShownRow | None
    chart: SafeString
    has_markers: bool


@dataclass(frozen=True)
class ShownGroup:
    key: str
    title: str
    tables: list[ShownTable]


def cell_text(row: Row, column: Column) -> str:
    if column.key in row.suppressed:
        return row.suppressed[column.key]
    value = row.values.get(column.key)
    if value is None:
        return NONE
    if column.kind == ValueKind.SHARE:
        return f"{number_format(float(value) * 100, 0)}%"
    if column.kind == ValueKind.DAYS:
        return number_format(float(value), 1, force_grouping=True)
    if column.kind == ValueKind.POINTS:
        sign = "+" if float(value) > 0 else ""
        return sign + number_format(float(value), 1)
    return number_format(int(value), 0, force_grouping=True)  # "540.500"


def _shown_row(row: Row, columns: tuple[Column, ...]) -> ShownRow:
    return ShownRow(row.label, [cell_text(row, column) for column in columns])


def shown_table(table: FigureTable) -> ShownTable:
    return ShownTable(
        key=table.key,
        title=table.title,
        definition=table.definition,
        row_header=table.row_header,
        headers=[column.label for column in table.columns],
        rows=[_shown_row(row, table.columns) for row in table.rows],
        total=_shown_row(table.total, table.columns) if table.total else None,
        chart=chart_svg(table),
        has_markers=any(row.suppressed for row in table.all_rows()),
    )


def shown_figures(figures: list[dict[str, Any]]) -> list[ShownGroup]:
    return [
        ShownGroup(
            key=group["group"],
            title=group["title"],
            tables=[shown_table(FigureTable.from_json(data)) for data in group["tables"]],
        )
        for group in figures
    ]
