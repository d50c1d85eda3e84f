"""The BI API: scope figures:read, a token sees only its own house, always suppressed, bad
parameters a 400 problem+json, audited."""

from __future__ import annotations

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
    assert groups[GROUP]["figures"] == ["test.cases_by_type", "triage.departures"]
    assert "levering" in groups


def test_others_may_not(world, test_group, client_for):
    assert Client().get(URL).status_code in (401, 403)
    partner = client_for(world.user(Role.PARTNER_PROFESSIONAL))
    assert partner.get(URL).status_code == 404
