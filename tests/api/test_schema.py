"""The OpenAPI spec is the contract: the served one is the committed one, and it is complete."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.test import Client
from django.urls import reverse

COMMITTED = Path(settings.BASE_DIR) / "openapi.yaml"
PROBLEM_REF = "#/components/schemas/Problem"


@pytest.fixture(scope="module")
def committed() -> dict:
    return yaml.safe_load(COMMITTED.read_text(encoding="utf-8"))


@pytest.fixture
def served(db) -> dict:
    response = Client().get(reverse("api-schema"))
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_the_served_schema_is_the_committed_openapi_yaml(served, committed):
    # On failure: make openapi (and review the diff: it is the partners' contract).
    assert served == committed


def _operations(schema: dict):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def test_operation_ids_are_unique(committed):
    ids = [operation["operationId"] for _, _, operation in _operations(committed)]
    assert len(ids) == len(set(ids))


def test_every_operation_documents_its_problems_and_both_ways_in(committed):
    assert set(committed["components"]["securitySchemes"]) == {"tokenAuth", "cookieAuth"}
    assert committed["components"]["securitySchemes"]["tokenAuth"]["scheme"] == "bearer"
    for path, method, operation in _operations(committed):
        assert operation["security"] == [{"tokenAuth": []}, {"cookieAuth": []}], path
        for status in ("401", "403", "404", "429"):
            content = operation["responses"][status]["content"]
            assert content["application/problem+json"]["schema"]["$ref"] == PROBLEM_REF, (
                path,
                method,
                status,
            )
        has_query = any(parameter["in"] == "query" for parameter in operation.get("parameters", []))
        if has_query or "requestBody" in operation:
            assert "400" in operation["responses"], path
        if "requestBody" in operation:
            assert "415" in operation["responses"], path
            assert "413" in operation["responses"], path  # decision 0156


def test_the_problem_component_describes_invalid_params(committed):
    problem = committed["components"]["schemas"]["Problem"]
    assert {"type", "title", "status", "detail", "code", "invalid_params"} <= set(
        problem["properties"]
    )
    items = problem["properties"]["invalid_params"]["items"]["$ref"]
    assert items == "#/components/schemas/InvalidParam"


def test_every_api_url_is_versioned(committed):
    versioned = re.compile(r"^/api/([a-z]+/)?v[0-9]+/")
    assert all(versioned.match(path) for path in committed["paths"])
