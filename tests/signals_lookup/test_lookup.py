"""The hit/no-hit signal: the contract, the cross-house reach, the log and the limits."""

from __future__ import annotations

import datetime
import json

import pytest
from django.urls import reverse

from tests.api.conftest import bearer
from tests.factories.people import CaseFactory, CasePersonFactory, PersonFactory
from zvh.api.models import Scope
from zvh.audit.models import Action, AuditEvent, AuditEventPerson, Result
from zvh.cases.models import CaseStatus
from zvh.signals_lookup.models import SignalHit

URL = "/api/v1/signals/lookup"
BSN = "111222333"
OTHER_BSN = "123456782"
DOB = datetime.date(1990, 4, 1)
PURPOSE = "ZSM-beoordeling van een verdachte"


def _case_for(person, **case_fields):
    case = CaseFactory(house=person.house, **case_fields)
    CasePersonFactory(case=case, person=person)
    return case


@pytest.fixture
def persons(world):
    """The same person held by both houses (each house is its own controller)."""
    coordinator = world.user("process_coordinator")
    own = PersonFactory(
        house=world.house,
        bsn=BSN,
        surname="Vries",
        surname_prefix="de",
        given_names="Anna",
        date_of_birth=DOB,
    )
    other = PersonFactory(
        house=world.other_house,
        bsn=BSN,
        surname="Vries",
        surname_prefix="de",
        given_names="Anna Maria",
        date_of_birth=DOB,
    )
    _case_for(own, process_coordinator=coordinator, requested_justice_response="Voorwaardelijk")
    _case_for(other)
    return own, other


@pytest.fixture
def zsm(world, issue_token):
    return issue_token(scopes=(Scope.SIGNAL_LOOKUP,), name="ZSM")


def _post(client, body):
    return client.post(URL, data=json.dumps(body), content_type="application/json")


def _events():
    return list(AuditEvent.objects.filter(object_type="signal_lookup").order_by("id"))


def test_url_is_named_in_the_signals_namespace():
    assert reverse("signals:lookup") == URL


def test_bsn_hit_covers_every_house_with_only_the_contracted_fields(world, persons, zsm):
    response = _post(bearer(zsm[1]), {"bsn": BSN, "purpose": PURPOSE})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"known", "houses"}
    assert body["known"] is True
    assert [set(entry) for entry in body["houses"]] == [
        {"house", "contact", "requested_justice_response"}
    ] * 2
    coordinator = world.user("process_coordinator")
    assert body["houses"] == [
        {
            "house": "Veiligheidshuis Buur",
            "contact": "Veiligheidshuis Buur",
            "requested_justice_response": None,
        },
        {
            "house": "Veiligheidshuis Test",
            "contact": f"{coordinator.get_full_name()} <{coordinator.email}>",
            "requested_justice_response": "Voorwaardelijk",
        },
    ]


def test_a_miss_says_known_false_and_nothing_else(world, persons, zsm):
    response = _post(bearer(zsm[1]), {"bsn": OTHER_BSN, "purpose": PURPOSE})
    assert response.status_code == 200
    assert response.json() == {"known": False}


def test_name_and_date_of_birth_match_in_every_house(world, persons, zsm):
    client = bearer(zsm[1])
    for body in (
        {"surname": "Vries", "surname_prefix": "de", "date_of_birth": "1990-04-01"},
        {"surname": "DE  VRIES", "date_of_birth": "1990-04-01"},  # prefix left in the surname
        {
            "surname": "vries",
            "surname_prefix": "De",
            "given_names": "anna",
            "date_of_birth": "1990-04-01",
        },
    ):
        answer = _post(client, {**body, "purpose": PURPOSE}).json()
        assert answer["known"] is True, body
        assert len(answer["houses"]) == 2
    for body in (
        {"surname": "Vries", "surname_prefix": "de", "date_of_birth": "1990-04-02"},
        {
            "surname": "Vries",
            "surname_prefix": "de",
            "given_names": "Piet",
            "date_of_birth": "1990-04-01",
        },
    ):
        assert _post(client, {**body, "purpose": PURPOSE}).json() == {"known": False}, body


def test_closed_cases_do_not_count(world, persons, zsm):
    own, other = persons
    other.cases.update(status=CaseStatus.CLOSED)
    answer = _post(bearer(zsm[1]), {"bsn": BSN, "purpose": PURPOSE}).json()
    assert [entry["house"] for entry in answer["houses"]] == ["Veiligheidshuis Test"]
    own.cases.update(status=CaseStatus.CLOSED)
    assert _post(bearer(zsm[1]), {"bsn": BSN, "purpose": PURPOSE}).json() == {"known": False}


def test_a_person_without_a_case_is_not_known(world, zsm):
    PersonFactory(house=world.house, bsn=BSN)
    assert _post(bearer(zsm[1]), {"bsn": BSN, "purpose": PURPOSE}).json() == {"known": False}


def test_one_house_entry_even_with_several_open_cases(world, persons, zsm):
    own, _other = persons
    _case_for(own, requested_justice_response="Nieuwste")
    answer = _post(bearer(zsm[1]), {"bsn": BSN, "purpose": PURPOSE}).json()
    assert [entry["house"] for entry in answer["houses"]] == [
        "Veiligheidshuis Buur",
        "Veiligheidshuis Test",
    ]


def test_the_lookup_is_one_query(world, persons, zsm, django_assert_num_queries):
    from zvh.signals_lookup.selectors import open_cases_for

    with django_assert_num_queries(1):
        assert open_cases_for(bsn=BSN).known


def test_every_lookup_is_audited_without_clear_identifiers(world, persons, zsm):
    token, secret = zsm
    client = bearer(secret)
    _post(client, {"bsn": BSN, "purpose": PURPOSE})
    _post(
        client,
        {
            "surname": "Vries",
            "surname_prefix": "de",
            "date_of_birth": "1990-04-01",
            "purpose": PURPOSE,
        },
    )
    _post(client, {"bsn": OTHER_BSN, "purpose": PURPOSE})
    hit, by_name, miss = _events()
    own, other = persons
    for event in (hit, by_name, miss):
        assert event.action == Action.SEARCH
        assert event.result == Result.OK
        assert event.api_token_id == token.id
        assert event.detail["purpose"] == PURPOSE
        dump = json.dumps(
            {f.attname: str(getattr(event, f.attname)) for f in AuditEvent._meta.concrete_fields}
        ).casefold()
        for clear in (BSN, OTHER_BSN, "vries", "anna", "1990-04-01"):
            assert clear not in dump
    assert hit.detail["outcome"] == "hit"
    assert set(hit.person_ids) == {str(own.id), str(other.id)}
    assert set(hit.detail["house_ids"]) == {str(world.house.id), str(world.other_house.id)}
    assert by_name.person_ids == hit.person_ids
    assert miss.detail["outcome"] == "miss"
    assert miss.person_ids == [] and miss.detail["house_ids"] == []
    # The same BSN gives the same keyed hash, so "was this BSN looked up?" stays answerable.
    assert hit.detail["terms"]["bsn"] != miss.detail["terms"]["bsn"]
    assert set(AuditEventPerson.objects.filter(event=hit).values_list("person_id", flat=True)) == {
        own.id,
        other.id,
    }


def test_a_malformed_bsn_is_refused_with_a_reason_and_audited(world, persons, zsm):
    response = _post(bearer(zsm[1]), {"bsn": "123456789", "purpose": PURPOSE})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert "elfproef" in response.content.decode()
    (event,) = _events()
    assert event.result == Result.FAILED
    assert event.detail["outcome"] == "invalid"
    assert event.detail["invalid_fields"] == ["bsn"]
    assert "123456789" not in json.dumps(event.detail)
    assert event.person_ids == []


@pytest.mark.parametrize(
    "body",
    [
        {"purpose": PURPOSE},
        {"surname": "Vries", "purpose": PURPOSE},
        {"bsn": BSN},
        {"bsn": BSN, "purpose": "x" * 201},
        {"bsn": BSN, "surname": "Vries", "date_of_birth": "1990-04-01", "purpose": PURPOSE},
        {"surname": "Vries", "date_of_birth": "1990-13-01", "purpose": PURPOSE},
        {"bsn": BSN, "purpose": f"controle {BSN}"},
        {"surname": "Vries", "date_of_birth": "1990-04-01", "purpose": "Controle Vries"},
        ["not", "an", "object"],
    ],
)
def test_bad_input_is_400_audited_and_records_no_hit(world, persons, zsm, body):
    response = _post(bearer(zsm[1]), body)
    assert response.status_code == 400
    (event,) = _events()
    assert event.result == Result.FAILED
    assert "vries" not in json.dumps(event.detail).casefold()
    assert BSN not in json.dumps(event.detail)
    assert not SignalHit.objects.exists()


def test_rate_limited_per_token(world, persons, zsm, issue_token, settings):
    settings.ZVH_SIGNAL_LOOKUP_RATE = "2/minute"
    client = bearer(zsm[1])
    body = {"bsn": OTHER_BSN, "purpose": PURPOSE}
    assert [_post(client, body).status_code for _ in range(3)] == [200, 200, 429]
    assert len(_events()) == 2  # the refused call never reached the lookup
    _, other_secret = issue_token(scopes=(Scope.SIGNAL_LOOKUP,), name="Politie")
    assert _post(bearer(other_secret), body).status_code == 200


def test_rate_limit_headers_count_down_and_the_429_says_when_to_retry(world, zsm, settings):
    settings.ZVH_SIGNAL_LOOKUP_RATE = "2/minute"
    client = bearer(zsm[1])
    first = _post(client, {"bsn": OTHER_BSN, "purpose": PURPOSE})
    invalid = _post(client, {"bsn": "123456789", "purpose": PURPOSE})  # counted as well
    refused = _post(client, {"bsn": OTHER_BSN, "purpose": PURPOSE})
    assert [first.status_code, invalid.status_code, refused.status_code] == [200, 400, 429]
    assert [r["RateLimit-Limit"] for r in (first, invalid, refused)] == ["2", "2", "2"]
    assert [r["RateLimit-Remaining"] for r in (first, invalid, refused)] == ["1", "0", "0"]
    assert 0 < int(first["RateLimit-Reset"]) <= 60
    assert 0 < int(refused["Retry-After"]) <= 60
    assert int(refused["RateLimit-Reset"]) == int(refused["Retry-After"])


def test_no_rate_limit_headers_before_the_limit_is_reached(world, issue_token):
    _, secret = issue_token(scopes=(Scope.PERSONS_READ,))
    response = _post(bearer(secret), {"bsn": BSN, "purpose": PURPOSE})
    assert response.status_code == 403
    assert "RateLimit-Remaining" not in response


def test_a_bad_rate_fails_the_system_check(settings):
    from zvh.signals_lookup.checks import check_signal_lookup_rate

    assert check_signal_lookup_rate() == []
    settings.ZVH_SIGNAL_LOOKUP_RATE = "lots"
    assert [error.id for error in check_signal_lookup_rate()] == ["zvh_signals.E001"]


def test_a_token_without_the_scope_gets_403(world, persons, issue_token):
    _, secret = issue_token(scopes=(Scope.PERSONS_READ, Scope.REFERRALS_WRITE))
    response = _post(bearer(secret), {"bsn": BSN, "purpose": PURPOSE})
    assert response.status_code == 403
    assert not _events()


def test_session_users_get_404(world, persons, client_for):
    for role in ("chain_manager", "process_coordinator", "partner_professional"):
        response = _post(client_for(world.user(role)), {"bsn": BSN, "purpose": PURPOSE})
        assert response.status_code == 404, role
    assert not _events()


def test_anonymous_gets_401(db):
    assert _post(bearer("nope.nope"), {"bsn": BSN, "purpose": PURPOSE}).status_code == 401
