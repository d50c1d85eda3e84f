from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from zvh.figures.export import csv_response, xlsx_response
from zvh.network.request import actor_for_request

from . import selectors
from .calculation import CalculationError
from .forms import CoFinancingForm, last_calendar_year

EXPORTS = {"csv": csv_response, "xlsx": xlsx_response}


@require_GET
def calculator_view(request: HttpRequest) -> HttpResponse:
    """The form; with a budget given, the result beside it (and, with `export`, a download)."""
    actor = actor_for_request(request)
    start, end = last_calendar_year(timezone.localdate())
    if "budget" not in request.GET:
        selectors.co_financing_form_viewed(actor=actor)
        initial = {"start": start, "end": end, "key": "inhabitants", "base_kind": "amount"}
        form = CoFinancingForm(initial={**initial, "variable_key": "inhabitants"})
        return render(request, "cofinancing/calculator.html", {"form": form})
    form = CoFinancingForm(request.GET, one_calendar_year=not selectors.sees_exact(actor))
    outcome = None
    error = ""
    export = request.GET.get("export", "")
    if form.is_valid():
        try:
            outcome = selectors.co_financing(
                actor=actor,
                settings=form.settings(),
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
                export=export if export in EXPORTS else "",
            )
        except CalculationError as problem:
            error = str(problem)
    if outcome is None:
        selectors.co_financing_form_viewed(actor=actor)
    elif export in EXPORTS:
        return EXPORTS[export]([outcome.table], "cofinanciering")
    query = request.GET.copy()
    query.pop("export", None)
    context: dict[str, Any] = {
        "form": form,
        "outcome": outcome,
        "error": error,
        "query": query.urlencode(),
    }
    return render(request, "cofinancing/calculator.html", context)
