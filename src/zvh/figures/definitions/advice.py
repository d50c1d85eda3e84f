"""Figures of the group "adviesfunctie": the advice register (decision 0166).

The advice register sits below the figures (figures read every domain app; no domain app reads
figures), so its figures live here with the other groups and import `zvh.advice` downward.

Which date counts: the day the advice was given (`given_on`), inclusive of the period's first
and last day. Filters: municipality (the advice's municipality) and referring organisation (the
requester's partner organisation: advice to a non-partner then drops out) apply; theme and
case type do not (advice is not a case).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from statistics import median
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from zvh.advice.models import Advice, AdviceTopic
from zvh.figures.scope import FigureScope
from zvh.figures.table import Column, FigureTable, Row, ValueKind
from zvh.network.models import Municipality, Partnership

OTHER_ORGANISATIONS = "other"


def _advice(scope: FigureScope) -> QuerySet[Advice]:
    queryset = Advice.objects.filter(
        house_id=scope.house_id, given_on__gte=scope.start, given_on__lte=scope.end
    )
    if scope.municipality_id is not None:
        queryset = queryset.filter(municipality_id=scope.municipality_id)
    if scope.referring_organisation_id is not None:
        queryset = queryset.filter(requester_organisation_id=scope.referring_organisation_id)
    return queryset


def _filters_note(scope: FigureScope) -> str:
    note = _(
        "Telt adviezen op de datum waarop ze zijn gegeven. De filters thema en casustype gelden "
        "niet voor adviezen."
    )
    if scope.theme_id is not None or scope.case_type:
        note += " " + _("Het gekozen thema of casustype is hier dus niet toegepast.")
    return note


def _period_columns() -> tuple[Column, ...]:
    return (Column("current", _("Deze periode")), Column("previous", _("Vorige periode")))


def _counted(scope: FigureScope, field: str) -> tuple[dict[object, int], dict[object, int]]:
    def count(s: FigureScope) -> dict[object, int]:
        rows = _advice(s).values(field).annotate(n=Count("id")).order_by()
        return {row[field]: row["n"] for row in rows}

    return count(scope), count(scope.previous())


def _total(rows: list[Row], columns: tuple[Column, ...]) -> Row:
    return Row(
        "total",
        _("Totaal"),
        {
            c.key: sum(int(r.values[c.key] or 0) for r in rows)
            for c in columns
            if c.kind == ValueKind.COUNT
        },
    )


def by_organisation(scope: FigureScope) -> FigureTable:
    current, previous = _counted(scope, "requester_organisation")
    partners = dict(
        Partnership.objects.filter(house_id=scope.house_id)
        .values_list("organisation_id", "organisation__name")
        .order_by("organisation__name")
    )
    columns = _period_columns()
    rows = [
        Row(str(pk), name, {"current": current.get(pk, 0), "previous": previous.get(pk, 0)})
        for pk, name in partners.items()
    ]
    # Advice to organisations that are not (or no longer) partners, and free names.
    other_current = sum(n for pk, n in current.items() if pk not in partners)
    other_previous = sum(n for pk, n in previous.items() if pk not in partners)
    rows.append(
        Row(
            OTHER_ORGANISATIONS,
            _("Andere organisaties"),
            {"current": other_current, "previous": other_previous},
        )
    )
    return FigureTable(
        key="advice.by_organisation",
        title=_("Adviezen per organisatie van de vrager"),
        definition=_("Aantal gegeven adviezen per organisatie die om advies vroeg.")
        + " "
        + _filters_note(scope),
        row_header=_("Organisatie"),
        columns=columns,
        rows=rows,
        total=_total(rows, columns),
    )


def by_municipality(scope: FigureScope) -> FigureTable:
    current, previous = _counted(scope, "municipality")
    municipalities = Municipality.objects.filter(houses__id=scope.house_id).order_by("name")
    if scope.municipality_id is not None:
        municipalities = municipalities.filter(pk=scope.municipality_id)
    columns = _period_columns()
    rows = [
        Row(
            str(m.pk),
            m.name,
            {"current": current.get(m.pk, 0), "previous": previous.get(m.pk, 0)},
        )
        for m in municipalities.only("id", "name")
    ]
    return FigureTable(
        key="advice.by_municipality",
        title=_("Adviezen per gemeente"),
        definition=_("Aantal gegeven adviezen per gemeente waar de vraag over ging.")
        + " "
        + _filters_note(scope),
        row_header=_("Gemeente"),
        columns=columns,
        rows=rows,
        total=_total(rows, columns),
    )


def by_topic(scope: FigureScope) -> FigureTable:
    current, previous = _counted(scope, "topic")
    columns = _period_columns()
    rows = [
        Row(
            value,
            str(label),
            {"current": current.get(value, 0), "previous": previous.get(value, 0)},
        )
        for value, label in AdviceTopic.choices
    ]
    return FigureTable(
        key="advice.by_topic",
        title=_("Adviezen per onderwerp"),
        definition=_("Aantal gegeven adviezen per onderwerp (een vaste lijst).")
        + " "
        + _filters_note(scope),
        row_header=_("Onderwerp"),
        columns=columns,
        rows=rows,
        total=_total(rows, columns),
    )


def time_spent(scope: FigureScope) -> FigureTable:
    """Per topic: the number of advices, their minutes added up, and the median minutes (this
    period), beside the number and minutes of the previous period."""

    def minutes_by_topic(s: FigureScope) -> dict[str, list[int]]:
        found: dict[str, list[int]] = defaultdict(list)
        for topic, minutes in _advice(s).values_list("topic", "minutes"):
            found[topic].append(minutes)
        return found

    current, previous = minutes_by_topic(scope), minutes_by_topic(scope.previous())
    columns = (
        Column("count", _("Adviezen")),
        Column("minutes", _("Minuten totaal")),
        Column("median", _("Mediaan minuten per advies"), ValueKind.POINTS, base="count"),
        Column("previous_count", _("Adviezen vorige periode")),
        Column("previous_minutes", _("Minuten totaal vorige periode")),
    )
    rows = [
        Row(
            value,
            str(label),
            {
                "count": len(current[value]),
                "minutes": sum(current[value]),
                "median": float(median(current[value])) if current[value] else None,
                "previous_count": len(previous[value]),
                "previous_minutes": sum(previous[value]),
            },
        )
        for value, label in AdviceTopic.choices
    ]
    everything = [m for values in current.values() for m in values]
    total = _total(rows, columns)
    total.values["median"] = float(median(everything)) if everything else None
    return FigureTable(
        key="advice.time_spent",
        title=_("Tijdsbesteding aan advies"),
        definition=_(
            "Per onderwerp: het aantal adviezen, hun vastgelegde tijdsbesteding in minuten "
            "opgeteld, en de mediaan in minuten per advies."
        )
        + " "
        + _filters_note(scope),
        row_header=_("Onderwerp"),
        columns=columns,
        rows=rows,
        total=total,
        chart_column="minutes",
    )


def monthly(scope: FigureScope) -> FigureTable:
    found: dict[str, dict[str, Any]] = {
        row["month"].strftime("%Y-%m"): dict(row)
        for row in _advice(scope)
        .annotate(month=TruncMonth("given_on"))
        .values("month")
        .annotate(n=Count("id"), minutes=Sum("minutes"))
        .order_by()
    }
    columns = (Column("count", _("Adviezen")), Column("minutes", _("Minuten totaal")))
    rows: list[Row] = []
    for month in scope.months():
        key = month.strftime("%Y-%m")
        row: dict[str, Any] = found.get(key, {})
        rows.append(Row(key, key, {"count": row.get("n", 0), "minutes": row.get("minutes") or 0}))
    return FigureTable(
        key="advice.monthly",
        title=_("Adviezen per maand"),
        definition=_("Aantal gegeven adviezen en hun tijdsbesteding per kalendermaand.")
        + " "
        + _filters_note(scope),
        row_header=_("Maand"),
        columns=columns,
        rows=rows,
        total=_total(rows, columns),
        chart="line",
    )


FIGURES: tuple[Callable[[FigureScope], FigureTable], ...] = (
    by_organisation,
    by_municipality,
    by_topic,
    time_spent,
    monthly,
)
