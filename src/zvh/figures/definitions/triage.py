"""Figures of the group "triage" (definitions: docs/decisions/0161-figure-definitions.md).

The decision of a referral is its current assessment (a reopening keeps the earlier one and adds
a new current one); it counts in the period of its `decided_at`. Referrals that entered without
triage have no assessment and do not count here. The municipality, referring-organisation and
case-type (orientation) filters apply; the theme filter does not.

`triage.departures` lists the motivations of departures from the national rule: free text that
may name persons. It is for the chain manager only (its `chart` is "").
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.db.models import Count, Exists, Min, OuterRef, Q
from django.utils.translation import gettext as _

from zvh.figures.definitions.flow import (
    FINAL_DECISIONS,
    acute_deadline_hours,
    current_assessments,
    days_between,
    duration_columns,
    duration_row,
    either_period,
    in_period,
    months,
    reference_moment,
    referrals,
    share,
    within,
)
from zvh.figures.scope import FigureScope
from zvh.figures.table import Column, FigureTable, Row, ValueKind
from zvh.intake.models import ReferralStatus, Urgency
from zvh.triage.models import Assessment, Decision


def _not_theme() -> str:
    return _("Het filter thema geldt hier niet: een aanmelding heeft nog geen thema.")


def _current() -> str:
    return _(
        "Telt per aanmelding het geldende besluit (na heropenen het nieuwe), in de periode "
        "waarin het is genomen. Aanmeldingen die zonder triage instroomden tellen niet mee."
    )


def _columns_with_share() -> tuple[Column, ...]:
    return (
        Column("this", _("Deze periode")),
        Column("this_share", _("Aandeel deze periode"), ValueKind.SHARE, base="this"),
        Column("previous", _("Vorige periode")),
        Column("previous_share", _("Aandeel vorige periode"), ValueKind.SHARE, base="previous"),
    )


def _share_row(key: str, label: str, this: int, previous: int, totals: tuple[int, int]) -> Row:
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


def _decisions_two_periods(scope: FigureScope, *group: str, **where: Any) -> list[dict[str, Any]]:
    previous = scope.previous()
    return list(
        current_assessments(scope)
        .filter(either_period("decided_at", scope), **where)
        .values(*group)
        .annotate(
            this=Count("id", filter=within("decided_at", scope)),
            previous=Count("id", filter=within("decided_at", previous)),
        )
        .order_by()
    )


def decisions(scope: FigureScope) -> FigureTable:
    counts = {value: [0, 0] for value in Decision.values}
    for g in _decisions_two_periods(scope, "decision"):
        counts.setdefault(g["decision"], [0, 0])
        counts[g["decision"]][0] += g["this"]
        counts[g["decision"]][1] += g["previous"]
    totals = (sum(c[0] for c in counts.values()), sum(c[1] for c in counts.values()))
    labels = dict(Decision.choices)
    return FigureTable(
        key="triage.decisions",
        title=_("Besluiten van de triage"),
        definition=" ".join((_current(), _not_theme())),
        row_header=_("Besluit"),
        columns=_columns_with_share(),
        rows=[
            _share_row(key, str(labels.get(key, key)), this, previous, totals)
            for key, (this, previous) in counts.items()
        ],
        total=_share_row("total", _("Totaal"), totals[0], totals[1], totals),
    )


def acceptance(scope: FigureScope) -> FigureTable:
    counts = {"accepted": [0, 0], "not_accepted": [0, 0]}
    for g in _decisions_two_periods(scope, "decision", decision__in=FINAL_DECISIONS):
        key = "accepted" if g["decision"] == Decision.ACCEPTED else "not_accepted"
        counts[key][0] += g["this"]
        counts[key][1] += g["previous"]
    totals = (sum(c[0] for c in counts.values()), sum(c[1] for c in counts.values()))
    labels = {"accepted": _("Geaccepteerd"), "not_accepted": _("Niet geaccepteerd")}
    return FigureTable(
        key="triage.acceptance",
        title=_("Acceptatiegraad"),
        definition=" ".join(
            (
                _current(),
                _(
                    "Acceptatiegraad: geaccepteerd gedeeld door alle eindbesluiten. 'Meer "
                    "informatie nodig' is geen eindbesluit en telt niet mee; niet geaccepteerd "
                    "omvat niet geaccepteerd met advies, doorverwezen en consultatie."
                ),
                _not_theme(),
            )
        ),
        row_header=_("Besluit"),
        columns=_columns_with_share(),
        rows=[
            _share_row(key, labels[key], this, previous, totals)
            for key, (this, previous) in counts.items()
        ],
        total=_share_row("total", _("Eindbesluiten"), totals[0], totals[1], totals),
    )


def departures(scope: FigureScope) -> FigureTable:
    """Per direction: against the rule's "complex" (not accepted) or its "not complex"
    (accepted), with the share of all decisions."""
    previous = scope.previous()
    counted = (
        current_assessments(scope)
        .filter(either_period("decided_at", scope))
        .aggregate(
            this=Count("id", filter=within("decided_at", scope)),
            previous=Count("id", filter=within("decided_at", previous)),
        )
    )
    totals = (counted["this"], counted["previous"])
    counts = {"rule_complex": [0, 0], "rule_not_complex": [0, 0]}
    for g in _decisions_two_periods(scope, "rule_outcome", departs_from_rule=True):
        key = "rule_complex" if g["rule_outcome"] else "rule_not_complex"
        counts[key][0] += g["this"]
        counts[key][1] += g["previous"]
    labels = {
        "rule_complex": _("Regel: complex; toch niet geaccepteerd"),
        "rule_not_complex": _("Regel: niet complex; toch geaccepteerd"),
    }
    rows = [
        _share_row(key, labels[key], this, previous, totals)
        for key, (this, previous) in counts.items()
    ]
    departed = (sum(c[0] for c in counts.values()), sum(c[1] for c in counts.values()))
    return FigureTable(
        key="triage.departures_by_direction",
        title=_("Afwijkingen van de landelijke regel"),
        definition=" ".join(
            (
                _current(),
                _(
                    "Een afwijking is een besluit dat de triage bewust anders nam dan de "
                    "landelijke regel uitkwam, met motivering. Het aandeel is van alle besluiten."
                ),
                _not_theme(),
            )
        ),
        row_header=_("Afwijking"),
        columns=_columns_with_share(),
        rows=rows,
        total=_share_row("total", _("Totaal afwijkingen"), departed[0], departed[1], totals),
    )


def departure_motivations(scope: FigureScope) -> FigureTable:
    """Chain manager only: the motivations are free text and may name persons."""
    found = list(
        current_assessments(scope)
        .filter(within("decided_at", scope), departs_from_rule=True)
        .values("motivation")
        .annotate(
            rule_complex=Count("id", filter=Q(rule_outcome=True)),
            rule_not_complex=Count("id", filter=Q(rule_outcome=False)),
        )
        .order_by()
    )
    found.sort(key=lambda g: (-(g["rule_complex"] + g["rule_not_complex"]), g["motivation"]))
    rows = [
        Row(
            hashlib.sha256(g["motivation"].encode()).hexdigest()[:16],
            g["motivation"],
            {
                "rule_complex": g["rule_complex"],
                "rule_not_complex": g["rule_not_complex"],
            },
        )
        for g in found
    ]
    return FigureTable(
        key="triage.departures",
        title=_("Motiveringen van afwijkingen van de landelijke regel"),
        definition=" ".join(
            (
                _current(),
                _(
                    "De motiveringen van de afwijkingen in deze periode, gelijke teksten samen. "
                    "Vrije tekst: alleen voor de ketenmanager."
                ),
                _not_theme(),
            )
        ),
        row_header=_("Motivering"),
        columns=(
            Column("rule_complex", _("Regel complex, niet geaccepteerd")),
            Column("rule_not_complex", _("Regel niet complex, geaccepteerd")),
        ),
        rows=rows,
        total=Row(
            "total",
            _("Totaal"),
            {
                "rule_complex": sum(g["rule_complex"] for g in found),
                "rule_not_complex": sum(g["rule_not_complex"] for g in found),
            },
        ),
        chart="",
        chain_manager_only=True,
    )


# Referrals for which no triage decision was due: withdrawn, forwarded, entered without triage.
NO_DECISION_DUE = (
    ReferralStatus.WITHDRAWN,
    ReferralStatus.FORWARDED,
    ReferralStatus.ENTERED_DIRECTLY,
)


def _first_final_decision() -> Min:
    return Min("assessments__decided_at", filter=Q(assessments__decision__in=FINAL_DECISIONS))


def acute_deadline(scope: FigureScope) -> FigureTable:
    hours = acute_deadline_hours(scope.house_id)
    deadline = timedelta(hours=hours)
    now = reference_moment(scope)
    previous = scope.previous()
    found = (
        referrals(scope)
        .filter(either_period("received_at", scope), urgency=Urgency.ACUTE)
        .exclude(status__in=NO_DECISION_DUE)
        .exclude(entered_without_triage=True)
        # values() before annotate(): GROUP BY these columns, not every column of a referral.
        .values("id", "received_at")
        .annotate(first_decision=_first_final_decision())
        .values_list("received_at", "first_decision")
    )
    keys = ("on_time", "late", "open_overdue", "open")
    counts = {key: [0, 0] for key in keys}
    for received_at, first_decision in found:
        due = received_at + deadline
        if first_decision is not None:
            key = "on_time" if first_decision <= due else "late"
        else:
            key = "open_overdue" if due < now else "open"
        column = 0 if in_period(received_at, scope) else 1
        if column == 1 and not in_period(received_at, previous):
            continue
        counts[key][column] += 1
    totals = (sum(c[0] for c in counts.values()), sum(c[1] for c in counts.values()))
    labels = {
        "on_time": _("Binnen de termijn besloten"),
        "late": _("Na de termijn besloten"),
        "open_overdue": _("Nog niet besloten, termijn verstreken"),
        "open": _("Nog niet besloten, binnen de termijn"),
    }
    return FigureTable(
        key="triage.acute_deadline",
        title=_("Acute aanmeldingen binnen de beslistermijn"),
        definition=" ".join(
            (
                _(
                    "Acute aanmeldingen (urgentie volgens de melder) ontvangen in de periode. "
                    "Binnen de termijn: het eerste eindbesluit viel binnen %(hours)s uur na "
                    "ontvangst (de beslistermijn van het huis). Ingetrokken, doorgestuurde en "
                    "zonder triage ingestroomde aanmeldingen tellen niet mee."
                )
                % {"hours": hours},
                _not_theme(),
            )
        ),
        row_header=_("Beslistermijn"),
        columns=_columns_with_share(),
        rows=[_share_row(key, labels[key], counts[key][0], counts[key][1], totals) for key in keys],
        total=_share_row("total", _("Totaal"), totals[0], totals[1], totals),
    )


def time_to_decision(scope: FigureScope) -> FigureTable:
    previous = scope.previous()
    # Only referrals with a final decision in either period can have their first one there
    # (an index-friendly narrowing before the GROUP BY; the minimum is over all assessments).
    final_in_window = Assessment.objects.filter(
        either_period("decided_at", scope),
        referral_id=OuterRef("pk"),
        decision__in=FINAL_DECISIONS,
    )
    found = (
        referrals(scope)
        .filter(Exists(final_in_window), received_at__lt=scope.end_before)
        .values("id", "urgency", "received_at")
        .annotate(first_decision=_first_final_decision())
        .filter(either_period("first_decision", scope))
        .values_list("urgency", "received_at", "first_decision")
    )
    durations: dict[str, tuple[list[float], list[float]]] = {
        Urgency.ACUTE: ([], []),
        Urgency.REGULAR: ([], []),
    }
    for urgency, received_at, first_decision in found:
        pair = durations.setdefault(urgency, ([], []))
        if in_period(first_decision, scope):
            pair[0].append(days_between(received_at, first_decision))
        elif in_period(first_decision, previous):
            pair[1].append(days_between(received_at, first_decision))
    labels = dict(Urgency.choices)
    return FigureTable(
        key="triage.time_to_decision",
        title=_("Tijd van aanmelding tot besluit"),
        definition=" ".join(
            (
                _(
                    "Dagen van ontvangst van de aanmelding tot het eerste eindbesluit (niet "
                    "'meer informatie nodig'), geteld in de periode van het besluit. Mediaan en "
                    "P90 (het 90e percentiel volgens de nearest-rank-methode)."
                ),
                _not_theme(),
            )
        ),
        row_header=_("Urgentie"),
        columns=duration_columns(),
        rows=[
            duration_row(str(key), str(labels.get(key, key)), *pair)
            for key, pair in durations.items()
        ],
        total=duration_row(
            "total",
            _("Alle aanmeldingen"),
            [d for pair in durations.values() for d in pair[0]],
            [d for pair in durations.values() for d in pair[1]],
        ),
        chart_column="this_median",
    )


ADVICE_DECISIONS = tuple(d.value for d in Decision if d != Decision.ACCEPTED)


def advice(scope: FigureScope) -> FigureTable:
    with_advice = ~Q(advice="")
    previous = scope.previous()
    found = (
        current_assessments(scope)
        .filter(either_period("decided_at", scope), decision__in=ADVICE_DECISIONS)
        .values("decision")
        .annotate(
            decisions=Count("id", filter=within("decided_at", scope)),
            with_advice=Count("id", filter=within("decided_at", scope) & with_advice),
            previous_with_advice=Count("id", filter=within("decided_at", previous) & with_advice),
        )
        .order_by()
    )
    counts = {value: [0, 0, 0] for value in ADVICE_DECISIONS}
    for g in found:
        counts[g["decision"]] = [g["decisions"], g["with_advice"], g["previous_with_advice"]]
    labels = dict(Decision.choices)

    def row(key: str, label: str, values: list[int]) -> Row:
        return Row(
            key,
            label,
            {
                "decisions": values[0],
                "with_advice": values[1],
                "advice_share": share(values[1], values[0]),
                "previous_with_advice": values[2],
            },
        )

    totals = [sum(c[i] for c in counts.values()) for i in range(3)]
    return FigureTable(
        key="triage.advice",
        title=_("Advies aan melders"),
        definition=" ".join(
            (
                _current(),
                _(
                    "Besluiten anders dan geaccepteerd, en hoeveel daarvan een advies aan de "
                    "melder bevatten."
                ),
                _not_theme(),
            )
        ),
        row_header=_("Besluit"),
        columns=(
            Column("decisions", _("Besluiten deze periode")),
            Column("with_advice", _("Met advies deze periode")),
            Column("advice_share", _("Aandeel met advies"), ValueKind.SHARE, base="with_advice"),
            Column("previous_with_advice", _("Met advies vorige periode")),
        ),
        rows=[row(key, str(labels[key]), values) for key, values in counts.items()],
        total=row("total", _("Totaal"), totals),
        chart_column="with_advice",
    )


def by_month(scope: FigureScope) -> FigureTable:
    the_months = months(scope)
    final = Q(decision__in=FINAL_DECISIONS)
    accepted = Q(decision=Decision.ACCEPTED)
    aggregates: dict[str, Any] = {}
    for month in the_months:
        aggregates[f"all_{month.key}"] = Count("id", filter=month.q("decided_at"))
        aggregates[f"final_{month.key}"] = Count("id", filter=month.q("decided_at") & final)
        aggregates[f"acc_{month.key}"] = Count("id", filter=month.q("decided_at") & accepted)
    counted = current_assessments(scope).filter(within("decided_at", scope)).aggregate(**aggregates)

    def row(key: str, label: str, values: tuple[int, int, int]) -> Row:
        return Row(
            key,
            label,
            {
                "decisions": values[0],
                "final": values[1],
                "accepted": values[2],
                "acceptance": share(values[2], values[1]),
            },
        )

    rows = [
        row(
            month.key,
            month.label,
            (
                counted[f"all_{month.key}"],
                counted[f"final_{month.key}"],
                counted[f"acc_{month.key}"],
            ),
        )
        for month in the_months
    ]
    totals = tuple(sum(r.values[k] or 0 for r in rows) for k in ("decisions", "final", "accepted"))
    return FigureTable(
        key="triage.by_month",
        title=_("Besluiten per maand"),
        definition=" ".join(
            (
                _current(),
                _(
                    "Per kalendermaand van het besluit, binnen de gekozen periode; "
                    "acceptatiegraad is geaccepteerd gedeeld door eindbesluiten."
                ),
                _not_theme(),
            )
        ),
        row_header=_("Maand"),
        columns=(
            Column("decisions", _("Besluiten")),
            Column("final", _("Eindbesluiten")),
            Column("accepted", _("Geaccepteerd")),
            Column("acceptance", _("Acceptatiegraad"), ValueKind.SHARE, base="accepted"),
        ),
        rows=rows,
        total=row("total", _("Totaal"), totals),  # type: ignore[arg-type]
        chart="line",
        chart_column="decisions",
    )


FIGURES: tuple[Callable[[FigureScope], FigureTable], ...] = (
    decisions,
    acceptance,
    departures,
    departure_motivations,
    acute_deadline,
    time_to_decision,
    advice,
    by_month,
)
