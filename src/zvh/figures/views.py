"""The house's figure pages under /cijfers/ (namespace `figures`): the index, a group's page
with its filter and downloads, the list behind a number, the process coordinator's own
caseload, and the chain manager's figure settings. Thin: parse, call a selector, render.
Doors: zvh/authz/doors.py (part d of issue 11); decisions: docs/decisions/0165."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from zvh.core.concurrency import StaleObjectError, stale_form
from zvh.core.csv_export import csv_download
from zvh.core.web import GET_POST
from zvh.figures import policy as figures_policy
from zvh.network.request import actor_for_request
from zvh.triage.forms import add_service_errors

from . import lists, selectors, services
from .export import csv_response, xlsx_response
from .filters import FigureFilterForm
from .forms import FigureSettingsForm
from .suppression import marker_below

EXPORTS = ("csv", "xlsx")


def _filter_form(request: HttpRequest, house_id: Any) -> FigureFilterForm:
    data = request.GET.copy()
    data.pop("format", None)
    return FigureFilterForm(data or None, house_id=house_id)


@require_GET
def index_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    threshold = selectors.settings_for(actor).suppression_threshold
    return render(
        request,
        "figures/index.html",
        {
            "groups": selectors.figure_index(actor=actor),
            "exact": figures_policy.sees_exact_figures(actor),
            "threshold": threshold,
            "marker": marker_below(threshold),
        },
    )


@require_GET
def group_view(request: HttpRequest, group: str) -> HttpResponse:
    actor = actor_for_request(request)
    found = selectors.group_or_404(group)
    form = _filter_form(request, actor.house_id)
    fmt = request.GET.get("format", "")
    if fmt in EXPORTS:
        figures = selectors.group_figures(
            actor=actor,
            key=group,
            scope=form.scope(),
            filters=form.filters(),
            fmt="csv" if fmt == "csv" else "xlsx",
        )
        scope = figures.scope
        filename = f"cijfers-{found.key}-{scope.start.isoformat()}-{scope.end.isoformat()}.{fmt}"
        export = csv_response if fmt == "csv" else xlsx_response
        return export(figures.tables, filename)
    figures = selectors.group_figures(
        actor=actor, key=group, scope=form.scope(), filters=form.filters(), fmt="html"
    )
    query = request.GET.copy()
    query.pop("format", None)
    return render(
        request,
        "figures/group.html",
        {
            "form": form,
            "figures": figures,
            "unknown_format": bool(fmt),
            "drill_base_url": reverse("figures:list") if figures.exact else "",
            "download_query": _with(query, "format"),
            "groups": selectors.group_index(),
        },
    )


def _with(query: QueryDict, key: str) -> str:
    """The query string with `key=` at the end, for links that add one value."""
    encoded = query.urlencode()
    return f"?{encoded}&{key}=" if encoded else f"?{key}="


@require_GET
def list_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    drill = lists.parse_drill(request.GET)
    if drill.valid and request.GET.get("format") == "csv":
        header, rows = lists.figure_list_export(actor=actor, drill=drill)
        return csv_download(filename=f"lijst-{drill.kind}.csv", header=header, rows=rows)
    page = None
    if drill.valid:
        page = lists.figure_list(actor=actor, drill=drill, cursor=request.GET.get(lists.CURSOR))
    query = request.GET.copy()
    query.pop(lists.CURSOR, None)
    query.pop("format", None)
    return render(
        request,
        "figures/list.html",
        {
            "drill": drill,
            "page": page,
            "next_query": _with(query, lists.CURSOR),
            "csv_query": _with(query, "format"),
        },
    )


@require_GET
def caseload_view(request: HttpRequest) -> HttpResponse:
    """The process coordinator's own caseload: exact (these are their own cases), no lists."""
    actor = actor_for_request(request)
    form = _filter_form(request, actor.house_id)
    scope = form.scope()
    tables = selectors.own_caseload(actor=actor, scope=scope, filters=form.filters())
    return render(
        request,
        "figures/caseload.html",
        {"form": form, "scope": scope, "tables": tables},
    )


@GET_POST
def settings_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    current = selectors.settings_for(actor)
    initial = {
        "suppression_threshold": current.suppression_threshold,
        "open_case_norm_days": current.open_case_norm_days,
        "mayor_briefing_enabled": current.mayor_briefing_enabled,
        "mayor_briefing_names": current.mayor_briefing_names,
        "version": current.version,
    }
    form = FigureSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.figure_settings_update(
                actor=actor, expected_version=data.pop("version"), **data
            )
        except StaleObjectError:
            form = stale_form(FigureSettingsForm, request.POST, current_version=current.version)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De instellingen voor de cijfers zijn opgeslagen."))
            return redirect("figures:settings")
    return render(request, "figures/settings.html", {"form": form})
