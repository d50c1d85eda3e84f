"""A tiny figure group of our own, so that the pages, exports, lists and API are tested against
the interface of issue 11 before (and independently of) the real definitions: it counts the
house's cases per case type (with drill parameters) and quotes one restricted table."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db.models import Count
from django.utils import timezone

from tests.api.conftest import issue_token  # noqa: F401  (fixture)
from tests.factories.people import CaseFactory, CasePersonFactory, PersonFactory
from zvh.cases.models import Case, CaseType
from zvh.figures import registry
from zvh.figures.registry import FigureGroup
from zvh.figures.scope import FigureScope
from zvh.figures.table import Column, FigureTable, Row, ValueKind

GROUP = "testgroep"


def cases_by_type(scope: FigureScope) -> FigureTable:
    def counts(s: FigureScope) -> dict[str, int]:
        rows = (
            Case.objects.filter(
                house_id=s.house_id, created_at__gte=s.start_at, created_at__lt=s.end_before
            )
            .values("case_type")
            .annotate(n=Count("id"))
        )
        return {row["case_type"]: row["n"] for row in rows}

    now, before = counts(scope), counts(scope.previous())
    rows = [
        Row(
            value,
            str(label),
            {"now": now.get(value, 0), "before": before.get(value, 0)},
            drill={"list": "cases", "case_type": value, "date": "opened"},
        )
        for value, label in CaseType.choices
    ]
    total = Row(
        "total",
        "Totaal",
        {"now": sum(now.values()), "before": sum(before.values())},
        drill={"list": "cases"},
    )
    return FigureTable(
        key="test.cases_by_type",
        title="Casussen per soort",
        definition="Casussen aangemaakt in de periode, per soort.",
        row_header="Soort",
        columns=(Column("now", "Deze periode"), Column("before", "Vorige periode")),
        rows=rows,
        total=total,
    )


def departures(scope: FigureScope) -> FigureTable:
    return FigureTable(
        key="triage.departures",
        title="Afwijkingen met motivering",
        definition="Vrije tekst.",
        row_header="Motivering",
        columns=(Column("n", "Aantal", ValueKind.COUNT),),
        rows=[Row("m1", "GEHEIME-MOTIVERING", {"n": 1})],
        chain_manager_only=True,
    )


@pytest.fixture
def test_group(monkeypatch):
    group = FigureGroup(GROUP, "Testgroep", (cases_by_type, departures))
    monkeypatch.setattr(registry, "GROUPS", (*registry.GROUPS, group))
    return group


def make_cases(house, count: int, *, case_type: str = CaseType.PERSON, days_ago: int = 30):
    """`count` cases with one person each, created `days_ago` days ago."""
    made = []
    for _n in range(count):
        case = CaseFactory(house=house, case_type=case_type)
        Case.objects.filter(pk=case.pk).update(
            created_at=timezone.now() - timedelta(days=days_ago),
            opened_at=timezone.now() - timedelta(days=days_ago),
        )
        CasePersonFactory(case=case, person=PersonFactory(house=house))
        made.append(case)
    return made
