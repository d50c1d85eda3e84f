"""Every role × every URL × every method it serves (and one it does not), in the worst case:
every organisation takes part in everything (the `worst_case` fixture). No participation is
missing that could hide a door that opens too wide (issue 10, hole 1).

The expectation is derived from the doors table (zvh/authz/doors.py) and FUNCTION_ROLES, not
written down a second time:
- anonymous: a public door lets them through (< 500); a web page sends them to the login page;
  an API answers 401/403;
- a role that holds none of the door's functions (for that method): 404, POST included;
- a role that holds one: through (not 401/403/404/405, and < 500); a 404 only where the door
  declares a row-level narrowing (`narrowed`, with its reason); a method the URL does not serve:
  405;
- a login-only door: every role holds it; an applications-only door: no person holds it (404).

URL kwargs and bodies come from the authorization matrix's rows (url_matrix.py), which keeps its
own expectations (own/other organisation, other house). One user per role, in the own house and
organisation; house isolation is that matrix's business. Each request runs in a savepoint that is
rolled back, so every role meets the same world; one test per URL namespace builds it once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import reverse

from conftest import login_2fa
from zvh.authz.doors import DOORS, Door, Kind
from zvh.authz.functions import FUNCTION_ROLES
from zvh.network.models import Role

from .url_matrix import ROWS, Row

# The order in which a method the URL does not serve is picked.
UNSERVED_CANDIDATES = ("PUT", "DELETE", "PATCH", "POST", "GET")
ANONYMOUS = "anonymous"


def _group(name: str) -> str:
    return name.partition(":")[0] if ":" in name else name


GROUPS: dict[str, list[Row]] = defaultdict(list)
for _row in ROWS:
    GROUPS[_group(_row.name)].append(_row)


@dataclass(frozen=True)
class Expected:
    """What one actor may get for one method of one URL, derived from its door."""

    through: bool  # holds the door: gets through
    narrowed: bool = False  # ... though the policy may still answer 404
    public: bool = False
    served: bool = True

    def describe(self, *, api: bool, anonymous: bool) -> str:
        if self.public:
            return "< 500"
        if anonymous:
            return "401/403" if api else "302 to the login page"
        if not self.through:
            return "404 (holds none of the door's functions)"
        if not self.served:
            return "405 (holds the door, method not served)"
        return "through" + (" or 404 (narrowed)" if self.narrowed else "")

    def accepts(self, status: int, location: str, *, api: bool, anonymous: bool) -> bool:
        if self.public:
            return status < 500
        if anonymous:
            if api:
                return status in {401, 403}
            return status == 302 and location.startswith(reverse("accounts:login"))
        if not self.through:
            return status == 404
        if not self.served:
            return status == 405
        if self.narrowed and status == 404:
            return True
        return status < 500 and status not in {401, 403, 404, 405}


def holds(door: Door, role: Role, method: str) -> bool:
    if door.kind is Kind.LOGIN_ONLY or door.kind is Kind.PUBLIC:
        return True
    if door.kind is Kind.APPLICATIONS:
        return False
    return any(role in FUNCTION_ROLES[function] for function in door.functions_for(method))


def expected(door: Door, role: Role | None, method: str, *, served: bool) -> Expected:
    if door.kind is Kind.PUBLIC:
        return Expected(through=True, public=True)
    if role is None:
        return Expected(through=False)
    return Expected(through=holds(door, role, method), narrowed=bool(door.narrowed), served=served)


def _methods(row: Row) -> list[tuple[str, bool]]:
    served = list(row.methods)
    unserved = next(method for method in UNSERVED_CANDIDATES if method not in row.methods)
    return [(method, True) for method in served] + [(unserved, False)]


def _call(client: Client, method: str, url: str, row: Row, scenario) -> tuple[int, str]:
    """One request in a savepoint that is rolled back; the client keeps its session."""
    session = client.cookies.get(settings.SESSION_COOKIE_NAME)
    session_key = session.value if session is not None else None
    with transaction.atomic():
        if row.api:
            body, content_type = "{}", "application/json"
        else:
            data = row.post_data(scenario) if method == "POST" else {}
            body, content_type = urlencode(data, doseq=True), "application/x-www-form-urlencoded"
        response = client.generic(method, url, data=body, content_type=content_type)
        transaction.set_rollback(True)
    if session_key is not None:
        client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    return response.status_code, response.get("Location", "")


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_worst_case(group: str, world, worst_case):
    clients: dict[Role | None, Client] = {None: Client(raise_request_exception=False)}
    for role in Role:
        clients[role] = login_2fa(Client(raise_request_exception=False), world.user(role))
    mismatches = []
    for row in GROUPS[group]:
        door = DOORS[row.name]
        url = reverse(row.name, kwargs=row.kwargs(worst_case) if row.kwargs else {})
        for method, served in _methods(row):
            for role, client in clients.items():
                status, location = _call(client, method, url, row, worst_case)
                want = expected(door, role, method, served=served)
                anonymous = role is None
                if not want.accepts(status, location, api=row.api, anonymous=anonymous):
                    who = role.value if role else ANONYMOUS
                    wanted = want.describe(api=row.api, anonymous=anonymous)
                    mismatches.append(f"{row.name} {method} {who}: {status}, expected {wanted}")
    assert not mismatches, "\n".join(mismatches)
