"""Figures of the group "delivery": the partners' agreements with a due date in the period, in
the categories of the delivery view (`zvh.plans.selectors.delivery_counts`, the one
definition), per owning organisation, per category and per month.

Definitions: docs/decisions/0162-figure-definitions-cases.md.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from zvh.figures.scope import FigureScope
from zvh.figures.table import Column, FigureTable, Row
from zvh.plans.models import Agreement
from zvh.plans.selectors import COUNTED, delivery_counts

from .calendar import month_key, months
from .case_scope import (
    CURRENT,
    PREVIOUS,
    Category,
    case_filter,
    total_row,
    two_period_table,
)


def _labels() -> dict[str, str]:
    """The categories in the order the delivery view shows them."""
    return {
        "done_on_time": _("Op tijd uitgevoerd"),
        "done_late": _("Te laat uitgevoerd"),
        "overdue": _("Verlopen"),
        "open": _("Open, nog niet verlopen"),
        "not_delivered": _("Niet geleverd"),
        "cancelled": _("Vervallen"),
    }


ORDER = ("done_on_time", "done_late", "overdue", "open", "not_delivered", "cancelled")
assert set(ORDER) == set(COUNTED)  # noqa: S101 (the delivery view's categories, all of them)


def _agreements(scope: FigureScope) -> Any:
    """The house's agreements due in the period, of cases that pass the scope's filters."""
    return Agreement.objects.filter(
        case_filter(scope, prefix="case__", case_ref="case_id"),
        house_id=scope.house_id,
        due_date__gte=scope.start,
        due_date__lte=scope.end,
    )


def _definition() -> str:
    return _(
        "Afspraken van de casussen van het huis met de streefdatum in de periode, naar hun "
        "huidige stand: op tijd uitgevoerd (afgerond op of vóór de streefdatum), te laat "
        "uitgevoerd, verlopen (open en de streefdatum ligt vóór vandaag), open en nog niet "
        "verlopen, niet geleverd, vervallen. Dezelfde indeling als het leveringsoverzicht. "
        "Alle filters zijn van toepassing (op de casus van de afspraak)."
    )


def by_organisation(scope: FigureScope) -> FigureTable:
    today = scope.reference_day
    by = ("owner_organisation_id", "owner_organisation__name")
    current = delivery_counts(_agreements(scope), today=today, by=by)
    previous = delivery_counts(_agreements(scope.previous()), today=today, by=by)
    labels = _labels()
    names = {key: key[1] for key in (*current, *previous)}
    rows = []
    for key in sorted(names, key=lambda key: (key[1], str(key[0]))):
        counts = current.get(key, dict.fromkeys(COUNTED, 0))
        values: dict[str, int | float | None] = {name: counts[name] for name in ORDER}
        values["total"] = sum(counts.values())
        values[PREVIOUS] = sum(previous.get(key, {}).values())
        rows.append(Row(str(key[0]), names[key], values))
    return FigureTable(
        key="delivery.by_organisation",
        title=_("Levering van afspraken per partnerorganisatie"),
        definition=_definition()
        + " "
        + _(
            "Per organisatie die eigenaar is van de afspraak; de laatste kolom is het totaal "
            "van de vorige periode."
        ),
        row_header=_("Organisatie"),
        columns=(
            *(Column(name, labels[name]) for name in ORDER),
            Column("total", _("Totaal deze periode")),
            Column(PREVIOUS, _("Totaal vorige periode")),
        ),
        rows=rows,
        total=total_row(rows, (*ORDER, "total", PREVIOUS)),
        chart_column="overdue",
    )


def by_category(scope: FigureScope) -> FigureTable:
    today = scope.reference_day
    current = delivery_counts(_agreements(scope), today=today, by=())
    previous = delivery_counts(_agreements(scope.previous()), today=today, by=())
    labels = _labels()
    return two_period_table(
        key="delivery.by_category",
        title=_("Levering van afspraken"),
        definition=_definition(),
        row_header=_("Stand"),
        categories=[Category(name, labels[name]) for name in ORDER],
        current=current.get((), {}),
        previous=previous.get((), {}),
    )


def monthly(scope: FigureScope) -> FigureTable:
    grouped = delivery_counts(
        _agreements(scope).annotate(due_month=TruncMonth("due_date")),
        today=scope.reference_day,
        by=("due_month",),
    )
    per_month = {month_key(key[0]): counts for key, counts in grouped.items()}
    labels = _labels()
    rows = []
    for month in months(scope):
        counts = per_month.get(month.key, dict.fromkeys(COUNTED, 0))
        values: dict[str, int | float | None] = {name: counts[name] for name in ORDER}
        values[CURRENT] = sum(counts.values())
        rows.append(Row(month.key, month.label, values))
    return FigureTable(
        key="delivery.monthly",
        title=_("Levering van afspraken per maand"),
        definition=_definition() + " " + _("Per maand van de streefdatum."),
        row_header=_("Maand"),
        columns=(
            *(Column(name, labels[name]) for name in ORDER),
            Column(CURRENT, _("Totaal")),
        ),
        rows=rows,
        total=total_row(rows, (*ORDER, CURRENT)),
        chart="line",
        chart_column="done_on_time",
    )


FIGURES: tuple[Callable[[FigureScope], FigureTable], ...] = (
    by_category,
    by_organisation,
    monthly,
)
