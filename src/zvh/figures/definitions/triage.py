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
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    Q,
    Value,
    When,
)
from django.db.models import Case as SqlCase
from django.utils.translation import gettext as _

from zvh.figures.definitions.calendar import months
from zvh.figures.definitions.flow import (
    FINAL_DECISIONS,
    PREVIOUS_BUCKET,
    acute_deadline_hours,
    columns_with_share,
    current_assessments,
    duration_columns,
    either_period,
    not_theme,
    period_bucket,
    reference_moment,
    referrals,
    share,
    share_row,
    two_period_duration_row,
    within,
)
from zvh.figures.reads import DaysBetween, duration_stats, grouped_counts, shared
from zvh.figures.scope import FigureScope
from zvh.figures.table import Column, FigureTable, Row, ValueKind
from zvh.intake.models import ReferralStatus, Urgency
from zvh.triage.models import Decision


def _current() -> str:
    return _(
        "Telt per aanmelding het geldende besluit (na heropenen het nieuwe), in de periode "
        "waarin het is genomen. Aanmeldingen die zonder triage instroomden tellen niet mee."
    )


@dataclass(frozen=True)
class _Decided:
    """A count of current assessments alike in what the triage figures tell apart."""

    decision: str
    departs_from_rule: bool
    rule_outcome: bool
    with_advice: bool
    bucket: int  # PREVIOUS_BUCKET, or the index of its month in the period
    n: int

    @property
    def column(self) -> int:
        """0 for the period, 1 for the previous one."""
        return 1 if self.bucket == PREVIOUS_BUCKET else 0


@shared
def _decided(scope: FigureScope) -> list[_Decided]:
    """The current assessments decided in the period or the previous one, counted per decision,
    departure, rule outcome, advice given and month: one GROUP BY that five figures share."""
    return [
        _Decided(**row)
        for row in current_assessments(scope)
        .filter(either_period("decided_at", scope))
        .annotate(
            with_advice=ExpressionWrapper(~Q(advice=""), output_field=BooleanField()),
            bucket=period_bucket("decided_at", scope),
        )
        .values("decision", "departs_from_rule", "rule_outcome", "with_advice", "bucket")
        .annotate(n=Count("id"))
        .order_by()
    ]


def _two_periods(scope: FigureScope, key: Callable[[_Decided], str | None]) -> dict[str, list[int]]:
    """[this period, previous period] per `key` of the decisions (None: left out)."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for decided in _decided(scope):
        found = key(decided)
        if found is not None:
            counts[found][decided.column] += decided.n
    return counts


def decisions(scope: FigureScope) -> FigureTable:
    counts = {value: [0, 0] for value in Decision.values}
    counts.update(_two_periods(scope, lambda decided: decided.decision))
    totals = (sum(c[0] for c in counts.values()), sum(c[1] for c in counts.values()))
    labels = dict(Decision.choices)
    return FigureTable(
        key="triage.decisions",
        title=_("Besluiten van de triage"),
        definition=" ".join((_current(), not_theme())),
        row_header=_("Besluit"),
        columns=columns_with_share(),
        rows=[
            share_row(key, str(labels.get(key, key)), this, previous, totals)
            for key, (this, previous) in counts.items()
        ],
        total=share_row("total", _("Totaal"), totals[0], totals[1], totals),
    )


def acceptance(scope: FigureScope) -> FigureTable:
    def key(decided: _Decided) -> str | None:
        if decided.decision not in FINAL_DECISIONS:
            return None
        return "accepted" if decided.decision == Decision.ACCEPTED else "not_accepted"

    counts = {"accepted": [0, 0], "not_accepted": [0, 0]}
    counts.update(_two_periods(scope, key))
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
                not_theme(),
            )
        ),
        row_header=_("Besluit"),
        columns=columns_with_share(),
        rows=[
            share_row(key, labels[key], this, previous, totals)
            for key, (this, previous) in counts.items()
        ],
        total=share_row("total", _("Eindbesluiten"), totals[0], totals[1], totals),
    )


def departures(scope: FigureScope) -> FigureTable:
    """Per direction: against the rule's "complex" (not accepted) or its "not complex"
    (accepted), with the share of all decisions."""
    every = _two_periods(scope, lambda decided: "all")["all"]
    totals = (every[0], every[1])

    def direction(decided: _Decided) -> str | None:
        if not decided.departs_from_rule:
            return None
        return "rule_complex" if decided.rule_outcome else "rule_not_complex"

    counts = {"rule_complex": [0, 0], "rule_not_complex": [0, 0]}
    counts.update(_two_periods(scope, direction))
    labels = {
        "rule_complex": _("Regel: complex; toch niet geaccepteerd"),
        "rule_not_complex": _("Regel: niet complex; toch geaccepteerd"),
    }
    rows = [
        share_row(key, labels[key], this, previous, totals)
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
                not_theme(),
            )
        ),
        row_header=_("Afwijking"),
        columns=columns_with_share(),
        rows=rows,
        total=share_row("total", _("Totaal afwijkingen"), departed[0], departed[1], totals),
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
                not_theme(),
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


def acute_deadline(scope: FigureScope) -> FigureTable:
    hours = acute_deadline_hours(scope.house_id)
    deadline = timedelta(hours=hours)
    now = reference_moment(scope)
    found = (
        referrals(scope)
        .filter(either_period("received_at", scope), urgency=Urgency.ACUTE)
        .exclude(status__in=NO_DECISION_DUE)
        .exclude(entered_without_triage=True)
        .annotate(
            outcome=SqlCase(
                When(first_decided_at__lte=F("received_at") + deadline, then=Value("on_time")),
                When(first_decided_at__isnull=False, then=Value("late")),
                When(received_at__lt=now - deadline, then=Value("open_overdue")),
                default=Value("open"),
            ),
            in_previous=ExpressionWrapper(
                Q(received_at__lt=scope.start_at), output_field=BooleanField()
            ),
        )
    )
    keys = ("on_time", "late", "open_overdue", "open")
    counts = {key: [0, 0] for key in keys}
    for (outcome, in_previous), n in grouped_counts(found, "outcome", "in_previous").items():
        counts[outcome][1 if in_previous else 0] += n
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
                not_theme(),
            )
        ),
        row_header=_("Beslistermijn"),
        columns=columns_with_share(),
        rows=[share_row(key, labels[key], counts[key][0], counts[key][1], totals) for key in keys],
        total=share_row("total", _("Totaal"), totals[0], totals[1], totals),
    )


def time_to_decision(scope: FigureScope) -> FigureTable:
    # The referrals whose first final decision (kept on the referral) falls in either period.
    found = (
        referrals(scope)
        .filter(received_at__lt=scope.end_before)
        .filter(either_period("first_decided_at", scope))
        .annotate(
            in_previous=ExpressionWrapper(
                Q(first_decided_at__lt=scope.start_at), output_field=BooleanField()
            ),
            days=DaysBetween("received_at", "first_decided_at"),
        )
    )
    per_urgency, overall = duration_stats(
        found, "days", ("urgency", "in_previous"), ("in_previous",)
    )
    urgencies = list(dict.fromkeys([Urgency.ACUTE, Urgency.REGULAR, *(k[0] for k in per_urgency)]))

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
                not_theme(),
            )
        ),
        row_header=_("Urgentie"),
        columns=duration_columns(),
        rows=[
            two_period_duration_row(str(key), str(labels.get(key, key)), per_urgency, key)
            for key in urgencies
        ],
        total=two_period_duration_row("total", _("Alle aanmeldingen"), overall),
        chart_column="this_median",
    )


ADVICE_DECISIONS = tuple(d.value for d in Decision if d != Decision.ACCEPTED)


def advice(scope: FigureScope) -> FigureTable:
    counts = {value: [0, 0, 0] for value in ADVICE_DECISIONS}
    for decided in _decided(scope):
        if decided.decision not in counts:
            continue
        values = counts[decided.decision]
        if decided.column == 0:
            values[0] += decided.n
            values[1] += decided.n if decided.with_advice else 0
        elif decided.with_advice:
            values[2] += decided.n
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
                not_theme(),
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
    counted = [[0, 0, 0] for _month in the_months]
    for decided in _decided(scope):
        if decided.column == 1:
            continue
        values = counted[decided.bucket]
        values[0] += decided.n
        if decided.decision in FINAL_DECISIONS:
            values[1] += decided.n
        if decided.decision == Decision.ACCEPTED:
            values[2] += decided.n

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
            (counted[index][0], counted[index][1], counted[index][2]),
        )
        for index, month in enumerate(the_months)
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
                not_theme(),
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
