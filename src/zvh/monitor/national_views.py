"""The national side's pages under /landelijke-monitor/ (decision 0184): the years, the import,
a year's tables 1-31, its records, one record, CSV and PDF of the tables, and the trends. Thin:
a selector or the service, then the page."""

from __future__ import annotations

import json
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from zvh.audit.models import Action
from zvh.core.web import GET_POST
from zvh.figures.export import csv_response
from zvh.figures.table import FigureTable, Row
from zvh.monitor.exchange import vocabulary
from zvh.monitor.exchange.records import RecordSetInvalid
from zvh.network.request import actor_for_request
from zvh.reports.export import pdf_from_html

from . import national_selectors as selectors
from .national_display import (
    TABLE_NUMBERS,
    NationalTable,
    national_display,
    trends_display,
)
from .national_forms import RecordsImportForm
from .national_services import national_records_import


@require_GET
def index_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    return render(
        request,
        "monitor/national/index.html",
        {
            "years": selectors.year_summaries(actor=actor),
            "imports": selectors.recent_imports(actor=actor),
        },
    )


@GET_POST
def import_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    context: dict[str, Any] = {}
    if request.method != "POST":
        context["form"] = RecordsImportForm()
        return render(request, "monitor/national/import.html", context)
    form = RecordsImportForm(request.POST, request.FILES)
    context["form"] = form
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            context["result"] = national_records_import(
                actor=actor,
                year=form.cleaned_data["year"],
                raw=upload.read(),
                file_name=upload.name or "",
            )
        except RecordSetInvalid as invalid:
            context["errors"] = invalid.errors
    status = 400 if context.get("errors") or form.errors else 200
    return render(request, "monitor/national/import.html", context, status=status)


@require_GET
def year_view(request: HttpRequest, year: int) -> HttpResponse:
    tables, records = selectors.year_tables(actor=actor_for_request(request), year=year)
    return render(
        request,
        "monitor/national/year.html",
        {"year": year, "houses": len(records), "tables": national_display(tables, records)},
    )


@require_GET
def records_view(request: HttpRequest, year: int) -> HttpResponse:
    records = selectors.year_records(actor=actor_for_request(request), year=year)
    return render(request, "monitor/national/records.html", {"year": year, "records": records})


def _answer_text(key: str, value: Any) -> str:
    """One answer in Dutch: coded values by their label, objects and lists spelled out."""
    if value is None:
        return _("onbekend / niet ingevuld")
    if isinstance(value, bool):
        return _("Ja") if value else _("Nee")
    if key in vocabulary.CODED_KEYS:
        return vocabulary.label(vocabulary.CODED_KEYS[key], str(value))
    if key == "partner_org_counts":
        return "; ".join(f"{label}: {value.get(k)}" for k, label in vocabulary.PARTNER_ORG_KINDS)
    if key == "inflow_share_pct":
        return "; ".join(
            f"{label}: {'–' if value.get(k) is None else value.get(k)}"
            for k, label in vocabulary.INFLOW_PARTNERS
        )
    if key == "new_task_types":
        return ", ".join(vocabulary.label(vocabulary.NEW_TASK_TYPES, v) for v in value) or "–"
    if key == "agenda_alignment_bodies":
        return (
            "; ".join(
                f"{vocabulary.label(vocabulary.AGENDA_BODY_CATEGORIES, b.get('category', ''))}: "
                f"{b.get('body', '')}"
                for b in value
            )
            or "–"
        )
    return str(value)


def record_answers(record: dict) -> list[tuple[str, str]]:
    names = [*vocabulary.RECORD_KEYS, *vocabulary.OPTIONAL_TEXT_KEYS]
    return [(name, _answer_text(key, record.get(key))) for key, name in names]


@require_GET
def record_view(request: HttpRequest, year: int, house_code: str) -> HttpResponse:
    found = selectors.record_get(actor=actor_for_request(request), year=year, house_code=house_code)
    return render(
        request,
        "monitor/national/record.html",
        {"year": year, "record": found, "answers": record_answers(found.record)},
    )


def _export_figure(table: NationalTable) -> FigureTable:
    """The table as a figure for the CSV: notes as its definition, a text table's texts as rows."""
    if table.figure is None:
        return FigureTable(
            key=f"national.{table.key}",
            title=table.title,
            definition="",
            row_header=_("Genoemd"),
            columns=(),
            rows=[Row(str(i), text, {}) for i, text in enumerate(table.texts, start=1)],
            chart="",
        )
    figure = table.figure
    if not table.notes:
        return figure
    return FigureTable(
        key=figure.key,
        title=figure.title,
        definition=" ".join([figure.definition, *table.notes]).strip(),
        row_header=figure.row_header,
        columns=figure.columns,
        rows=figure.rows,
        total=figure.total,
        chart=figure.chart,
        chart_column=figure.chart_column,
    )


@require_GET
def export_view(request: HttpRequest, year: int, which: str, fmt: str) -> HttpResponse:
    """CSV or PDF of one table (`which` its number) or of all tables (`which` = "alle"); all
    tables also as JSON, in the output shape of `manage.py monitor_tables`."""
    if fmt not in {"csv", "pdf", "json"} or (fmt == "json" and which != "alle"):
        raise Http404
    if which != "alle" and not (which.isdigit() and int(which) in TABLE_NUMBERS):
        raise Http404
    tables_data, records = selectors.year_tables(
        actor=actor_for_request(request), year=year, audit_as=Action.EXPORT
    )
    if fmt == "json":
        return _json_download(tables_data, f"landelijke-monitor-{year}-tabellen.json")
    tables = national_display(tables_data, records)
    if which != "alle":
        tables = [t for t in tables if str(t.number) == which]
    stem = f"landelijke-monitor-{year}-" + ("tabellen" if which == "alle" else f"tabel-{which}")
    if fmt == "csv":
        return csv_response([_export_figure(t) for t in tables], stem)
    html = render_to_string(
        "monitor/national/tables_pdf.html", {"year": year, "houses": len(records), "tables": tables}
    )
    return HttpResponse(
        pdf_from_html(html),
        content_type="application/pdf",
        headers={
            "Content-Disposition": content_disposition_header(
                as_attachment=True, filename=f"{stem}.pdf"
            ),
            "Cache-Control": "no-store",
        },
    )


@require_GET
def records_export_view(request: HttpRequest, year: int) -> HttpResponse:
    """The year's records in the exchange format (an envelope with format_version and year)."""
    records = selectors.year_records_export(actor=actor_for_request(request), year=year)
    return _json_download(
        {"format_version": vocabulary.FORMAT_VERSION, "year": year, "records": records},
        f"landelijke-monitor-{year}-records.json",
    )


def _json_download(data: object, filename: str) -> HttpResponse:
    return HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
        headers={
            "Content-Disposition": content_disposition_header(
                as_attachment=True, filename=filename
            ),
            "Cache-Control": "no-store",
        },
    )


@require_GET
def trends_view(request: HttpRequest) -> HttpResponse:
    by_year = selectors.trend_tables(actor=actor_for_request(request))
    return render(
        request,
        "monitor/national/trends.html",
        {"years": sorted(by_year), "trends": trends_display(by_year)},
    )
