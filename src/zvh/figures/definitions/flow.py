"""What the inflow, triage and throughput figures share: the filtered base querysets, the
period's bounds and buckets, and the rows of a duration's statistics (median, P90).

Definitions: docs/decisions/0161-figure-definitions.md.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Case as SqlCase
from django.db.models import IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from zvh.cases.models import Case
from zvh.figures.definitions.calendar import day_start, months
from zvh.figures.definitions.case_scope import case_filter
from zvh.figures.reads import NO_DURATIONS, DurationStats, Stats
from zvh.figures.scope import FigureScope
from zvh.figures.table import Column, Row, ValueKind
from zvh.intake.models import Referral, TriageSettings
from zvh.triage.models import Assessment, Decision

DEFAULT_ACUTE_DEADLINE_HOURS = 24


def referral_filter(scope: FigureScope, prefix: str = "") -> Q:
    """The house's referrals under the scope's filters, as a Q on `prefix` (e.g. "referral__").
    A referral has no theme; its orientation is what becomes the case type, so the case-type
    filter applies to it."""
    found = Q(**{f"{prefix}house_id": scope.house_id})
    if scope.municipality_id is not None:
        found &= Q(**{f"{prefix}municipality_id": scope.municipality_id})
    if scope.referring_organisation_id is not None:
        found &= Q(**{f"{prefix}referring_organisation_id": scope.referring_organisation_id})
    if scope.case_type:
        found &= Q(**{f"{prefix}orientation": scope.case_type})
    return found


def referrals(scope: FigureScope) -> QuerySet[Referral]:
    return Referral.objects.filter(referral_filter(scope))


def current_assessments(scope: FigureScope) -> QuerySet[Assessment]:
    """The decision per referral: its current assessment (a reopening adds a new current one)."""
    return Assessment.objects.filter(referral_filter(scope, "referral__"), is_current=True)


def cases(scope: FigureScope) -> QuerySet[Case]:
    """The house's cases under all four filters."""
    return Case.objects.filter(case_filter(scope))


def within(field: str, scope: FigureScope) -> Q:
    """`field` (a DateTimeField path) falls on a day of the scope's period (local days)."""
    return Q(**{f"{field}__gte": scope.start_at, f"{field}__lt": scope.end_before})


def either_period(field: str, scope: FigureScope) -> Q:
    """The period or the previous one: what a two-column breakdown needs to read."""
    return Q(**{f"{field}__gte": scope.previous().start_at, f"{field}__lt": scope.end_before})


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def acute_deadline_hours(house_id: uuid.UUID) -> int:
    """The house's acute deadline; read only (no settings row is written for a figure)."""
    hours = (
        TriageSettings.objects.filter(house_id=house_id)
        .values_list("acute_deadline_hours", flat=True)
        .first()
    )
    return DEFAULT_ACUTE_DEADLINE_HOURS if hours is None else hours


PREVIOUS_BUCKET = -1


def period_bucket(field: str, scope: FigureScope) -> SqlCase:
    """Where `field` falls: PREVIOUS_BUCKET in the previous period, else the index of its month
    in `months(scope)`; NULL outside both. One column to GROUP BY for a figure that shows the
    period, the previous one and the months."""
    return SqlCase(
        When(Q(**{f"{field}__lt": scope.previous().start_at}), then=None),
        When(Q(**{f"{field}__lt": scope.start_at}), then=Value(PREVIOUS_BUCKET)),
        *(
            When(Q(**{f"{field}__lt": month.end_before}), then=Value(index))
            for index, month in enumerate(months(scope))
        ),
        default=None,
        output_field=IntegerField(),
    )


def reference_moment(scope: FigureScope) -> datetime:
    """ "Now" for a figure: the end of `scope.today` when the scope names one, else now."""
    if scope.today is None:
        return timezone.now()
    return day_start(scope.today + timedelta(days=1))


# A triage decision that ends triage; "more information needed" does not.
FINAL_DECISIONS = tuple(d.value for d in Decision if d != Decision.MORE_INFORMATION)


def duration_columns() -> tuple[Column, ...]:
    return (
        Column("this", _("Aantal deze periode")),
        Column("this_median", _("Mediaan (dagen)"), ValueKind.DAYS, base="this"),
        Column("this_p90", _("P90 (dagen)"), ValueKind.DAYS, base="this"),
        Column("previous", _("Aantal vorige periode")),
        Column("previous_median", _("Mediaan vorige periode (dagen)"), ValueKind.DAYS, "previous"),
        Column("previous_p90", _("P90 vorige periode (dagen)"), ValueKind.DAYS, "previous"),
    )


def duration_row(key: str, label: str, this: DurationStats, previous: DurationStats) -> Row:
    return Row(
        key,
        label,
        {
            "this": this.count,
            "this_median": this.median,
            "this_p90": this.p90,
            "previous": previous.count,
            "previous_median": previous.median,
            "previous_p90": previous.p90,
        },
    )


def two_period_duration_row(key: str, label: str, stats: Stats, *group: Any) -> Row:
    """The duration row of `group` from `duration_stats` results keyed (*group, in_previous)."""
    return duration_row(
        key,
        label,
        stats.get((*group, False), NO_DURATIONS),
        stats.get((*group, True), NO_DURATIONS),
    )


def iso(day: date) -> str:
    return day.isoformat()


def not_theme() -> str:
    return _("Het filter thema geldt hier niet: een aanmelding heeft nog geen thema.")


def columns_with_share() -> tuple[Column, ...]:
    return (
        Column("this", _("Deze periode")),
        Column("this_share", _("Aandeel deze periode"), ValueKind.SHARE, base="this"),
        Column("previous", _("Vorige periode")),
        Column("previous_share", _("Aandeel vorige periode"), ValueKind.SHARE, base="previous"),
    )


def share_row(key: str, label: str, this: int, previous: int, totals: tuple[int, int]) -> Row:
    return Row(
        key,
        label,
        {
            "this": this,
            "this_share": share(this, totals[0]),
            "previous": previous,
            "previous_share": share(previous, totals[1]),
        },
    )
