"""Malformed JSON bodies on every API endpoint that takes one: a 4xx problem, nothing stored.

Three bodies an outside test sent (issue 10, hole 5): JSON nested 5,000 levels deep, a body of
20 MB, and a string field holding a lone surrogate (`"\\ud800x"`, valid JSON text but not a
Unicode string). Each used to be a 500; each must be refused before any view sees the data.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable

import pytest
from django.conf import settings
from django.test import Client

from tests.api.conftest import bearer
from tests.intake.test_jzv import MELDING
from zvh.api.models import Scope
from zvh.audit.models import AuditEvent
from zvh.intake.models import PriorityList, Referral
from zvh.people.models import Person
from zvh.signals_lookup.models import SignalHit

PROBLEM = "application/problem+json"
LONE_SURROGATE = "\ud800x"
HUGE = 20 * 1024 * 1024


def _signal(text: str) -> dict:
    return {"surname": text, "date_of_birth": "1990-04-01", "purpose": "ZSM-beoordeling"}


def _referral(text: str) -> dict:
    return {
        "persons": [{"surname": text, "date_of_birth": "1979-03-02"}],
        "reason": "Overlast en verslaving",
        "request": "Regie",
    }


def _priority_list(text: str) -> dict:
    return {"name": "Top-X Q4", "entries": [{"geslachtsnaam": text}]}


def _melding(text: str) -> dict:
    melding = copy.deepcopy(MELDING)
    melding["natuurlijkPersoon"]["naam"]["geslachtsnaam"] = text
    return melding


# URL, the token scope it needs, and a valid body with one free-text field set to the argument.
ENDPOINTS: dict[str, tuple[str, str, Callable[[str], dict]]] = {
    "signal_lookup": ("/api/v1/signals/lookup", Scope.SIGNAL_LOOKUP, _signal),
    "referrals": ("/api/v1/referrals/", Scope.REFERRALS_WRITE, _referral),
    "priority_lists": ("/api/v1/priority-lists/", Scope.REFERRALS_WRITE, _priority_list),
    "jzv_meldingen": ("/api/jzv/v1/meldingen", Scope.REFERRALS_WRITE, _melding),
}


def _deep(body: Callable[[str], dict]) -> str:
    # The nesting in place of the free-text field, the rest of the body valid.
    marker = "MARKER"
    return json.dumps(body(marker)).replace(f'"{marker}"', "[" * 5000 + "]" * 5000)


def _huge(body: Callable[[str], dict]) -> str:
    return json.dumps(body("x" * HUGE))


def _surrogate(body: Callable[[str], dict]) -> str:
    text = json.dumps(body(LONE_SURROGATE))  # ensure_ascii: written as the escape \ud800
    assert "\\ud800x" in text
    return text


BAD_BODIES = {
    "nested_5000_deep": (_deep, 400, "nesting_too_deep"),
    "20_mb": (_huge, 413, "content_too_large"),
    "lone_surrogate": (_surrogate, 400, "invalid_unicode"),
}


def _stored() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Referral, Person, PriorityList, SignalHit, AuditEvent)
    }


@pytest.fixture
def client_with_scope(world, issue_token) -> Callable[[str], Client]:
    def make(scope: str) -> Client:
        return bearer(issue_token(scopes=(scope,))[1])

    return make


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("bad", BAD_BODIES)
def test_a_malformed_body_is_a_problem_and_stores_nothing(client_with_scope, endpoint, bad):
    url, scope, body = ENDPOINTS[endpoint]
    make, status, code = BAD_BODIES[bad]
    client = client_with_scope(scope)
    data = make(body)
    before = _stored()
    response = client.post(url, data=data, content_type="application/json")
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == PROBLEM
    problem = response.json()
    assert problem["status"] == status
    assert problem["code"] == code
    assert problem["detail"]
    assert problem["instance"] == url
    assert _stored() == before


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_the_same_bodies_well_formed_are_accepted(client_with_scope, endpoint):
    """The control: the bodies above differ from an accepted one only in the malformed part."""
    url, scope, body = ENDPOINTS[endpoint]
    response = client_with_scope(scope).post(
        url, data=json.dumps(body("Bakker")), content_type="application/json"
    )
    assert response.status_code in (200, 201), response.content


def test_the_problem_names_the_size_limit_and_follows_the_language(client_with_scope):
    url, scope, body = ENDPOINTS["referrals"]
    client = client_with_scope(scope)
    dutch = client.post(url, data=_huge(body), content_type="application/json").json()
    english = client.post(
        url, data=_huge(body), content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    ).json()
    assert dutch["title"] == english["title"]  # the HTTP reason phrase
    limit = f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,}"
    assert (
        dutch["detail"] == f"Het verzoek is te groot: ten hoogste {limit.replace(',', '.')} bytes."
    )
    assert english["detail"] == f"The request is too large: at most {limit} bytes."


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("where", ["undeclared_member", "object_key"])
def test_a_lone_surrogate_anywhere_in_the_body_is_refused(client_with_scope, endpoint, where):
    """Not only in the fields a serializer checks: JZV stored the body as sent, and PostgreSQL
    refused it (500); the other endpoints ignored the member and went on."""
    url, scope, body = ENDPOINTS[endpoint]
    data = body("Bakker")
    if where == "undeclared_member":
        data["opmerking"] = LONE_SURROGATE
    else:
        data[LONE_SURROGATE] = "Bakker"
    client = client_with_scope(scope)
    before = _stored()
    response = client.post(url, data=json.dumps(data), content_type="application/json")
    assert response.status_code == 400, response.content[:500]
    assert response["Content-Type"] == PROBLEM
    assert response.json()["code"] == "invalid_unicode"
    assert _stored() == before


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("number", ["1e999999", "-1e400"])
def test_a_number_beyond_the_range_of_a_float_is_refused(client_with_scope, endpoint, number):
    """JSON has no infinity, but Python reads 1e999999 as one: JZV stored it with the body as
    sent (PostgreSQL refused it: a 500) and answered with it (no JSON renders it: a 500)."""
    url, scope, body = ENDPOINTS[endpoint]
    text = json.dumps({**body("Bakker"), "opmerking": "NUMBER"}).replace('"NUMBER"', number)
    client = client_with_scope(scope)
    before = _stored()
    response = client.post(url, data=text, content_type="application/json")
    assert response.status_code == 400, response.content[:500]
    assert response["Content-Type"] == PROBLEM
    assert response.json()["code"] == "number_out_of_range"
    assert _stored() == before


def test_a_refused_lookup_counts_against_the_rate_limit_as_any_refused_lookup(client_with_scope):
    url, scope, body = ENDPOINTS["signal_lookup"]
    client = client_with_scope(scope)
    invalid_bsn = json.dumps({"bsn": "123", "purpose": "ZSM-beoordeling"})
    remaining = []
    for data in (invalid_bsn, _deep(body), _huge(body), _surrogate(body)):
        response = client.post(url, data=data, content_type="application/json")
        assert response.status_code in (400, 413)
        remaining.append(int(response["RateLimit-Remaining"]))
    first = remaining[0]
    assert remaining == [first, first - 1, first - 2, first - 3]
