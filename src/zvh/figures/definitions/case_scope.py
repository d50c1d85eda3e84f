"""What the case-based figure groups (caseload, delivery, escalation and exit, outcomes) share:
the scope's filters on a case, "open on a day", local days as aware moments, the monthly rows,
and the two-column (this period, previous period) breakdown table.

Definitions: docs/decisions/0162-figure-definitions-cases.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from zvh.cases.models import Case
from zvh.figures.definitions.calendar import day_start
from zvh.figures.scope import FigureScope
from zvh.figures.table import Column, FigureTable, Number, Row

CURRENT = "current"
PREVIOUS = "previous"


def case_filter(scope: FigureScope, *, prefix: str = "", case_ref: str = "pk") -> Q:
    """The scope's house and filters on a case reached through `prefix` ("" for a Case
    queryset, "case__" for rows of a case); `case_ref` names the case's id for the theme's
    subquery ("pk" or "case_id"). The theme is an EXISTS, so a case never counts twice."""
    condition = Q(**{f"{prefix}house_id": scope.house_id})
    if scope.municipality_id is not None:
        condition &= Q(**{f"{prefix}municipality_id": scope.municipality_id})
    if scope.case_type:
        condition &= Q(**{f"{prefix}case_type": scope.case_type})
    if scope.referring_organisation_id is not None:
        condition &= Q(**{f"{prefix}referring_organisation_id": scope.referring_organisation_id})
    if scope.theme_id is not None:
        condition &= Q(
            Exists(
                Case.themes.through.objects.filter(
                    case_id=OuterRef(case_ref), theme_id=scope.theme_id
                )
            )
        )
    return condition


def open_on(day: date, *, prefix: str = "") -> Q:
    """Cases open on `day`: opened on or before it, and not closed before it (a case closed on
    that day still counts). The case's current opening and closure are used."""
    return Q(**{f"{prefix}opened_at__lt": day_start(day + timedelta(days=1))}) & (
        Q(**{f"{prefix}closed_at__isnull": True}) | Q(**{f"{prefix}closed_at__gte": day_start(day)})
    )


def in_days(field: str, start: date, end: date) -> Q:
    """A timestamp within the local days `start`..`end` (inclusive)."""
    return Q(**{f"{field}__gte": day_start(start), f"{field}__lt": day_start(end + timedelta(1))})


def stock_day(scope: FigureScope) -> date:
    """The day a stock ("open at the end of the period") is counted on: the period's last day,
    or today while the period runs on past today."""
    return min(scope.end, scope.reference_day)


def period_columns() -> tuple[Column, Column]:
    return (Column(CURRENT, _("Deze periode")), Column(PREVIOUS, _("Vorige periode")))


@dataclass(frozen=True)
class Category:
    key: str
    label: str
    drill: dict[str, str] | None = None


def two_period_table(
    *,
    key: str,
    title: str,
    definition: str,
    row_header: str,
    categories: Iterable[Category],
    current: dict[str, int],
    previous: dict[str, int],
    total: bool = True,
    keep_empty: bool = True,
) -> FigureTable:
    """A breakdown: one row per category with its count in this and in the previous period,
    and (where the categories exclude each other) a total row. `keep_empty=False` leaves out a
    category counted in neither period (organisations, coordinators, themes)."""
    rows = [
        Row(
            category.key,
            category.label,
            {CURRENT: current.get(category.key, 0), PREVIOUS: previous.get(category.key, 0)},
            drill=dict(category.drill or {}),
        )
        for category in categories
        if keep_empty or current.get(category.key) or previous.get(category.key)
    ]
    return FigureTable(
        key=key,
        title=title,
        definition=definition,
        row_header=row_header,
        columns=period_columns(),
        rows=rows,
        total=total_row(rows, (CURRENT, PREVIOUS)) if total else None,
    )


def total_row(rows: Sequence[Row], keys: Iterable[str]) -> Row:
    values: dict[str, Number] = {
        key: sum(int(row.values.get(key) or 0) for row in rows) for key in keys
    }
    return Row("total", _("Totaal"), values)
