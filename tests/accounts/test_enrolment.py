"""First login: password right, no authenticator yet -> link one, confirm with a code, then in."""

from __future__ import annotations

import re
import time
from base64 import b32decode

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from zvh.accounts.selectors import PENDING_ENROLMENT_KEY
from zvh.audit.models import Action, AuditEvent
from zvh.network.models import Role

from .helpers import PASSWORD, code_for, is_logged_in, post_login

ENROL_URL = reverse("accounts:enrol")


@pytest.fixture
def newcomer(world):
    """A user who has never logged in: no authenticator linked yet."""
    user = world.user(Role.PROCESS_COORDINATOR)
    assert not TOTPDevice.objects.filter(user=user).exists()
    return user


def _secret_on_page(html: str) -> bytes:
    match = re.search(r'<code id="totp-secret">([A-Z2-7 ]+)</code>', html)
    assert match, "the secret for manual entry is on the page"
    secret = match.group(1).replace(" ", "")
    return b32decode(secret + "=" * (-len(secret) % 8))


def _app_code(secret: bytes, *, ahead: int = 0) -> str:
    """What an authenticator app that was given `secret` shows now (or `ahead` steps later)."""
    generator = TOTP(secret)
    generator.time = time.time() + ahead * generator.step
    return f"{generator.token():06d}"


def _wrong_code(secret: bytes) -> str:
    right = {_app_code(secret, ahead=step) for step in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in right)


def _start(client: Client, user, code: str = "") -> None:
    response = post_login(client, user.username, PASSWORD, code)
    assert response.status_code == 302
    assert response["Location"] == ENROL_URL


def test_enrolment_end_to_end(newcomer, settings, steady_totp_step):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # retries at once after a wrong code below
    client = Client()
    _start(client, newcomer)
    assert not is_logged_in(client), "not logged in before the device is confirmed"

    page = client.get(ENROL_URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'src="data:image/svg+xml' in html
    assert newcomer.username in html
    secret = _secret_on_page(html)
    device = TOTPDevice.objects.get(user=newcomer)
    assert not device.confirmed and device.bin_key == secret

    right = _app_code(secret)
    response = client.post(ENROL_URL, {"otp_token": _wrong_code(secret)})
    assert response.status_code == 200
    assert "Deze code klopt niet." in response.content.decode()
    assert not is_logged_in(client)

    response = client.post(ENROL_URL, {"otp_token": right})
    assert response.status_code == 302
    assert response["Location"] == reverse("web:home")
    assert is_logged_in(client)
    device.refresh_from_db()
    assert device.confirmed
    assert PENDING_ENROLMENT_KEY not in client.session
    assert AuditEvent.objects.filter(action=Action.LOGIN, user_id=newcomer.pk).exists()
    assert AuditEvent.objects.filter(
        action=Action.UPDATE, object_type="totp_device", object_id=str(device.pk)
    ).exists()

    # From now on the code is required, and the linked app's code works.
    client.post(reverse("accounts:logout"))
    assert post_login(Client(), newcomer.username, PASSWORD, "").status_code == 200
    later = Client()
    response = post_login(later, newcomer.username, PASSWORD, _app_code(secret, ahead=1))
    assert response.status_code == 302
    assert is_logged_in(later)


def test_enrolment_page_is_csp_safe(newcomer):
    client = Client()
    _start(client, newcomer)
    html = client.get(ENROL_URL).content.decode()
    assert "style=" not in html
    # Scripts only from the site's own static files (the CSP's script-src 'self'), none inline.
    scripts = re.findall(r"<script[^>]*>", html)
    assert all(re.fullmatch(r'<script src="/static/[^"]+\.js" defer>', s) for s in scripts)
    assert "<img " in html and 'alt="' in html


def test_a_code_typed_without_a_device_still_leads_to_enrolment(newcomer):
    _start(Client(), newcomer, code="123456")


def test_wrong_password_without_a_device_is_a_plain_failure(newcomer):
    client = Client()
    response = post_login(client, newcomer.username, "fout wachtwoord", "")
    assert response.status_code == 200
    assert PENDING_ENROLMENT_KEY not in client.session
    assert not TOTPDevice.objects.filter(user=newcomer).exists()


def test_each_start_shows_a_fresh_secret(newcomer):
    first, second = Client(), Client()
    _start(first, newcomer)
    secret_one = _secret_on_page(first.get(ENROL_URL).content.decode())
    _start(second, newcomer)
    secret_two = _secret_on_page(second.get(ENROL_URL).content.decode())
    assert secret_one != secret_two
    assert TOTPDevice.objects.filter(user=newcomer).count() == 1
    # The first visitor's page no longer leads anywhere.
    assert first.get(ENROL_URL)["Location"] == reverse("accounts:login")


def test_enrolment_page_without_a_pending_enrolment_goes_to_login(db):
    for method in ("get", "post"):
        response = getattr(Client(), method)(ENROL_URL)
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:login")


def test_pending_enrolment_expires(newcomer):
    client = Client()
    _start(client, newcomer)
    secret = _secret_on_page(client.get(ENROL_URL).content.decode())
    session = client.session
    session[PENDING_ENROLMENT_KEY] = {
        **session[PENDING_ENROLMENT_KEY],
        "expires_at": time.time() - 1,
    }
    session.save()
    response = client.post(ENROL_URL, {"otp_token": _app_code(secret)})
    assert response["Location"] == reverse("accounts:login")
    assert not is_logged_in(client)
    assert not TOTPDevice.objects.filter(user=newcomer, confirmed=True).exists()


def test_deactivation_during_enrolment_stops_it(newcomer):
    client = Client()
    _start(client, newcomer)
    secret = _secret_on_page(client.get(ENROL_URL).content.decode())
    newcomer.is_active = False
    newcomer.save()
    response = client.post(ENROL_URL, {"otp_token": _app_code(secret)})
    assert response["Location"] == reverse("accounts:login")
    assert not TOTPDevice.objects.filter(user=newcomer, confirmed=True).exists()


def test_wrong_enrolment_codes_lead_to_the_lockout(newcomer):
    client = Client()
    _start(client, newcomer)
    secret = _secret_on_page(client.get(ENROL_URL).content.decode())
    wrong = _wrong_code(secret)
    statuses = [
        client.post(ENROL_URL, {"otp_token": wrong}).status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    # The enrolment is over, and the name is locked like after wrong passwords.
    assert client.get(ENROL_URL)["Location"] == reverse("accounts:login")
    assert post_login(Client(), newcomer.username, PASSWORD, "").status_code == 429
    assert AuditEvent.objects.filter(
        action=Action.LOGIN_FAILED, user_id=newcomer.pk, detail__reason="enrolment_code"
    ).exists()


def test_locked_out_user_does_not_reach_enrolment(newcomer):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_login(Client(), newcomer.username, "fout", "")
    client = Client()
    response = post_login(client, newcomer.username, PASSWORD, "")
    assert response.status_code == 429
    assert PENDING_ENROLMENT_KEY not in client.session


def test_user_with_a_device_never_gets_a_second_one_by_enrolment(newcomer):
    client = Client()
    _start(client, newcomer)
    secret = _secret_on_page(client.get(ENROL_URL).content.decode())
    # Meanwhile (another tab) the user finished an enrolment.
    TOTPDevice.objects.create(user=newcomer, name="other", confirmed=True)
    response = client.post(ENROL_URL, {"otp_token": _app_code(secret)})
    assert response["Location"] == reverse("accounts:login")
    assert not is_logged_in(client)
    assert TOTPDevice.objects.filter(user=newcomer, confirmed=True).count() == 1


def test_enrolment_keeps_the_page_the_user_came_for(newcomer):
    people = reverse("people:list")
    client = Client()
    client.post(
        f"{reverse('accounts:login')}?next={people}",
        {"username": newcomer.username, "password": PASSWORD, "otp_token": ""},
    )
    secret = _secret_on_page(client.get(ENROL_URL).content.decode())
    response = client.post(ENROL_URL, {"otp_token": _app_code(secret)})
    assert response["Location"] == people


def test_code_for_helper_matches_the_device(newcomer):
    # The helper the other tests rely on computes what the device accepts.
    device = TOTPDevice.objects.create(user=newcomer, name="x", confirmed=True)
    assert device.verify_token(code_for(newcomer))
