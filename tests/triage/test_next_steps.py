"""A referral's page offers what its viewer may do next, and nothing else (issue 12,
decision 0178): the rule (`referral_next_steps`), the one-referral agenda service behind it,
and the link between an accepted referral and its case, both ways."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.cases.conftest import accepted_case
from tests.factories.intake import actor_of, make_referral
from tests.factories.network import MembershipFactory, UserFactory
from zvh.audit.models import Action, AuditEvent
from zvh.cases.models import CaseParticipant
from zvh.intake.models import EventKind, Referral, ReferralStatus, Urgency
from zvh.intake.services import PersonInput
from zvh.network.models import Role
from zvh.triage.models import AgendaItem, TriageTable
from zvh.triage.selectors import referral_next_steps
from zvh.triage.services import agenda_add, triage_session_close, triage_session_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(world):
    return actor_of(world.user(Role.PROCESS_COORDINATOR), world.house)


@pytest.fixture
def session(world, coordinator):
    table = TriageTable.objects.create(
        house=world.house, name="Weegtafel dinsdag", weekday=1, start_time="10:00"
    )
    return triage_session_create(
        actor=coordinator, table=table, starts_at=timezone.now() + timedelta(days=2)
    )


def refer(world, **overrides) -> Referral:
    overrides.setdefault("persons", [PersonInput(surname="Jansen", given_names="Piet")])
    return make_referral(world.user(Role.PARTNER_PROFESSIONAL), world.house, **overrides).referral


# --- the rule ---------------------------------------------------------------------------------


def test_the_coordinator_may_put_a_waiting_referral_on_an_open_agenda(world, coordinator, session):
    referral = refer(world)
    steps = referral_next_steps(actor=coordinator, referral=referral)
    assert [s.id for s in steps.agenda_sessions] == [session.id]
    assert not steps.plan_session and not steps.decide_in and not steps.decide_acute
    assert steps.forward and not steps.supply_information


def test_without_an_open_session_the_coordinator_is_offered_to_plan_one(world, coordinator):
    steps = referral_next_steps(actor=coordinator, referral=refer(world))
    assert steps.plan_session and not steps.agenda_sessions


def test_on_an_agenda_it_is_decided_there_and_an_acute_one_at_once(world, coordinator, session):
    referral = refer(world, urgency=Urgency.ACUTE)
    agenda_add(actor=coordinator, session=session, referral=referral)
    referral.refresh_from_db()
    steps = referral_next_steps(actor=coordinator, referral=referral)
    assert [s.id for s in steps.decide_in] == [session.id]
    assert steps.decide_acute
    assert not steps.agenda_sessions and not steps.plan_session


def test_a_decided_referral_offers_the_coordinator_nothing(world, coordinator):
    case = accepted_case(world, coordinator)
    steps = referral_next_steps(actor=coordinator, referral=case.origin_referral)
    assert not steps


@pytest.mark.parametrize(
    "role", [Role.PARTNER_PROFESSIONAL, Role.CHAIN_MANAGER, Role.FUNCTIONAL_ADMIN]
)
def test_who_may_not_triage_is_offered_no_triage_step(world, session, role):
    referral = refer(world)
    steps = referral_next_steps(actor=actor_of(world.user(role), world.house), referral=referral)
    assert not steps


def test_the_referrer_is_asked_to_supply_what_triage_asked(world):
    referral = refer(world)
    # As a "more information" decision leaves it (tests/triage/test_decide.py decides so).
    Referral.objects.filter(pk=referral.pk).update(status=ReferralStatus.MORE_INFORMATION)
    referral.refresh_from_db()
    referrer = actor_of(world.user(Role.PARTNER_PROFESSIONAL), world.house)
    steps = referral_next_steps(actor=referrer, referral=referral)
    assert steps.supply_information and not steps.forward and not steps.decide_in
    other = actor_of(world.user(Role.PARTNER_PROFESSIONAL, org="other"), world.house)
    assert not referral_next_steps(actor=other, referral=referral)


# --- the one-referral agenda service ------------------------------------------------------------


def test_agenda_add_puts_it_on_with_its_event_and_audit(world, coordinator, session):
    referral = refer(world)
    version = referral.version
    agenda_add(actor=coordinator, session=session, referral=referral)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ON_AGENDA and referral.version == version + 1
    assert AgendaItem.objects.get(session=session).referral == referral
    assert referral.events.filter(kind=EventKind.ON_AGENDA).exists()
    assert AuditEvent.objects.filter(
        action=Action.UPDATE, object_type="triage_session", object_id=str(session.id)
    ).exists()
    with pytest.raises(ValidationError):  # twice: refused, nothing doubles
        agenda_add(actor=coordinator, session=session, referral=referral)
    assert AgendaItem.objects.filter(referral=referral).count() == 1


def test_agenda_add_refuses_a_closed_session_and_a_decided_referral(world, coordinator, session):
    decided = accepted_case(world, coordinator).origin_referral
    with pytest.raises(ValidationError):
        agenda_add(actor=coordinator, session=session, referral=decided)
    triage_session_close(actor=coordinator, session=session)
    waiting = refer(world)
    with pytest.raises(ValidationError):
        agenda_add(actor=coordinator, session=session, referral=waiting)
    waiting.refresh_from_db()
    assert waiting.status == ReferralStatus.RECEIVED
    assert not AgendaItem.objects.exists()


def test_agenda_add_is_the_coordinators(world, session):
    chain_manager = actor_of(world.user(Role.CHAIN_MANAGER), world.house)
    with pytest.raises(PermissionDenied):
        agenda_add(actor=chain_manager, session=session, referral=refer(world))


def test_the_agenda_add_view_and_bad_input(world, client_for, session):
    referral = refer(world)
    client = client_for(world.user(Role.PROCESS_COORDINATOR))
    url = reverse("triage:agenda-add", kwargs={"referral_id": referral.id})
    response = client.post(url, {"session": "geen-sessie"}, follow=True)
    assert response.status_code == 200
    assert "Kies een open triagesessie" in response.content.decode()
    assert not AgendaItem.objects.exists()
    response = client.post(url, {"session": str(session.id)})
    assert response["Location"] == reverse("triage:session", kwargs={"session_id": session.id})
    assert AgendaItem.objects.filter(referral=referral).exists()


# --- the page -----------------------------------------------------------------------------------


def test_no_empty_actions_heading_and_the_case_both_ways(world, client_for, coordinator):
    case = accepted_case(world, coordinator)
    referral = case.origin_referral
    referral_url = reverse("intake:detail", kwargs={"referral_id": referral.id})
    case_url = reverse("cases:detail", kwargs={"case_id": case.id})

    staff = client_for(world.user(Role.PROCESS_COORDINATOR))
    html = staff.get(referral_url).content.decode()
    assert ">Acties<" not in html  # decided: nothing left to do
    assert case_url in html
    assert referral_url in staff.get(case_url).content.decode()

    # The referrer sees the case only once their organisation takes part in it.
    referrer = client_for(world.user(Role.PARTNER_PROFESSIONAL))
    html = referrer.get(referral_url).content.decode()
    assert case_url not in html and ">Acties<" not in html
    CaseParticipant.objects.create(
        case=case, organisation=world.own_org, reason="Kent de betrokkene"
    )
    assert case_url in referrer.get(referral_url).content.decode()
    assert referral_url in referrer.get(case_url).content.decode()
    # A colleague of the same organisation takes part too, but did not refer: no link back.
    colleague_user = UserFactory(username="collega", organisation=world.own_org)
    MembershipFactory(user=colleague_user, house=world.house, role=Role.PARTNER_PROFESSIONAL)
    colleague = client_for(colleague_user)
    assert referral_url not in colleague.get(case_url).content.decode()
