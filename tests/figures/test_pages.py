"""The figure pages: exact for the chain manager (with the list behind each number),
suppressed for the steering group, every download suppressed, every view audited, bad filters
a Dutch message (decision 0165)."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from zvh.audit.models import Action, AuditEvent
from zvh.cases.models import CaseType
from zvh.network.models import Role

from .conftest import GROUP, make_cases

URL = reverse("figures:group", kwargs={"group": GROUP})


@pytest.fixture
def seeded(world, test_group):
    make_cases(world.house, 7, case_type=CaseType.PERSON)
    make_cases(world.house, 2, case_type=CaseType.SYSTEM)
    make_cases(world.other_house, 3, case_type=CaseType.AREA)


def _cells(response, key: str):
    tables = {t.key: t for t in response.context["figures"].tables}
    return tables.get(key)


def test_the_chain_manager_sees_exact_figures_with_the_list_behind(world, seeded, client_for):
    response = client_for(world.user(Role.CHAIN_MANAGER)).get(URL)
    assert response.status_code == 200
    table = _cells(response, "test.cases_by_type")
    values = {row.key: row.values["now"] for row in table.rows}
    # Only the own house's cases: the other house's three area cases are not counted.
    assert values == {"person": 7, "system": 2, "area": 0}
    html = response.content.decode()
    assert "list=cases" in html and "case_type=system" in html
    # The page adds the period to drill parameters that name none.
    system = next(row for row in table.rows if row.key == "system")
    assert system.drill["from"] == response.context["figures"].scope.start.isoformat()
    assert "GEHEIME-MOTIVERING" in html


def test_the_steering_group_sees_small_cells_suppressed_and_no_lists(world, seeded, client_for):
    response = client_for(world.user(Role.STEERING_GROUP_MEMBER)).get(URL)
    assert response.status_code == 200
    table = _cells(response, "test.cases_by_type")
    rows = {row.key: row for row in table.rows}
    assert rows["person"].values["now"] == 7
    assert rows["system"].values["now"] is None and rows["system"].suppressed["now"] == "<5"
    assert all(not row.drill for row in table.rows)
    html = response.content.decode()
    assert reverse("figures:list") not in html
    # The free-text motivations are the chain manager's only.
    assert _cells(response, "triage.departures") is None
    assert "GEHEIME-MOTIVERING" not in html


@pytest.mark.parametrize("role", [Role.CHAIN_MANAGER, Role.STEERING_GROUP_MEMBER])
def test_a_csv_download_is_always_suppressed(world, seeded, client_for, role):
    response = client_for(world.user(role)).get(URL, {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(response.content.decode()), delimiter=";"))
    system = next(line for line in lines if line and line[0] == str(CaseType.SYSTEM.label))
    assert system[1] == "<5"
    assert "GEHEIME-MOTIVERING" not in response.content.decode()
    event = AuditEvent.objects.filter(action=Action.EXPORT, object_type="figures").latest("id")
    assert event.detail["format"] == "csv" and event.detail["group"] == GROUP
    assert event.detail["suppressed"] is True


def test_an_xlsx_download_is_always_suppressed(world, seeded, client_for):
    response = client_for(world.user(Role.CHAIN_MANAGER)).get(URL, {"format": "xlsx"})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    cells = [
        cell for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row
    ]
    assert "<5" in cells
    assert 2 not in cells  # the system cases' exact count never leaves
    assert "GEHEIME-MOTIVERING" not in [str(c) for c in cells]


def test_every_page_view_is_audited_with_group_and_filters(world, seeded, client_for):
    client = client_for(world.user(Role.STEERING_GROUP_MEMBER))
    client.get(URL, {"case_type": "system"})
    event = AuditEvent.objects.filter(action=Action.VIEW, object_type="figures").latest("id")
    assert event.object_id == GROUP
    assert event.detail["filters"]["case_type"] == "system"
    assert event.detail["format"] == "html" and event.person_ids == []


@pytest.mark.parametrize(
    "query",
    [
        {"start": "2026-05-01", "end": "2026-01-01"},
        {"start": "2010-01-01", "end": "2026-01-01"},
        {"start": "gisteren", "end": "2026-01-01"},
        {"municipality": "not-a-uuid"},
        {"period": "eeuw"},
        {"case_type": "onbekend"},
        {"format": "pdf"},
    ],
)
def test_bad_filters_give_a_dutch_message_and_the_defaults(world, seeded, client_for, query):
    response = client_for(world.user(Role.CHAIN_MANAGER)).get(URL, query)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dit filter kon niet worden toegepast" in html or "Onbekend downloadformaat" in html
    table = _cells(response, "test.cases_by_type")
    assert table.total.values["now"] == 9  # the default scope, no filter


def test_another_houses_municipality_is_refused(world, seeded, client_for):
    from tests.factories.network import MunicipalityFactory

    elsewhere = MunicipalityFactory()
    world.other_house.municipalities.add(elsewhere)
    response = client_for(world.user(Role.CHAIN_MANAGER)).get(URL, {"municipality": elsewhere.id})
    assert "Kies een gemeente van het huis." in response.content.decode()


def test_an_unknown_group_is_a_404(world, client_for):
    client = client_for(world.user(Role.CHAIN_MANAGER))
    assert client.get(reverse("figures:group", kwargs={"group": "geheim"})).status_code == 404


def test_the_index_lists_the_groups(world, test_group, client_for):
    response = client_for(world.user(Role.STEERING_GROUP_MEMBER)).get(reverse("figures:index"))
    assert response.status_code == 200
    assert URL in response.content.decode()
    assert reverse("figures:group", kwargs={"group": "levering"}) in response.content.decode()


def test_the_navigation_offers_the_figures(world, client_for):
    for role, target in (
        (Role.CHAIN_MANAGER, "figures:index"),
        (Role.STEERING_GROUP_MEMBER, "figures:index"),
        (Role.PROCESS_COORDINATOR, "figures:caseload"),
    ):
        html = client_for(world.user(role)).get(reverse("web:home")).content.decode()
        assert f'href="{reverse(target)}"' in html, role
    html = client_for(world.user(Role.PARTNER_PROFESSIONAL)).get(reverse("web:home")).content
    assert reverse("figures:index").encode() not in html


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", [Role.CHAIN_MANAGER, Role.STEERING_GROUP_MEMBER])
def test_the_group_page_does_not_grow_with_the_rows(world, test_group, client_for, role):
    client = client_for(world.user(role))
    make_cases(world.house, 3)
    small = _queries(client, URL)
    make_cases(world.house, 60, case_type=CaseType.SYSTEM)
    assert _queries(client, URL) == small


def test_the_index_names_the_house_s_own_threshold(world, client_for):
    from zvh.figures.models import FigureSettings

    FigureSettings.objects.create(house=world.house, suppression_threshold=10)
    html = client_for(world.user(Role.STEERING_GROUP_MEMBER)).get(reverse("figures:index"))
    text = html.content.decode()
    assert "drempel van het huis (10) toont als „&lt;10”" in text
    assert "&lt;5" not in text
    # The chain manager sees exact numbers and is told so instead.
    text = client_for(world.user(Role.CHAIN_MANAGER)).get(reverse("figures:index")).content
    assert "U ziet de exacte aantallen" in text.decode() and b"&lt;10" not in text
