"""Escalation through the API: proposed by a participant, raised by house staff, answered by the
addressee, who sees only the escalation. Recorded in a person's name: no tokens."""

from __future__ import annotations

import uuid

import pytest

from tests.factories.intake import actor_of
from zvh.cases.models import Escalation, EscalationStatus
from zvh.escalation.services import EscalationInput, escalation_propose, escalation_raise
from zvh.network.models import Role
from zvh.notifications.models import Notification

from .conftest import bearer, send

pytestmark = pytest.mark.django_db


def _invalid(response) -> set[str]:
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    return {param["name"] for param in response.json()["invalid_params"]}


def _propose_url(casework) -> str:
    return f"/api/v1/cases/{casework.case.id}/escalations/"


@pytest.fixture
def raised(world, casework) -> Escalation:
    """Proposed by the coordinator, raised to the own organisation's administrator (mayor)."""
    item = escalation_propose(
        actor=casework.coordinator,
        case=casework.case,
        data=EscalationInput(reason="missing_mandate", explanation="Geen mandaat"),
    )
    return escalation_raise(
        actor=casework.coordinator, escalation=item, addressee=world.user(Role.ADMINISTRATOR)
    )


def test_a_participant_proposes_once(world, client_for, casework):
    client = client_for(world.user(Role.PARTNER_PROFESSIONAL))
    body = {
        "id": str(uuid.uuid4()),
        "reason": "partner_not_delivering",
        "explanation": "De woning blijft uit",
        "agreement": str(casework.agreement.id),
    }
    first = send(client, "POST", _propose_url(casework), body)
    assert first.status_code == 201, first.content
    assert first.json()["agreement"]["what"] == "Huisbezoek"
    assert first.json()["status"] == "proposed"
    assert send(client, "POST", _propose_url(casework), body).json()["id"] == body["id"]
    assert Escalation.objects.count() == 1
    coordinator = world.user(Role.PROCESS_COORDINATOR)
    assert Notification.objects.filter(user=coordinator, subject__contains="Escalatie").count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"reason": "verveling"}, "reason"),
        ({"explanation": "  "}, "explanation"),
        ({"agreement": str(uuid.uuid4())}, "agreement"),
    ],
)
def test_a_bad_proposal_is_refused(world, client_for, casework, change, field):
    body = {"reason": "other", "explanation": "Vast", **change}
    response = send(
        client_for(world.user(Role.PARTNER_PROFESSIONAL)), "POST", _propose_url(casework), body
    )
    assert field in _invalid(response)
    assert not Escalation.objects.exists()


def test_a_token_cannot_escalate_but_is_told_why(issue_token, casework):
    _, secret = issue_token(scopes=("cases:read", "cases:write"))
    response = send(bearer(secret), "POST", _propose_url(casework), {"reason": "other"})
    assert response.status_code == 403
    assert response.json()["code"] == "person_required"
    assert not Escalation.objects.exists()


def test_who_does_not_see_the_case_cannot_propose(world, client_for, casework):
    outsider = client_for(world.user(Role.PARTNER_PROFESSIONAL, org="other"))
    body = {"reason": "other", "explanation": "Vast"}
    assert send(outsider, "POST", _propose_url(casework), body).status_code == 404
    assert not Escalation.objects.exists()


def test_house_staff_raise_to_an_administrator_of_the_house(world, client_for, casework):
    item = escalation_propose(
        actor=actor_of(world.user(Role.PARTNER_PROFESSIONAL), world.house),
        case=casework.case,
        data=EscalationInput(reason="other", explanation="Vast"),
    )
    url = f"/api/v1/cases/{casework.case.id}/escalations/{item.id}/raise/"
    client = client_for(world.user(Role.PROCESS_COORDINATOR))
    wrong = world.user(Role.ADMINISTRATOR, house="other")
    assert "addressee" in _invalid(send(client, "POST", url, {"addressee": wrong.pk}))
    mayor = world.user(Role.ADMINISTRATOR)
    response = send(client, "POST", url, {"addressee": mayor.pk})
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["addressee"]["id"]) == ("raised", mayor.pk)
    partner = client_for(world.user(Role.PARTNER_PROFESSIONAL))
    assert send(partner, "POST", url, {"addressee": mayor.pk}).status_code == 404


def test_the_addressee_sees_the_minimum_and_answers_once(world, client_for, raised):
    mayor = client_for(world.user(Role.ADMINISTRATOR))
    detail = mayor.get(f"/api/v1/escalations/{raised.id}/")
    assert detail.status_code == 200, detail.content
    body = detail.json()
    assert body["persons"] == [{"given_names": "Piet", "surname_prefix": "", "surname": "Jansen"}]
    assert body["case_number"] == raised.case.number and "case_id" not in body
    # ... and never the case itself.
    assert mayor.get(f"/api/v1/cases/{raised.case_id}/").status_code == 404

    url = f"/api/v1/escalations/{raised.id}/response/"
    assert _invalid(send(mayor, "POST", url, {"response": " ", "resolved": True})) == {"response"}
    answer = send(mayor, "POST", url, {"response": "Mandaat gegeven", "resolved": True})
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "resolved"
    again = send(mayor, "POST", url, {"response": "Nogmaals", "resolved": False})
    assert again.status_code == 400
    raised.refresh_from_db()
    assert (raised.status, raised.response) == (EscalationStatus.RESOLVED, "Mandaat gegeven")


def test_only_the_addressee_answers(world, client_for, raised):
    url = f"/api/v1/escalations/{raised.id}/response/"
    body = {"response": "Niet aan mij", "resolved": False}
    for user in (
        world.user(Role.PROCESS_COORDINATOR),  # sees the escalation, is not its addressee
        world.user(Role.ADMINISTRATOR, org="other"),  # another administrator
        world.user(Role.PARTNER_PROFESSIONAL),
    ):
        assert send(client_for(user), "POST", url, body).status_code == 404
        if user.memberships.filter(role=Role.ADMINISTRATOR).exists():
            assert client_for(user).get(f"/api/v1/escalations/{raised.id}/").status_code == 404
    raised.refresh_from_db()
    assert raised.status == EscalationStatus.RAISED
