"""API tokens: issuing and revoking them, and what a call with one gets."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories.network import OrganisationFactory
from zvh.api import token_cache
from zvh.api.models import ApiToken
from zvh.api.services import api_token_create, api_token_mark_used
from zvh.audit.models import Action, AuditEvent, Result
from zvh.network.models import Partnership

from .conftest import bearer

ORGS = "api:organisation-list"


def _create(world, *scopes: str, **overrides: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    args = {
        "house": world.house.name,
        "organisation": world.own_org.name,
        "name": "Politie-koppeling",
        **overrides,
    }
    call_command(
        "create_api_token",
        f"--house={args['house']}",
        f"--organisation={args['organisation']}",
        f"--name={args['name']}",
        *[f"--scope={scope}" for scope in scopes],
        stdout=out,
        stderr=err,
    )
    return out.getvalue().strip(), err.getvalue()


# --- issuing and revoking -----------------------------------------------------------------------


def test_create_command_prints_the_token_once_and_stores_only_the_hash_of_the_secret(world):
    secret, message = _create(world, "persons:read", "network:read")
    prefix, _, secret_part = secret.partition(".")
    token = ApiToken.objects.get()
    assert token.prefix == prefix and prefix in message
    assert token.house == world.house and token.organisation == world.own_org
    assert token.scopes == ["network:read", "persons:read"]
    assert token.secret_hash == hashlib.sha256(secret_part.encode()).hexdigest()
    stored = [str(value) for value in ApiToken.objects.values_list().get()]
    assert not any(secret_part in value for value in stored)
    assert secret_part not in message  # only stdout carries the secret
    assert bearer(secret).get(reverse(ORGS)).status_code == 200


def test_creating_a_token_is_audited(world):
    _create(world, "network:read")
    token = ApiToken.objects.get()
    event = AuditEvent.objects.get(object_type="api_token", action=Action.CREATE)
    assert event.object_id == str(token.id)
    assert event.house_id == world.house.id
    assert event.organisation_id == world.own_org.id
    assert event.detail == {"prefix": token.prefix, "scopes": ["network:read"]}


@pytest.mark.parametrize(
    ("scopes", "overrides", "message"),
    [
        (["network:read"], {"house": "Bestaat niet"}, "Onbekend huis"),
        (["network:read"], {"organisation": "Bestaat niet"}, "Onbekende organisatie"),
        (["cases:delete"], {}, "Onbekende scope: cases:delete"),
        (["network:read"], {"name": "   "}, "Geef de sleutel een naam"),
        (["network:read"], {"name": "x" * 101}, "te lang"),
    ],
)
def test_create_command_refuses_bad_input_and_creates_nothing(world, scopes, overrides, message):
    with pytest.raises(CommandError, match=message):
        _create(world, *scopes, **overrides)
    assert not ApiToken.objects.exists()
    assert not AuditEvent.objects.filter(object_type="api_token").exists()


def test_a_token_needs_at_least_one_scope(world):
    with pytest.raises(ValidationError) as info:
        api_token_create(house=world.house, organisation=world.own_org, name="x", scopes=[])
    assert "scopes" in info.value.message_dict


def test_a_token_is_only_issued_to_a_partner_of_the_house(world):
    outsider = OrganisationFactory(name="Geen partner")
    with pytest.raises(CommandError, match="geen partner van"):
        _create(world, "network:read", organisation=outsider.name)
    assert not ApiToken.objects.exists()


def test_revoke_command_ends_the_token_and_is_audited(world, issue_token):
    token, secret = issue_token()
    out = StringIO()
    call_command("revoke_api_token", token.prefix, stdout=out)
    assert "ingetrokken" in out.getvalue()
    token.refresh_from_db()
    assert token.is_active is False
    assert AuditEvent.objects.filter(
        object_type="api_token", object_id=str(token.id), action=Action.UPDATE
    ).exists()
    assert bearer(secret).get(reverse(ORGS)).status_code == 401


def test_revoking_an_unknown_or_revoked_prefix_fails_clearly(world, issue_token):
    token, _ = issue_token()
    call_command("revoke_api_token", token.prefix, stdout=StringIO())
    for prefix in (token.prefix, "00000000"):
        with pytest.raises(CommandError, match="Geen actieve API-sleutel"):
            call_command("revoke_api_token", prefix, stdout=StringIO())


# --- authenticating with a token ----------------------------------------------------------------


def test_a_valid_token_gets_in(world, issue_token):
    _, secret = issue_token()
    assert bearer(secret).get(reverse(ORGS)).status_code == 200


def _assert_invalid_token(response) -> None:
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert response.json()["code"] == "invalid_token"


def test_a_wrong_secret_is_refused_and_audited_as_a_failed_login(world, issue_token):
    token, secret = issue_token()
    wrong = secret[:-4] + ("AAAA" if not secret.endswith("AAAA") else "BBBB")
    _assert_invalid_token(bearer(wrong).get(reverse(ORGS)))
    event = AuditEvent.objects.get(action=Action.LOGIN_FAILED)
    assert event.object_id == str(token.id)
    assert event.result == Result.FAILED
    assert event.house_id == world.house.id


def test_an_unknown_prefix_gets_the_same_answer_as_a_wrong_secret(world, issue_token):
    token, secret = issue_token()
    unknown = "ffffffff" if token.prefix != "ffffffff" else "eeeeeeee"
    wrong_secret = bearer(f"{token.prefix}.not-the-secret").get(reverse(ORGS))
    unknown_prefix = bearer(f"{unknown}.{secret.partition('.')[2]}").get(reverse(ORGS))
    _assert_invalid_token(unknown_prefix)
    body, other = unknown_prefix.json(), wrong_secret.json()
    assert (body["status"], body["code"], body["detail"]) == (
        other["status"],
        other["code"],
        other["detail"],
    )


@pytest.mark.parametrize(
    "header",
    [
        "Bearer",
        "Bearer nodot",
        "Bearer abc.def",
        "Bearer 12345678.",
        "Bearer a b",
        "Bearer " + "x" * 300,
    ],
)
def test_a_malformed_bearer_header_is_refused(world, header):
    from django.test import Client

    _assert_invalid_token(Client(HTTP_AUTHORIZATION=header).get(reverse(ORGS)))


def test_another_scheme_is_not_authenticated(world):
    from django.test import Client

    response = Client(HTTP_AUTHORIZATION="Basic dXNlcjpwYXNz").get(reverse(ORGS))
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_the_scheme_name_is_case_insensitive(world, issue_token):
    from django.test import Client

    _, secret = issue_token()
    client = Client(HTTP_AUTHORIZATION=f"bearer {secret}")
    assert client.get(reverse(ORGS)).status_code == 200


def test_a_revoked_token_is_refused(world, issue_token):
    token, secret = issue_token()
    ApiToken.objects.filter(pk=token.pk).update(is_active=False)
    _assert_invalid_token(bearer(secret).get(reverse(ORGS)))


def test_a_token_stops_working_when_its_organisation_leaves_the_house(world, issue_token):
    _, secret = issue_token()
    Partnership.objects.filter(house=world.house, organisation=world.own_org).delete()
    _assert_invalid_token(bearer(secret).get(reverse(ORGS)))


def test_a_missing_scope_is_403_insufficient_scope_and_audited(world, issue_token):
    # 403, not 404: see docs/decisions/0040. The scope is the caller's own configuration.
    token, secret = issue_token(scopes=("persons:read",))
    response = bearer(secret).get(reverse(ORGS))
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "insufficient_scope"
    assert "network:read" in body["detail"]
    denial = AuditEvent.objects.get(action=Action.DENIED)
    assert denial.api_token_id == token.id
    assert denial.object_type == "scope:network:read"


def test_with_the_scope_the_same_token_gets_in(world, issue_token):
    _, secret = issue_token(scopes=("persons:read",))
    assert bearer(secret).get(reverse("api:person-list")).status_code == 200


# --- last_used_at -------------------------------------------------------------------------------


def _token_updates(queries) -> list[str]:
    return [
        q["sql"] for q in queries if q["sql"].startswith("UPDATE") and "api_apitoken" in q["sql"]
    ]


def test_last_used_at_is_written_at_most_once_a_minute(world, issue_token):
    token, secret = issue_token()
    client = bearer(secret)
    assert token.last_used_at is None
    with CaptureQueriesContext(connection) as first:
        client.get(reverse(ORGS))
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert len(_token_updates(first.captured_queries)) == 1
    with CaptureQueriesContext(connection) as second:
        client.get(reverse(ORGS))
    assert _token_updates(second.captured_queries) == []
    # A minute later the next call records the use again.
    earlier = timezone.now() - timedelta(minutes=2)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=earlier)
    token_cache.forget_all()  # as a worker that has not verified the token lately sees it
    client.get(reverse(ORGS))
    token.refresh_from_db()
    assert token.last_used_at > earlier


def test_mark_used_does_not_overwrite_a_newer_use_from_a_stale_copy(world, issue_token):
    token, _ = issue_token()
    now = timezone.now()
    api_token_mark_used(token=token, now=now)
    stale = ApiToken.objects.get(pk=token.pk)
    stale.last_used_at = None  # another process's copy, read before the first use
    api_token_mark_used(token=stale, now=now + timedelta(seconds=10))
    token.refresh_from_db()
    assert token.last_used_at == now
