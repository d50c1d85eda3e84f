"""The start pages of the chain manager and the process coordinator: counts only, a fixed
number of queries."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tests.factories.intake import make_referral
from zvh.cases.models import Case
from zvh.network.models import Role

from .conftest import make_cases

HOME = reverse("web:home")


def test_the_chain_manager_sees_key_figures_and_attention(world, client_for):
    coordinator = world.user(Role.PROCESS_COORDINATOR)
    make_referral(coordinator, world.house, urgency="acute")
    old = make_cases(world.house, 2, days_ago=400)
    make_cases(world.house, 1, days_ago=10)
    make_cases(world.other_house, 4, days_ago=400)
    response = client_for(world.user(Role.CHAIN_MANAGER)).get(HOME)
    assert response.status_code == 200
    start = response.context["chain_manager"]
    assert start.open_cases == 3 and start.beyond_norm == len(old)
    assert start.acute_waiting == 1
    html = response.content.decode()
    assert "Kerncijfers" in html and "Wat aandacht vraagt" in html
    assert "coordinator" not in response.context


def test_the_coordinator_sees_their_caseload_and_overdue_work(world, client_for):
    me = world.user(Role.PROCESS_COORDINATOR)
    mine = make_cases(world.house, 3)
    Case.objects.filter(pk__in=[c.pk for c in mine]).update(process_coordinator=me)
    Case.objects.filter(pk=mine[0].pk).update(
        next_review_date=timezone.localdate() - timedelta(days=1)
    )
    make_cases(world.house, 2)  # not theirs
    make_referral(me, world.house)
    response = client_for(me).get(HOME)
    start = response.context["coordinator"]
    assert (start.caseload, start.reviews_overdue, start.triage_waiting) == (3, 1, 1)
    assert "Uw werk" in response.content.decode()


def test_other_roles_see_no_figures(world, client_for):
    response = client_for(world.user(Role.PARTNER_PROFESSIONAL)).get(HOME)
    assert "chain_manager" not in response.context and "coordinator" not in response.context


def _queries(client) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(HOME).status_code == 200
    return len(captured)


def test_the_start_pages_do_not_grow(world, client_for):
    manager = client_for(world.user(Role.CHAIN_MANAGER))
    coordinator = client_for(world.user(Role.PROCESS_COORDINATOR))
    make_cases(world.house, 2)
    small = (_queries(manager), _queries(coordinator))
    make_cases(world.house, 40, days_ago=500)
    assert (_queries(manager), _queries(coordinator)) == small
