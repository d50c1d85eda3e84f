"""The privacy officer's anomaly report: reads outside one's cases, denial spikes, bulk reads
and exports, from the access log of the house over a period."""

from __future__ import annotations

import uuid
from datetime import datetime, time, timedelta
from types import SimpleNamespace
from unittest import mock

import pytest
from django.db import connection
from django.db.models import Max
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories.people import CaseFactory, CaseParticipantFactory, CasePersonFactory
from zvh.audit.models import Action, AuditEvent, Result
from zvh.audit.services import audit_record
from zvh.authz.actor import Actor
from zvh.network.models import Role

URL = reverse("privacy:anomalies")
ZONE = timezone.get_current_timezone()


def local(days_ago: int, hour: int, minute: int = 0) -> datetime:
    day = timezone.localdate() - timedelta(days=days_ago)
    return datetime.combine(day, time(hour, minute), tzinfo=ZONE)


def record(
    at: datetime,
    *,
    house,
    org,
    user=None,
    token: uuid.UUID | None = None,
    action: Action = Action.VIEW,
    object_type: str = "case",
    persons=(),
    result: Result = Result.OK,
) -> AuditEvent:
    actor = Actor(
        user_id=user.pk if user else None,
        organisation_id=org.id,
        house_id=house.id,
        api_token_id=token,
    )
    # The log takes its time from the clock; here the clock is set to the moment wanted.
    with mock.patch("zvh.audit.services.timezone", SimpleNamespace(now=lambda: at)):
        return audit_record(
            actor=actor,
            action=action,
            object_type=object_type,
            object_id=uuid.uuid4(),
            person_ids=[person.id if hasattr(person, "id") else person for person in persons],
            result=result,
        )


@pytest.fixture
def officer(world, client_for):
    return client_for(world.user(Role.PRIVACY_OFFICER))


def _report(client, **query):
    response = client.get(URL, query)
    assert response.status_code == 200, response.content.decode()[:2000]
    return response.context["report"]


def test_reads_outside_the_cases_of_ones_organisation(world, officer):
    partner = world.user(Role.PARTNER_PROFESSIONAL)
    coordinator = world.user(Role.PROCESS_COORDINATOR)
    house, org = world.house, world.own_org
    ended_case, running_case = CaseFactory(house=house), CaseFactory(house=house)
    alice = CasePersonFactory(case=ended_case, person__house=house).person
    bob = CasePersonFactory(case=running_case, person__house=house).person
    CaseParticipantFactory(
        case=ended_case, organisation=org, added_at=local(10, 9), ended_at=local(2, 9)
    )
    CaseParticipantFactory(case=running_case, organisation=org, added_at=local(10, 9))
    token = uuid.uuid4()

    record(local(5, 10), house=house, org=org, user=partner, persons=[alice])  # took part then
    record(local(1, 10), house=house, org=org, user=partner, persons=[alice])  # ended: outside
    record(local(1, 11), house=house, org=org, user=partner, object_type="person", persons=[bob])
    record(
        local(1, 12), house=house, org=org, user=partner, object_type="plan", persons=[alice, bob]
    )
    record(local(1, 13), house=house, org=org, user=coordinator, persons=[alice])  # house staff
    record(local(1, 14), house=house, org=org, token=token, object_type="person", persons=[alice])
    record(local(1, 15), house=house, org=org, user=partner, result=Result.DENIED)
    record(
        local(1, 16), house=house, org=org, user=partner, object_type="referral", persons=[alice]
    )
    record(local(20, 10), house=house, org=org, user=partner, persons=[alice])  # before the period
    other = world.user(Role.PARTNER_PROFESSIONAL, house="other")
    record(local(1, 10), house=world.other_house, org=org, user=other, persons=[alice])

    rows = {row.user: row for row in _report(officer).outside.rows}
    assert set(rows) == {partner.get_full_name(), "Koppeling (API)"}
    mine = rows[partner.get_full_name()]
    assert (mine.reads, mine.persons, mine.denied) == (2, 1, 1)
    assert mine.organisation == "Eigen organisatie" and not mine.via_api
    assert mine.first == local(1, 10) and mine.last == local(1, 15)
    via_api = rows["Koppeling (API)"]
    assert (via_api.reads, via_api.persons, via_api.denied, via_api.via_api) == (1, 1, 0, True)

    # A period that ends before the participation did shows none of it.
    early = _report(
        officer,
        van=(timezone.localdate() - timedelta(days=6)).isoformat(),
        tot=(timezone.localdate() - timedelta(days=3)).isoformat(),
    )
    assert early.outside.rows == []


def test_denial_spikes_per_local_day(world, officer):
    house, org = world.house, world.own_org
    spiker, steady = world.user(Role.PARTNER_PROFESSIONAL), world.user(Role.CHAIN_MANAGER)
    for minute in range(11):
        record(
            local(2, 9, minute),
            house=house,
            org=org,
            user=spiker,
            result=Result.DENIED,
            action=Action.DENIED,
            object_type="function:view_cases",
        )
    for minute in range(10):  # at the threshold, not above it
        record(local(2, 9, minute), house=house, org=org, user=steady, result=Result.DENIED)
    # Six late in the evening and six after midnight (local time): two days, no spike. In UTC
    # all twelve fall on one day.
    for minute in range(6):
        record(local(4, 23, 30 + minute), house=house, org=org, user=steady, result=Result.DENIED)
        record(local(3, 0, 10 + minute), house=house, org=org, user=steady, result=Result.DENIED)

    report = _report(officer)
    assert [(row.user, row.day, row.denials) for row in report.spikes.rows] == [
        (spiker.get_full_name(), timezone.localdate() - timedelta(days=2), 11)
    ]
    lower = _report(officer, weigeringen=5)
    assert sorted(
        (row.user == steady.get_full_name(), row.denials) for row in lower.spikes.rows
    ) == [(False, 11), (True, 6), (True, 6), (True, 10)]


def test_bulk_reads_count_distinct_persons_per_hour(world, officer):
    house, org = world.house, world.own_org
    reader = world.user(Role.PROCESS_COORDINATOR)
    many = [uuid.uuid4() for _ in range(101)]
    record(local(1, 9, 5), house=house, org=org, user=reader, action=Action.LIST, persons=many[:60])
    record(
        local(1, 9, 50), house=house, org=org, user=reader, action=Action.LIST, persons=many[40:]
    )
    # The same 60 persons again in the next hour: 60, under the threshold.
    record(
        local(1, 10, 5), house=house, org=org, user=reader, action=Action.SEARCH, persons=many[:60]
    )
    # A write is no read.
    record(local(1, 11, 5), house=house, org=org, user=reader, action=Action.UPDATE, persons=many)

    report = _report(officer)
    assert [(row.user, row.hour, row.persons) for row in report.bulk.rows] == [
        (reader.get_full_name(), local(1, 9), 101)
    ]
    assert [row.persons for row in _report(officer, inzages=50).bulk.rows] == [101, 60]


def test_every_export_is_listed_newest_first_a_page_at_a_time(world, officer):
    house, org = world.house, world.own_org
    user = world.user(Role.PROCESS_COORDINATOR)
    for minute in range(51):
        record(
            local(1, 8, minute),
            house=house,
            org=org,
            user=user,
            action=Action.EXPORT,
            object_type="plan",
            persons=[uuid.uuid4(), uuid.uuid4()],
        )
    record(local(1, 12), house=house, org=org, user=user, action=Action.PRINT, object_type="plan")
    record(local(1, 13), house=house, org=org, user=user, action=Action.VIEW, object_type="plan")

    first = _report(officer)
    assert len(first.exports) == 50
    assert first.exports[0].action == "Afgedrukt" and first.exports[0].persons == 0
    assert first.exports[1].object_type == "Plan van aanpak" and first.exports[1].persons == 2
    assert first.next_cursor
    page = officer.get(URL, {"na": first.next_cursor})
    # 51 exports and a print: two left for the second page.
    assert [row.occurred_at for row in page.context["report"].exports] == [
        local(1, 8, 1),
        local(1, 8, 0),
    ]
    assert "Oudere exports" in officer.get(URL).content.decode()


def test_viewing_the_report_is_recorded(world, officer):
    before = AuditEvent.objects.aggregate(last=Max("id"))["last"] or 0
    response = officer.get(URL, {"weigeringen": 3})
    assert response.status_code == 200
    event = AuditEvent.objects.get(id__gt=before, object_type="anomaly_report")
    assert event.user_id == world.user(Role.PRIVACY_OFFICER).pk
    assert event.house_id == world.house.id and event.action == Action.VIEW
    today = timezone.localdate()
    assert event.detail == {
        "from": (today - timedelta(days=6)).isoformat(),
        "to": today.isoformat(),
        "denials_per_day": 3,
        "reads_per_hour": 100,
    }


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"van": "2026-02-30"}, "geldige datum"),
        ({"van": "morgen"}, "geldige datum"),
        ({"van": "2025-03-10", "tot": "2025-03-01"}, "vóór de begindatum"),
        ({"van": "2025-01-01", "tot": "2025-06-30"}, "hoogstens 92 dagen"),
        ({"van": "2999-01-01", "tot": "2999-01-02"}, "in de toekomst"),
        ({"weigeringen": "0"}, "minstens 1"),
        ({"inzages": "veel"}, "heel getal"),
        ({"van": ""}, "Vul een datum in"),
    ],
)
def test_bad_input_gets_a_message_and_no_report(world, officer, query, message):
    before = AuditEvent.objects.aggregate(last=Max("id"))["last"] or 0
    response = officer.get(URL, query)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "report" not in response.context
    assert not AuditEvent.objects.filter(id__gt=before, object_type="anomaly_report").exists()


def test_another_house_and_other_roles_see_nothing_of_it(world, client_for):
    record(
        local(1, 9),
        house=world.house,
        org=world.own_org,
        user=world.user(Role.PROCESS_COORDINATOR),
        action=Action.EXPORT,
    )
    other_officer = client_for(world.user(Role.PRIVACY_OFFICER, house="other"))
    assert _report(other_officer).exports == []
    for role in (Role.CHAIN_MANAGER, Role.PARTNER_PROFESSIONAL, Role.FUNCTIONAL_ADMIN):
        assert client_for(world.user(role)).get(URL).status_code == 404


def _seed(world, n: int) -> None:
    house, org = world.house, world.own_org
    case = CaseFactory(house=house)
    person = CasePersonFactory(case=case, person__house=house).person
    users = [world.user(role) for role in Role]
    for i in range(n):
        user = users[i % len(users)]
        record(local(i % 5, 9, i % 60), house=house, org=org, user=user, persons=[person])
        record(local(i % 5, 10, i % 60), house=house, org=org, user=user, result=Result.DENIED)
        record(
            local(i % 5, 11, i % 60),
            house=house,
            org=org,
            user=user,
            action=Action.EXPORT,
            persons=[person],
        )


def test_the_report_does_not_grow(world, officer, django_assert_max_num_queries):
    _seed(world, 6)
    with CaptureQueriesContext(connection) as small:
        _report(officer, weigeringen=1, inzages=1)
    _seed(world, 120)
    # Session, user, OTP device, memberships; the five report queries (outside, denied,
    # spikes, bulk, exports page); users and organisations named; the audit event (savepoint,
    # head lock, insert, head update, release); the header's organisation; the session save.
    with django_assert_max_num_queries(20):
        report = _report(officer, weigeringen=1, inzages=1)
    assert report.spikes.rows and report.outside.rows and len(report.exports) == 50
    with CaptureQueriesContext(connection) as large:
        _report(officer, weigeringen=1, inzages=1)
    assert len(large) == len(small)
