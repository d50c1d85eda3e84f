"""The plan page and the case page cost the same number of queries for a plan with one
agreement as for a full one: a hundred agreements in every status, all thirteen goals, fifty
versions, escalations about agreements, conference outcomes in the journal.

("My work" and the delivery view have theirs in test_my_work.py; the case page's growing
journal, persons and participants in tests/cases/test_query_budget.py.)
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.cases.test_query_budget import PAGE_BUDGET
from zvh.cases.journal import JournalKind
from zvh.cases.models import CaseJournalEntry, Escalation, EscalationReason, EscalationStatus
from zvh.conferences.journal import ConferenceJournalKind
from zvh.conferences.models import AgendaItem, Conference, ConferenceKind
from zvh.core.life_domains import LifeDomain
from zvh.network.models import Role
from zvh.plans.models import Agreement, AgreementStatus, Goal, Plan, PlanVersion
from zvh.plans.selectors import VERSION_LIST_SIZE

from .conftest import make_agreement, today

# Session, user, OTP device, memberships; the case and its audit event (persons, savepoint,
# chain head, event, person links, head update, release); the plan, its agreements, goals and
# latest versions (one query each); the header's organisation; the session save (savepoint,
# update, release).
PLAN_BUDGET = 20
AGREEMENTS = 100


def fill(world, case, owner, coordinator_user) -> None:
    """A full plan, and what a full plan brings to the case page."""
    plan = Plan.objects.get(case=case)
    now = timezone.now()
    statuses = list(AgreementStatus)
    agreements = Agreement.objects.bulk_create(
        Agreement(
            plan=plan,
            case=case,
            house=case.house,
            what=f"Afspraak {n}",
            domain="care",
            owner_organisation=world.own_org,
            owner_user=owner,
            due_date=today() + timedelta(days=n % 40 - 20),
            status=statuses[n % len(statuses)],
            completed_at=None if n % len(statuses) == 0 else now,
            completed_by=None if n % len(statuses) == 0 else owner,
        )
        for n in range(AGREEMENTS)
    )
    Goal.objects.bulk_create(
        Goal(plan=plan, life_domain=domain, description=f"Doel {domain}")
        for domain in LifeDomain.values
        if not Goal.objects.filter(plan=plan, life_domain=domain).exists()
    )
    start = plan.versions.count()
    PlanVersion.objects.bulk_create(
        PlanVersion(plan=plan, number=start + n, author=coordinator_user, change="goals")
        for n in range(1, 51)
    )
    Escalation.objects.bulk_create(
        Escalation(
            case=case,
            house=case.house,
            status=EscalationStatus.RAISED,
            reason=EscalationReason.PARTNER_NOT_DELIVERING,
            explanation="Komt niet van de grond",
            agreement=agreement,
            proposed_by=coordinator_user,
            proposed_at=now,
            addressee=world.user(Role.CHAIN_MANAGER),
        )
        for agreement in agreements[:10]
    )
    conferences = Conference.objects.bulk_create(
        Conference(
            house=case.house,
            number=f"O-2026-{n:04d}",
            kind=ConferenceKind.CASE,
            starts_at=now - timedelta(days=n + 1),
            ends_at=now - timedelta(days=n + 1) + timedelta(hours=1),
        )
        for n in range(20)
    )
    AgendaItem.objects.bulk_create(AgendaItem(conference=c, case=case) for c in conferences)
    kinds = [
        JournalKind.AGREEMENT_CREATED,
        JournalKind.AGREEMENT_DONE,
        JournalKind.AGREEMENT_OVERDUE,
        JournalKind.PLAN_SET,
        ConferenceJournalKind.CONFERENCE_HELD,
        ConferenceJournalKind.CONFERENCE_DECISION,
    ]
    CaseJournalEntry.objects.bulk_create(
        CaseJournalEntry(
            case=case,
            at=now,
            kind=kinds[n % len(kinds)],
            by=coordinator_user,
            by_organisation=world.own_org,
            organisation=world.own_org,
            text=f"Regel {n}",
            data={"agreement": str(agreements[n].id), "number": "O-2026-0001", "agreements": []},
        )
        for n in range(AGREEMENTS)
    )


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", [Role.PROCESS_COORDINATOR, Role.PARTNER_PROFESSIONAL])
def test_the_plan_page_does_not_grow(
    world, case, coordinator, professional_user, client_for, role, django_assert_max_num_queries
):
    make_agreement(case, coordinator, professional_user)  # the plan, one agreement, one version
    client = client_for(world.user(role))
    url = reverse("plans:plan", kwargs={"case_id": case.id})
    client.get(url)  # warm up
    small = _count(client, url)
    fill(world, case, professional_user, world.user(Role.PROCESS_COORDINATOR))
    with django_assert_max_num_queries(PLAN_BUDGET) as large:
        response = client.get(url)
    assert len(response.context["agreements"]) == AGREEMENTS + 1
    assert len(response.context["goals"]) == len(LifeDomain.values)
    assert len(response.context["versions"]) == VERSION_LIST_SIZE
    assert len(large.captured_queries) == small


@pytest.mark.parametrize("role", [Role.PROCESS_COORDINATOR, Role.PARTNER_PROFESSIONAL])
def test_the_case_page_does_not_grow_with_the_plan(
    world, case, coordinator, professional_user, client_for, role, django_assert_max_num_queries
):
    make_agreement(case, coordinator, professional_user)
    client = client_for(world.user(role))
    url = reverse("cases:detail", kwargs={"case_id": case.id})
    client.get(url)  # warm up
    small = _count(client, url)
    fill(world, case, professional_user, world.user(Role.PROCESS_COORDINATOR))
    with django_assert_max_num_queries(PAGE_BUDGET) as large:
        response = client.get(url)
    assert len(response.context["escalations"]) == 10
    assert len(response.context["journal"].rows) == 50
    assert len(large.captured_queries) == small
