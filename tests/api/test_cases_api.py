"""Case work through the API: the case list and one case, reviews and step-down.

Each endpoint: the allowed caller, a denied one (404, existence not told), invalid input (400
problem+json naming the field) and, where a `version` is sent, a concurrent change (409)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories.people import CaseFactory, CaseParticipantFactory
from zvh.audit.models import Action, AuditEvent, Result
from zvh.cases.models import Case, CaseReview, CaseStatus, StepDownCheck, StepDownCriterion
from zvh.cases.services import case_change_status
from zvh.network.models import Role

from .conftest import bearer, send

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"
CASE_SCOPES = ("cases:read", "cases:write")


def _today():
    return timezone.localdate()


def _token(issue_token, **kwargs):
    return bearer(issue_token(scopes=kwargs.pop("scopes", CASE_SCOPES), **kwargs)[1])


def _problem(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    return response.json()


def _invalid_names(response) -> set[str]:
    return {param["name"] for param in _problem(response, 400)["invalid_params"]}


def _in_execution(casework) -> Case:
    case = casework.case
    for status in (CaseStatus.PLAN_IN_PREPARATION, CaseStatus.IN_EXECUTION):
        case_change_status(
            actor=casework.coordinator, case=case, expected_version=case.version, to_status=status
        )
    return case


# --- the case list ------------------------------------------------------------------------------


def test_a_token_lists_the_cases_its_organisation_takes_part_in(world, issue_token, casework):
    others = CaseFactory(house=world.house)
    CaseParticipantFactory(case=others, organisation=world.other_org)
    elsewhere = CaseFactory(house=world.other_house)
    CaseParticipantFactory(case=elsewhere, organisation=world.own_org)
    token, secret = issue_token(scopes=("cases:read",))
    response = bearer(secret).get("/api/v1/cases/")
    assert response.status_code == 200, response.content
    rows = response.json()["results"]
    assert [row["id"] for row in rows] == [str(casework.case.id)]
    assert rows[0]["persons"][0]["surname"] == "Jansen"
    assert rows[0]["process_coordinator"]["id"] == world.user(Role.PROCESS_COORDINATOR).pk
    event = AuditEvent.objects.get(action=Action.LIST, object_type="case")
    assert event.api_token_id == token.id
    assert event.person_ids == [rows[0]["persons"][0]["id"]]


def test_house_staff_list_every_case_of_the_house_by_status_and_page(world, client_for, casework):
    CaseFactory.create_batch(2, house=world.house)
    CaseFactory(house=world.house, status=CaseStatus.CLOSED)
    client = client_for(world.user(Role.CHAIN_MANAGER))
    first = client.get("/api/v1/cases/", {"page_size": 2}).json()
    second = client.get("/api/v1/cases/", {"page_size": 2, "cursor": first["next_cursor"]}).json()
    assert len(first["results"]) == 2 and len(second["results"]) == 1
    assert second["next_cursor"] is None
    closed = client.get("/api/v1/cases/", {"status": "closed"}).json()["results"]
    assert [row["status"] for row in closed] == ["closed"]
    every = client.get("/api/v1/cases/", {"status": "all"}).json()["results"]
    assert sorted(row["status"] for row in every) == ["accepted"] * 3 + ["closed"]


def test_a_page_holds_50_cases_unless_the_client_asks_up_to_100(world, issue_token, casework):
    _add_cases(world, 120)
    client = _token(issue_token)
    assert len(client.get("/api/v1/cases/").json()["results"]) == 50
    first = client.get("/api/v1/cases/", {"page_size": 100}).json()
    assert len(first["results"]) == 100
    rest = client.get("/api/v1/cases/", {"page_size": 100, "cursor": first["next_cursor"]}).json()
    assert len(rest["results"]) == 21 and rest["next_cursor"] is None
    ids = [row["id"] for row in first["results"] + rest["results"]]
    assert len(set(ids)) == 121


@pytest.mark.parametrize(
    "query",
    [
        {"status": "bijna"},
        {"cursor": "geen-cursor"},
        {"page_size": "101"},
        {"page_size": "0"},
        {"page_size": "tien"},
    ],
)
def test_a_bad_list_query_is_400_naming_it(world, client_for, query):
    response = client_for(world.user(Role.PROCESS_COORDINATOR)).get("/api/v1/cases/", query)
    assert _invalid_names(response) == set(query)


def test_without_the_scope_a_token_hears_which_one_is_missing(issue_token, casework):
    client = _token(issue_token, scopes=("persons:read",))
    body = _problem(client.get("/api/v1/cases/"), 403)
    assert body["code"] == "insufficient_scope" and "cases:read" in body["detail"]
    write = send(client, "POST", f"/api/v1/cases/{casework.case.id}/reviews/", {})
    assert "cases:write" in _problem(write, 403)["detail"]


def _add_cases(world, count: int) -> None:
    for case in CaseFactory.create_batch(count, house=world.house):
        CaseParticipantFactory(case=case, organisation=world.own_org)


def test_the_list_costs_a_fixed_number_of_queries_at_3_and_at_120_cases(
    world, issue_token, casework, django_assert_max_num_queries
):
    client = _token(issue_token)
    client.get("/api/v1/cases/")  # the first call also records last_used_at
    for extra in (2, 117):
        _add_cases(world, extra)
        # Token, rate-limit count, page, persons of the page, and the audit event (savepoint,
        # chain head, event, its person index, head update, release).
        with django_assert_max_num_queries(10):
            response = client.get("/api/v1/cases/", {"page_size": 100})
        assert response.status_code == 200
    assert len(response.json()["results"]) == 100


# --- one case -----------------------------------------------------------------------------------


def test_one_case_with_persons_participants_status_and_next_review(world, issue_token, casework):
    token, secret = issue_token(scopes=("cases:read",))
    response = bearer(secret).get(f"/api/v1/cases/{casework.case.id}/")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["number"] == casework.case.number
    assert body["status"] == "accepted" and body["version"] == casework.case.version
    assert body["next_review_date"] == casework.case.next_review_date.isoformat()
    assert [p["surname"] for p in body["persons"]] == ["Jansen"]
    assert [p["organisation"]["id"] for p in body["participants"]] == [str(world.own_org.id)]
    event = AuditEvent.objects.get(action=Action.VIEW, object_type="case", result=Result.OK)
    assert event.api_token_id == token.id and event.person_ids == [body["persons"][0]["id"]]


@pytest.mark.parametrize(
    "who", ["other_org_partner", "other_house_coordinator", "privacy_officer", "unknown_id"]
)
def test_a_case_the_caller_may_not_see_is_404_and_recorded(world, client_for, casework, who):
    users = {
        "other_org_partner": world.user(Role.PARTNER_PROFESSIONAL, org="other"),
        "other_house_coordinator": world.user(Role.PROCESS_COORDINATOR, house="other"),
        "privacy_officer": world.user(Role.PRIVACY_OFFICER),
        "unknown_id": world.user(Role.PROCESS_COORDINATOR),
    }
    case_id = uuid.uuid4() if who == "unknown_id" else casework.case.id
    response = client_for(users[who]).get(f"/api/v1/cases/{case_id}/")
    assert _problem(response, 404)["code"] == "not_found"
    assert AuditEvent.objects.filter(user_id=users[who].pk, result=Result.DENIED).exists()


def test_a_token_of_another_organisation_does_not_see_the_case(world, issue_token, casework):
    client = _token(issue_token, organisation=world.other_org)
    assert client.get(f"/api/v1/cases/{casework.case.id}/").status_code == 404
    assert client.get("/api/v1/cases/").json()["results"] == []


# --- review -------------------------------------------------------------------------------------


def _review_url(casework) -> str:
    return f"/api/v1/cases/{casework.case.id}/reviews/"


def test_house_staff_record_a_review_once(world, client_for, casework):
    client = client_for(world.user(Role.PROCESS_COORDINATOR))
    body = {
        "id": str(uuid.uuid4()),
        "held_on": _today().isoformat(),
        "progress": {casework.goal_id: "Woning in zicht"},
        "zrm_scores": {"housing": 2},
        "next_review_date": (_today() + timedelta(weeks=4)).isoformat(),
    }
    first = send(client, "POST", _review_url(casework), body)
    assert first.status_code == 201, first.content
    assert send(client, "POST", _review_url(casework), body).json()["id"] == body["id"]
    review = CaseReview.objects.get()
    assert review.zrm_scores == {"housing": 2}
    casework.case.refresh_from_db()
    assert casework.case.next_review_date.isoformat() == body["next_review_date"]
    assert first.json()["case_version"] == casework.case.version


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"held_on": "2999-01-01"}, "held_on"),
        ({"next_review_date": "2000-01-01"}, "next_review_date"),
        ({"zrm_scores": {"housing": 6}}, "zrm_scores.housing"),
        ({"zrm_scores": {"moon": 3}}, "zrm_scores"),
        ({"progress": {}}, "progress"),
        ({"held_on": "gisteren"}, "held_on"),
    ],
)
def test_a_bad_review_is_refused_naming_the_field(world, client_for, casework, change, field):
    body = {
        "held_on": _today().isoformat(),
        "progress": {casework.goal_id: "Voortgang"},
        **change,
    }
    response = send(
        client_for(world.user(Role.PROCESS_COORDINATOR)), "POST", _review_url(casework), body
    )
    assert field in _invalid_names(response)
    assert not CaseReview.objects.exists()


def test_partners_and_tokens_record_no_review(world, client_for, issue_token, casework):
    body = {"held_on": _today().isoformat(), "progress": {casework.goal_id: "x"}}
    for client in (client_for(world.user(Role.PARTNER_PROFESSIONAL)), _token(issue_token)):
        assert send(client, "POST", _review_url(casework), body).status_code == 404
    assert not CaseReview.objects.exists()


def test_an_english_caller_reads_the_problem_in_english(world, client_for, casework):
    response = send(
        client_for(world.user(Role.PROCESS_COORDINATOR)),
        "POST",
        _review_url(casework),
        {},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    body = _problem(response, 400)
    assert body["detail"] == "One or more fields are invalid."
    assert {"held_on", "progress"} <= {param["name"] for param in body["invalid_params"]}
    assert all(param["reason"] == "This field is required." for param in body["invalid_params"])


# --- step-down ----------------------------------------------------------------------------------


def _criteria(world) -> list[StepDownCriterion]:
    return [
        StepDownCriterion.objects.create(house=world.house, text=text, position=position)
        for position, text in enumerate(["Doelen bereikt", "Geen open afspraken"], start=1)
    ]


def test_step_down_proposed_then_closed_with_an_exception(world, client_for, casework):
    case = _in_execution(casework)
    met, unmet = _criteria(world)
    client = client_for(world.user(Role.PROCESS_COORDINATOR))
    proposal = send(
        client,
        "POST",
        f"/api/v1/cases/{case.id}/step-down/proposal/",
        {"version": case.version, "note": "Stabiel"},
    )
    assert proposal.status_code == 200, proposal.content
    assert proposal.json()["status"] == "step_down_proposed"
    checklist = client.get(f"/api/v1/cases/{case.id}/step-down/").json()
    assert [item["text"] for item in checklist["criteria"]] == [met.text, unmet.text]

    close = {
        "version": proposal.json()["version"],
        "criteria": [
            {"criterion": str(met.id), "met": True},
            {"criterion": str(unmet.id), "met": False, "exception": "Overgedragen aan wijkteam"},
        ],
        "receiving_organisation": str(world.own_org.id),
        "receiving_person": "M. de Vries",
    }
    response = send(client, "POST", f"/api/v1/cases/{case.id}/step-down/", close)
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["closure_reason"]) == (
        "closed",
        "stepped_down",
    )
    checks = {check.criterion_id: check for check in StepDownCheck.objects.all()}
    assert checks[met.id].met and not checks[unmet.id].met
    assert checks[unmet.id].exception == "Overgedragen aan wijkteam"


def test_an_unmet_criterion_without_exception_is_refused(world, client_for, casework):
    case = _in_execution(casework)
    (criterion,) = _criteria(world)[:1]
    client = client_for(world.user(Role.PROCESS_COORDINATOR))
    version = send(
        client, "POST", f"/api/v1/cases/{case.id}/step-down/proposal/", {"version": case.version}
    ).json()["version"]
    response = send(
        client,
        "POST",
        f"/api/v1/cases/{case.id}/step-down/",
        {
            "version": version,
            "criteria": [{"criterion": str(criterion.id), "met": False}],
            "receiving_organisation": str(uuid.uuid4()),
        },
    )
    names = _invalid_names(response)
    assert f"criteria.{criterion.id}.exception" in names
    assert "receiving_organisation" in names and "receiving_person" in names
    case.refresh_from_db()
    assert case.status == CaseStatus.STEP_DOWN_PROPOSED


def test_step_down_with_a_stale_version_is_409_and_changes_nothing(world, client_for, casework):
    case = _in_execution(casework)
    client = client_for(world.user(Role.PROCESS_COORDINATOR))
    stale = case.version - 1
    body = _problem(
        send(client, "POST", f"/api/v1/cases/{case.id}/step-down/proposal/", {"version": stale}),
        409,
    )
    assert body["code"] == "version_conflict" and "gewijzigd" in body["detail"]
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_EXECUTION


def test_a_step_down_from_the_wrong_status_is_400(world, client_for, casework):
    response = send(
        client_for(world.user(Role.PROCESS_COORDINATOR)),
        "POST",
        f"/api/v1/cases/{casework.case.id}/step-down/proposal/",
        {"version": casework.case.version},
    )
    assert _invalid_names(response) == {"status"}


def test_only_house_staff_step_down(world, client_for, issue_token, casework):
    case = _in_execution(casework)
    for client in (client_for(world.user(Role.PARTNER_PROFESSIONAL)), _token(issue_token)):
        url = f"/api/v1/cases/{case.id}/step-down/proposal/"
        assert send(client, "POST", url, {"version": case.version}).status_code == 404
        assert client.get(f"/api/v1/cases/{case.id}/step-down/").status_code == 404
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_EXECUTION


# --- closing: one rule for every reason (decision 0178) -------------------------------------------


def test_close_with_a_reason(world, client_for, casework):
    case = _in_execution(casework)
    client = client_for(world.user(Role.PROCESS_COORDINATOR))
    url = f"/api/v1/cases/{case.id}/close/"
    refused = send(client, "POST", url, {"version": case.version, "reason": "other"})
    assert _invalid_names(refused) == {"note"}
    response = send(
        client, "POST", url, {"version": case.version, "reason": "goals_achieved", "note": ""}
    )
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["closure_reason"]) == (
        "closed",
        "goals_achieved",
    )
    assert not StepDownCheck.objects.exists()


def test_closing_as_stepped_down_applies_the_checklist(world, client_for, casework):
    """Without a proposal first, as on the web; and never without the checklist."""
    case = _in_execution(casework)
    (criterion,) = _criteria(world)[:1]
    client = client_for(world.user(Role.PROCESS_COORDINATOR))
    url = f"/api/v1/cases/{case.id}/close/"
    refused = send(client, "POST", url, {"version": case.version, "reason": "stepped_down"})
    names = _invalid_names(refused)
    assert f"criteria.{criterion.id}.exception" in names
    assert {"receiving_organisation", "receiving_person"} <= names
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_EXECUTION

    body = {
        "version": case.version,
        "reason": "stepped_down",
        "criteria": [
            {"criterion": str(c.id), "met": True} for c in StepDownCriterion.objects.all()
        ],
        "receiving_organisation": str(world.own_org.id),
        "receiving_person": "M. de Vries",
    }
    response = send(client, "POST", url, body)
    assert response.status_code == 200, response.content
    assert response.json()["closure_reason"] == "stepped_down"
    assert StepDownCheck.objects.filter(status_change__case=case).count() == 2


def test_only_house_staff_close(world, client_for, issue_token, casework):
    case = _in_execution(casework)
    body = {"version": case.version, "reason": "goals_achieved"}
    for client in (client_for(world.user(Role.PARTNER_PROFESSIONAL)), _token(issue_token)):
        assert send(client, "POST", f"/api/v1/cases/{case.id}/close/", body).status_code == 404
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_EXECUTION
