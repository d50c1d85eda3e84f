"""The plan and its agreements through the API: reading, making, changing, reporting done or not
delivered; optimistic locking on the agreement's `version` (409)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.cases.conftest import join
from zvh.audit.models import AuditEvent, Result
from zvh.cases.models import CaseJournalEntry, CaseParticipant
from zvh.network.models import Role
from zvh.notifications.models import Notification
from zvh.plans.models import Agreement, AgreementStatus

from .conftest import bearer, send

pytestmark = pytest.mark.django_db

CASE_SCOPES = ("cases:read", "cases:write")


def _token(issue_token, **kwargs):
    return bearer(issue_token(scopes=kwargs.pop("scopes", CASE_SCOPES), **kwargs)[1])


def _invalid(response) -> dict[str, dict]:
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    return {param["name"]: param for param in response.json()["invalid_params"]}


def _agreements_url(casework) -> str:
    return f"/api/v1/cases/{casework.case.id}/plan/agreements/"


def _agreement_url(casework, suffix: str = "") -> str:
    return f"{_agreements_url(casework)}{casework.agreement.id}/{suffix}"


# --- the plan -----------------------------------------------------------------------------------


def test_a_token_reads_the_plan_and_may_report_on_its_own_agreements(issue_token, casework):
    response = _token(issue_token, scopes=("cases:read",)).get(
        f"/api/v1/cases/{casework.case.id}/plan/"
    )
    assert response.status_code == 200, response.content
    plan = response.json()
    assert plan["status"] == "draft" and plan["revision"] == 2
    assert [goal["life_domain"] for goal in plan["goals"]] == ["housing"]
    (agreement,) = plan["agreements"]
    assert agreement["id"] == str(casework.agreement.id)
    assert agreement["owner_organisation"]["name"] == "Eigen organisatie"
    assert (agreement["status"], agreement["overdue"], agreement["may_report"]) == (
        "open",
        False,
        True,
    )
    assert agreement["version"] == 1
    assert AuditEvent.objects.filter(object_type="plan", object_id=str(casework.case.id)).exists()


def test_the_plan_of_a_case_not_seen_is_404(world, issue_token, client_for, casework):
    for client in (
        _token(issue_token, organisation=world.other_org),
        client_for(world.user(Role.PARTNER_PROFESSIONAL, org="other")),
        client_for(world.user(Role.PROCESS_COORDINATOR, house="other")),
    ):
        assert client.get(f"/api/v1/cases/{casework.case.id}/plan/").status_code == 404
    assert AuditEvent.objects.filter(object_type="plan", result=Result.DENIED).count() == 3


# --- making and changing agreements -------------------------------------------------------------


def _new(world, **change) -> dict:
    return {
        "what": "Schuldhulp aanvragen",
        "domain": "social",
        "owner": world.user(Role.PARTNER_PROFESSIONAL).pk,
        "due_date": (timezone.localdate() + timedelta(days=14)).isoformat(),
        **change,
    }


def test_house_staff_make_an_agreement_once_and_the_owner_is_told(world, client_for, casework):
    client = client_for(world.user(Role.PROCESS_COORDINATOR))
    body = _new(world, id=str(uuid.uuid4()))
    first = send(client, "POST", _agreements_url(casework), body)
    assert first.status_code == 201, first.content
    again = send(client, "POST", _agreements_url(casework), body)
    assert again.json()["id"] == first.json()["id"] == body["id"]
    assert Agreement.objects.filter(case=casework.case).count() == 2
    owner = world.user(Role.PARTNER_PROFESSIONAL)
    assert Notification.objects.filter(user=owner, subject__contains="eigenaar").count() == 2


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"due_date": "2001-01-01"}, "due_date"),
        ({"what": "   "}, "what"),
        ({"domain": "magie"}, "domain"),
        ({"owner": 999999}, "owner"),
        ({"due_date": "31-12-2030"}, "due_date"),
        # Beyond the house's planning horizon (five years): the service's rule (decision 0181).
        ({"due_date": (timezone.localdate() + timedelta(days=6 * 366)).isoformat()}, "due_date"),
    ],
)
def test_a_bad_agreement_is_refused_naming_the_field(world, client_for, casework, change, field):
    response = send(
        client_for(world.user(Role.PROCESS_COORDINATOR)),
        "POST",
        _agreements_url(casework),
        _new(world, **change),
    )
    assert field in _invalid(response)
    assert Agreement.objects.filter(case=casework.case).count() == 1


def test_an_owner_whose_organisation_does_not_take_part_needs_a_reason(world, client_for, casework):
    client = client_for(world.user(Role.PROCESS_COORDINATOR))
    body = _new(world, owner=world.user(Role.PARTNER_PROFESSIONAL, org="other").pk)
    refused = _invalid(send(client, "POST", _agreements_url(casework), body))
    assert refused["owner"]["code"] == "not_participating"
    assert "neemt niet deel" in refused["owner"]["reason"]
    body["add_participant_reason"] = "Schuldhulp loopt via hen"
    assert send(client, "POST", _agreements_url(casework), body).status_code == 201
    assert CaseParticipant.objects.filter(
        case=casework.case, organisation=world.other_org, ended_at__isnull=True
    ).exists()


def test_partners_and_tokens_make_no_agreements(world, client_for, issue_token, casework):
    for client in (client_for(world.user(Role.PARTNER_PROFESSIONAL)), _token(issue_token)):
        response = send(client, "POST", _agreements_url(casework), _new(world))
        assert response.status_code == 404
    assert Agreement.objects.filter(case=casework.case).count() == 1


def test_an_agreement_is_changed_once_and_a_stale_change_is_409(world, client_for, casework):
    client = client_for(world.user(Role.PROCESS_COORDINATOR))
    later = (timezone.localdate() + timedelta(days=30)).isoformat()
    response = send(client, "PATCH", _agreement_url(casework), {"version": 1, "due_date": later})
    assert response.status_code == 200, response.content
    assert (response.json()["due_date"], response.json()["version"]) == (later, 2)
    assert response.json()["what"] == "Huisbezoek"  # left out: kept

    # A second editor who read version 1: refused, and nothing of theirs is written.
    conflict = send(client, "PATCH", _agreement_url(casework), {"version": 1, "what": "Anders"})
    assert conflict.status_code == 409
    assert conflict["Content-Type"] == "application/problem+json"
    assert conflict.json()["code"] == "version_conflict"
    casework.agreement.refresh_from_db()
    assert (casework.agreement.what, casework.agreement.version) == ("Huisbezoek", 2)


def test_a_change_needs_the_version_and_is_for_house_staff(world, client_for, casework):
    staff = client_for(world.user(Role.CHAIN_MANAGER))
    assert "version" in _invalid(send(staff, "PATCH", _agreement_url(casework), {"what": "x"}))
    partner = client_for(world.user(Role.PARTNER_PROFESSIONAL))
    response = send(partner, "PATCH", _agreement_url(casework), {"version": 1, "what": "x"})
    assert response.status_code == 404
    unknown = f"{_agreements_url(casework)}{uuid.uuid4()}/"
    assert send(staff, "PATCH", unknown, {"version": 1}).status_code == 404


# --- done / not delivered -----------------------------------------------------------------------


def test_a_token_reports_its_agreement_done_once(issue_token, casework):
    client = _token(issue_token)
    body = {"version": 1, "status": "done", "note": "Huisbezoek afgelegd"}
    response = send(client, "POST", _agreement_url(casework, "status/"), body)
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["version"]) == ("done", 2)
    # The same report again (a retry after a lost answer) changes nothing.
    again = send(client, "POST", _agreement_url(casework, "status/"), body)
    assert again.status_code == 200 and again.json()["version"] == 2
    entries = CaseJournalEntry.objects.filter(case=casework.case, kind="agreement_done")
    assert entries.count() == 1
    assert entries.get().by_organisation_id == casework.agreement.owner_organisation_id


def test_not_delivered_needs_a_note_and_a_current_version(world, client_for, casework):
    client = client_for(world.user(Role.PARTNER_PROFESSIONAL))
    url = _agreement_url(casework, "status/")
    assert "note" in _invalid(
        send(client, "POST", url, {"version": 1, "status": "not_delivered", "note": " "})
    )
    assert "status" in _invalid(send(client, "POST", url, {"version": 1, "status": "open"}))
    Agreement.objects.filter(pk=casework.agreement.pk).update(version=2)  # someone else, meanwhile
    stale = send(
        client, "POST", url, {"version": 1, "status": "not_delivered", "note": "Geen tijd"}
    )
    assert stale.status_code == 409
    casework.agreement.refresh_from_db()
    assert casework.agreement.status == AgreementStatus.OPEN


def test_who_may_not_report_gets_404(world, client_for, issue_token, casework):
    # The other organisation takes part in the case but does not own the agreement.
    join(casework.case, casework.coordinator, world.other_org)
    url = _agreement_url(casework, "status/")
    body = {"version": 1, "status": "done", "note": "Gedaan"}
    for client in (
        client_for(world.user(Role.PARTNER_PROFESSIONAL, org="other")),
        _token(issue_token, organisation=world.other_org),
    ):
        assert send(client, "POST", url, body).status_code == 404
    # Cancelling is the house's decision, not the owner's.
    cancel = {"version": 1, "status": "cancelled", "note": "Niet meer nodig"}
    assert send(_token(issue_token), "POST", url, cancel).status_code == 404
    casework.agreement.refresh_from_db()
    assert casework.agreement.status == AgreementStatus.OPEN
    staff = client_for(world.user(Role.PROCESS_COORDINATOR))
    assert send(staff, "POST", url, cancel).json()["status"] == "cancelled"
