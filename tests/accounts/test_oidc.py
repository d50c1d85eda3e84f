"""Optional single sign-on: e-mail claim -> existing active account; the provider's second
factor counts. No network: the provider's token and userinfo endpoints are mocked."""

from __future__ import annotations

import time

import pytest
from django.test import Client, RequestFactory
from django.urls import NoReverseMatch, reverse

from conftest import give_totp_device
from tests.factories.network import UserFactory
from zvh.accounts.models import User, UserSession
from zvh.accounts.oidc import ZvhOIDCBackend
from zvh.accounts.second_factor import (
    AUTH_METHOD_OIDC,
    SESSION_AUTH_METHOD_KEY,
    is_fully_authenticated,
)
from zvh.accounts.services import user_deactivate
from zvh.accounts.urls import oidc_urlpatterns
from zvh.audit.models import Action, AuditEvent
from zvh.network.models import Role

from .helpers import admin_actor, code_for, is_logged_in, post_login

OIDC_BACKEND = "zvh.accounts.oidc.ZvhOIDCBackend"


@pytest.fixture
def oidc(settings):
    """Single sign-on switched on, as base.py does with ZVH_OIDC_ENABLED=true."""
    settings.ZVH_OIDC_ENABLED = True
    settings.ROOT_URLCONF = "tests.accounts.urls_oidc"
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, OIDC_BACKEND]
    settings.OIDC_RP_CLIENT_ID = "zvh"
    settings.OIDC_RP_CLIENT_SECRET = "geheim"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "https://idp.example/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = "https://idp.example/token"
    settings.OIDC_OP_USER_ENDPOINT = "https://idp.example/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = "https://idp.example/jwks"
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    settings.OIDC_CREATE_USER = False
    settings.LOGIN_REDIRECT_URL_FAILURE = "accounts:login"
    return settings


@pytest.fixture
def provider(monkeypatch):
    """The identity provider: accepts any code and answers with the claims set here."""
    claims: dict = {}
    monkeypatch.setattr(
        ZvhOIDCBackend, "get_token", lambda self, payload: {"id_token": "i", "access_token": "a"}
    )
    monkeypatch.setattr(ZvhOIDCBackend, "verify_token", lambda self, token, **kw: {"sub": "x"})
    monkeypatch.setattr(ZvhOIDCBackend, "get_userinfo", lambda self, a, i, p: dict(claims))
    return claims


def _matched(claims: dict) -> list[User]:
    return list(ZvhOIDCBackend().filter_users_by_claims(claims))


# --- claim matching -------------------------------------------------------------------------


def test_matches_an_active_user_by_email_ignoring_case(oidc, db):
    user = UserFactory(email="Jan.Jansen@Politie.example")
    assert _matched({"email": "jan.jansen@politie.example", "email_verified": True}) == [user]
    assert _matched({"email": " JAN.JANSEN@politie.example "}) == [user]


@pytest.mark.parametrize(
    "claims",
    [
        {},
        {"email": ""},
        {"email": None},
        {"email": ["jan@politie.example"]},
        {"email": "jan@politie.example", "email_verified": False},
        {"email": "iemand.anders@politie.example"},
    ],
    ids=["no-email", "empty", "null", "not-a-string", "unverified", "unknown"],
)
def test_no_match_without_a_usable_email(oidc, db, claims):
    UserFactory(email="jan@politie.example")
    assert _matched(claims) == []


def test_inactive_user_is_not_matched(oidc, db):
    UserFactory(email="jan@politie.example", is_active=False)
    assert _matched({"email": "jan@politie.example"}) == []


def test_never_creates_a_user_even_if_the_setting_says_so(oidc, db, provider):
    oidc.OIDC_CREATE_USER = True
    provider["email"] = "nieuw@politie.example"
    before = User.objects.count()
    request = RequestFactory().get("/oidc/callback/", {"code": "c", "state": "s"})
    request.session = {}
    assert ZvhOIDCBackend().authenticate(request, nonce="n") is None
    assert User.objects.count() == before


def test_two_accounts_with_the_same_address_match_neither(oidc, db, provider):
    UserFactory(email="jan@politie.example")
    UserFactory(email="JAN@politie.example")
    provider["email"] = "jan@politie.example"
    request = RequestFactory().get("/oidc/callback/", {"code": "c", "state": "s"})
    request.session = {}
    assert ZvhOIDCBackend().authenticate(request, nonce="n") is None


def test_matched_user_is_returned_unchanged(oidc, db, provider):
    user = UserFactory(email="jan@politie.example", first_name="Jan")
    provider.update({"email": "jan@politie.example", "given_name": "Kwaadwillend"})
    request = RequestFactory().get("/oidc/callback/", {"code": "c", "state": "s"})
    request.session = {}
    assert ZvhOIDCBackend().authenticate(request, nonce="n") == user
    user.refresh_from_db()
    assert user.first_name == "Jan"


# --- the whole callback: login, session marked, second factor left to the provider ----------


def _callback(client: Client) -> object:
    session = client.session
    session["oidc_states"] = {"st": {"nonce": "n", "code_verifier": None, "added_on": time.time()}}
    session.save()
    return client.get(reverse("oidc_authentication_callback"), {"code": "c", "state": "st"})


def test_sso_login_marks_the_session_and_opens_protected_pages(oidc, world, provider):
    user = world.user(Role.PROCESS_COORDINATOR)  # has no TOTP device: the provider vouches
    provider.update({"email": user.email, "email_verified": True})
    client = Client()
    response = _callback(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("web:home")
    assert client.session[SESSION_AUTH_METHOD_KEY] == AUTH_METHOD_OIDC
    assert is_logged_in(client)
    assert AuditEvent.objects.filter(action=Action.LOGIN, user_id=user.pk).exists()


def test_sso_session_ends_on_deactivation_like_any_other(oidc, world, provider):
    user = world.user(Role.PROCESS_COORDINATOR)
    provider["email"] = user.email
    client = Client()
    _callback(client)
    assert is_logged_in(client)
    user_deactivate(actor=admin_actor(world), user=user)
    assert not UserSession.objects.filter(user=user).exists()
    assert not is_logged_in(client)


def test_sso_failure_goes_back_to_the_login_page_and_is_logged(oidc, world, provider):
    provider["email"] = "onbekend@politie.example"
    client = Client()
    response = _callback(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert not is_logged_in(client)
    assert AuditEvent.objects.filter(action=Action.LOGIN_FAILED, detail__reason="oidc").exists()


def test_sso_mark_counts_only_while_sso_is_on(world, settings, rf):
    user = world.user(Role.PROCESS_COORDINATOR)
    request = rf.get("/")
    request.user = user
    request.session = {SESSION_AUTH_METHOD_KEY: AUTH_METHOD_OIDC}
    settings.ZVH_OIDC_ENABLED = True
    assert is_fully_authenticated(request)
    settings.ZVH_OIDC_ENABLED = False
    assert not is_fully_authenticated(request)


def test_password_session_is_not_marked(world):
    user = world.user(Role.PROCESS_COORDINATOR)
    give_totp_device(user)
    client = Client()
    post_login(client, user.username, code=code_for(user))
    assert SESSION_AUTH_METHOD_KEY not in client.session


# --- URLs and the login page ----------------------------------------------------------------


def test_sso_urls_exist_only_when_switched_on(settings):
    settings.ZVH_OIDC_ENABLED = False
    assert oidc_urlpatterns() == []
    with pytest.raises(NoReverseMatch):
        reverse("oidc_authentication_init")  # the project's URLs, as loaded for the tests
    settings.ZVH_OIDC_ENABLED = True
    assert [str(p.pattern) for p in oidc_urlpatterns()] == ["oidc/"]


def test_login_page_links_to_sso_when_switched_on(oidc, db):
    html = Client().get(reverse("accounts:login")).content.decode()
    assert "Inloggen via SSO" in html
    assert f'href="{reverse("oidc_authentication_init")}"' in html


def test_sso_start_redirects_to_the_provider(oidc, db):
    response = Client().get(reverse("oidc_authentication_init"))
    assert response.status_code == 302
    assert response["Location"].startswith("https://idp.example/authorize?")
