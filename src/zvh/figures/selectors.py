"""Reading the house's figures for a page, an export or the API: computed from the group's
definitions, narrowed to what the actor may see, suppressed wherever figures leave the chain
manager's screen, and audited (docs/decisions/0165).

No person ids are involved: the access-log event records the group, the filters and the
format. The lists behind a number are in lists.py.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Literal

from django.http import Http404

from zvh.audit.models import Action
from zvh.audit.services import audit_record
from zvh.authz.actor import Actor
from zvh.figures import policy as figures_policy

from . import registry
from .definitions import caseload
from .models import FigureSettings
from .scope import FigureScope
from .settings import figure_settings
from .suppression import suppressed_tables
from .table import FigureTable

Format = Literal["html", "csv", "xlsx", "json"]
DRILL_PERIOD_KEYS = ("from", "to", "open_on")


@dataclass
class GroupFigures:
    group: registry.FigureGroup
    scope: FigureScope
    tables: list[FigureTable]
    exact: bool  # the chain manager's exact figures (with drill links); otherwise suppressed
    threshold: int


def settings_for(actor: Actor) -> FigureSettings:
    if actor.house_id is None:
        raise Http404
    return figure_settings(actor.house_id)


def group_or_404(key: str) -> registry.FigureGroup:
    found = registry.group(key)
    if found is None:
        raise Http404
    return found


def group_figures(
    *, actor: Actor, key: str, scope: FigureScope, filters: dict[str, str], fmt: Format
) -> GroupFigures:
    """The group's tables for this actor. Exact only for the chain manager on the screen
    (`fmt == "html"`); every export and the API get suppressed tables, whoever asks."""
    group = group_or_404(key)
    if actor.house_id is None or scope.house_id != actor.house_id:
        raise Http404
    threshold = settings_for(actor).suppression_threshold
    exact = fmt == "html" and figures_policy.sees_exact_figures(actor)
    tables = registry.compute_group(key, scope)
    if exact:
        if figures_policy.figure_lists_visible(actor):
            tables = [with_scope_in_drill(table, scope) for table in tables]
        else:
            tables = [without_drill(table) for table in tables]
    else:
        # Leaves the chain manager's screen: chain-manager-only tables are dropped here.
        tables = [without_drill(table) for table in suppressed_tables(tables, threshold)]
    audit_record(
        actor=actor,
        action=Action.VIEW if fmt in ("html", "json") else Action.EXPORT,
        object_type="figures",
        object_id=key,
        detail={
            "group": key,
            "filters": filters,
            "format": fmt,
            "suppressed": not exact,
        },
    )
    return GroupFigures(group=group, scope=scope, tables=tables, exact=exact, threshold=threshold)


def with_scope_in_drill(table: FigureTable, scope: FigureScope) -> FigureTable:
    """The page adds the scope's filters to each row's list parameters (a row's own value
    wins), and the period where the row names none."""
    result = copy.deepcopy(table)
    extra = _scope_drill_params(scope)
    for row in result.all_rows():
        if not row.drill:
            continue
        merged = {**_applicable(extra, row.drill.get("list", "")), **row.drill}
        if not any(key in row.drill for key in DRILL_PERIOD_KEYS):
            merged["from"] = scope.start.isoformat()
            merged["to"] = scope.end.isoformat()
        row.drill = merged
    return result


def without_drill(table: FigureTable) -> FigureTable:
    result = copy.deepcopy(table)
    for row in result.all_rows():
        row.drill = {}
    return result


# Which scope filters a list can apply: a referral has no theme or case type yet.
_LIST_FILTERS = {
    "referrals": ("municipality", "referring_organisation"),
    "cases": ("municipality", "referring_organisation", "theme", "case_type"),
}


def _scope_drill_params(scope: FigureScope) -> dict[str, str]:
    params = {
        "municipality": scope.municipality_id,
        "theme": scope.theme_id,
        "case_type": scope.case_type,
        "referring_organisation": scope.referring_organisation_id,
    }
    return {key: str(value) for key, value in params.items() if value}


def _applicable(params: dict[str, str], list_name: str) -> dict[str, str]:
    allowed = _LIST_FILTERS.get(list_name, ())
    return {key: value for key, value in params.items() if key in allowed}


def group_index() -> list[tuple[registry.FigureGroup, int]]:
    """The groups with their number of figures (no data, no audit: names only)."""
    return [(group, len(group.figures)) for group in registry.GROUPS]


def figure_index(*, actor: Actor) -> list[tuple[registry.FigureGroup, int]]:
    """The index page's groups; the visit is audited like every figure page."""
    audit_record(actor=actor, action=Action.VIEW, object_type="figures", object_id="index")
    return group_index()


def own_caseload(*, actor: Actor, scope: FigureScope, filters: dict[str, str]) -> list[FigureTable]:
    """The process coordinator's own caseload figures, exact (their own cases, no lists);
    audited."""
    tables = caseload.caseload_for_coordinator(scope, actor.person_user_id)
    audit_record(
        actor=actor,
        action=Action.VIEW,
        object_type="figures",
        object_id="caseload",
        detail={"group": "caseload", "filters": filters, "format": "html"},
    )
    return tables
