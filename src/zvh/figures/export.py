"""Downloads of figures: CSV for Dutch Excel and XLSX (openpyxl), decision 0164.

Callers pass tables that are already suppressed where that applies: these functions write what
they get, a suppressed cell as its marker text ("<5", "x"), "not computable" as "–".

- CSV: UTF-8 with a byte order mark, ";" as separator and a decimal comma (what Excel in a
  Dutch locale opens without an import wizard). The tables follow each other: title, definition,
  header row, rows, total, an empty line. Shares are percentages (header "... (%)"), amounts
  euros with two decimals and no thousands separator (header "... (€)").
- XLSX: one sheet per table (titles cut to 31 characters, made unique), a header row, numbers
  as numbers (a share as a fraction shown as a percentage, an amount in euros to the cent shown
  as "€ 1.234,56" by Excel's own locale), markers as text; below the table
  the definition and the legend.

Labels are user data (an organisation's name): a text cell that starts with = + - @ or a
control character gets a leading apostrophe in the CSV (no formula in a spreadsheet), and is
written as a string, never a formula, in the XLSX.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from zvh.core.csv_export import csv_bytes, safe_cell
from zvh.core.xlsx_export import XLSX_CONTENT_TYPE, text_cell
from zvh.figures.formatting import legend, number_text, rounded, suppression_markers
from zvh.figures.table import Column, FigureTable, Row, ValueKind

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
SHEET_TITLE_MAX = 31
XLSX_FORMATS = {
    ValueKind.SHARE: "0.0%",
    ValueKind.DAYS: "0.0",
    ValueKind.POINTS: "0.00",
    ValueKind.MONEY: '"€" #,##0.00;"€" -#,##0.00',
}
UNITS = {ValueKind.SHARE: "%", ValueKind.MONEY: "€"}


def _filename(filename: str, extension: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", filename).strip(".-") or "cijfers"
    return stem if stem.endswith(f".{extension}") else f"{stem}.{extension}"


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _header(column: Column) -> str:
    unit = UNITS.get(column.kind)
    return f"{column.label} ({unit})" if unit else str(column.label)


def _rows(table: FigureTable) -> list[Row]:
    return table.all_rows()


def _csv_cell(row: Row, column: Column) -> str:
    marker = row.suppressed.get(column.key)
    return marker or number_text(row.values.get(column.key), column.kind)


def _csv_lines(table: FigureTable) -> Iterator[list[str]]:
    yield [safe_cell(table.title)]
    if table.definition:
        yield [safe_cell(table.definition)]
    yield [safe_cell(table.row_header), *(safe_cell(_header(c)) for c in table.columns)]
    for row in _rows(table):
        yield [safe_cell(row.label), *(_csv_cell(row, c) for c in table.columns)]
    for marker, explanation in legend(suppression_markers(_rows(table))):
        yield [safe_cell(f"{marker}: {explanation}")]
    yield []


def csv_response(tables: list[FigureTable], filename: str) -> HttpResponse:
    body = csv_bytes(line for table in tables for line in _csv_lines(table))
    response = HttpResponse(body, content_type=CSV_CONTENT_TYPE)
    return _attachment(response, _filename(filename, "csv"))


def _sheet_title(title: str, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", ILLEGAL_CHARACTERS_RE.sub("", str(title))).strip("' ")
    base = base or _("Cijfertabel")
    candidate = base[:SHEET_TITLE_MAX]
    number = 2
    while candidate.lower() in taken:
        suffix = f" ({number})"
        candidate = base[: SHEET_TITLE_MAX - len(suffix)] + suffix
        number += 1
    taken.add(candidate.lower())
    return candidate


def xlsx_response(tables: list[FigureTable], filename: str) -> HttpResponse:
    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    for table in tables:
        sheet = workbook.create_sheet(_sheet_title(table.title, taken))
        text_cell(sheet, 1, 1, table.row_header)
        for j, column in enumerate(table.columns, start=2):
            text_cell(sheet, 1, j, _header(column))
        line = 1
        for row in _rows(table):
            line += 1
            text_cell(sheet, line, 1, row.label)
            for j, column in enumerate(table.columns, start=2):
                marker = row.suppressed.get(column.key)
                value = row.values.get(column.key)
                if marker or value is None:
                    text_cell(sheet, line, j, marker or number_text(None, column.kind))
                    continue
                cell = sheet.cell(row=line, column=j)
                if column.kind == ValueKind.COUNT:
                    cell.value = int(value)
                elif column.kind == ValueKind.MONEY:
                    cell.value = float(rounded(value, ValueKind.MONEY))
                else:
                    cell.value = float(value)
                if column.kind in XLSX_FORMATS:
                    cell.number_format = XLSX_FORMATS[column.kind]
        line += 1
        notes = [table.definition] if table.definition else []
        notes += [f"{m}: {e}" for m, e in legend(suppression_markers(_rows(table)))]
        for note in notes:
            line += 1
            text_cell(sheet, line, 1, note)
        sheet.freeze_panes = "B2"
        sheet.column_dimensions["A"].width = 40
    if not tables:
        workbook.create_sheet(_("Geen cijfers"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    return _attachment(response, _filename(filename, "xlsx"))
