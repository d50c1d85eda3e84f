"""Figures of the group "throughput" (definitions: docs/decisions/0161-figure-definitions.md).

The steps of a case: referral (`origin_referral.received_at`) -> decision (`opened_at`, the
moment triage accepted it or it entered without triage) -> first conference (the earliest
`starts_at` of a held conference with the case on its agenda, `Case.first_conference_at`) ->
plan set (the first time, `Plan.first_set_at`) -> closure (`closed_at`, the
current closure; a reopened case has none). A duration counts in the period in which its end
event falls; a step with a missing or earlier end event is left out. All four filters apply.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext as _

from zvh.figures.definitions.calendar import months
from zvh.figures.definitions.flow import (
    cases,
    duration_columns,
    two_period_duration_row,
)
from zvh.figures.reads import NO_DURATIONS, DurationStats, Stats, days_sql, duration_stats, shared
from zvh.figures.scope import FigureScope
from zvh.figures.table import Column, FigureTable, Row, ValueKind

# (key, start event, end event)
STEPS: tuple[tuple[str, str, str], ...] = (
    ("referral_decision", "received", "opened"),
    ("decision_conference", "opened", "conference"),
    ("conference_plan", "conference", "plan_set"),
    ("plan_closure", "plan_set", "closed"),
    ("referral_closure", "received", "closed"),
)


@shared
def _durations(scope: FigureScope) -> tuple[Stats, Stats]:
    """Count, median and P90 per (step, in the previous period) and, for referral -> closure,
    per month of closure in the period (keyed (step, month index)). The five moments per case
    and the durations are computed in the database in one statement: every case that can have
    an end event in the period or the one before it (opened before the period ends; not closed
    before the previous began). The first held conference and the first plan setting are kept
    on the rows when they happen (decision 0175)."""
    events_sql, events_params = (
        cases(scope)
        .filter(Q(opened_at__isnull=True) | Q(opened_at__lt=scope.end_before))
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=scope.previous().start_at))
        .values_list(
            "origin_referral__received_at",
            "opened_at",
            "first_conference_at",
            "plan__first_set_at",
            "closed_at",
        )
        .query.sql_with_params()
    )
    # Only this module's column names and Django's compiled SQL are joined into the statement;
    # every value is a parameter.
    steps = " UNION ALL ".join(
        f"SELECT %s AS step, {start} AS s, {end} AS e FROM events"  # noqa: S608
        for _key, start, end in STEPS
    )
    low, high = scope.start_at, scope.end_before
    the_months = months(scope)
    month_index = " ".join(f"WHEN e < %s THEN {i}" for i in range(len(the_months)))
    sql = (
        "WITH events(received, opened, conference, plan_set, closed) AS "  # noqa: S608
        f"({events_sql}), "
        f"steps AS ({steps}) "
        f"SELECT step, e < %s AS in_previous, "
        f"CASE WHEN e < %s THEN NULL {month_index} END AS month, {days_sql('s', 'e')} "
        "FROM steps WHERE s IS NOT NULL AND e IS NOT NULL AND e >= s AND e >= %s AND e < %s"
    )
    moment = connection.ops.adapt_datetimefield_value
    params = [
        *events_params,
        *(key for key, _start, _end in STEPS),
        moment(low),
        moment(low),
        *(moment(month.end_before) for month in the_months),
        moment(scope.previous().start_at),
        moment(high),
    ]
    by_period, by_month = duration_stats(
        (sql, params), "days", ("step", "in_previous"), ("step", "month")
    )
    return by_period, by_month


def _definition() -> str:
    return _(
        "Dagen tussen twee stappen van een casus: aanmelding ontvangen, besluit (casus "
        "geopend), eerste gehouden casusoverleg met de casus op de agenda, plan voor het eerst "
        "vastgesteld, casus afgesloten. Een duur telt in de periode van de laatste van de twee "
        "stappen; ontbreekt een stap, of ligt die vóór de eerste, dan telt de casus voor die "
        "duur niet mee. Mediaan en P90 (het 90e percentiel volgens de nearest-rank-methode)."
    )


def steps(scope: FigureScope) -> FigureTable:
    by_period, _by_month = _durations(scope)
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
            two_period_duration_row(key, labels[key], by_period, key) for key, _start, _end in STEPS
        ],
        chart_column="this_median",
    )


def by_month(scope: FigureScope) -> FigureTable:
    by_period, by_month = _durations(scope)
    rows = [
        _month_row(month.key, month.label, by_month.get(("referral_closure", index)))
        for index, month in enumerate(months(scope))
    ]
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
        total=_month_row("total", _("Totaal"), by_period.get(("referral_closure", False))),
        chart="line",
        chart_column="median",
    )


def _month_row(key: str, label: str, stats: DurationStats | None) -> Row:
    stats = stats or NO_DURATIONS
    return Row(key, label, {"closed": stats.count, "median": stats.median, "p90": stats.p90})


FIGURES: tuple[Callable[[FigureScope], FigureTable], ...] = (steps, by_month)
