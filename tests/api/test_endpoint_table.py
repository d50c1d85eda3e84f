"""The endpoint table (zvh/api/endpoints.py) is the one source of an endpoint's URL, door,
scope and schema: what the resolver, the door table and the matrix hold agrees with it."""

from __future__ import annotations

from django.urls import get_resolver, reverse

from tests.security.url_matrix import ROWS
from zvh.api import directory
from zvh.authz.doors import DOORS
from zvh.conferences import api as conferences_api

TABLES = {"api": directory.ENDPOINTS, "conferences-api": conferences_api.ENDPOINTS}
ROWS_BY_NAME = {row.name: row for row in ROWS}


def _endpoints():
    get_resolver().url_patterns  # noqa: B018 (the URLconf registers the doors)
    for namespace, endpoints in TABLES.items():
        for endpoint in endpoints:
            yield f"{namespace}:{endpoint.name}", endpoint


def test_each_endpoint_gives_its_door_url_and_matrix_row():
    for name, endpoint in _endpoints():
        door = DOORS[name]
        for method, operation in endpoint.operations.items():
            assert door.functions_for(method) == (operation.functions or endpoint.functions), name
        assert reverse(name, kwargs=dict.fromkeys(_kwargs(endpoint.path), _UUID)).startswith(
            "/api/v1/"
        )
        # The matrix keeps its own audiences (an independent check of the policy), but serves
        # exactly the table's methods.
        assert set(ROWS_BY_NAME[name].methods) == set(endpoint.operations), name
        assert ROWS_BY_NAME[name].api, name


def test_each_view_takes_scope_and_schema_from_its_operation():
    for name, endpoint in _endpoints():
        cls = endpoint.view().cls
        assert cls.may_conflict == endpoint.may_conflict, name
        for method, operation in endpoint.operations.items():
            schema = getattr(cls, method.lower()).kwargs["schema"]
            assert schema is not None, name
            assert operation.operation_id and operation.summary, name


_UUID = "00000000-0000-4000-8000-000000000000"


def _kwargs(path: str) -> list[str]:
    return [part.split(">")[0].split(":")[1] for part in path.split("<")[1:]]
