"""Optional single sign-on (decision 0185): an account is bound to the provider's issuer and
subject, the first time by a verified e-mail address; the provider's login counts as the second
factor only when its amr/acr claims say so, otherwise the TOTP code is asked. No network: the
provider's token and userinfo endpoints are mocked."""

from __future__ import annotations

import time

import pytest
from django.test import Client, RequestFactory
from django.urls import NoReverseMatch, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import give_totp_device
from tests.factories.network import UserFactory
from zvh.accounts.models import OidcIdentity, User, UserSession
from zvh.accounts.oidc import ZvhOIDCBackend
from zvh.accounts.second_factor import (
    AUTH_METHOD_OIDC,
    AUTH_METHOD_OIDC_SINGLE_FACTOR,
    SESSION_AUTH_METHOD_KEY,
    is_fully_authenticated,
)
from zvh.accounts.urls import oidc_urlpatterns
from zvh.audit.models import Action, AuditEvent
from zvh.network.models import Role
from zvh.network.services import user_deactivate

from .helpers import admin_actor, code_for, is_logged_in, post_login, wrong_code

OIDC_BACKEND = "zvh.accounts.oidc.ZvhOIDCBackend"
ISSUER = "https://idp.example"


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
    settings.ZVH_OIDC_ISSUER = ISSUER
    settings.ZVH_OIDC_SECOND_FACTOR_AMR = ["mfa"]
    settings.ZVH_OIDC_SECOND_FACTOR_ACR = ["urn:idp:loa:substantial"]
    return settings


@pytest.fixture
def id_token():
    """The claims of the provider's (verified) identity token; a test changes them."""
    return {"iss": ISSUER, "sub": "subject-1", "amr": ["pwd", "mfa"]}


@pytest.fixture
def provider(monkeypatch, id_token):
    """The identity provider: accepts any code and answers with the userinfo claims set here."""
    claims: dict = {}
    monkeypatch.setattr(
        ZvhOIDCBackend, "get_token", lambda self, payload: {"id_token": "i", "access_token": "a"}
    )
    monkeypatch.setattr(ZvhOIDCBackend, "verify_token", lambda self, token, **kw: dict(id_token))
    monkeypatch.setattr(ZvhOIDCBackend, "get_userinfo", lambda self, a, i, p: dict(claims))
    return claims


def _authenticate() -> User | None:
    request = RequestFactory().get("/oidc/callback/", {"code": "c", "state": "s"})
    request.session = {}
    return ZvhOIDCBackend().authenticate(request, nonce="n")


def _matched(claims: dict) -> list[User]:
    return list(ZvhOIDCBackend().filter_users_by_claims(claims))


# --- claim matching -------------------------------------------------------------------------


def test_matches_an_active_user_by_email_ignoring_case(oidc, db):
    user = UserFactory(email="Jan.Jansen@Politie.example")
    assert _matched({"email": "jan.jansen@politie.example", "email_verified": True}) == [user]
    assert _matched({"email": " JAN.JANSEN@politie.example ", "email_verified": True}) == [user]


@pytest.mark.parametrize(
    "claims",
    [
        {},
        {"email": ""},
        {"email": None},
        {"email": ["jan@politie.example"]},
        {"email": "jan@politie.example", "email_verified": False},
        {"email": "jan@politie.example"},
        {"email": "jan@politie.example", "email_verified": "true"},
        {"email": "iemand.anders@politie.example", "email_verified": True},
    ],
    ids=[
        "no-email",
        "empty",
        "null",
        "not-a-string",
        "unverified",
        "verification-missing",
        "verification-not-a-boolean",
        "unknown",
    ],
)
def test_no_match_without_a_usable_email(oidc, db, claims):
    UserFactory(email="jan@politie.example")
    assert _matched(claims) == []


def test_inactive_user_is_not_matched(oidc, db):
    UserFactory(email="jan@politie.example", is_active=False)
    assert _matched({"email": "jan@politie.example", "email_verified": True}) == []


def test_never_creates_a_user_even_if_the_setting_says_so(oidc, db, provider):
    oidc.OIDC_CREATE_USER = True
    provider.update({"email": "nieuw@politie.example", "email_verified": True})
    before = User.objects.count()
    assert _authenticate() is None
    assert User.objects.count() == before


def test_two_accounts_with_the_same_address_match_neither(oidc, db, provider):
    UserFactory(email="jan@politie.example")
    UserFactory(email="JAN@politie.example")
    provider.update({"email": "jan@politie.example", "email_verified": True})
    assert _authenticate() is None
    assert not OidcIdentity.objects.exists()


def test_matched_user_is_returned_unchanged(oidc, db, provider):
    user = UserFactory(email="jan@politie.example", first_name="Jan")
    provider.update(
        {"email": "jan@politie.example", "email_verified": True, "given_name": "Kwaadwillend"}
    )
    assert _authenticate() == user
    user.refresh_from_db()
    assert user.first_name == "Jan"


# --- binding to issuer and subject ---------------------------------------------------------


def test_first_login_binds_issuer_and_subject_and_later_logins_go_by_them(oidc, db, provider):
    jan = UserFactory(email="jan@politie.example")
    piet = UserFactory(email="piet@politie.example")
    provider.update({"email": "jan@politie.example", "email_verified": True})
    assert _authenticate() == jan
    identity = OidcIdentity.objects.get()
    assert (identity.user, identity.issuer, identity.subject) == (jan, ISSUER, "subject-1")
    assert AuditEvent.objects.filter(object_type="oidc_identity", user_id=jan.pk).exists()
    # The provider now reports Piet's address for the same subject: still Jan, never Piet.
    provider.update({"email": "piet@politie.example"})
    assert _authenticate() == jan
    # And the address alone, unverified or not, no longer opens Jan's account for anyone else.
    assert piet not in {_authenticate()}


def test_another_subject_with_a_bound_accounts_address_is_refused(oidc, db, provider, id_token):
    jan = UserFactory(email="jan@politie.example")
    OidcIdentity.objects.create(user=jan, issuer=ISSUER, subject="subject-1")
    provider.update({"email": "jan@politie.example", "email_verified": True})
    id_token["sub"] = "subject-2"  # someone who took over the address at the provider
    assert _authenticate() is None
    assert OidcIdentity.objects.count() == 1


@pytest.mark.parametrize(
    "change",
    [
        {"iss": "https://elders.example"},
        {"iss": None},
        {"sub": ""},
        {"sub": None},
    ],
    ids=["other-issuer", "no-issuer", "empty-subject", "no-subject"],
)
def test_a_token_without_the_expected_issuer_or_a_subject_is_refused(
    oidc, db, provider, id_token, change
):
    UserFactory(email="jan@politie.example")
    provider.update({"email": "jan@politie.example", "email_verified": True})
    id_token.update(change)
    assert _authenticate() is None
    assert not OidcIdentity.objects.exists()


def test_userinfo_about_another_subject_is_refused(oidc, db, provider):
    UserFactory(email="jan@politie.example")
    provider.update({"email": "jan@politie.example", "email_verified": True, "sub": "other"})
    assert _authenticate() is None


def test_a_bound_but_deactivated_account_is_refused(oidc, db, provider):
    jan = UserFactory(email="jan@politie.example", is_active=False)
    OidcIdentity.objects.create(user=jan, issuer=ISSUER, subject="subject-1")
    assert _authenticate() is None


# --- the whole callback: login, session marked, second factor left to the provider ----------


def _callback(client: Client) -> object:
    session = client.session
    session["oidc_states"] = {"st": {"nonce": "n", "code_verifier": None, "added_on": time.time()}}
    session.save()
    return client.get(reverse("oidc_authentication_callback"), {"code": "c", "state": "st"})


def test_sso_login_marks_the_session_and_opens_protected_pages(oidc, world, provider):
    user = world.user(Role.PROCESS_COORDINATOR)  # no TOTP device: the provider vouches (amr)
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
    provider.update({"email": user.email, "email_verified": True})
    client = Client()
    _callback(client)
    assert is_logged_in(client)
    user_deactivate(actor=admin_actor(world), user=user)
    assert not UserSession.objects.filter(user=user).exists()
    assert not is_logged_in(client)


def test_sso_failure_goes_back_to_the_login_page_and_is_logged(oidc, world, provider):
    provider.update({"email": "onbekend@politie.example", "email_verified": True})
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


@pytest.mark.parametrize(
    "token_claims",
    [{"amr": ["pwd"]}, {"amr": "mfa"}, {"acr": "urn:idp:loa:low"}, {}],
    ids=["password-only", "amr-not-a-list", "low-acr", "no-claims"],
)
def test_without_a_vouched_second_factor_the_totp_code_is_asked(
    oidc, world, provider, id_token, token_claims
):
    user = world.user(Role.PROCESS_COORDINATOR)
    give_totp_device(user)
    provider.update({"email": user.email, "email_verified": True})
    id_token.pop("amr")
    id_token.update(token_claims)
    client = Client()
    response = _callback(client)
    assert response["Location"] == reverse("accounts:second_factor")
    assert client.session[SESSION_AUTH_METHOD_KEY] == AUTH_METHOD_OIDC_SINGLE_FACTOR
    assert not is_logged_in(client)
    # Every protected page, and the login page, lead to the second step.
    assert client.get(reverse("accounts:login"))["Location"] == reverse("accounts:second_factor")
    page = client.get(reverse("accounts:second_factor"))
    assert page.status_code == 200
    wrong = client.post(reverse("accounts:second_factor"), {"otp_token": wrong_code(user)})
    assert wrong.status_code == 200
    assert not is_logged_in(client)
    assert AuditEvent.objects.filter(
        action=Action.LOGIN_FAILED, user_id=user.pk, detail__reason="second_factor"
    ).exists()
    # The device waits a moment after a wrong code (django-otp's throttling): let it pass.
    TOTPDevice.objects.filter(user=user).update(throttling_failure_timestamp=None)
    right = client.post(reverse("accounts:second_factor"), {"otp_token": code_for(user)})
    assert right["Location"] == reverse("web:home")
    assert is_logged_in(client)


def test_an_accepted_acr_counts_as_second_factor(oidc, world, provider, id_token):
    user = world.user(Role.PROCESS_COORDINATOR)
    provider.update({"email": user.email, "email_verified": True})
    id_token.pop("amr")
    id_token["acr"] = "urn:idp:loa:substantial"
    client = Client()
    assert _callback(client)["Location"] == reverse("web:home")
    assert is_logged_in(client)


def test_without_second_factor_and_without_authenticator_app_no_login(
    oidc, world, provider, id_token
):
    user = world.user(Role.PROCESS_COORDINATOR)  # no TOTP device
    provider.update({"email": user.email, "email_verified": True})
    id_token["amr"] = ["pwd"]
    client = Client()
    assert _callback(client)["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(detail__reason="oidc_no_totp", user_id=user.pk).exists()


def test_the_second_step_sends_anyone_else_to_the_login_page(oidc, world):
    response = Client().get(reverse("accounts:second_factor"))
    assert response["Location"] == reverse("accounts:login")


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
