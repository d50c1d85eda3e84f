"""The privacy officer's access report (NEN 7513's client view): who accessed whom, and when."""

import uuid

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from zvh.core.web import GET_POST
from zvh.network.request import actor_for_request

from . import access_report as selectors
from .access_report_forms import AccessReportSearchForm


@GET_POST
def access_report_search_view(request: HttpRequest) -> HttpResponse:
    # The terms are posted, not put in the URL: a BSN must not end up in proxy logs or history.
    form = AccessReportSearchForm(request.POST if request.method == "POST" else None)
    search = None
    if form.is_bound and form.is_valid():
        search = selectors.access_report_person_search(
            actor=actor_for_request(request), **form.cleaned_data
        )
    return render(request, "audit/access_report_search.html", {"form": form, "search": search})


@require_GET
def access_report_view(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    report = selectors.access_report(
        actor=actor_for_request(request), person_id=person_id, cursor=request.GET.get("na")
    )
    return render(request, "audit/access_report.html", {"report": report})
