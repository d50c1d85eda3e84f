"""The figure pages' query budgets (issue 11, "Speed"): every group page, with the real
definitions over a generated history, costs a fixed number of queries that does not grow with
the house, and the figures of a group read their common rows once (`zvh.figures.reads`)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories.network import MunicipalityFactory, OrganisationFactory, UserFactory
from zvh.cases.services import themes_seed_defaults
from zvh.demo.history import HistoryCast, Partner, history_generate
from zvh.figures.registry import GROUPS, compute_group
from zvh.figures.scope import FigureScope
from zvh.network.models import Role

# Queries of the whole page as the chain manager (session, access policy, audit, settings,
# filter choices and the figures).
PAGE_BUDGETS = {
    "instroom": 22,
    "triage": 21,
    "doorlooptijden": 17,
    "caseload": 28,
    "levering": 21,
    "escalatie-en-uitstroom": 26,
    "resultaten": 20,
    "adviesfunctie": 27,
}


def _generate(world, referrals: int, seed: int, tag: str) -> None:  # type: ignore[no-untyped-def]
    house = world.house
    municipality = MunicipalityFactory(inhabitants=50_000)
    house.municipalities.add(municipality)
    organisations = [OrganisationFactory() for _ in range(3)]
    history_generate(
        HistoryCast(
            house=house,
            municipalities=[municipality],
            referrers=[(org, 1) for org in organisations],
            partners=[
                Partner(org, UserFactory(organisation=org), "criminal_justice", weight)
                for weight, org in enumerate(organisations, start=1)
            ],
            coordinators=[UserFactory(), UserFactory()],
            addressees=[world.user(Role.CHAIN_MANAGER)],
            number_tag=tag,
        ),
        referrals=referrals,
        end=timezone.localdate(),
        days=730,
        seed=seed,
    )


def _page_queries(client) -> dict[str, int]:  # type: ignore[no-untyped-def]
    counts = {}
    for group in GROUPS:
        url = reverse("figures:group", kwargs={"group": group.key})
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200, group.key
        counts[group.key] = len(captured)
    return counts


@pytest.fixture
def house_with_history(world):  # type: ignore[no-untyped-def]
    themes_seed_defaults(house=world.house)
    return world


def test_every_group_page_keeps_its_budget_as_the_house_grows(house_with_history, client_for):
    world = house_with_history
    client = client_for(world.user(Role.CHAIN_MANAGER))
    _generate(world, 30, seed=1, tag="S")
    small = _page_queries(client)
    _generate(world, 90, seed=2, tag="L")
    large = _page_queries(client)
    assert small == large
    assert set(large) == set(PAGE_BUDGETS)
    assert {key: n for key, n in large.items() if n > PAGE_BUDGETS[key]} == {}


@pytest.mark.parametrize("key", ["triage", "doorlooptijden", "resultaten"])
def test_a_group_reads_its_common_rows_once(house_with_history, key):
    """Computing the group costs fewer queries than its figures one by one: the shared reads
    (the triage decisions, the throughput's durations, the ZRM changes) run once."""
    _generate(house_with_history, 40, seed=3, tag="G")
    today = timezone.localdate()
    scope = FigureScope(
        house_id=house_with_history.house.pk,
        start=date(today.year - 1, today.month, 1),
        end=today,
        today=today,
    )
    group = next(g for g in GROUPS if g.key == key)
    with CaptureQueriesContext(connection) as one_by_one:
        for figure in group.figures:
            figure(scope)
    with CaptureQueriesContext(connection) as together:
        compute_group(key, scope)
    assert len(together) < len(one_by_one)
