"""A CSV download as Dutch spreadsheet programs expect it (semicolons, a byte-order mark), with
every cell that a spreadsheet would take for a formula quoted. The figure downloads
(zvh.figures.export) write their body with `csv_bytes` too."""

from __future__ import annotations

import csv
import datetime
import io
import itertools
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value: object) -> str:
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def csv_bytes(lines: Iterable[Sequence[object]]) -> bytes:
    """The lines as a CSV body: ";" between cells, CRLF, UTF-8 with a byte-order mark. The
    cells are written as given: quote user text with `safe_cell` first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows(lines)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def csv_download(
    *, filename: str, header: Sequence[object], rows: Iterable[Sequence[object]]
) -> HttpResponse:
    lines = itertools.chain([header], rows)
    return HttpResponse(
        csv_bytes([safe_cell(value) for value in line] for line in lines),
        content_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": content_disposition_header(as_attachment=True, filename=filename)
        },
    )
