"""Every URL pattern × every actor. See url_matrix.py for how to add a row."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from conftest import login_2fa
from zvh.network.models import Role

from .url_matrix import ROWS, Row
from .url_names import url_names

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def test_every_url_has_a_row():
    rows = {row.name for row in ROWS}
    missing = url_names() - rows
    assert not missing, f"URLs without a row in tests/security/url_matrix.py: {sorted(missing)}"
    stale = rows - url_names()
    assert not stale, f"Rows for URLs that no longer exist: {sorted(stale)}"


def _call(client: Client, method: str, url: str, row: Row, scenario) -> int:
    data = row.post_data(scenario) if method == "POST" else {}
    response = client.generic(
        method,
        url,
        data=_encode(data) if not row.api else "{}",
        content_type="application/json" if row.api else "application/x-www-form-urlencoded",
    )
    if row.probe and response.status_code == 503:
        return 200  # "not ready" is the probe's answer, not a failure of the page
    return response.status_code


def _encode(data: dict) -> str:
    from urllib.parse import urlencode

    return urlencode(data, doseq=True)


class _Clients:
    """One logged-in client per user for the whole row (a login costs more than most of the
    requests); a new one once a response ended the session (logout)."""

    def __init__(self) -> None:
        self._made: dict[int, Client] = {}

    def __call__(self, user) -> Client:  # type: ignore[no-untyped-def]
        client = self._made.get(user.pk)
        cookie = client.cookies.get(settings.SESSION_COOKIE_NAME) if client else None
        if client is None or cookie is None or not cookie.value:
            client = self._made[user.pk] = login_2fa(Client(), user)
        return client


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.name)
def test_matrix(row: Row, world, scenario):
    url = reverse(row.name, kwargs=row.kwargs(scenario) if row.kwargs else {})
    client_of = _Clients()
    for method in METHODS:
        allowed = row.methods.get(method)
        # Anonymous
        status = _call(Client(), method, url, row, scenario)
        if allowed is None:
            assert status in {302, 401, 403, 404, 405}, (method, "anonymous", status)
        elif row.public:
            assert status < 500, (method, "anonymous", status)
        elif row.api:
            assert status in {401, 403}, (method, "anonymous", status)
        else:
            assert status == 302 and "/inloggen/" in _location(Client(), method, url), (
                method,
                "anonymous",
                status,
            )
        for role in Role:
            for org, house in _placements(allowed, role):
                client = client_of(world.user(role, org=org, house=house))
                status = _call(client, method, url, row, scenario)
                who = (method, role.value, org, house, status)
                if allowed is None:
                    assert status in {404, 405}, who
                    continue
                object_elsewhere = (
                    row.kwargs is not None and house == "other" and not row.house_free
                )
                may = (role.value, org) in allowed and not object_elsewhere
                if row.public and not may:
                    assert status < 500, who
                elif may:
                    assert status < 500 and status not in {401, 403, 404, 405}, who
                else:
                    assert status == 404, who


ALL_PLACEMENTS = tuple((org, house) for org in ("own", "other") for house in ("own", "other"))


Placements = tuple[tuple[str, str], ...]


def _placements(allowed: frozenset[tuple[str, str]] | None, role: Role) -> Placements:
    """Where the users sit relative to the row's objects (decision 0174: the matrix is the
    suite's longest test). A method the URL serves nobody is refused whatever the user's
    organisation or house: one user per role shows it. A role the method is refused in either
    organisation is asked from both extremes (own organisation in the own house, another
    organisation in the other house). A role that may use it is asked from all four places,
    because there the organisation and the house decide."""
    if allowed is None:
        return (("own", "own"),)
    if any((role.value, org) in allowed for org in ("own", "other")):
        return ALL_PLACEMENTS
    return (("own", "own"), ("other", "other"))


def _location(client: Client, method: str, url: str) -> str:
    return client.generic(method, url).get("Location", "")
