"""Each inflow, triage and throughput figure reads the database a fixed, small number of times,
however many referrals, decisions and cases the house holds: it aggregates in SQL."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import flow
from tests.factories.network import (
    HouseFactory,
    MunicipalityFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.figures.helpers_flow import local
from zvh.figures.definitions import inflow, throughput, triage
from zvh.figures.scope import FigureScope
from zvh.intake.models import Urgency
from zvh.triage.models import Decision

pytestmark = pytest.mark.django_db

FIGURES = (*inflow.FIGURES, *triage.FIGURES, *throughput.FIGURES)
MAX_QUERIES = 3


def add_rows(house, orgs, user, count: int, offset: int) -> None:
    for i in range(count):
        received = local(2026, 3, 1 + (i + offset) % 28, 9)
        municipality = MunicipalityFactory()
        house.municipalities.add(municipality)
        referral = flow.referral(
            house=house,
            organisation=orgs[i % len(orgs)],
            received_at=received,
            municipality=municipality,
            urgency=Urgency.ACUTE if i % 2 else Urgency.REGULAR,
        )
        flow.assessment(
            referral=referral,
            decided_at=received + timedelta(hours=30),
            decided_by=user,
            decision=Decision.values[i % len(Decision.values)],
            departs_from_rule=True,
            motivation=f"Motivering {i + offset}",
            advice="Advies",
        )
        opened = received + timedelta(days=1)
        case = flow.case(house=house, opened_at=opened, origin_referral=referral)
        flow.held_conference(house=house, starts_at=received + timedelta(days=3), cases=[case])
        flow.plan_set(case=case, at=[received + timedelta(days=5), received + timedelta(days=6)])
        case.closed_at = received + timedelta(days=7)
        case.save(update_fields=["closed_at"])


def queries_per_figure(scope: FigureScope) -> dict[str, int]:
    found = {}
    for figure in FIGURES:
        with CaptureQueriesContext(connection) as captured:
            table = figure(scope)
        found[table.key] = len(captured.captured_queries)
    return found


def test_the_number_of_queries_does_not_grow_with_the_rows():
    house = HouseFactory()
    orgs = [OrganisationFactory() for _ in range(3)]
    user = UserFactory(organisation=orgs[0])
    scope = FigureScope(
        house_id=house.id, start=date(2026, 1, 1), end=date(2026, 6, 30), today=date(2026, 7, 1)
    )
    add_rows(house, orgs, user, 1, 0)
    few = queries_per_figure(scope)
    add_rows(house, orgs, user, 25, 1)
    many = queries_per_figure(scope)
    assert many == few
    assert len(many) == len(FIGURES)  # every figure has its own key
    assert max(many.values()) <= MAX_QUERIES, many
