"""Each work list downloads what the viewer may see, as CSV and XLSX (decision 0180): the
list's columns and filters, no more; an EXPORT event names the list, the filters and the
persons; a cell that a spreadsheet would take for a formula is text."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.factories import flow
from tests.factories.people import CaseParticipantFactory, CasePersonFactory, PersonFactory
from zvh.audit.models import Action, AuditEvent
from zvh.cases.models import Case, CaseStatus
from zvh.conferences.models import Conference, ConferenceKind
from zvh.network.models import Role

PC = Role.PROCESS_COORDINATOR
FORMULA = '=HYPERLINK("http://x")'


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def _xlsx(response) -> list[list[object]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.value  # never a formula
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.fixture
def listed(world):
    """A case with a person whose name looks like a formula, a closed case, a case of another
    organisation, and one of the other house."""
    person = PersonFactory(house=world.house, given_names="", surname=FORMULA)
    open_case = Case.objects.create(house=world.house, number="C-1", status=CaseStatus.ACCEPTED)
    CasePersonFactory(case=open_case, person=person)
    CaseParticipantFactory(case=open_case, organisation=world.own_org)
    closed = Case.objects.create(house=world.house, number="C-2", status=CaseStatus.CLOSED)
    CaseParticipantFactory(case=closed, organisation=world.own_org)
    theirs = Case.objects.create(house=world.house, number="C-3")
    CaseParticipantFactory(case=theirs, organisation=world.other_org)
    Case.objects.create(house=world.other_house, number="C-4")
    return person, open_case


def test_the_case_csv_holds_the_list_as_filtered_and_escapes_formulas(world, client_for, listed):
    person, _open_case = listed
    client = client_for(world.user(PC))
    rows = _csv(client.get(reverse("cases:export"), {"sort": "number"}))
    header, *body = rows
    assert header == [
        "Casus",
        "Betrokkene(n)",
        "Status",
        "Procesregisseur",
        "Volgende evaluatie",
        "Aangemaakt",
    ]
    assert [row[0] for row in body] == ["C-1", "C-3"]  # the open ones, as the list shows
    assert body[0][1].startswith("'=HYPERLINK")  # text, not a formula
    event = AuditEvent.objects.filter(action=Action.EXPORT, object_type="case").get()
    assert event.detail == {"list": "cases", "rows": 2, "status": "open", "sort": "number"}
    assert event.person_ids == [str(person.pk)]


def test_a_partner_downloads_only_what_the_partner_may_see(world, client_for, listed):
    client = client_for(world.user(Role.PARTNER_PROFESSIONAL))
    body = _csv(client.get(reverse("cases:export"), {"status": "all"}))[1:]
    assert sorted(row[0] for row in body) == ["C-1", "C-2"]


def test_the_case_xlsx_holds_the_same_rows_with_text_and_dates(world, client_for, listed):
    _person, open_case = listed
    Case.objects.filter(pk=open_case.pk).update(
        next_review_date=timezone.localdate() + timedelta(days=7)
    )
    response = client_for(world.user(PC)).get(
        reverse("cases:export"), {"sort": "number", "formaat": "xlsx"}
    )
    header, *body = _xlsx(response)
    assert header[0] == "Casus" and [row[0] for row in body] == ["C-1", "C-3"]
    assert body[0][1].startswith(FORMULA)  # the name as it is, stored as a string
    assert body[0][4].date() == timezone.localdate() + timedelta(days=7)
    event = AuditEvent.objects.filter(action=Action.EXPORT, object_type="case").get()
    assert event.detail["rows"] == 2


def test_an_invalid_filter_downloads_nothing(world, client_for, listed):
    response = client_for(world.user(PC)).get(
        reverse("cases:export"), {"status": "verzonnen", "formaat": "xlsx"}
    )
    assert response.status_code == 400 and response["Content-Type"].startswith("text/html")
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()


def test_the_referral_download(world, client_for):
    now = timezone.now()
    wanted = flow.referral(
        house=world.house, organisation=world.own_org, received_at=now - timedelta(hours=1)
    )
    flow.referral(house=world.house, organisation=world.other_org, received_at=now)
    flow.referral(house=world.other_house, organisation=world.own_org, received_at=now)
    client = client_for(world.user(Role.CHAIN_MANAGER))
    body = _csv(client.get(reverse("intake:export"), {"organisation": world.own_org.pk}))[1:]
    assert [row[0] for row in body] == [wanted.number]
    assert body[0][4] == world.own_org.name
    event = AuditEvent.objects.filter(action=Action.EXPORT, object_type="referral").get()
    assert event.detail == {"list": "house", "rows": 1, "organisation_id": str(world.own_org.pk)}
    xlsx = _xlsx(client.get(reverse("intake:export"), {"formaat": "xlsx"}))
    assert len(xlsx) == 3  # header and the own house's two


def test_the_conference_download(world, client_for):
    now = timezone.now()
    Conference.objects.create(
        house=world.house,
        number="O-1",
        kind=ConferenceKind.CASE,
        starts_at=now,
        ends_at=now + timedelta(hours=1),
        location="@SUM(A1)",
    )
    Conference.objects.create(
        house=world.other_house,
        number="O-2",
        kind=ConferenceKind.CASE,
        starts_at=now,
        ends_at=now + timedelta(hours=1),
    )
    body = _csv(client_for(world.user(PC)).get(reverse("conferences:export")))[1:]
    assert [row[0] for row in body] == ["O-1"] and body[0][5] == "'@SUM(A1)"
    assert AuditEvent.objects.filter(action=Action.EXPORT, object_type="conference").exists()


def test_the_person_download_leaves_the_name_searched_for_out_of_the_log(world, client_for):
    jansen = PersonFactory(house=world.house, surname="Jansen", city="-Zwolle")
    PersonFactory(house=world.house, surname="Bakker")
    PersonFactory(house=world.other_house, surname="Janssen")
    body = _csv(client_for(world.user(PC)).get(reverse("people:export"), {"name": "jan"}))[1:]
    assert [row[0] for row in body] == [jansen.display_name]
    assert body[0][2] == "'-Zwolle"
    event = AuditEvent.objects.filter(action=Action.EXPORT, object_type="person").get()
    assert event.detail == {"list": "persons", "rows": 1}
    assert event.person_ids == [str(jansen.pk)]


@pytest.mark.parametrize(
    "url_name", ["cases:list", "intake:list", "conferences:list", "people:list"]
)
def test_the_list_links_its_downloads_with_its_filters(world, client_for, url_name):
    sort = "-name" if url_name == "people:list" else "-number"
    response = client_for(world.user(PC)).get(reverse(url_name), {"sort": sort})
    html = response.content.decode()
    export = reverse(url_name.replace(":list", ":export"))
    assert f'href="{export}?sort=' in html
    assert "formaat=xlsx" in html
