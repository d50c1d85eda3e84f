"""An XLSX download of a list (openpyxl): one sheet, a header row, a row per record. Every text
cell is written as a string, never a formula, whatever it starts with; dates are dates. The
figure downloads (zvh.figures.export) write their text cells with `text_cell` too."""

from __future__ import annotations

import datetime
import io
import itertools
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "dd-mm-yyyy"
DATETIME_FORMAT = "dd-mm-yyyy hh:mm"


def text_cell(sheet: Any, row: int, column: int, text: object) -> None:
    cell = sheet.cell(row=row, column=column)
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", "" if text is None else str(text))
    cell.data_type = "s"  # a string, even when it starts with "=": never a formula


def _cell(sheet: Any, row: int, column: int, value: object) -> None:
    if isinstance(value, datetime.datetime):
        # Excel knows no time zones: the local time the list shows.
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        cell = sheet.cell(row=row, column=column, value=local.replace(tzinfo=None))
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, datetime.date):
        cell = sheet.cell(row=row, column=column, value=value)
        cell.number_format = DATE_FORMAT
    elif isinstance(value, int) and not isinstance(value, bool):
        sheet.cell(row=row, column=column, value=value)
    else:
        text_cell(sheet, row, column, value)


def xlsx_download(
    *, filename: str, sheet_title: str, header: Sequence[object], rows: Iterable[Sequence[object]]
) -> HttpResponse:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = ILLEGAL_CHARACTERS_RE.sub("", sheet_title)[:31] or "Lijst"
    for line, values in enumerate(itertools.chain([header], rows), start=1):
        for column, value in enumerate(values, start=1):
            if line == 1:
                text_cell(sheet, line, column, value)
            else:
                _cell(sheet, line, column, value)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return HttpResponse(
        buffer.getvalue(),
        content_type=XLSX_CONTENT_TYPE,
        headers={
            "Content-Disposition": content_disposition_header(
                as_attachment=True, filename=filename
            ),
            "Cache-Control": "no-store",
        },
    )
