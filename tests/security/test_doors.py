"""The doors table (zvh/authz/doors.py) against the URL resolver, and how it is enforced.

Every URL has exactly one door and every door a URL; an API view checks its door itself; a door
that asks no function (login only, public) opens no page with house data, which the worst-case
world (every organisation takes part in everything) shows for every role.
"""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import get_resolver, reverse
from rest_framework.views import APIView

from conftest import login_2fa
from zvh.api.permissions import HasFunction
from zvh.audit.models import Action, AuditEvent, Result
from zvh.authz.doors import DOORS, Door, Kind, door, login_only
from zvh.authz.functions import Function
from zvh.network.models import Role
from zvh.people.models import Person

from .url_matrix import ROWS
from .url_names import WITH_SINGLE_SIGN_ON, url_names, url_views

ROWS_BY_NAME = {row.name: row for row in ROWS}


def _all_views():
    """The project's URLs, the single sign-on ones included (routed only when switched on)."""
    return dict(url_views()) | dict(url_views(get_resolver(WITH_SINGLE_SIGN_ON)))


def test_every_url_has_a_door_and_every_door_a_url():
    names = set(_all_views())
    assert url_names() <= names
    missing = names - set(DOORS)
    assert not missing, f"URLs without a door in src/zvh/authz/doors.py: {sorted(missing)}"
    stale = set(DOORS) - names
    assert not stale, f"Doors of URLs that no longer exist: {sorted(stale)}"


def test_an_api_view_checks_its_door_itself():
    """A token is authenticated inside the DRF view, so the middleware leaves API views to
    HasFunction: each one must have it. Only an API view can serve a partner application."""
    for name, view in _all_views().items():
        cls = getattr(view, "cls", None)
        is_api = isinstance(cls, type) and issubclass(cls, APIView)
        kind = DOORS[name].kind
        if is_api and kind is not Kind.PUBLIC:
            assert HasFunction in cls.permission_classes, name
        if not is_api:
            assert kind is not Kind.APPLICATIONS, name


def test_doors_are_well_formed():
    object_type_length = AuditEvent._meta.get_field("object_type").max_length
    for name, found in DOORS.items():
        if found.kind is Kind.FUNCTIONS:
            assert found.functions and not found.reason, name
            assert len(found.denial_object_type) <= object_type_length, name
        else:
            assert found.reason and not found.functions, name
            # Only a login-only door may serve just the user's own rows (a saved filter).
            assert not found.narrowed or found.kind is Kind.LOGIN_ONLY, name
    with pytest.raises(ValueError):
        login_only(" ")
    with pytest.raises(ValueError):
        door()


def test_the_middleware_runs_after_login_and_second_factor():
    middleware = django_settings.MIDDLEWARE
    position = middleware.index("zvh.web.door_middleware.DoorMiddleware")
    for before in (
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django_otp.middleware.OTPMiddleware",
        "zvh.accounts.middleware.SessionLifetimeMiddleware",
    ):
        assert middleware.index(before) < position, before


# --- enforcement ------------------------------------------------------------------------------


def test_a_web_url_without_a_door_is_a_404(world, monkeypatch):
    client = login_2fa(Client(), world.user(Role.PROCESS_COORDINATOR))
    url = reverse("cases:list")
    assert client.get(url).status_code == 200
    monkeypatch.delitem(DOORS, "cases:list")
    assert client.get(url).status_code == 404
    # The login-only start page too: no door, no page.
    assert client.get(reverse("web:home")).status_code == 200
    monkeypatch.delitem(DOORS, "web:home")
    assert client.get(reverse("web:home")).status_code == 404


def test_an_api_url_without_a_door_is_a_404(world, monkeypatch):
    client = login_2fa(Client(), world.user(Role.PROCESS_COORDINATOR))
    url = reverse("api:organisation-list")
    assert client.get(url).status_code == 200
    monkeypatch.delitem(DOORS, "api:organisation-list")
    assert client.get(url).status_code == 404


def test_the_api_reads_the_door_from_the_table(world, monkeypatch):
    """Change the table and the API follows: it declares nothing of its own."""
    client = login_2fa(Client(), world.user(Role.PRIVACY_OFFICER))
    url = reverse("api:organisation-list")
    assert client.get(url).status_code == 200
    monkeypatch.setitem(DOORS, "api:organisation-list", door(Function.VIEW_CASES))
    assert client.get(url).status_code == 404


def test_the_web_reads_the_door_from_the_table(world, monkeypatch):
    client = login_2fa(Client(), world.user(Role.PRIVACY_OFFICER))
    url = reverse("privacy:register")
    assert client.get(url).status_code == 200
    monkeypatch.setitem(DOORS, "privacy:register", door(Function.VIEW_CASES))
    assert client.get(url).status_code == 404


def test_a_door_can_ask_other_functions_for_one_method(world, monkeypatch):
    client = login_2fa(Client(), world.user(Role.PROCESS_COORDINATOR))
    url = reverse("cases:search")
    monkeypatch.setitem(
        DOORS, "cases:search", door(Function.VIEW_CASES, POST=frozenset({Function.VIEW_ACCESS_LOG}))
    )
    assert client.get(url).status_code == 200
    assert client.post(url, {"q": "x"}).status_code == 404


@pytest.mark.parametrize(
    ("name", "object_type"),
    [
        ("cases:list", "function:view_cases"),
        ("triage:sessions", "door:triage:sessions"),
    ],
)
def test_a_missing_function_is_a_recorded_denial_and_a_404(world, name, object_type):
    user = world.user(Role.PRIVACY_OFFICER)
    client = login_2fa(Client(), user)
    before = AuditEvent.objects.order_by("id").last()
    assert client.get(reverse(name)).status_code == 404
    denial = AuditEvent.objects.get(id__gt=before.id)
    assert (denial.action, denial.result, denial.object_type, denial.user_id) == (
        Action.DENIED,
        Result.DENIED,
        object_type,
        user.pk,
    )


def test_a_door_wants_both_factors(world):
    url = reverse("cases:list")
    anonymous = Client().get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"] == f"{reverse('accounts:login')}?next={url}"
    half = Client()
    half.force_login(world.user(Role.PROCESS_COORDINATOR))  # a password, no second factor
    assert half.get(url).status_code == 302
    assert half.get(reverse("web:home")).status_code == 302
    assert half.get(reverse("accounts:login")).status_code == 200  # public


def test_the_signal_lookup_is_for_applications_only(world):
    client = login_2fa(Client(), world.user(Role.PARTNER_PROFESSIONAL))
    response = client.post(reverse("signals:lookup"), "{}", content_type="application/json")
    assert response.status_code == 404


# --- a door without functions shows no house data -----------------------------------------------


def _needles() -> dict[str, str]:
    """What names a person of the world: surname, given names with surname, BSN."""
    needles: dict[str, str] = {}
    for person in Person.objects.all():
        needles[person.surname] = f"surname of {person.pk}"
        if person.bsn:
            needles[person.bsn] = f"BSN of {person.pk}"
    return needles


def _found(content: str, needles: dict[str, str]) -> list[str]:
    return [what for needle, what in needles.items() if needle in content]


def _doors_without_functions() -> list[tuple[str, Door]]:
    return sorted(
        (name, found)
        for name, found in DOORS.items()
        if found.kind in (Kind.LOGIN_ONLY, Kind.PUBLIC)
        and name in ROWS_BY_NAME
        and "GET" in ROWS_BY_NAME[name].methods
    )


def test_a_door_without_functions_shows_no_person(world, worst_case):
    """Every LOGIN_ONLY and PUBLIC door's page, as anonymous and as every role in the worst-case
    world: no person's name or BSN. A page that shows house data needs functions."""
    needles = _needles()
    assert worst_case.person.bsn in needles and worst_case.person.surname in needles
    clients = {"anonymous": Client()} | {
        role.value: login_2fa(Client(), world.user(role)) for role in Role
    }
    doors = _doors_without_functions()
    assert {"web:home", "notifications:list", "accounts:login"} <= {name for name, _ in doors}
    leaks = []
    for name, _door in doors:
        row = ROWS_BY_NAME[name]
        url = reverse(name, kwargs=row.kwargs(worst_case) if row.kwargs else {})
        for who, client in clients.items():
            response = client.get(url)
            assert response.status_code < 500, (name, who, response.status_code)
            leaks += [(name, who, what) for what in _found(response.content.decode(), needles)]
    assert not leaks, f"Pages behind a door without functions show persons: {leaks}"


def test_the_person_check_sees_a_person_where_there_is_one(world, worst_case):
    """The check above can fail: a page behind a function shows the same needles."""
    needles = _needles()
    client = login_2fa(Client(), world.user(Role.PROCESS_COORDINATOR))
    page = client.get(reverse("people:detail", kwargs={"person_id": worst_case.person.id}))
    found = _found(page.content.decode(), needles)
    assert f"surname of {worst_case.person.pk}" in found
    assert f"BSN of {worst_case.person.pk}" in found
