"""CSV and XLSX downloads of figure tables (stand-in for part a; replaced on merge).
Callers pass already suppressed tables."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook

from zvh.figures.table import FigureTable, Row


def _cell(row: Row, key: str) -> object:
    marker = row.suppressed.get(key)
    if marker is not None:
        return marker
    value = row.values.get(key)
    return "" if value is None else value


def _lines(table: FigureTable) -> list[list[object]]:
    lines: list[list[object]] = [[table.row_header, *(c.label for c in table.columns)]]
    rows = [*table.rows, *([table.total] if table.total is not None else [])]
    for row in rows:
        lines.append([row.label, *(_cell(row, c.key) for c in table.columns)])
    return lines


def csv_response(tables: list[FigureTable], filename: str) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    for table in tables:
        writer.writerow([table.title])
        writer.writerows(_lines(table))
        writer.writerow([])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(tables: list[FigureTable], filename: str) -> HttpResponse:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for index, table in enumerate(tables):
        sheet = workbook.create_sheet(f"{index + 1} {table.key}"[:31])
        for line in _lines(table):
            sheet.append([str(v) if not isinstance(v, int | float) else v for v in line])
    if not tables:
        workbook.create_sheet("leeg")
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
