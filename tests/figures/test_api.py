"""The BI API: scope figures:read, a token sees only its own house, always suppressed, bad
parameters a 400 problem+json, audited."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.api.conftest import bearer
from zvh.api.models import Scope
from zvh.audit.models import Action, AuditEvent
from zvh.cases.models import CaseType
from zvh.network.models import Role

from .conftest import GROUP, make_cases

URL = reverse("figures-api:group", kwargs={"group": GROUP})
INDEX = reverse("figures-api:index")


def _table(body, key):
    return next(t for t in body["tables"] if t["key"] == key)


def _rows(body):
    return {row["key"]: row for row in _table(body, "test.cases_by_type")["rows"]}


def test_a_token_with_the_scope_reads_suppressed_figures(world, test_group, issue_token):
    make_cases(world.house, 7)
    make_cases(world.house, 2, case_type=CaseType.SYSTEM)
    _, secret = issue_token(scopes=(Scope.FIGURES_READ,))
    response = bearer(secret).get(URL)
    assert response.status_code == 200, response.content
    body = response.json()
    rows = _rows(body)
    assert rows["person"]["values"]["now"] == 7
    assert rows["system"]["values"]["now"] is None
    assert rows["system"]["suppressed"]["now"] == "<5"
    assert body["suppression_threshold"] == 5
    assert all("departures" not in t["key"] for t in body["tables"])
    event = AuditEvent.objects.filter(object_type="figures", action=Action.VIEW).latest("id")
    assert event.detail["format"] == "json" and event.api_token_id is not None


def test_a_token_without_the_scope_gets_403(world, test_group, issue_token):
    _, secret = issue_token(scopes=(Scope.PERSONS_READ,))
    assert bearer(secret).get(URL).status_code == 403
    assert bearer(secret).get(INDEX).status_code == 403


def test_a_token_sees_only_its_own_house(world, test_group, issue_token):
    make_cases(world.house, 6)
    # Every case type of the other house at or above the threshold: nothing there is hidden
    # (a lone row above small ones would be hidden too, by secondary suppression).
    make_cases(world.other_house, 8)
    make_cases(world.other_house, 5, case_type=CaseType.SYSTEM)
    make_cases(world.other_house, 5, case_type=CaseType.AREA)
    _, secret = issue_token(scopes=(Scope.FIGURES_READ,), house=world.other_house)
    rows = _rows(bearer(secret).get(URL).json())
    assert rows["person"]["values"]["now"] == 8


def test_the_chain_manager_gets_suppressed_figures_from_the_api_too(world, test_group, client_for):
    make_cases(world.house, 2)
    body = client_for(world.user(Role.CHAIN_MANAGER)).get(URL).json()
    assert _rows(body)["person"]["suppressed"]["now"] == "<5"


def test_bad_parameters_are_a_400_problem(world, test_group, issue_token):
    _, secret = issue_token(scopes=(Scope.FIGURES_READ,))
    response = bearer(secret).get(URL, {"start": "2026-05-01", "end": "2026-01-01"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    response = bearer(secret).get(URL, {"municipality": "x"})
    assert response.status_code == 400


def test_an_unknown_group_is_a_404(world, issue_token):
    _, secret = issue_token(scopes=(Scope.FIGURES_READ,))
    url = reverse("figures-api:group", kwargs={"group": "geheim"})
    assert bearer(secret).get(url).status_code == 404


def test_the_index_names_groups_and_figure_keys(world, test_group, issue_token):
    _, secret = issue_token(scopes=(Scope.FIGURES_READ,))
    body = bearer(secret).get(INDEX).json()
    groups = {g["key"]: g for g in body["results"]}
    # The chain manager's table (free-text motivations) is not even named.
    assert groups[GROUP]["figures"] == ["test.cases_by_type"]
    assert "triage.departures" not in groups["triage"]["figures"]
    assert "triage.departures_by_direction" in groups["triage"]["figures"]
    assert "levering" in groups


def test_others_may_not(world, test_group, client_for):
    assert Client().get(URL).status_code in (401, 403)
    partner = client_for(world.user(Role.PARTNER_PROFESSIONAL))
    assert partner.get(URL).status_code == 404


def test_counts_are_integers_in_the_json(world, test_group, issue_token):
    """A count is 7, never 7.0: the contract says integer for a count column."""
    make_cases(world.house, 7)
    _, secret = issue_token(scopes=(Scope.FIGURES_READ,))
    response = bearer(secret).get(URL)
    text = response.content.decode()
    assert '"now":7' in text.replace(" ", "") and "7.0" not in text
    table = _table(response.json(), "test.cases_by_type")
    counts = [c["key"] for c in table["columns"] if c["kind"] == "count"]
    assert counts == ["now", "before"]
    for row in [*table["rows"], table["total"]]:
        for key in counts:
            value = row["values"][key]
            assert value is None or type(value) is int, (row["key"], key, value)


def test_a_count_computed_as_a_float_is_sent_as_an_integer_and_a_share_as_a_number():
    from zvh.figures.api import TableSerializer
    from zvh.figures.table import Column, FigureTable, Row, ValueKind

    table = FigureTable(
        key="test.mixed",
        title="Gemengd",
        definition="",
        row_header="Rij",
        columns=(Column("n", "Aantal"), Column("s", "Aandeel", ValueKind.SHARE, base="n")),
        rows=[Row("a", "A", {"n": 3.0, "s": 0.25}), Row("b", "B", {"n": None, "s": None})],
        total=Row("total", "Totaal", {"n": 12.0, "s": 1}),
    )
    data = json.loads(json.dumps(TableSerializer(table.to_json()).data))
    assert [type(r["values"]["n"]) for r in data["rows"]] == [int, type(None)]
    assert data["rows"][0]["values"]["s"] == 0.25
    assert type(data["total"]["values"]["n"]) is int
    assert table.rows[0].values["n"] == 3.0  # the table itself is not changed


def test_the_contract_says_a_value_may_be_an_integer():
    import yaml

    schema = yaml.safe_load(Path(settings.BASE_DIR, "openapi.yaml").read_text())["components"]
    values = schema["schemas"]["Row"]["properties"]["values"]["additionalProperties"]
    assert {"type": "integer"} in values["anyOf"] and values["nullable"] is True
    assert "money" in schema["schemas"]["ColumnKindEnum"]["enum"]
