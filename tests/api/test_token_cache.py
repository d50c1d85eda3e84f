"""A worker trusts a token it verified for ZVH_API_TOKEN_CACHE_SECONDS (decision 0151): the
busiest partner is checked against the database once a second, not on every call."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories.network import OrganisationFactory, PartnershipFactory
from zvh.api import token_cache
from zvh.api.models import ApiToken
from zvh.api.services import api_token_revoke
from zvh.network.models import Role

from .conftest import bearer

ORGS = "api:organisation-list"


def _token_reads(client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        status = client.get(url).status_code
    return status, sum(ApiToken._meta.db_table in query["sql"] for query in queries)


def test_a_verified_token_is_read_once_within_the_cache_time(world, issue_token):
    _, secret = issue_token()
    client = bearer(secret)
    assert _token_reads(client, reverse(ORGS)) == (200, 2)  # read, and last_used_at written
    assert _token_reads(client, reverse(ORGS)) == (200, 0)


def test_after_the_cache_time_the_token_is_read_again(world, issue_token, monkeypatch):
    token, secret = issue_token()
    client = bearer(secret)
    client.get(reverse(ORGS))
    ApiToken.objects.filter(pk=token.pk).update(is_active=False)  # as another worker revokes
    assert client.get(reverse(ORGS)).status_code == 200  # still trusted here, for a second
    later = token_cache.time.monotonic() + 1.01
    monkeypatch.setattr(token_cache.time, "monotonic", lambda: later)
    assert client.get(reverse(ORGS)).status_code == 401


def test_a_wrong_secret_is_never_answered_from_the_cache(world, issue_token):
    token, secret = issue_token()
    bearer(secret).get(reverse(ORGS))
    assert bearer(f"{token.prefix}.not-the-secret").get(reverse(ORGS)).status_code == 401


def test_a_revocation_takes_effect_at_once_in_this_worker(
    world, issue_token, django_capture_on_commit_callbacks
):
    token, secret = issue_token()
    client = bearer(secret)
    assert client.get(reverse(ORGS)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        api_token_revoke(prefix=token.prefix)
    assert client.get(reverse(ORGS)).status_code == 401


def test_an_ended_partnership_takes_effect_at_once_in_this_worker(
    world, issue_token, client_for, django_capture_on_commit_callbacks
):
    admin_client = client_for(world.user(Role.FUNCTIONAL_ADMIN))
    organisation = OrganisationFactory()
    PartnershipFactory(house=world.house, organisation=organisation)
    _, secret = issue_token(organisation=organisation)
    client = bearer(secret)
    assert client.get(reverse(ORGS)).status_code == 200
    url = reverse("network:partnership-end", args=[organisation.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(url, {"confirm": "yes"}).status_code == 302
    assert client.get(reverse(ORGS)).status_code == 401


def test_with_the_cache_off_every_call_reads_the_token(world, issue_token, settings):
    settings.ZVH_API_TOKEN_CACHE_SECONDS = 0
    _, secret = issue_token()
    client = bearer(secret)
    client.get(reverse(ORGS))
    assert _token_reads(client, reverse(ORGS)) == (200, 1)
