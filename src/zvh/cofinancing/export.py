"""CSV and XLSX of figure tables (suppressed cells as their marker text).

The same interface as zvh.figures.export of issue 11 part a (`csv_response`, `xlsx_response`),
kept here, tiny, until that module is merged: the integrator folds this one into it.
"""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook

from zvh.figures.table import FigureTable, Row, ValueKind

Cell = str | int | float


def _cell(table: FigureTable, row: Row, key: str) -> Cell:
    if key in row.suppressed:
        return row.suppressed[key]
    value = row.values.get(key)
    if value is None:
        return ""
    kind = table.column(key).kind
    if kind == ValueKind.MONEY:
        return round(float(value), 2)
    if kind == ValueKind.SHARE:
        return round(float(value), 4)
    return value


def _text(value: str) -> str:
    """A label a spreadsheet must not run as a formula."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@") else value


def _lines(table: FigureTable) -> list[list[Cell]]:
    lines: list[list[Cell]] = [
        [_text(table.row_header), *(_text(column.label) for column in table.columns)]
    ]
    rows = [*table.rows, *([table.total] if table.total is not None else [])]
    for row in rows:
        lines.append(
            [_text(row.label), *(_cell(table, row, column.key) for column in table.columns)]
        )
    return lines


def csv_response(tables: list[FigureTable], filename: str) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    for number, table in enumerate(tables):
        if number:
            writer.writerow([])
        writer.writerow([table.title])
        writer.writerows(_lines(table))
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(tables: list[FigureTable], filename: str) -> HttpResponse:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for number, table in enumerate(tables, start=1):
        sheet = workbook.create_sheet(title=f"{number} {table.key}"[:31])
        sheet.append([table.title])
        for line in _lines(table):
            sheet.append(line)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
