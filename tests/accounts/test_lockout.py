"""Lockout after repeated failures (django-axes, counted per user name), wrong codes included."""

from __future__ import annotations

from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import F
from django.test import Client

from conftest import give_totp_device
from zvh.audit.models import Action, AuditEvent
from zvh.network.models import Role

from .helpers import PASSWORD, code_for, is_logged_in, outsider_view, post_login, wrong_code

LOCKED_TEXT = "Te veel mislukte pogingen met deze gebruikersnaam."
FAILED_TEXT = "De combinatie van gebruikersnaam, wachtwoord en code is onjuist."


def _limit() -> int:
    return int(settings.AXES_FAILURE_LIMIT)


def test_lockout_after_the_limit_refuses_even_the_right_password_and_code(world):
    user = world.user(Role.PROCESS_COORDINATOR)
    give_totp_device(user)
    client = Client()
    for attempt in range(1, _limit()):
        response = post_login(client, user.username, "fout wachtwoord", "123456")
        assert response.status_code == 200, attempt
        assert FAILED_TEXT in response.content.decode()
    response = post_login(client, user.username, "fout wachtwoord", "123456")
    assert response.status_code == 429
    assert LOCKED_TEXT in response.content.decode()
    response = post_login(Client(), user.username, PASSWORD, code_for(user))
    assert response.status_code == 429
    assert LOCKED_TEXT in response.content.decode()
    assert not is_logged_in(client)
    assert AuditEvent.objects.filter(
        action=Action.LOGIN_FAILED, user_id=user.pk, detail__reason="locked_out"
    ).exists()


def test_wrong_codes_count_towards_the_lockout(world):
    user = world.user(Role.PROCESS_COORDINATOR)
    give_totp_device(user)
    bad = wrong_code(user)
    client = Client()
    statuses = [
        post_login(client, user.username, PASSWORD, bad).status_code for _ in range(_limit())
    ]
    assert statuses == [200] * (_limit() - 1) + [429]
    response = post_login(client, user.username, PASSWORD, code_for(user))
    assert response.status_code == 429
    assert not is_logged_in(client)


def test_unknown_user_name_gets_exactly_the_same_responses(world):
    """Locking out is per name, existing or not, so the whole sequence is indistinguishable."""
    user = world.user(Role.PROCESS_COORDINATOR)
    give_totp_device(user)

    def sequence(username: str, last_password: str, last_code: str) -> list:
        views = []
        for _ in range(_limit()):
            views.append(outsider_view(post_login(Client(), username, "fout", "123456"), username))
        final = post_login(Client(), username, last_password, last_code)
        views.append(outsider_view(final, username))
        return views

    known = sequence(user.username, PASSWORD, code_for(user))
    unknown = sequence("niemand-bekend-hier", PASSWORD, "123456")
    assert [view[0] for view in known] == [200] * (_limit() - 1) + [429, 429]
    assert known == unknown


def test_lockout_is_per_user_name_not_per_client(world):
    """One government NAT address must not lock out a whole organisation."""
    victim = world.user(Role.PROCESS_COORDINATOR)
    colleague = world.user(Role.CHAIN_MANAGER)
    give_totp_device(colleague)
    client = Client()
    for _ in range(_limit()):
        post_login(client, victim.username, "fout", "123456")
    assert post_login(client, colleague.username, PASSWORD, code_for(colleague)).status_code == 302


def test_lockout_ends_after_the_cool_off(world, steady_totp_step):
    user = world.user(Role.PROCESS_COORDINATOR)
    give_totp_device(user)
    for _ in range(_limit()):
        post_login(Client(), user.username, "fout", "123456")
    assert post_login(Client(), user.username, PASSWORD, code_for(user)).status_code == 429
    # Move the failures back past the cool-off instead of waiting.
    cool_off = timedelta(hours=settings.AXES_COOLOFF_TIME) + timedelta(seconds=1)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - cool_off)
    client = Client()
    assert post_login(client, user.username, PASSWORD, code_for(user, ahead=1)).status_code == 302
    assert is_logged_in(client)


def test_a_successful_login_resets_the_count(world):
    user = world.user(Role.PROCESS_COORDINATOR)
    give_totp_device(user)
    for _ in range(_limit() - 1):
        post_login(Client(), user.username, "fout", "123456")
    assert post_login(Client(), user.username, PASSWORD, code_for(user)).status_code == 302
    for attempt in range(_limit() - 1):
        response = post_login(Client(), user.username, "fout", "123456")
        assert response.status_code == 200, attempt
