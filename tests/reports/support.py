"""Support for the report tests: a figure group of referrals received per referring
organisation, this period and the previous one, with a total. The `test_figures` fixture adds it
to the registry's groups; the real groups stay, so once the definitions land every test here runs
over them too."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.db.models import Count
from django.utils import timezone

from tests.factories.intake import make_referral
from zvh.figures import registry
from zvh.figures.scope import FigureScope
from zvh.figures.table import Column, FigureTable, Row
from zvh.intake.models import Referral

LAST_YEAR = timezone.localdate().year - 1


def _counts(scope: FigureScope) -> dict[str, int]:
    rows = (
        Referral.objects.filter(
            house_id=scope.house_id,
            received_at__gte=scope.start_at,
            received_at__lt=scope.end_before,
        )
        .values("referring_organisation__name")
        .annotate(n=Count("id"))
    )
    return {row["referring_organisation__name"]: row["n"] for row in rows}


def referrals_by_organisation(scope: FigureScope) -> FigureTable:
    now, before = _counts(scope), _counts(scope.previous())
    names = sorted(set(now) | set(before))
    return FigureTable(
        key="test.referrals_by_organisation",
        title="Aanmeldingen per organisatie",
        definition="Aanmeldingen ontvangen in de periode, per verwijzende organisatie.",
        row_header="Organisatie",
        columns=(Column("now", "Deze periode"), Column("before", "Vorige periode")),
        rows=[
            Row(name, name, {"now": now.get(name, 0), "before": before.get(name, 0)})
            for name in names
        ],
        total=Row("total", "Totaal", {"now": sum(now.values()), "before": sum(before.values())}),
    )


TEST_GROUP = registry.FigureGroup("test", "Testcijfers", (referrals_by_organisation,))


def refer(world: Any, count: int, *, on: date, user: Any = None, **overrides: Any) -> None:
    """`count` referrals received on `on`, by the own organisation's professional (or `user`)."""
    user = user or world.user("partner_professional")
    at = timezone.make_aware(datetime.combine(on, time(10)))
    for _ in range(count):
        make_referral(user, world.house, received_at=at, **overrides)


def table_of(report: Any) -> dict[str, Any]:
    """The test figure as frozen in the report."""
    group = next(g for g in report.figures if g["group"] == "test")
    return group["tables"][0]
