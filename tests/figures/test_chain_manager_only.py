"""A table marked `chain_manager_only` (the motivations of departures from the national rule,
free text that may name a person) shows on the chain manager's own screen only. Every channel
that leaves that screen goes through the one suppressing step, which drops it (decision 0172):
another role's page, the CSV and XLSX downloads, the API and the steering report's snapshot.
These tests use the real triage definition, not a stand-in."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.factories import flow
from zvh.figures.definitions import triage
from zvh.figures.filters import last_12_months
from zvh.figures.scope import FigureScope
from zvh.figures.suppression import suppress, suppressed_tables
from zvh.figures.table import Column, FigureTable, Row
from zvh.network.models import Role
from zvh.reports import snapshot

MOTIVATION = "Mevrouw Jansen-Geheim wil geen hulp"
URL = reverse("figures:group", kwargs={"group": "triage"})
API = reverse("figures-api:group", kwargs={"group": "triage"})


@pytest.fixture
def departed(world):
    """Six decisions that depart from the rule with the same motivation (six: even a count above
    the threshold must not carry the free text out), in the default period."""
    when = timezone.now() - timedelta(days=40)
    decider = world.user(Role.CHAIN_MANAGER)
    for _n in range(6):
        referral = flow.referral(house=world.house, organisation=world.own_org, received_at=when)
        flow.assessment(
            referral=referral,
            decided_at=when + timedelta(hours=2),
            decided_by=decider,
            departs_from_rule=True,
            rule_outcome=False,
            motivation=MOTIVATION,
        )
    return world


def _scope(world) -> FigureScope:
    start, end = last_12_months(timezone.localdate())
    return FigureScope(house_id=world.house.id, start=start, end=end)


def test_the_definition_marks_the_motivations_for_the_chain_manager_only(departed):
    table = triage.departure_motivations(_scope(departed))
    assert table.chain_manager_only
    assert [row.label for row in table.rows] == [MOTIVATION]
    # The other triage figures leave the screen as usual.
    assert not triage.departures(_scope(departed)).chain_manager_only


def test_the_chain_manager_s_own_screen_shows_them(departed, client_for):
    response = client_for(departed.user(Role.CHAIN_MANAGER)).get(URL)
    assert response.status_code == 200
    assert MOTIVATION in response.content.decode()


def test_the_steering_member_s_page_never_does(departed, client_for):
    response = client_for(departed.user(Role.STEERING_GROUP_MEMBER)).get(URL)
    assert response.status_code == 200
    keys = [table.key for table in response.context["figures"].tables]
    assert "triage.departures_by_direction" in keys
    assert "triage.departures" not in keys
    assert MOTIVATION not in response.content.decode()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_no_download_does_even_the_chain_manager_s(departed, client_for, fmt):
    response = client_for(departed.user(Role.CHAIN_MANAGER)).get(URL, {"format": fmt})
    assert response.status_code == 200
    if fmt == "csv":
        text = response.content.decode("utf-8-sig")
    else:
        book = load_workbook(io.BytesIO(response.content))
        text = repr([list(sheet.iter_rows(values_only=True)) for sheet in book])
    assert "Besluit" in text  # the other triage figures are there
    assert MOTIVATION not in text


def test_the_api_never_does_even_for_the_chain_manager(departed, client_for):
    response = client_for(departed.user(Role.CHAIN_MANAGER)).get(API)
    assert response.status_code == 200
    keys = [table["key"] for table in response.json()["tables"]]
    assert "triage.departures_by_direction" in keys
    assert "triage.departures" not in keys
    assert MOTIVATION not in response.content.decode()


def test_the_report_snapshot_never_does(departed):
    scope = _scope(departed)
    frozen = snapshot.frozen_figures(
        house_id=departed.house.id, start=scope.start, end=scope.end, threshold=5
    )
    triage_group = next(group for group in frozen if group["group"] == "triage")
    keys = [table["key"] for table in triage_group["tables"]]
    assert "triage.departures_by_direction" in keys
    assert "triage.departures" not in keys
    assert MOTIVATION not in json.dumps(frozen)


def _table(*, chain_manager_only: bool) -> FigureTable:
    return FigureTable(
        key="test.free_text" if chain_manager_only else "test.counts",
        title="Test",
        definition="",
        row_header="Rij",
        columns=(Column("n", "Aantal"),),
        rows=[Row("a", "Vrije tekst", {"n": 12})],
        chain_manager_only=chain_manager_only,
    )


def test_the_suppressing_step_drops_them_and_refuses_a_copy():
    kept = suppressed_tables([_table(chain_manager_only=True), _table(chain_manager_only=False)], 5)
    assert [table.key for table in kept] == ["test.counts"]
    with pytest.raises(ValueError, match="chain manager"):
        suppress(_table(chain_manager_only=True), 5)


def test_the_flag_survives_json_and_is_absent_when_unset():
    marked = _table(chain_manager_only=True)
    assert FigureTable.from_json(marked.to_json()).chain_manager_only
    assert "chain_manager_only" not in _table(chain_manager_only=False).to_json()
