"""The project's own 400/403/404/500 pages (issue 12): in the house style, in Dutch and in
English, and never Django's technical page, not even with the demo's DEBUG on."""

from __future__ import annotations

import logging

import pytest
from django.conf import settings
from django.test import Client, override_settings

from conftest import login_2fa
from zvh.authz.doors import DOORS
from zvh.network.models import Role

from .error_urls import TEST_DOORS

pytestmark = pytest.mark.urls("tests.web.error_urls")


@pytest.fixture(autouse=True)
def _doors_for_test_views(monkeypatch):
    for name, door in TEST_DOORS.items():
        monkeypatch.setitem(DOORS, name, door)


DEMO_MIDDLEWARE = [
    *settings.MIDDLEWARE[:3],
    "zvh.core.errors.OwnErrorPagesMiddleware",
    *settings.MIDDLEWARE[3:],
]
TECHNICAL = ("Traceback", "technical", "You're seeing this error because you have")


def client_in(language: str, user=None) -> Client:
    client = Client(raise_request_exception=False)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return login_2fa(client, user) if user is not None else client


def assert_own_page(response, status: int, heading: str) -> None:
    body = response.content.decode()
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    assert f"<h1>{heading}</h1>" in body
    assert 'class="site-header"' in body  # the house's header
    for marker in TECHNICAL:
        assert marker not in body


@pytest.mark.parametrize(
    ("language", "heading"), [("nl", "Pagina niet gevonden"), ("en", "Page not found")]
)
def test_an_unknown_address_gets_the_own_404_page_with_the_menu(world, language, heading):
    user = world.user(Role.PROCESS_COORDINATOR)
    response = client_in(language, user).get("/bestaat-niet/")
    assert_own_page(response, 404, heading)
    assert 'class="site-nav"' in response.content.decode()  # the menu of a signed-in user


@pytest.mark.parametrize(("language", "heading"), [("nl", "Geen toegang"), ("en", "No access")])
def test_a_refusal_gets_the_own_403_page(world, language, heading):
    user = world.user(Role.PROCESS_COORDINATOR)
    assert_own_page(client_in(language, user).get("/test-only/geweigerd/"), 403, heading)


@pytest.mark.parametrize(
    ("language", "heading"), [("nl", "Er ging iets mis"), ("en", "Something went wrong")]
)
def test_a_failure_gets_the_own_500_page_with_the_request_id(world, language, heading):
    user = world.user(Role.PROCESS_COORDINATOR)
    response = client_in(language, user).get("/test-only/kapot/")
    assert_own_page(response, 500, heading)
    assert response["X-Request-ID"] in response.content.decode()


def test_a_refused_form_gets_the_own_403_page(world):
    client = Client(enforce_csrf_checks=True)
    login_2fa(client, world.user(Role.PROCESS_COORDINATOR))
    response = client.post("/test-only/geweigerd/")
    assert_own_page(response, 403, "Geen toegang")
    assert "te oud" in response.content.decode()


@override_settings(DEBUG=True, MIDDLEWARE=DEMO_MIDDLEWARE)
@pytest.mark.parametrize(
    ("path", "status", "heading"),
    [
        ("/bestaat-niet/", 404, "Pagina niet gevonden"),
        ("/test-only/kapot/", 500, "Er ging iets mis"),
    ],
)
def test_the_demo_with_debug_on_shows_the_own_pages(world, path, status, heading):
    user = world.user(Role.PROCESS_COORDINATOR)
    assert_own_page(client_in("nl", user).get(path), status, heading)


@override_settings(DEBUG=True, MIDDLEWARE=DEMO_MIDDLEWARE)
def test_the_demo_still_logs_the_traceback(world, caplog):
    user = world.user(Role.PROCESS_COORDINATOR)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        client_in("nl", user).get("/test-only/kapot/")
    logged = [r for r in caplog.records if r.name == "django.request"]
    assert logged and logged[0].exc_info is not None
    assert "deliberately broken" in str(logged[0].exc_info[1])


@override_settings(DEBUG=True, MIDDLEWARE=DEMO_MIDDLEWARE)
def test_the_demo_answers_the_api_with_problems_not_pages(world):
    client = Client(raise_request_exception=False)
    response = client.get("/api/v1/test-only/kapot/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    missing = client.get("/api/v1/bestaat-niet/")
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/problem+json"


def test_the_demo_settings_put_the_guard_inside_the_security_headers():
    from config.settings import local

    middleware = local.MIDDLEWARE
    assert local.DEBUG  # the demo runs with DEBUG on ...
    guard = middleware.index("zvh.core.errors.OwnErrorPagesMiddleware")
    # ... and the guarded page still gets the CSP and the other headers.
    assert guard > middleware.index("zvh.core.middleware.SecurityHeadersMiddleware")


def test_a_bad_request_gets_the_own_400_page():
    # A host name the site does not serve is a SuspiciousOperation: Django answers 400.
    response = Client().get("/", HTTP_HOST="elders.example")
    assert_own_page(response, 400, "Ongeldig verzoek")
