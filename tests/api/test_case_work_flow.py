"""One case from a stuck agreement to step-down, end to end through the API: the house's staff
with their sessions, the partner's application with its token, the mayor with a session."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from zvh.cases.models import CaseStatus, StepDownCriterion
from zvh.cases.services import case_change_status
from zvh.network.models import Role

from .conftest import bearer, send

pytestmark = pytest.mark.django_db


def _ok(response, status: int = 200) -> dict:
    assert response.status_code == status, response.content
    return response.json()


def test_a_stuck_agreement_is_escalated_answered_delivered_reviewed_and_stepped_down(
    world, client_for, issue_token, casework
):
    today = timezone.localdate()
    case_url = f"/api/v1/cases/{casework.case.id}/"
    coordinator = client_for(world.user(Role.PROCESS_COORDINATOR))
    professional = client_for(world.user(Role.PARTNER_PROFESSIONAL))
    mayor_user = world.user(Role.ADMINISTRATOR)
    mayor = client_for(mayor_user)
    application = bearer(issue_token(scopes=("cases:read", "cases:write"))[1])
    criterion = StepDownCriterion.objects.create(house=world.house, text="Geen open afspraken")

    # The coordinator makes an agreement with the partner's professional.
    agreement = _ok(
        send(
            coordinator,
            "POST",
            f"{case_url}plan/agreements/",
            {
                "id": str(uuid.uuid4()),
                "what": "Urgentieverklaring aanvragen",
                "domain": "social",
                "owner": world.user(Role.PARTNER_PROFESSIONAL).pk,
                "due_date": (today + timedelta(days=3)).isoformat(),
            },
        ),
        201,
    )
    # It gets stuck: the professional proposes an escalation naming it ...
    escalation = _ok(
        send(
            professional,
            "POST",
            f"{case_url}escalations/",
            {
                "reason": "missing_mandate",
                "explanation": "Geen mandaat",
                "agreement": agreement["id"],
            },
        ),
        201,
    )
    # ... the coordinator raises it to the mayor, who answers.
    _ok(
        send(
            coordinator,
            "POST",
            f"{case_url}escalations/{escalation['id']}/raise/",
            {"addressee": mayor_user.pk},
        )
    )
    seen = _ok(mayor.get(f"/api/v1/escalations/{escalation['id']}/"))
    assert seen["agreement"]["what"] == "Urgentieverklaring aanvragen"
    answer = send(
        mayor,
        "POST",
        f"/api/v1/escalations/{escalation['id']}/response/",
        {"response": "Mandaat verleend", "resolved": True},
    )
    assert _ok(answer)["status"] == "resolved"

    # The partner's application reports both agreements done.
    plan = _ok(application.get(f"{case_url}plan/"))
    for item in plan["agreements"]:
        assert item["may_report"]
        done = send(
            application,
            "POST",
            f"{case_url}plan/agreements/{item['id']}/status/",
            {"version": item["version"], "status": "done", "note": "Geleverd"},
        )
        assert _ok(done)["status"] == "done"

    # Meanwhile the plan was carried out (a status this API does not set: the UI does).
    for status in (CaseStatus.PLAN_IN_PREPARATION, CaseStatus.IN_EXECUTION):
        casework.case.refresh_from_db()
        case_change_status(
            actor=casework.coordinator,
            case=casework.case,
            expected_version=casework.case.version,
            to_status=status,
        )

    # A review, then the step-down: proposed, and closed with the checklist met.
    review = send(
        coordinator,
        "POST",
        f"{case_url}reviews/",
        {"held_on": today.isoformat(), "progress": {casework.goal_id: "Woning toegewezen"}},
    )
    version = _ok(review, 201)["case_version"]
    proposal = send(coordinator, "POST", f"{case_url}step-down/proposal/", {"version": version})
    version = _ok(proposal)["version"]
    closed = send(
        coordinator,
        "POST",
        f"{case_url}step-down/",
        {
            "version": version,
            "criteria": [{"criterion": str(criterion.id), "met": True}],
            "receiving_organisation": str(world.own_org.id),
            "receiving_person": "Wijkteam Noord",
        },
    )
    assert _ok(closed)["status"] == "closed"

    # The partner's application still reads the case, now closed and stepped down.
    final = _ok(application.get(case_url))
    assert (final["status"], final["closure_reason"]) == ("closed", "stepped_down")
    assert final["next_review_date"] is None
