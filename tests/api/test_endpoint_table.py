"""The endpoint table (zvh/api/endpoints.py) is the one source of an endpoint's URL, door,
scope and schema: what the resolver, the door table and the matrix hold agrees with it."""

from __future__ import annotations

import pytest
from django.urls import get_resolver, reverse
from rest_framework.exceptions import NotAuthenticated

from config.api_urls import TABLES
from tests.security.url_matrix import ROWS
from zvh.api.models import Scope
from zvh.api.permissions import RequiresPerson
from zvh.authz.doors import DOORS
from zvh.sharing import api as sharing_api

ALL_TABLES = {**TABLES, "sharing": sharing_api.ENDPOINTS}
ROWS_BY_NAME = {row.name: row for row in ROWS}


def _endpoints():
    get_resolver().url_patterns  # noqa: B018 (the URLconf registers the doors)
    for namespace, endpoints in ALL_TABLES.items():
        for endpoint in endpoints:
            yield f"{namespace}:{endpoint.name}", endpoint


def test_each_endpoint_gives_its_door_url_and_matrix_row():
    for name, endpoint in _endpoints():
        door = DOORS[name]
        for method, operation in endpoint.operations.items():
            assert door.functions_for(method) == (operation.functions or endpoint.functions), name
        url = reverse(name, kwargs=dict.fromkeys(_kwargs(endpoint.path), _UUID))
        assert url.startswith("/api/v1/"), name
        # The matrix keeps its own audiences (an independent check of the policy), but serves
        # exactly the table's methods.
        assert set(ROWS_BY_NAME[name].methods) == set(endpoint.operations), name
        assert ROWS_BY_NAME[name].api, name


def test_each_view_serves_exactly_the_operations_of_its_endpoint():
    for name, endpoint in _endpoints():
        cls = endpoint.view().cls
        assert cls.may_conflict == endpoint.may_conflict, name
        served = {m.upper() for m in cls.http_method_names if hasattr(cls, m)} - {"OPTIONS"}
        assert served == set(endpoint.operations), name
        assert (RequiresPerson in cls.permission_classes) == endpoint.person_only, name


def test_the_scope_follows_the_method(rf):
    endpoint = next(e for e in sharing_api.ENDPOINTS if e.name == "api-items")
    view = endpoint.view().cls()
    cases = (("GET", Scope.CASES_READ), ("HEAD", Scope.CASES_READ), ("POST", Scope.CASES_WRITE))
    for method, scope in cases:
        view.request = view.initialize_request(rf.generic(method, "/"))
        view.headers = {}
        # Anonymous: the permissions refuse, after the scope was chosen.
        with pytest.raises(NotAuthenticated):
            view.initial(view.request)
        assert view.required_scope == scope, method


_UUID = "00000000-0000-4000-8000-000000000000"


def _kwargs(path: str) -> list[str]:
    return [part.split(">")[0].split(":")[1] for part in path.split("<")[1:]]
