"""Figures of the group "outcomes": the ZRM change per life domain between the first and the
last scored review of the cases closed in the period.

Definitions: docs/decisions/0162-figure-definitions-cases.md.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncDate
from django.utils.translation import gettext as _

from zvh.cases.models import Case, CaseZrmChange
from zvh.core.life_domains import LifeDomain
from zvh.figures.reads import shared
from zvh.figures.scope import FigureScope
from zvh.figures.table import Column, FigureTable, Number, Row, ValueKind

from .calendar import months
from .case_scope import (
    Category,
    case_filter,
    in_days,
    total_row,
    two_period_table,
)


@dataclass
class Tally:
    """Changes of (case, life domain) pairs: how many, up, level, down, and their sum."""

    n: int = 0
    improved: int = 0
    same: int = 0
    worse: int = 0
    total_change: int = 0

    def add(self, other: Tally) -> None:
        self.n += other.n
        self.improved += other.improved
        self.same += other.same
        self.worse += other.worse
        self.total_change += other.total_change

    def count(self, change: int) -> None:
        self.add(Tally(1, int(change > 0), int(change == 0), int(change < 0), change))


@dataclass(frozen=True)
class Outcomes:
    """The ZRM changes of the cases closed in the period and the previous one."""

    by_day: dict[date, dict[str, Tally]]  # local day of closure -> life domain -> changes
    measured: tuple[int, int]  # cases with a change on some domain: (period, previous)
    closed: tuple[int, int]  # cases closed: (period, previous)

    def tally(self, start: date, end: date, domain: str | None = None) -> Tally:
        """The changes of cases closed between `start` and `end` (on `domain`, or on all)."""
        found = Tally()
        for day in range((end - start).days + 1):
            for on, tally in self.by_day.get(start + timedelta(days=day), {}).items():
                if domain is None or on == domain:
                    found.add(tally)
        return found


def _closed(scope: FigureScope) -> Any:
    """The cases closed in the period or the previous one."""
    previous = scope.previous()
    return Case.objects.filter(case_filter(scope), in_days("closed_at", previous.start, scope.end))


@shared
def outcomes(scope: FigureScope) -> Outcomes:
    """Per case closed in either period and per life domain scored in at least two of its
    reviews: the last score minus the first, counted per domain and day of closure. The first
    and last scores are kept beside the reviews (`CaseZrmChange`, decision 0175): two GROUP BYs
    over indexed rows, on every database."""
    previous = scope.previous()
    per_period = {
        "now": Count("id", filter=in_days("closed_at", scope.start, scope.end)),
        "before": Count("id", filter=in_days("closed_at", previous.start, previous.end)),
    }
    closed = _closed(scope).aggregate(**per_period)
    measured = (
        _closed(scope)
        .filter(id__in=CaseZrmChange.objects.filter(scored_reviews__gte=2).values("case_id"))
        .aggregate(**per_period)
    )
    change = F("last_score") - F("first_score")
    grouped = (
        CaseZrmChange.objects.filter(case__in=_closed(scope), scored_reviews__gte=2)
        .annotate(day=TruncDate("case__closed_at"))
        .values_list("life_domain", "day")
        .annotate(
            n=Count("id"),
            improved=Count("id", filter=Q(last_score__gt=F("first_score"))),
            same=Count("id", filter=Q(last_score=F("first_score"))),
            worse=Count("id", filter=Q(last_score__lt=F("first_score"))),
            total_change=Sum(change),
        )
        .order_by()
    )
    by_day: dict[date, dict[str, Tally]] = defaultdict(dict)
    for domain, day, n, improved, same, worse, total in grouped:
        by_day[day][domain] = Tally(n, improved, same, worse, int(total))
    return Outcomes(
        dict(by_day),
        measured=(measured["now"], measured["before"]),
        closed=(closed["now"], closed["before"]),
    )


def _summary(tally: Tally) -> dict[str, Number]:
    n = tally.n
    return {
        "n": n,
        "improved": tally.improved,
        "same": tally.same,
        "worse": tally.worse,
        "share_improved": tally.improved / n if n else None,
        "mean_change": tally.total_change / n if n else None,
    }


def zrm_by_domain(scope: FigureScope) -> FigureTable:
    previous_scope = scope.previous()
    found = outcomes(scope)
    rows = []
    for domain, label in LifeDomain.choices:
        values = _summary(found.tally(scope.start, scope.end, domain))
        earlier = _summary(found.tally(previous_scope.start, previous_scope.end, domain))
        values["n_previous"] = earlier["n"]
        values["share_improved_previous"] = earlier["share_improved"]
        rows.append(Row(domain, str(label), values))
    total = total_row(rows, ("n", "improved", "same", "worse", "n_previous"))
    pooled = _summary(found.tally(scope.start, scope.end))
    pooled_before = _summary(found.tally(previous_scope.start, previous_scope.end))
    total.label = _("Alle leefgebieden (casus × leefgebied)")
    total.values["share_improved"] = pooled["share_improved"]
    total.values["mean_change"] = pooled["mean_change"]
    total.values["share_improved_previous"] = pooled_before["share_improved"]
    return FigureTable(
        key="outcomes.zrm_by_domain",
        title=_("Verandering in zelfredzaamheid (ZRM) per leefgebied"),
        definition=_(
            "Casussen afgesloten in de periode (datum van de huidige afsluiting). Per "
            "leefgebied: de score van de laatste evaluatie met een ZRM-score op dat leefgebied "
            "min die van de eerste; alleen casussen met scores in ten minste twee evaluaties "
            "(n). Verbeterd: hoger (1 is acute problematiek, 5 volledig zelfredzaam). "
            "Gemiddelde verandering in punten. De totaalrij telt combinaties van casus en "
            "leefgebied. Alle filters zijn van toepassing."
        ),
        row_header=_("Leefgebied"),
        columns=(
            Column("n", _("Casussen met begin- en eindscore")),
            Column("improved", _("Verbeterd")),
            Column("same", _("Gelijk")),
            Column("worse", _("Verslechterd")),
            Column("share_improved", _("Aandeel verbeterd"), ValueKind.SHARE, base="n"),
            Column("mean_change", _("Gemiddelde verandering"), ValueKind.POINTS, base="n"),
            Column("n_previous", _("Vorige periode: casussen met begin- en eindscore")),
            Column(
                "share_improved_previous",
                _("Vorige periode: aandeel verbeterd"),
                ValueKind.SHARE,
                base="n_previous",
            ),
        ),
        rows=rows,
        total=total,
        chart_column="share_improved",
    )


def coverage(scope: FigureScope) -> FigureTable:
    """How many of the closed cases have a ZRM change on at least one life domain."""
    found = outcomes(scope)
    (measured_now, measured_before), (closed_now, closed_before) = found.measured, found.closed
    return two_period_table(
        key="outcomes.coverage",
        title=_("Afgesloten casussen met een ZRM-meting"),
        definition=_(
            "Casussen afgesloten in de periode: met een begin- en eindscore op ten minste één "
            "leefgebied (scores in twee evaluaties), of zonder. Alle filters zijn van toepassing."
        ),
        row_header=_("ZRM-meting"),
        categories=[
            Category("measured", _("Met begin- en eindscore")),
            Category("unmeasured", _("Zonder begin- en eindscore")),
        ],
        current={"measured": measured_now, "unmeasured": closed_now - measured_now},
        previous={"measured": measured_before, "unmeasured": closed_before - measured_before},
    )


def monthly(scope: FigureScope) -> FigureTable:
    found = outcomes(scope)
    rows = []
    for month in months(scope):
        summary = _summary(found.tally(month.start, month.end))
        rows.append(
            Row(
                month.key,
                month.label,
                {
                    "n": summary["n"],
                    "improved": summary["improved"],
                    "share_improved": summary["share_improved"],
                },
            )
        )
    total = total_row(rows, ("n", "improved"))
    n, improved = total.values["n"], total.values["improved"]
    total.values["share_improved"] = improved / n if n and improved is not None else None
    return FigureTable(
        key="outcomes.monthly",
        title=_("Verbetering in zelfredzaamheid per maand"),
        definition=_(
            "Per maand van afsluiten: combinaties van casus en leefgebied met een begin- en "
            "eindscore (n), hoeveel daarvan verbeterd zijn en het aandeel. Alle filters zijn "
            "van toepassing."
        ),
        row_header=_("Maand"),
        columns=(
            Column("n", _("Casus × leefgebied met begin- en eindscore")),
            Column("improved", _("Verbeterd")),
            Column("share_improved", _("Aandeel verbeterd"), ValueKind.SHARE, base="n"),
        ),
        rows=rows,
        total=total,
        chart="line",
        chart_column="share_improved",
    )


FIGURES: tuple[Callable[[FigureScope], FigureTable], ...] = (
    zrm_by_domain,
    coverage,
    monthly,
)
