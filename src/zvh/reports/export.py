"""The steering-group report as a PDF (WeasyPrint), rendered from the report's frozen fields
only: the same version says the same thing every time it is downloaded, whatever happened in
the house since. Downloading is an audited export. WeasyPrint fetches nothing: every resource
request is refused, so no text in the report can make the server read a file or call a URL.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any, NoReturn

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from zvh.audit.models import Action
from zvh.audit.services import audit_record
from zvh.authz.actor import Actor

from .display import shown_figures
from .models import SteeringReport
from .selectors import report_get

STYLESHEET = Path(__file__).with_name("report_pdf.css")


def _no_fetching(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    raise ValueError("external resources are not loaded into report PDFs")


def report_pdf_html(report: SteeringReport) -> str:
    """The HTML fed to WeasyPrint: the report's own fields, in the house's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(
            "reports/report_pdf.html",
            {
                "report": report,
                "house_name": report.house.name,
                "groups": shown_figures(report.figures),
            },
        )


def pdf_from_html(html: str) -> bytes:
    """A PDF of `html` with the report's stylesheet; nothing is fetched (also used by the
    national monitor's tables)."""
    from weasyprint import CSS, HTML  # imported here: it loads native libraries (Pango)

    pdf: bytes = HTML(string=html, url_fetcher=_no_fetching).write_pdf(
        stylesheets=[CSS(string=STYLESHEET.read_text(encoding="utf-8"), url_fetcher=_no_fetching)]
    )
    return pdf


def report_pdf(report: SteeringReport) -> bytes:
    return pdf_from_html(report_pdf_html(report))


def report_export_pdf(*, actor: Actor, report_id: uuid.UUID) -> tuple[SteeringReport, bytes]:
    report = report_get(actor=actor, report_id=report_id, audit=False)
    pdf = report_pdf(report)
    audit_record(
        actor=actor,
        action=Action.EXPORT,
        object_type="steering_report",
        object_id=report.id,
        detail={"format": "pdf", "number": report.number},
    )
    return report, pdf
