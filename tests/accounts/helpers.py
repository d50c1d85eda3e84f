"""Logging in through the real login page, and comparing responses the way an outsider would."""

from __future__ import annotations

import re
import time

from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from zvh.accounts.models import User
from zvh.accounts.totp import current_code
from zvh.authz.actor import Actor
from zvh.network.models import Role

PASSWORD = "correct horse battery"  # what UserFactory sets
LOGIN_URL = reverse("accounts:login")

_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def post_login(client: Client, username: str, password: str = PASSWORD, code: str = ""):
    return client.post(LOGIN_URL, {"username": username, "password": password, "otp_token": code})


def code_for(user: User, *, ahead: int = 0) -> str:
    """The code the user's app shows now (or `ahead` steps later: a code accepted once is
    refused afterwards, and the device allows one step of clock drift)."""
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return current_code(device, now=time.time() + ahead * device.step).code


def wrong_code(user: User) -> str:
    right = {code_for(user, ahead=step) for step in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in right)


def is_logged_in(client: Client) -> bool:
    """Whether the client gets a protected page (the people list) rather than the login page."""
    return client.get(reverse("people:list")).status_code == 200


def outsider_view(response: HttpResponse, username: str) -> tuple[int, str, str, list[str]]:
    """Status, redirect target, body and cookie names, with the per-request CSRF token and the
    typed user name masked: everything someone probing for accounts could compare."""
    body = _CSRF.sub('name="csrfmiddlewaretoken" value="…"', response.content.decode())
    body = body.replace(username, "USERNAME")
    return (
        response.status_code,
        response.get("Location", ""),
        body,
        sorted(response.cookies.keys()),
    )


def admin_actor(world, *, house: str = "own") -> Actor:
    """The functional administrator of the own organisation in the given house, as an Actor."""
    admin = world.user(Role.FUNCTIONAL_ADMIN, house=house)
    return Actor(
        user_id=admin.pk,
        organisation_id=admin.organisation_id,
        house_id=world.house.id if house == "own" else world.other_house.id,
        roles=frozenset({Role.FUNCTIONAL_ADMIN}),
    )
