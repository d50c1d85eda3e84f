"""A chain manager's house beside all houses: each national table of a year, all houses'
counts suppressed under the house's own small-cell threshold, beside the house's own answer."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from zvh.network.request import actor_for_request

from . import national_selectors as selectors
from .national_display import comparison_display


@require_GET
def compare_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    years = selectors.comparison_years(actor=actor)
    year = None
    raw = request.GET.get("jaar", "")
    if raw.isdigit() and int(raw) in years:
        year = int(raw)
    elif years:
        year = years[0]
    context: dict = {"years": years, "year": year}
    if year is not None:
        comparison = selectors.house_comparison(actor=actor, year=year)
        context["comparison"] = comparison
        context["tables"] = comparison_display(comparison)
    return render(request, "monitor/compare.html", context)
