"""Figures of the group "outcomes": the ZRM change per life domain between the first and the
last scored review of the cases closed in the period.

Definitions: docs/decisions/0162-figure-definitions-cases.md.
"""

from __future__ import annotations

import itertools
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from operator import itemgetter
from typing import Any

from django.contrib.postgres.aggregates import JSONBAgg
from django.db import connection
from django.db.models.functions import TruncDate
from django.utils.translation import gettext as _

from zvh.cases.models import Case, CaseReview
from zvh.core.life_domains import LifeDomain
from zvh.figures.reads import shared, shared_reads
from zvh.figures.scope import FigureScope
from zvh.figures.table import Column, FigureTable, Number, Row, ValueKind

from .case_scope import (
    Category,
    case_filter,
    in_days,
    month_key,
    months,
    total_row,
    two_period_table,
)


@dataclass(frozen=True)
class Change:
    """One case's change on one life domain: last score minus first score."""

    case_id: uuid.UUID
    closed_on: date
    domain: str
    change: int


def _closed(scope: FigureScope, start: date, end: date) -> Any:
    return Case.objects.filter(case_filter(scope), in_days("closed_at", start, end)).order_by()


@shared
def _closed_days(scope: FigureScope, start: date, end: date) -> dict[uuid.UUID, date]:
    """The cases closed between `start` and `end`, with their (local) day of closure."""
    closed = _closed(scope, start, end).annotate(day=TruncDate("closed_at"))
    return dict(closed.values_list("id", "day"))


REVIEW_ORDER = ("held_on", "created_at", "id")


def _scores_per_case(
    scope: FigureScope, start: date, end: date
) -> Iterable[tuple[uuid.UUID, list[dict[str, Any]]]]:
    """Per case closed between `start` and `end`: the ZRM scores of its reviews in order. On
    PostgreSQL one row per case (the scores gathered in the database: a row per review would
    cost more to read than to count); elsewhere a row per review, gathered here."""
    reviews = CaseReview.objects.filter(case__in=_closed(scope, start, end).values("id"))
    if connection.vendor == "postgresql":
        return (
            reviews.values("case_id")
            .annotate(scores=JSONBAgg("zrm_scores", order_by=REVIEW_ORDER))
            .order_by()
            .values_list("case_id", "scores")
        )
    ordered = reviews.order_by("case_id", *REVIEW_ORDER).values_list("case_id", "zrm_scores")
    return (
        (case_id, [scores for _case, scores in rows])
        for case_id, rows in itertools.groupby(ordered, key=itemgetter(0))
    )


@shared
def changes(scope: FigureScope, start: date, end: date) -> list[Change]:
    """Per case closed between `start` and `end` and per life domain scored in at least two of
    its reviews: the last score minus the first (reviews ordered by date, then by when they
    were written). Two queries: the closure days of those cases, and their reviews' scores in
    order, case by case."""
    closed_on = _closed_days(scope, start, end)
    domains = set(LifeDomain.values)
    found: list[Change] = []
    for case_id, every_scores in _scores_per_case(scope, start, end):
        first: dict[str, int] = {}
        last: dict[str, int] = {}
        scored: dict[str, int] = defaultdict(int)
        for scores in every_scores:
            for domain, score in (scores or {}).items():
                # A score is a whole number 1-5 (a boolean is no score).
                if type(score) is int and domain in domains:
                    first.setdefault(domain, score)
                    last[domain] = score
                    scored[domain] += 1
        day = closed_on[case_id]
        found.extend(
            Change(case_id, day, domain, last[domain] - first[domain])
            for domain in first
            if scored[domain] >= 2
        )
    return found


def _summary(items: list[Change]) -> dict[str, Number]:
    n = len(items)
    improved = sum(1 for item in items if item.change > 0)
    return {
        "n": n,
        "improved": improved,
        "same": sum(1 for item in items if item.change == 0),
        "worse": sum(1 for item in items if item.change < 0),
        "share_improved": improved / n if n else None,
        "mean_change": sum(item.change for item in items) / n if n else None,
    }


def zrm_by_domain(scope: FigureScope) -> FigureTable:
    previous_scope = scope.previous()
    now = changes(scope, scope.start, scope.end)
    before = changes(scope, previous_scope.start, previous_scope.end)
    rows = []
    for domain, label in LifeDomain.choices:
        values = _summary([item for item in now if item.domain == domain])
        earlier = _summary([item for item in before if item.domain == domain])
        values["n_previous"] = earlier["n"]
        values["share_improved_previous"] = earlier["share_improved"]
        rows.append(Row(domain, str(label), values))
    total = total_row(rows, ("n", "improved", "same", "worse", "n_previous"))
    pooled, pooled_before = _summary(now), _summary(before)
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
    previous_scope = scope.previous()
    with shared_reads():  # the closed cases once, also when computed on its own
        measured_now = {item.case_id for item in changes(scope, scope.start, scope.end)}
        measured_before = {
            item.case_id for item in changes(scope, previous_scope.start, previous_scope.end)
        }
        closed_now = len(_closed_days(scope, scope.start, scope.end))
        closed_before = len(_closed_days(scope, previous_scope.start, previous_scope.end))
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
        current={"measured": len(measured_now), "unmeasured": closed_now - len(measured_now)},
        previous={
            "measured": len(measured_before),
            "unmeasured": closed_before - len(measured_before),
        },
    )


def monthly(scope: FigureScope) -> FigureTable:
    per_month: dict[str, list[Change]] = defaultdict(list)
    for item in changes(scope, scope.start, scope.end):
        per_month[month_key(item.closed_on)].append(item)
    rows = []
    for month in months(scope):
        summary = _summary(per_month.get(month.key, []))
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
