"""Idle timeout, absolute lifetime, and deactivation ending every session of a user."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import give_totp_device
from zvh.accounts.middleware import (
    LAST_SEEN_GRANULARITY_SECONDS,
    SESSION_LAST_SEEN_KEY,
    SESSION_STARTED_KEY,
)
from zvh.accounts.models import UserSession
from zvh.audit.models import Action, AuditEvent
from zvh.authz.actor import Actor
from zvh.network.models import Role
from zvh.network.services import user_deactivate

from .helpers import PASSWORD, admin_actor, code_for, is_logged_in, post_login


def _age_session(client: Client, *, idle_seconds: float = 0, age_seconds: float = 0) -> None:
    """Pretend the last request was `idle_seconds` ago and the login `age_seconds` ago."""
    now = time.time()
    session = client.session
    session[SESSION_LAST_SEEN_KEY] = int(now - idle_seconds)
    session[SESSION_STARTED_KEY] = int(now - max(age_seconds, idle_seconds))
    session.save()


@pytest.fixture
def coordinator(world):
    return world.user(Role.PROCESS_COORDINATOR)


# --- idle timeout ---------------------------------------------------------------------------


def test_idle_session_ends_after_the_default_30_minutes(coordinator, client_for, settings):
    assert settings.ZVH_SESSION_IDLE_MINUTES == 30
    client = client_for(coordinator)
    assert is_logged_in(client)
    _age_session(client, idle_seconds=31 * 60)
    response = client.get(reverse("people:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert not is_logged_in(client)
    assert AuditEvent.objects.filter(action=Action.LOGOUT, user_id=coordinator.pk).exists()


def test_session_survives_just_under_the_idle_limit(coordinator, client_for):
    client = client_for(coordinator)
    _age_session(client, idle_seconds=29 * 60)
    assert is_logged_in(client)


def test_every_request_counts_as_activity(coordinator, client_for):
    client = client_for(coordinator)
    _age_session(client, idle_seconds=20 * 60)
    assert is_logged_in(client)
    assert time.time() - client.session[SESSION_LAST_SEEN_KEY] < 60


def test_a_read_within_the_minute_writes_no_session_row(coordinator, client_for):
    """Issue 16: the latest activity is written at most once a minute, so most reads leave the
    session row alone (decision 0198)."""
    client = client_for(coordinator)
    client.get(reverse("people:list"))
    key = client.session.session_key
    before = Session.objects.get(session_key=key).expire_date
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("people:list")).status_code == 200
    assert not [q for q in queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]]
    assert not [q for q in queries if "django_session" in q["sql"] and "INSERT" in q["sql"]]
    assert Session.objects.get(session_key=key).expire_date == before


def test_activity_a_minute_old_is_written_with_the_store_expiry(coordinator, client_for):
    client = client_for(coordinator)
    _age_session(client, idle_seconds=LAST_SEEN_GRANULARITY_SECONDS)
    key = client.session.session_key
    # The store's expiry close at hand: the write renews it.
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() + timedelta(seconds=30)
    )
    assert client.get(reverse("people:list")).status_code == 200
    assert time.time() - client.session[SESSION_LAST_SEEN_KEY] < LAST_SEEN_GRANULARITY_SECONDS
    remaining = Session.objects.get(session_key=key).expire_date - timezone.now()
    assert remaining.total_seconds() > 60


def test_idle_limit_is_configurable(coordinator, client_for, settings):
    settings.ZVH_SESSION_IDLE_MINUTES = 5
    client = client_for(coordinator)
    _age_session(client, idle_seconds=6 * 60)
    assert not is_logged_in(client)


def test_login_page_says_the_session_timed_out(coordinator, client_for):
    client = client_for(coordinator)
    _age_session(client, idle_seconds=31 * 60)
    response = client.get(reverse("people:list"), follow=True)
    assert "U bent automatisch uitgelogd" in response.content.decode()
    # Only once.
    assert (
        "U bent automatisch uitgelogd" not in client.get(reverse("accounts:login")).content.decode()
    )


def test_session_store_expiry_backs_up_the_idle_limit(coordinator, client_for, settings):
    client = client_for(coordinator)
    client.get(reverse("people:list"))
    session = Session.objects.get(session_key=client.session.session_key)
    remaining = (session.expire_date - timezone.now()).total_seconds()
    assert (
        settings.ZVH_SESSION_IDLE_MINUTES * 60 - 60
        < remaining
        <= (settings.ZVH_SESSION_IDLE_MINUTES * 60)
    )


# --- absolute lifetime ----------------------------------------------------------------------


def test_active_session_ends_after_the_absolute_lifetime(coordinator, client_for, settings):
    client = client_for(coordinator)
    _age_session(client, age_seconds=settings.ZVH_SESSION_MAX_HOURS * 3600 + 60)
    assert not is_logged_in(client)


def test_active_session_lives_until_the_absolute_lifetime(coordinator, client_for, settings):
    client = client_for(coordinator)
    _age_session(client, age_seconds=settings.ZVH_SESSION_MAX_HOURS * 3600 - 60)
    assert is_logged_in(client)


def test_absolute_lifetime_is_configurable(coordinator, client_for, settings):
    settings.ZVH_SESSION_MAX_HOURS = 1
    client = client_for(coordinator)
    _age_session(client, age_seconds=3600 + 60)
    assert not is_logged_in(client)


def test_lifetime_counts_from_the_login(coordinator):
    give_totp_device(coordinator)
    client = Client()
    before = int(time.time())
    post_login(client, coordinator.username, code=code_for(coordinator))
    assert before <= client.session[SESSION_STARTED_KEY] <= time.time()


# --- deactivation ---------------------------------------------------------------------------


def test_deactivation_logs_out_every_session_of_the_user_at_once(world, coordinator, client_for):
    give_totp_device(coordinator)
    browser = Client()
    post_login(browser, coordinator.username, code=code_for(coordinator))  # the real login
    laptop = client_for(coordinator)
    bystander = client_for(world.user(Role.CHAIN_MANAGER))
    assert is_logged_in(browser) and is_logged_in(laptop) and is_logged_in(bystander)
    keys = [browser.session.session_key, laptop.session.session_key]

    user_deactivate(actor=admin_actor(world), user=coordinator)

    # The sessions are gone from the store, not just refused because the account is inactive.
    assert not Session.objects.filter(session_key__in=keys).exists()

    assert not is_logged_in(browser)
    assert not is_logged_in(laptop)
    assert is_logged_in(bystander)
    coordinator.refresh_from_db()
    assert not coordinator.is_active
    assert not UserSession.objects.filter(user=coordinator).exists()
    event = AuditEvent.objects.get(action=Action.UPDATE, object_type="user")
    assert event.object_id == str(coordinator.pk)
    assert event.user_id == world.user(Role.FUNCTIONAL_ADMIN).pk
    assert event.detail == {"change": "deactivated", "was_active": True, "sessions_ended": 2}


def test_deactivated_user_cannot_log_in_again(world, coordinator):
    give_totp_device(coordinator)
    user_deactivate(actor=admin_actor(world), user=coordinator)
    client = Client()
    response = post_login(client, coordinator.username, PASSWORD, code_for(coordinator))
    assert response.status_code == 200
    assert not is_logged_in(client)


@pytest.mark.parametrize(
    ("role", "house"),
    [(Role.FUNCTIONAL_ADMIN, "other"), (Role.PROCESS_COORDINATOR, "own")],
    ids=["admin-of-another-house", "not-an-admin"],
)
def test_only_an_admin_of_the_users_house_may_deactivate(
    world, coordinator, client_for, role, house
):
    actor_user = world.user(role, house=house)
    actor = Actor(
        user_id=actor_user.pk,
        organisation_id=actor_user.organisation_id,
        house_id=world.house.id if house == "own" else world.other_house.id,
        roles=frozenset({role}),
    )
    client = client_for(coordinator)
    with pytest.raises(Http404):
        user_deactivate(actor=actor, user=coordinator)
    coordinator.refresh_from_db()
    assert coordinator.is_active
    assert is_logged_in(client)
    assert AuditEvent.objects.filter(action=Action.DENIED, object_type="user").exists()


def test_admin_cannot_deactivate_themselves(world):
    actor = admin_actor(world)
    admin = world.user(Role.FUNCTIONAL_ADMIN)
    with pytest.raises(ValidationError):
        user_deactivate(actor=actor, user=admin)
    admin.refresh_from_db()
    assert admin.is_active


def test_logout_forgets_the_session(coordinator, client_for):
    client = client_for(coordinator)
    assert UserSession.objects.filter(user=coordinator).count() == 1
    client.post(reverse("accounts:logout"))
    assert not UserSession.objects.filter(user=coordinator).exists()
