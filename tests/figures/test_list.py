"""The list behind a number: the chain manager's, through the need-to-know rules, audited like
the house's own lists, keyset-paginated, a fixed number of queries; bad parameters a Dutch
message (decision 0165)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories.intake import make_referral
from zvh.audit.models import Action, AuditEvent
from zvh.cases.models import CasePerson, CaseType
from zvh.figures import lists
from zvh.network.models import Role

from .conftest import make_cases

URL = reverse("figures:list")


def test_the_cases_behind_a_number(world, client_for):
    mine = make_cases(world.house, 2, case_type=CaseType.SYSTEM)
    make_cases(world.house, 1, case_type=CaseType.PERSON)
    elsewhere = make_cases(world.other_house, 1, case_type=CaseType.SYSTEM)
    response = client_for(world.user(Role.CHAIN_MANAGER)).get(
        URL, {"list": "cases", "case_type": "system"}
    )
    assert response.status_code == 200
    shown = {row.id for row in response.context["page"].rows}
    assert shown == {case.id for case in mine}
    html = response.content.decode()
    assert elsewhere[0].number not in html
    # Audited as the case list is: a LIST naming the persons shown.
    event = AuditEvent.objects.filter(action=Action.LIST, object_type="case").latest("id")
    persons = CasePerson.objects.filter(case__in=mine).values_list("person_id", flat=True)
    assert sorted(event.person_ids) == sorted(str(p) for p in persons)
    assert event.detail["list"] == "figures:cases"


def test_the_period_bounds_the_opening_date(world, client_for):
    recent = make_cases(world.house, 1, days_ago=5)
    make_cases(world.house, 1, days_ago=400)
    today = timezone.localdate()
    response = client_for(world.user(Role.CHAIN_MANAGER)).get(
        URL,
        {
            "list": "cases",
            "from": (today - timedelta(days=30)).isoformat(),
            "to": today.isoformat(),
        },
    )
    assert {row.id for row in response.context["page"].rows} == {recent[0].id}


def test_open_on_a_day(world, client_for):
    open_case, closed = make_cases(world.house, 2, days_ago=50)
    closed.closed_at = timezone.now() - timedelta(days=20)
    closed.status = "closed"
    closed.save()
    day = (timezone.localdate() - timedelta(days=10)).isoformat()
    response = client_for(world.user(Role.CHAIN_MANAGER)).get(
        URL, {"list": "cases", "open_on": day}
    )
    assert {row.id for row in response.context["page"].rows} == {open_case.id}


def test_the_referrals_behind_a_number(world, client_for):
    referrer = world.user(Role.PROCESS_COORDINATOR)
    acute = make_referral(referrer, world.house, urgency="acute").referral
    make_referral(referrer, world.house)
    make_referral(
        world.user(Role.PROCESS_COORDINATOR, house="other"), world.other_house, urgency="acute"
    )
    response = client_for(world.user(Role.CHAIN_MANAGER)).get(
        URL, {"list": "referrals", "urgency": "acute"}
    )
    assert response.status_code == 200
    assert [row.id for row in response.context["page"].rows] == [acute.id]
    event = AuditEvent.objects.filter(action=Action.LIST, object_type="referral").latest("id")
    assert event.person_ids and event.detail["list"] == "figures:referrals"


@pytest.mark.parametrize(
    "query, message",
    [
        ({"list": "personen"}, "Onbekende lijst"),
        ({"list": "cases", "bsn": "123"}, "Onbekende parameter"),
        ({"list": "cases", "from": "morgen"}, "geen geldige datum"),
        ({"list": "cases", "status": "weg"}, "Onbekende waarde"),
        ({"list": "cases", "theme": "x"}, "geen geldige sleutel"),
        ({"list": "cases", "process_coordinator": "abc"}, "geen geldige sleutel"),
        ({"list": "referrals", "date": "closed"}, "Onbekende datumsoort"),
        ({"list": "referrals", "theme": str(__import__("uuid").uuid4())}, "Onbekende parameter"),
        ({"list": "cases", "from": "2026-05-01", "to": "2026-01-01"}, "vóór de begindatum"),
    ],
)
def test_bad_parameters_give_a_message_and_no_list(world, client_for, query, message):
    make_cases(world.house, 1)
    response = client_for(world.user(Role.CHAIN_MANAGER)).get(URL, query)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["page"] is None
    assert response.get("Content-Type", "").startswith("text/html")


def test_without_parameters_the_page_explains_itself(world, client_for):
    response = client_for(world.user(Role.CHAIN_MANAGER)).get(URL)
    assert response.status_code == 200
    assert "Kies op een cijferpagina een aantal" in response.content.decode()


def test_the_csv_export_of_the_list_has_no_names_and_is_audited(world, client_for):
    cases = make_cases(world.house, 3)
    response = client_for(world.user(Role.CHAIN_MANAGER)).get(
        URL, {"list": "cases", "format": "csv"}
    )
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = response.content.decode()
    assert all(case.number in body for case in cases)
    assert "Achternaam" not in body
    event = AuditEvent.objects.filter(action=Action.EXPORT, object_type="case").latest("id")
    assert len(event.person_ids) == 3 and event.detail["count"] == 3


def test_the_list_is_paginated(world, client_for):
    make_cases(world.house, lists.PAGE_SIZE + 5)
    client = client_for(world.user(Role.CHAIN_MANAGER))
    first = client.get(URL, {"list": "cases"}).context["page"]
    assert len(first.rows) == lists.PAGE_SIZE and first.next_cursor
    second = client.get(URL, {"list": "cases", "na": first.next_cursor}).context["page"]
    assert len(second.rows) == 5
    assert not {r.id for r in first.rows} & {r.id for r in second.rows}


def _queries(client, query) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL, query).status_code == 200
    return len(captured)


@pytest.mark.parametrize("query", [{"list": "cases"}, {"list": "referrals"}])
def test_the_list_page_does_not_grow_with_the_rows(world, client_for, query):
    client = client_for(world.user(Role.CHAIN_MANAGER))
    referrer = world.user(Role.PROCESS_COORDINATOR)
    make_cases(world.house, 2)
    make_referral(referrer, world.house)
    small = _queries(client, query)
    make_cases(world.house, 30)
    for _n in range(10):
        make_referral(referrer, world.house)
    assert _queries(client, query) == small
