"""The privacy officer's anomaly report and processing register. Thin: form in, one read, page
out."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from zvh.network.request import actor_for_request

from .anomalies import anomaly_report
from .forms import AnomalyReportForm
from .register import processing_register, processing_register_csv


@require_GET
def anomaly_report_view(request: HttpRequest) -> HttpResponse:
    form = AnomalyReportForm.for_query(request.GET)
    if not form.is_valid():
        return render(request, "privacy/anomalies.html", {"form": form}, status=400)
    report = anomaly_report(
        actor=actor_for_request(request), criteria=form.criteria(), cursor=request.GET.get("na")
    )
    return render(request, "privacy/anomalies.html", {"form": form, "report": report})


@require_GET
def register_view(request: HttpRequest) -> HttpResponse:
    register = processing_register(actor=actor_for_request(request))
    return render(request, "privacy/register.html", {"register": register})


@require_GET
def register_csv_view(request: HttpRequest) -> HttpResponse:
    filename, content = processing_register_csv(actor=actor_for_request(request))
    return HttpResponse(
        content,
        content_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": content_disposition_header(as_attachment=True, filename=filename)
        },
    )
