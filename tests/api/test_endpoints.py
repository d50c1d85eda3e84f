"""The v1 endpoints: who sees what, through a token or a session, page by page."""

from __future__ import annotations

import base64
import json

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories.network import MunicipalityFactory, OrganisationFactory, PartnershipFactory
from tests.factories.people import (
    CaseFactory,
    CaseParticipantFactory,
    CasePersonFactory,
    PersonFactory,
)
from zvh.audit.models import Action, AuditEvent

from .conftest import bearer

PERSONS = "api:person-list"
ORGS = "api:organisation-list"
MUNICIPALITIES = "api:municipality-list"


def _in_case(person, organisation):
    case = CaseFactory(house=person.house)
    CasePersonFactory(case=case, person=person)
    CaseParticipantFactory(case=case, organisation=organisation)
    return person


def _ids(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


# --- a token acts as a partner professional of its organisation, in its house only -------------


def test_a_token_sees_only_persons_of_cases_its_organisation_takes_part_in(world, issue_token):
    joined = _in_case(PersonFactory(house=world.house), world.own_org)
    others_case = _in_case(PersonFactory(house=world.house), world.other_org)
    no_case = PersonFactory(house=world.house)
    _, secret = issue_token()
    seen = _ids(bearer(secret).get(reverse(PERSONS)))
    assert seen == {str(joined.id)}
    client = bearer(secret)
    for hidden in (others_case, no_case):
        url = reverse("api:person-detail", kwargs={"person_id": hidden.id})
        assert client.get(url).status_code == 404


def test_a_token_of_house_a_never_sees_house_b(world, issue_token):
    """The own organisation takes part in cases in both houses; the token is bound to one."""
    in_a = _in_case(PersonFactory(house=world.house), world.own_org)
    in_b = _in_case(PersonFactory(house=world.other_house), world.own_org)
    only_b = OrganisationFactory(name="Alleen in B")
    PartnershipFactory(house=world.other_house, organisation=only_b)
    municipality_b = MunicipalityFactory(name="Gemeente B")
    world.other_house.municipalities.add(municipality_b)
    _, secret = issue_token(house=world.house)
    client = bearer(secret)

    assert _ids(client.get(reverse(PERSONS))) == {str(in_a.id)}
    detail_b = client.get(reverse("api:person-detail", kwargs={"person_id": in_b.id}))
    assert detail_b.status_code == 404
    assert _ids(client.get(reverse(ORGS))) == {str(world.own_org.id), str(world.other_org.id)}
    assert _ids(client.get(reverse(MUNICIPALITIES))) == {str(world.house.seat_municipality_id)}

    # And the same token shape for house B sees B's side only.
    _, secret_b = issue_token(house=world.other_house)
    assert _ids(bearer(secret_b).get(reverse(PERSONS))) == {str(in_b.id)}
    assert str(only_b.id) in _ids(bearer(secret_b).get(reverse(ORGS)))


def test_a_token_read_of_a_person_is_audited_with_the_token(world, issue_token):
    person = _in_case(PersonFactory(house=world.house), world.own_org)
    token, secret = issue_token()
    bearer(secret).get(reverse("api:person-detail", kwargs={"person_id": person.id}))
    event = AuditEvent.objects.get(action=Action.VIEW, object_type="person")
    assert event.api_token_id == token.id
    assert event.user_id is None
    assert event.organisation_id == world.own_org.id
    assert event.person_ids == [str(person.id)]


def test_network_lists_show_the_fields_of_the_contract(world, issue_token):
    _, secret = issue_token(scopes=("network:read",))
    organisation = bearer(secret).get(reverse(ORGS)).json()["results"][0]
    assert set(organisation) == {"id", "name", "kind", "domains"}
    municipality = bearer(secret).get(reverse(MUNICIPALITIES)).json()["results"][0]
    assert set(municipality) == {"id", "name", "cbs_code", "inhabitants"}


# --- sessions: only with both factors -----------------------------------------------------------


def test_a_session_with_both_factors_gets_in(world, client_for):
    response = client_for(world.user("process_coordinator")).get(reverse(ORGS))
    assert response.status_code == 200


def test_a_session_without_the_second_factor_is_refused(world):
    client = Client()
    client.force_login(world.user("process_coordinator"))  # password only, no TOTP step
    for name in (PERSONS, ORGS, MUNICIPALITIES):
        response = client.get(reverse(name))
        assert response.status_code == 401, name
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["code"] == "not_authenticated"


def test_no_credentials_at_all_is_401(world):
    response = Client().get(reverse(PERSONS))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_a_session_user_without_the_function_gets_404_as_in_the_ui(world, client_for):
    response = client_for(world.user("privacy_officer")).get(reverse(PERSONS))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


# --- pagination ---------------------------------------------------------------------------------


def test_persons_come_in_pages_that_join_up_without_overlap(world, client_for):
    PersonFactory.create_batch(55, house=world.house)
    client = client_for(world.user("process_coordinator"))
    first = client.get(reverse(PERSONS)).json()
    assert len(first["results"]) == 50 and first["next_cursor"]
    second = client.get(reverse(PERSONS), {"cursor": first["next_cursor"]}).json()
    assert len(second["results"]) == 5 and second["next_cursor"] is None
    first_ids = {row["id"] for row in first["results"]}
    assert first_ids.isdisjoint(row["id"] for row in second["results"])
    assert len(client.get(reverse(PERSONS), {"page_size": 55}).json()["results"]) == 55


@pytest.mark.parametrize("name", [ORGS, MUNICIPALITIES])
def test_network_lists_page_by_cursor(world, issue_token, name):
    world.house.municipalities.add(MunicipalityFactory())
    _, secret = issue_token()
    client = bearer(secret)
    first = client.get(reverse(name), {"page_size": 1}).json()
    second = client.get(reverse(name), {"page_size": 1, "cursor": first["next_cursor"]}).json()
    assert len(first["results"]) == len(second["results"]) == 1
    assert first["results"][0]["name"] <= second["results"][0]["name"]
    assert first["results"] != second["results"]
    assert second["next_cursor"] is None


def _b64(values) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "not a cursor!",  # not base64
        _b64({"a": 1}),  # not a list
        _b64(["only-one"]),  # wrong length
        _b64(["jansen", "not-a-uuid"]),  # tampered: the tie-breaker must be an id
        "x" * 501,  # longer than any cursor we make
    ],
)
@pytest.mark.parametrize("name", [PERSONS, ORGS, MUNICIPALITIES])
def test_a_malformed_cursor_is_400_naming_the_cursor(world, client_for, name, cursor):
    # Decided (docs/decisions/0040): 400, not a silent first page, which would send a paging
    # client round in circles.
    response = client_for(world.user("process_coordinator")).get(reverse(name), {"cursor": cursor})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    params = response.json()["invalid_params"]
    assert [param["name"] for param in params] == ["cursor"]


def test_a_rejected_cursor_leaves_no_trace_in_the_access_log(world, client_for):
    client_for(world.user("process_coordinator")).get(reverse(PERSONS), {"cursor": "bad"})
    assert not AuditEvent.objects.filter(object_type="person").exists()


# --- query budgets ------------------------------------------------------------------------------


def _add_rows(world, count: int) -> None:
    for _ in range(count):
        _in_case(PersonFactory(house=world.house), world.own_org)
        PartnershipFactory(house=world.house, organisation=OrganisationFactory())
    world.house.municipalities.add(*MunicipalityFactory.create_batch(count))


# The token lookup, the rate-limit count and the page; for persons also the audit event
# (savepoint, chain head, event, its person index, head update, release).
BUDGET = {PERSONS: 9, ORGS: 3, MUNICIPALITIES: 3}


@pytest.mark.parametrize("name", [PERSONS, ORGS, MUNICIPALITIES])
def test_lists_use_a_fixed_number_of_queries_at_3_and_at_60_rows(
    world, issue_token, django_assert_max_num_queries, name
):
    _, secret = issue_token()
    client = bearer(secret)
    client.get(reverse(name))  # the first call also records last_used_at
    for extra in (3, 57):
        _add_rows(world, extra)
        with django_assert_max_num_queries(BUDGET[name]):
            assert client.get(reverse(name)).status_code == 200
