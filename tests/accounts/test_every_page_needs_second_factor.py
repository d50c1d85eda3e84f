"""A session that passed the password but not the code reaches no protected URL at all.

Walks the rows of the authorization matrix, as a user the row allows, so a refusal here can only
come from the missing second factor.
"""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from conftest import give_totp_device
from tests.security.conftest import scenario  # noqa: F401  (the matrix's objects)
from tests.security.url_matrix import ROWS, Row
from zvh.network.models import Role

PROTECTED = [row for row in ROWS if not row.public]


def test_password_only_session_is_refused(world, scenario):  # noqa: F811
    # One test over all rows: the matrix's world and objects cost more than a row's requests.
    for row in PROTECTED:
        _check_password_only_session_is_refused(row, world, scenario)


def _check_password_only_session_is_refused(row: Row, world, scenario) -> None:  # noqa: F811
    url = reverse(row.name, kwargs=row.kwargs(scenario) if row.kwargs else {})
    for method, allowed in row.methods.items():
        # A user the row lets in; for URLs no user may use (token-only APIs) any user.
        role, org = min(allowed, default=(Role.PROCESS_COORDINATOR.value, "own"))
        user = world.user(role, org=org, house="own")
        give_totp_device(user)
        client = Client()
        client.force_login(user)  # authenticated, but the code was never checked
        response = client.generic(method, url)
        if row.api:
            assert response.status_code in {401, 403}, (row.name, method, role)
        else:
            assert response.status_code == 302, (row.name, method, role, response.status_code)
            assert response["Location"].startswith(reverse("accounts:login")), (
                row.name,
                method,
                role,
            )
