"""Escalation: proposed by a participant, raised by house staff to the chain manager or an
administrator, answered and closed by the addressee, who sees only the escalation."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.factories.intake import actor_of
from zvh.audit.models import Action, AuditEvent
from zvh.cases.journal import JournalKind
from zvh.cases.models import Escalation, EscalationStatus
from zvh.escalation.services import (
    EscalationInput,
    escalation_propose,
    escalation_raise,
    escalation_respond,
)
from zvh.intake.services import PersonInput
from zvh.network.models import Role
from zvh.notifications.models import Notification

from .conftest import accepted_case, join

pytestmark = pytest.mark.django_db


@pytest.fixture
def participating(world, case, coordinator):
    """The own organisation takes part: its professional may propose."""
    join(case, coordinator, world.own_org)
    return actor_of(world.user(Role.PARTNER_PROFESSIONAL), world.house)


@pytest.fixture
def mayor(world):
    return world.user(Role.ADMINISTRATOR)


def _agreement(world, case, coordinator):
    from zvh.plans import services as plan_services

    plan_services.plan_goal_set(
        actor=coordinator, case=case, expected_version=1, goals={"housing": "Een woning"}
    )
    return plan_services.agreement_create(
        actor=coordinator,
        case=case,
        data=plan_services.AgreementInput(
            what="Urgentieverklaring aanvragen",
            domain="social",
            owner=world.user(Role.PARTNER_PROFESSIONAL),
            due_date=timezone.localdate() + timedelta(days=3),
        ),
    )


def _second_case(world, coordinator):
    return accepted_case(
        world, coordinator, persons=[PersonInput(surname="Visser", given_names="Anna")]
    )


def _propose(actor, case, agreement=None) -> Escalation:
    return escalation_propose(
        actor=actor,
        case=case,
        data=EscalationInput(
            reason="partner_not_delivering", explanation="Woning blijft uit", agreement=agreement
        ),
    )


def test_the_whole_path_through_the_pages(
    world, case, coordinator, participating, mayor, client_for
):
    agreement = _agreement(world, case, coordinator)
    professional = client_for(world.user(Role.PARTNER_PROFESSIONAL))
    response = professional.post(
        reverse("cases:escalation-propose", kwargs={"case_id": case.id}),
        {
            "escalation_id": uuid.uuid4(),
            "reason": "partner_not_delivering",
            "explanation": "Woning blijft uit",
            "agreement": agreement.id,
        },
    )
    assert response.status_code == 302
    escalation = Escalation.objects.get(case=case)
    assert escalation.status == EscalationStatus.PROPOSED
    assert escalation.agreement == agreement

    coordinator_client = client_for(world.user(Role.PROCESS_COORDINATOR))
    response = coordinator_client.post(
        reverse(
            "cases:escalation-raise", kwargs={"case_id": case.id, "escalation_id": escalation.id}
        ),
        {"addressee": mayor.pk},
    )
    assert response.status_code == 302
    escalation.refresh_from_db()
    assert (escalation.status, escalation.addressee) == (EscalationStatus.RAISED, mayor)
    assert Notification.objects.filter(user=mayor).count() == 1

    mayor_client = client_for(mayor)
    detail = reverse("cases:escalation-detail", kwargs={"escalation_id": escalation.id})
    page = mayor_client.get(detail)
    assert page.status_code == 200
    content = page.content.decode()
    assert "Jansen" in content and "Urgentieverklaring aanvragen" in content
    # No way into the case: the administrator sees no cases.
    assert reverse("cases:detail", kwargs={"case_id": case.id}) not in content
    assert mayor_client.get(reverse("cases:detail", kwargs={"case_id": case.id})).status_code == 404

    response = mayor_client.post(
        reverse("cases:escalation-respond", kwargs={"escalation_id": escalation.id}),
        {"response": "Woning toegewezen", "resolved": "yes"},
    )
    assert response.status_code == 302
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.RESOLVED
    assert escalation.response == "Woning toegewezen"
    kinds = set(case.journal.values_list("kind", flat=True))
    assert {
        JournalKind.ESCALATION_PROPOSED,
        JournalKind.ESCALATION_RAISED,
        JournalKind.ESCALATION_CLOSED,
    } <= kinds
    assert (
        AuditEvent.objects.filter(object_type="escalation", object_id=str(escalation.id)).count()
        >= 4
    )
    # The case page shows the escalation to participants.
    case_page = professional.get(reverse("cases:detail", kwargs={"case_id": case.id}))
    assert "Woning toegewezen" in case_page.content.decode()


def test_administrator_sees_only_escalations_raised_to_them(
    world, case, coordinator, participating, mayor, client_for
):
    mine = _propose(participating, case)
    escalation_raise(actor=coordinator, escalation=mine, addressee=mayor)
    other_case = _second_case(world, coordinator)
    to_chain_manager = _propose(coordinator, other_case)
    escalation_raise(
        actor=coordinator, escalation=to_chain_manager, addressee=world.user(Role.CHAIN_MANAGER)
    )
    only_proposed = _propose(coordinator, other_case)

    mayor_client = client_for(mayor)
    listing = mayor_client.get(reverse("cases:escalation-list")).content.decode()
    assert str(mine.id) in listing
    assert str(to_chain_manager.id) not in listing and str(only_proposed.id) not in listing
    for hidden in (to_chain_manager, only_proposed):
        url = reverse("cases:escalation-detail", kwargs={"escalation_id": hidden.id})
        assert mayor_client.get(url).status_code == 404
    # Another administrator of the house, and the same role in the other house: nothing.
    for user in (
        world.user(Role.ADMINISTRATOR, org="other"),
        world.user(Role.ADMINISTRATOR, house="other"),
    ):
        url = reverse("cases:escalation-detail", kwargs={"escalation_id": mine.id})
        assert client_for(user).get(url).status_code == 404
        respond = reverse("cases:escalation-respond", kwargs={"escalation_id": mine.id})
        assert (
            client_for(user).post(respond, {"response": "x", "resolved": "no"}).status_code == 404
        )
    mine.refresh_from_db()
    assert mine.status == EscalationStatus.RAISED


def test_a_non_participant_cannot_propose(world, case, client_for):
    outsider = client_for(world.user(Role.PARTNER_PROFESSIONAL, org="other"))
    url = reverse("cases:escalation-propose", kwargs={"case_id": case.id})
    assert outsider.post(url, {"reason": "other", "explanation": "x"}).status_code == 404
    assert not Escalation.objects.exists()


def test_bad_input_is_refused_and_changes_nothing(
    world, case, coordinator, participating, client_for
):
    professional = client_for(world.user(Role.PARTNER_PROFESSIONAL))
    url = reverse("cases:escalation-propose", kwargs={"case_id": case.id})
    response = professional.post(url, {"reason": "bogus", "explanation": "  "})
    assert response.status_code == 400
    assert not Escalation.objects.exists()
    # A partner professional may propose but not raise.
    escalation = _propose(participating, case)
    with pytest.raises(PermissionDenied):
        escalation_raise(
            actor=participating, escalation=escalation, addressee=world.user(Role.CHAIN_MANAGER)
        )
    # Only the chain manager or an administrator of the house can be the addressee.
    for wrong in (
        world.user(Role.PROCESS_COORDINATOR),
        world.user(Role.ADMINISTRATOR, house="other"),
    ):
        with pytest.raises(ValidationError):
            escalation_raise(actor=coordinator, escalation=escalation, addressee=wrong)
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.PROPOSED


def test_an_agreement_of_another_case_is_refused(world, case, coordinator, participating):
    other_case = _second_case(world, coordinator)
    join(other_case, coordinator, world.own_org)
    agreement = _agreement(world, other_case, coordinator)
    with pytest.raises(ValidationError) as error:
        _propose(participating, case, agreement)
    assert "agreement" in error.value.message_dict


def test_chain_manager_first_then_an_administrator(world, case, coordinator, participating, mayor):
    escalation = _propose(participating, case)
    chain_manager = world.user(Role.CHAIN_MANAGER)
    escalation_raise(actor=coordinator, escalation=escalation, addressee=chain_manager)
    # Not back down, not sideways.
    with pytest.raises(ValidationError):
        escalation_raise(
            actor=coordinator,
            escalation=escalation,
            addressee=world.user(Role.CHAIN_MANAGER, org="other"),
        )
    escalation_raise(
        actor=actor_of(chain_manager, world.house), escalation=escalation, addressee=mayor
    )
    escalation.refresh_from_db()
    assert escalation.addressee == mayor
    with pytest.raises(ValidationError):
        escalation_raise(actor=coordinator, escalation=escalation, addressee=chain_manager)
    # Only the addressee answers; once closed it stays closed.
    with pytest.raises(PermissionDenied):
        escalation_respond(actor=coordinator, escalation=escalation, response="x", resolved=True)
    mayor_actor = actor_of(mayor, world.house)
    escalation_respond(
        actor=mayor_actor, escalation=escalation, response="Geen middelen", resolved=False
    )
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.UNRESOLVED
    with pytest.raises(ValidationError):
        escalation_respond(actor=mayor_actor, escalation=escalation, response="x", resolved=True)
    with pytest.raises(ValidationError):
        escalation_raise(actor=coordinator, escalation=escalation, addressee=mayor)


def test_a_second_submit_of_the_same_proposal_creates_nothing_twice(
    world, case, coordinator, participating, client_for
):
    professional = client_for(world.user(Role.PARTNER_PROFESSIONAL))
    url = reverse("cases:escalation-propose", kwargs={"case_id": case.id})
    page = professional.get(url)
    escalation_id = page.context["form"].initial["escalation_id"]
    assert f'value="{escalation_id}"' in page.content.decode()  # the form carries its id
    data = {"escalation_id": escalation_id, "reason": "other", "explanation": "Loopt vast"}
    assert professional.post(url, data).status_code == 302
    assert professional.post(url, data).status_code == 302
    escalation = Escalation.objects.get()
    assert escalation.id == escalation_id
    assert case.journal.filter(kind=JournalKind.ESCALATION_PROPOSED).count() == 1
    told = Notification.objects.filter(
        user=world.user(Role.PROCESS_COORDINATOR), subject__startswith="Escalatie voorgesteld"
    )
    assert told.count() == 1
    assert AuditEvent.objects.filter(object_type="escalation", action=Action.CREATE).count() == 1


def test_an_id_of_someone_elses_proposal_is_not_reused(world, case, coordinator, participating):
    """A reused id never returns (or touches) another person's escalation: a new one is made."""
    first = escalation_propose(
        actor=participating,
        case=case,
        data=EscalationInput(reason="other", explanation="Eerste"),
        escalation_id=uuid.uuid4(),
    )
    second = escalation_propose(
        actor=coordinator,
        case=case,
        data=EscalationInput(reason="other", explanation="Tweede"),
        escalation_id=first.id,
    )
    assert second.id != first.id
    first.refresh_from_db()
    assert first.explanation == "Eerste"
    assert Escalation.objects.count() == 2
