"""Figures of the group "throughput" (definitions: docs/decisions/0161-figure-definitions.md).

The steps of a case: referral (`origin_referral.received_at`) -> decision (`opened_at`, the
moment triage accepted it or it entered without triage) -> first conference (the earliest
`starts_at` of a held conference with the case on its agenda) -> plan set (the first time: the
earliest plan version recorded as "plan_set", else `Plan.set_at`) -> closure (`closed_at`, the
current closure; a reopened case has none). A duration counts in the period in which its end
event falls; a step with a missing or earlier end event is left out. All four filters apply.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from datetime import datetime

from django.db.models import Min, Q
from django.utils.translation import gettext as _

from zvh.conferences.models import AgendaItem, ConferenceStatus
from zvh.figures.definitions.flow import (
    bounds,
    cases,
    days_between,
    duration_columns,
    duration_row,
    median,
    months,
    p90,
)
from zvh.figures.scope import FigureScope
from zvh.figures.table import Column, FigureTable, Row, ValueKind
from zvh.plans.models import PlanVersion
from zvh.plans.services import Change

# (key, start event, end event)
STEPS: tuple[tuple[str, str, str], ...] = (
    ("referral_decision", "received", "opened"),
    ("decision_conference", "opened", "conference"),
    ("conference_plan", "conference", "plan_set"),
    ("plan_closure", "plan_set", "closed"),
    ("referral_closure", "received", "closed"),
)

Events = dict[str, datetime | None]


def _events(scope: FigureScope) -> list[Events]:
    """Per case the five moments, for every case that can have an end event in the period or
    the one before it (opened before the period ends; not closed before the previous began).
    Three queries, each a plain scan or GROUP BY (no query per case, no correlated subquery)."""
    chosen = (
        cases(scope)
        .filter(Q(opened_at__isnull=True) | Q(opened_at__lt=scope.end_before))
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=scope.previous().start_at))
    )
    conferences = dict(
        AgendaItem.objects.filter(
            case_id__in=chosen.values("id"), conference__status=ConferenceStatus.HELD
        )
        .values("case_id")
        .annotate(first=Min("conference__starts_at"))
        .order_by()
        .values_list("case_id", "first")
    )
    plans_set = dict(
        PlanVersion.objects.filter(plan__case_id__in=chosen.values("id"), change=Change.PLAN_SET)
        .values("plan__case_id")
        .annotate(first=Min("created_at"))
        .order_by()
        .values_list("plan__case_id", "first")
    )
    rows = chosen.values_list(
        "id", "origin_referral__received_at", "opened_at", "plan__set_at", "closed_at"
    )
    return [
        {
            "received": received,
            "opened": opened,
            "conference": conferences.get(case_id),
            # The first setting; a plan from before versions were kept: its `set_at`.
            "plan_set": plans_set.get(case_id, set_at),
            "closed": closed,
        }
        for case_id, received, opened, set_at, closed in rows
    ]


def _step_durations(events: list[Events], start: str, end: str, scope: FigureScope) -> list[float]:
    low, high = bounds(scope)
    found = []
    for case in events:
        begin, finish = case[start], case[end]
        if begin is None or finish is None or finish < begin:
            continue
        if low <= finish < high:
            found.append(days_between(begin, finish))
    return found


def _definition() -> str:
    return _(
        "Dagen tussen twee stappen van een casus: aanmelding ontvangen, besluit (casus "
        "geopend), eerste gehouden casusoverleg met de casus op de agenda, plan voor het eerst "
        "vastgesteld, casus afgesloten. Een duur telt in de periode van de laatste van de twee "
        "stappen; ontbreekt een stap, of ligt die vóór de eerste, dan telt de casus voor die "
        "duur niet mee. Mediaan en P90 (het 90e percentiel volgens de nearest-rank-methode)."
    )


def steps(scope: FigureScope) -> FigureTable:
    events = _events(scope)
    previous = scope.previous()
    labels = {
        "referral_decision": _("Aanmelding → besluit"),
        "decision_conference": _("Besluit → eerste casusoverleg"),
        "conference_plan": _("Eerste casusoverleg → plan vastgesteld"),
        "plan_closure": _("Plan vastgesteld → afsluiting"),
        "referral_closure": _("Aanmelding → afsluiting"),
    }
    return FigureTable(
        key="throughput.steps",
        title=_("Doorlooptijden per stap"),
        definition=_definition(),
        row_header=_("Stap"),
        columns=duration_columns(),
        rows=[
            duration_row(
                key,
                labels[key],
                _step_durations(events, start, end, scope),
                _step_durations(events, start, end, previous),
            )
            for key, start, end in STEPS
        ],
        chart_column="this_median",
    )


def by_month(scope: FigureScope) -> FigureTable:
    the_months = months(scope)
    starts = [month.start_at for month in the_months]
    low, high = bounds(scope)
    per_month: list[list[float]] = [[] for _ in the_months]
    for case in _events(scope):
        received, closed = case["received"], case["closed"]
        if received is None or closed is None or closed < received:
            continue
        if low <= closed < high:
            month = bisect.bisect_right(starts, closed) - 1
            per_month[month].append(days_between(received, closed))
    rows = [
        Row(
            month.key,
            month.label,
            {"closed": len(values), "median": median(values), "p90": p90(values)},
        )
        for month, values in zip(the_months, per_month, strict=True)
    ]
    every = [value for values in per_month for value in values]
    return FigureTable(
        key="throughput.by_month",
        title=_("Doorlooptijd aanmelding → afsluiting per maand"),
        definition=" ".join(
            (
                _definition(),
                _("Per kalendermaand van afsluiten, binnen de gekozen periode."),
            )
        ),
        row_header=_("Maand"),
        columns=(
            Column("closed", _("Afgesloten casussen")),
            Column("median", _("Mediaan (dagen)"), ValueKind.DAYS, base="closed"),
            Column("p90", _("P90 (dagen)"), ValueKind.DAYS, base="closed"),
        ),
        rows=rows,
        total=Row(
            "total",
            _("Totaal"),
            {"closed": len(every), "median": median(every), "p90": p90(every)},
        ),
        chart="line",
        chart_column="median",
    )


FIGURES: tuple[Callable[[FigureScope], FigureTable], ...] = (steps, by_month)
