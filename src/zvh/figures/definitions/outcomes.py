"""Figures of the group "outcomes": the ZRM change per life domain between the first and the
last scored review of the cases closed in the period.

Definitions: docs/decisions/0162-figure-definitions-cases.md.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from operator import itemgetter
from typing import Any

from django.db import connection
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from zvh.cases.models import Case, CaseReview
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

    by_domain_day: dict[tuple[str, date], Tally]  # (life domain, local day of closure)
    measured: tuple[int, int]  # cases with a change on some domain: (period, previous)
    closed: tuple[int, int]  # cases closed: (period, previous)

    def tally(self, start: date, end: date, domain: str | None = None) -> Tally:
        """The changes of cases closed between `start` and `end` (on `domain`, or on all)."""
        found = Tally()
        for (on, day), tally in self.by_domain_day.items():
            if start <= day <= end and (domain is None or on == domain):
                found.add(tally)
        return found


def _closed(scope: FigureScope) -> Any:
    """The cases closed in the period or the previous one."""
    previous = scope.previous()
    return Case.objects.filter(case_filter(scope), in_days("closed_at", previous.start, scope.end))


REVIEW_ORDER = ("held_on", "created_at", "id")


@shared
def outcomes(scope: FigureScope) -> Outcomes:
    """Per case closed in either period and per life domain scored in at least two of its
    reviews: the last score minus the first (reviews ordered by date, then by when they were
    written), counted per domain and day of closure. On PostgreSQL the database does it all
    (`jsonb_each` over the scores, the first and last per case and domain, then the counts): a
    row per review would cost more to read than to count. Elsewhere the reviews are read in
    order and counted here, by the same rule."""
    previous = scope.previous()
    counted = _closed(scope).aggregate(
        now=Count("id", filter=in_days("closed_at", scope.start, scope.end)),
        before=Count("id", filter=in_days("closed_at", previous.start, previous.end)),
    )
    closed = (counted["now"], counted["before"])
    if connection.vendor == "postgresql":
        by_domain_day, measured = _counted_in_postgresql(scope)
    else:
        by_domain_day, measured = _counted_here(scope)
    return Outcomes(by_domain_day, measured, closed)


def _counted_here(scope: FigureScope) -> tuple[dict[tuple[str, date], Tally], tuple[int, int]]:
    closed_on = dict(_closed(scope).annotate(day=TruncDate("closed_at")).values_list("id", "day"))
    reviews = (
        CaseReview.objects.filter(case__in=_closed(scope).values("id"))
        .order_by("case_id", *REVIEW_ORDER)
        .values_list("case_id", "zrm_scores")
    )
    domains = set(LifeDomain.values)
    tallies: dict[tuple[str, date], Tally] = defaultdict(Tally)
    measured = [0, 0]
    for case_id, rows in itertools.groupby(reviews, key=itemgetter(0)):
        first: dict[str, int] = {}
        last: dict[str, int] = {}
        scored: dict[str, int] = defaultdict(int)
        for _case, scores in rows:
            for domain, score in (scores or {}).items():
                # A score is a whole number (a boolean or a fraction is no score).
                if type(score) is int and domain in domains:
                    first.setdefault(domain, score)
                    last[domain] = score
                    scored[domain] += 1
        day = closed_on[case_id]
        changed = [domain for domain in first if scored[domain] >= 2]
        for domain in changed:
            tallies[(domain, day)].count(last[domain] - first[domain])
        if changed:
            measured[0 if day >= scope.start else 1] += 1
    return dict(tallies), (measured[0], measured[1])


def _counted_in_postgresql(
    scope: FigureScope,
) -> tuple[dict[tuple[str, date], Tally], tuple[int, int]]:
    closed_sql, closed_params = _closed(scope).values("id", "closed_at").query.sql_with_params()
    review = CaseReview._meta.db_table
    # Only this module's table name and Django's compiled SQL are joined in; values are
    # parameters. A score is a JSON whole number: typeof number and digits only; scores that
    # are not an object count as none.
    sql = (
        "WITH s AS (SELECT k.id AS case_id, k.closed_at, e.key AS domain, "  # noqa: S608
        "(e.value #>> '{}')::int AS score, r.held_on, r.created_at, r.id "
        f"FROM ({closed_sql}) AS k(id, closed_at) JOIN {review} r ON r.case_id = k.id "
        "CROSS JOIN LATERAL jsonb_each(CASE WHEN jsonb_typeof(r.zrm_scores) = 'object' "
        "THEN r.zrm_scores ELSE '{}'::jsonb END) e "
        "WHERE jsonb_typeof(e.value) = 'number' AND (e.value #>> '{}') ~ '^-?[0-9]+$' "
        "AND e.key = ANY(%s)), "
        "per AS (SELECT case_id, MIN(closed_at) AS closed_at, domain, "
        "(array_agg(score ORDER BY held_on DESC, created_at DESC, id DESC))[1] "
        "- (array_agg(score ORDER BY held_on, created_at, id))[1] AS change "
        "FROM s GROUP BY case_id, domain HAVING COUNT(*) >= 2) "
        "SELECT domain, (closed_at AT TIME ZONE %s)::date AS day, "
        "closed_at < %s AS in_previous, COUNT(*), "
        "COUNT(*) FILTER (WHERE change > 0), COUNT(*) FILTER (WHERE change = 0), "
        "COUNT(*) FILTER (WHERE change < 0), COALESCE(SUM(change), 0), "
        "COUNT(DISTINCT case_id) "
        "FROM per GROUP BY GROUPING SETS ((1, 2), (3))"
    )
    params = [
        *closed_params,
        list(LifeDomain.values),
        timezone.get_current_timezone_name(),
        scope.start_at,
    ]
    tallies: dict[tuple[str, date], Tally] = {}
    measured = [0, 0]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for domain, day, in_previous, n, up, level, down, total, cases in cursor.fetchall():
            if domain is not None:
                tallies[(domain, day)] = Tally(n, up, level, down, int(total))
            else:
                measured[1 if in_previous else 0] = cases
    return tallies, (measured[0], measured[1])


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
