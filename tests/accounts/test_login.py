"""Password plus TOTP code for every role; failures look alike; both outcomes are logged."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from conftest import give_totp_device
from tests.factories.network import UserFactory
from zvh.audit.models import Action, AuditEvent, Result
from zvh.network.models import Role

from .helpers import (
    PASSWORD,
    code_for,
    is_logged_in,
    outsider_view,
    post_login,
    wrong_code,
)


@pytest.mark.parametrize("role", list(Role))
def test_every_role_logs_in_with_password_and_code(world, role):
    user = world.user(role)
    give_totp_device(user)
    client = Client()
    response = post_login(client, user.username, code=code_for(user))
    assert response.status_code == 302
    assert response["Location"] == reverse("web:home")
    assert client.get(reverse("web:home")).status_code == 200


@pytest.mark.parametrize("role", list(Role))
def test_password_alone_never_logs_in(world, role):
    user = world.user(role)
    give_totp_device(user)
    client = Client()
    response = post_login(client, user.username, code="")
    assert response.status_code == 200
    assert "De combinatie van gebruikersnaam, wachtwoord en code is onjuist." in (
        response.content.decode()
    )
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("web:home")).status_code == 302


def test_a_session_without_the_second_factor_reaches_no_protected_page(world):
    user = world.user(Role.PROCESS_COORDINATOR)
    give_totp_device(user)
    client = Client()
    client.force_login(user)  # authenticated, as if by password only, but never verified
    for name in ("people:list", "web:home"):
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("accounts:login"))


def test_people_list_needs_the_verified_session(world, settings):
    # django-otp briefly refuses every code after a wrong one; this test retries at once.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    user = world.user(Role.PROCESS_COORDINATOR)
    give_totp_device(user)
    client = Client()
    assert not is_logged_in(client)
    post_login(client, user.username, code=wrong_code(user))
    assert not is_logged_in(client)
    post_login(client, user.username, code=code_for(user))
    assert is_logged_in(client)


def test_wrong_code_does_not_log_in(world):
    user = world.user(Role.PROCESS_COORDINATOR)
    give_totp_device(user)
    client = Client()
    response = post_login(client, user.username, code=wrong_code(user))
    assert response.status_code == 200
    assert not is_logged_in(client)


def test_code_with_a_space_as_the_app_shows_it_is_accepted(world):
    user = world.user(Role.PROCESS_COORDINATOR)
    give_totp_device(user)
    code = code_for(user)
    client = Client()
    post_login(client, user.username, code=f"{code[:3]} {code[3:]}")
    assert is_logged_in(client)


def test_malformed_code_gets_a_clear_message_and_counts_nothing(world):
    user = world.user(Role.PROCESS_COORDINATOR)
    give_totp_device(user)
    response = post_login(Client(), user.username, code="12ab")
    assert response.status_code == 200
    assert "Vul de zes cijfers uit uw authenticator-app in." in response.content.decode()
    assert not AuditEvent.objects.filter(action=Action.LOGIN_FAILED).exists()


def test_inactive_user_cannot_log_in(world):
    user = world.user(Role.PROCESS_COORDINATOR)
    give_totp_device(user)
    code = code_for(user)
    user.is_active = False
    user.save()
    client = Client()
    post_login(client, user.username, code=code)
    assert "_auth_user_id" not in client.session


def test_next_page_after_login_only_on_this_site(world, steady_totp_step):
    user = world.user(Role.PROCESS_COORDINATOR)
    give_totp_device(user)
    people = reverse("people:list")
    client = Client()
    response = client.post(
        f"{reverse('accounts:login')}?next={people}",
        {"username": user.username, "password": PASSWORD, "otp_token": code_for(user)},
    )
    assert response["Location"] == people
    other = Client()
    response = other.post(
        f"{reverse('accounts:login')}?next=https://evil.example/",
        {"username": user.username, "password": PASSWORD, "otp_token": code_for(user, ahead=1)},
    )
    assert response["Location"] == reverse("web:home")


def test_unknown_user_wrong_password_and_wrong_code_answer_identically(world):
    """No account enumeration: every failure, whatever failed, is the same response."""
    with_device = world.user(Role.PROCESS_COORDINATOR)
    give_totp_device(with_device)
    without_device = world.user(Role.CHAIN_MANAGER)
    bad = wrong_code(with_device)
    attempts = [
        ("niemand-bekend-hier", "wat dan ook", bad),  # unknown user
        ("niemand-bekend-hier", "wat dan ook", ""),  # unknown user, no code
        (with_device.username, "fout wachtwoord", bad),  # wrong password
        (with_device.username, PASSWORD, bad),  # right password, wrong code
        (with_device.username, PASSWORD, ""),  # right password, no code
        (without_device.username, "fout wachtwoord", ""),  # no device yet, wrong password
    ]
    views = []
    for username, password, code in attempts:
        response = post_login(Client(), username, password, code)
        views.append(outsider_view(response, username))
    assert views[0][0] == 200
    assert "De combinatie van gebruikersnaam, wachtwoord en code is onjuist." in views[0][2]
    for view, attempt in zip(views[1:], attempts[1:], strict=True):
        assert view == views[0], attempt


def test_login_success_is_in_the_access_log(world):
    user = world.user(Role.PROCESS_COORDINATOR)
    give_totp_device(user)
    post_login(Client(), user.username, code=code_for(user))
    event = AuditEvent.objects.get(action=Action.LOGIN)
    assert event.user_id == user.pk
    assert event.organisation_id == user.organisation_id
    assert event.result == Result.OK
    assert event.request_id


def test_login_failures_are_in_the_access_log(world):
    user = world.user(Role.PROCESS_COORDINATOR)
    give_totp_device(user)
    post_login(Client(), "niemand-bekend-hier", "wat dan ook", "123456")
    post_login(Client(), user.username, "fout wachtwoord", "123456")
    post_login(Client(), user.username, PASSWORD, wrong_code(user))
    events = list(AuditEvent.objects.filter(action=Action.LOGIN_FAILED).order_by("id"))
    assert [(e.user_id, e.detail["reason"], e.result) for e in events] == [
        (None, "credentials", Result.FAILED),
        (user.pk, "credentials", Result.FAILED),
        (user.pk, "second_factor", Result.FAILED),
    ]
    # The name typed for an unknown account is not stored anywhere in the event.
    assert "niemand-bekend-hier" not in str(events[0].detail) + events[0].object_id
    assert not AuditEvent.objects.filter(action=Action.LOGIN).exists()


def test_logout_ends_the_session_and_is_logged(world):
    user = world.user(Role.PROCESS_COORDINATOR)
    give_totp_device(user)
    client = Client()
    post_login(client, user.username, code=code_for(user))
    response = client.post(reverse("accounts:logout"))
    assert response["Location"] == reverse("accounts:login")
    assert not is_logged_in(client)
    assert AuditEvent.objects.filter(action=Action.LOGOUT, user_id=user.pk).exists()


def test_login_page_has_no_sso_link_when_single_sign_on_is_off(db):
    assert "Inloggen via SSO" not in Client().get(reverse("accounts:login")).content.decode()


def test_factory_password_is_the_one_used_here(db):
    # Guards the tests above against a silently changed factory default.
    assert UserFactory().check_password(PASSWORD)
