"""The lists a house works from (decision 0180): referrals, cases, conferences and persons.
Their filters narrow what the access policy lets the user see and never widen it; they sort
on their columns with keyset pages that cover every row once; they cost a fixed number of
queries whatever the filters and the rows; invalid filters get a Dutch message, not a 500."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import flow
from tests.factories.intake import actor_of
from tests.factories.network import MunicipalityFactory
from tests.factories.people import CaseParticipantFactory, CasePersonFactory, PersonFactory
from zvh.cases import listing as case_listing
from zvh.cases import selectors as case_selectors
from zvh.cases.models import Case, CaseStatus, Theme
from zvh.conferences.models import Conference, ConferenceKind, ConferenceStatus
from zvh.core.listing import ListFilters
from zvh.intake.models import ReferralStatus, Urgency
from zvh.network.models import Role
from zvh.people.models import Person

PC = Role.PROCESS_COORDINATOR
PARTNER = Role.PARTNER_PROFESSIONAL


def numbers(response) -> list[str]:
    assert response.status_code == 200, response.content.decode()[:2000]
    return [row.number for row in response.context["page"].rows]


def names(response) -> list[str]:
    assert response.status_code == 200
    return [row.surname for row in response.context["page"].rows]


# --- cases ------------------------------------------------------------------------------------


@pytest.fixture
def cases(world):
    """Four cases of the own house and one of the other, with what the filters look at."""
    house = world.house
    coordinator = world.user(PC)
    theme = Theme.objects.create(house=house, name="Huiselijk geweld")
    other_municipality = MunicipalityFactory()
    house.municipalities.add(other_municipality)
    today = timezone.localdate()
    a = Case.objects.create(
        house=house,
        number="C-A",
        status=CaseStatus.IN_EXECUTION,
        process_coordinator=coordinator,
        municipality=house.seat_municipality,
        referring_organisation=world.own_org,
        next_review_date=today - timedelta(days=3),
    )
    a.themes.add(theme)
    b = Case.objects.create(
        house=house,
        number="C-B",
        status=CaseStatus.ACCEPTED,
        municipality=other_municipality,
        referring_organisation=world.other_org,
        next_review_date=today + timedelta(days=3),
    )
    c = Case.objects.create(
        house=house,
        number="C-C",
        status=CaseStatus.CLOSED,
        process_coordinator=coordinator,
        next_review_date=today - timedelta(days=3),
    )
    d = Case.objects.create(house=house, number="C-D", status=CaseStatus.ACCEPTED)
    Case.objects.filter(pk=d.pk).update(created_at=datetime(2025, 3, 10, 12, tzinfo=UTC))
    elsewhere = Case.objects.create(
        house=world.other_house, number="C-X", process_coordinator=coordinator
    )
    for case in (a, c, elsewhere):
        CaseParticipantFactory(case=case, organisation=world.own_org)
    CaseParticipantFactory(case=b, organisation=world.other_org)
    return {
        "theme": theme,
        "other_municipality": other_municipality,
        "coordinator": coordinator,
        "cases": (a, b, c, d),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["C-B", "C-A", "C-D"]),  # open ones, newest first (C-D is from 2025)
        ({"status": "all"}, ["C-C", "C-B", "C-A", "C-D"]),
        ({"status": CaseStatus.CLOSED}, ["C-C"]),
        ({"status": "all", "coordinator": "coordinator"}, ["C-C", "C-A"]),
        ({"theme": "theme"}, ["C-A"]),
        ({"municipality": "other_municipality"}, ["C-B"]),
        ({"organisation": "other_org"}, ["C-B"]),
        ({"status": "all", "overdue": "on"}, ["C-A"]),  # a closed case is not overdue
        ({"status": "all", "start": "2025-03-01", "end": "2025-03-31"}, ["C-D"]),
        ({"status": "all", "end": "2025-12-31"}, ["C-D"]),
        ({"sort": "number"}, ["C-A", "C-B", "C-D"]),
        ({"sort": "-number"}, ["C-D", "C-B", "C-A"]),
    ],
)
def test_the_case_filters_and_sorting(world, client_for, cases, query, expected):
    ids = {
        "coordinator": cases["coordinator"].pk,
        "theme": cases["theme"].pk,
        "other_municipality": cases["other_municipality"].pk,
        "other_org": world.other_org.pk,
    }
    params = {key: ids.get(value, value) for key, value in query.items()}
    response = client_for(world.user(PC)).get(reverse("cases:list"), params)
    assert numbers(response) == expected


def test_a_filter_does_not_widen_what_a_partner_sees(world, client_for, cases):
    """The partner's organisation takes part in C-A and C-C only: no filter brings in C-B (the
    other organisation's) or the other house's case."""
    client = client_for(world.user(PARTNER))
    everything = client.get(reverse("cases:list"), {"status": "all"})
    assert sorted(numbers(everything)) == ["C-A", "C-C"]
    coordinator = client.get(
        reverse("cases:list"), {"status": "all", "coordinator": cases["coordinator"].pk}
    )
    assert numbers(coordinator) == ["C-C", "C-A"]
    # C-B matches the other organisation, but the partner may not see it: nothing.
    other = client.get(reverse("cases:list"), {"status": "all", "organisation": world.other_org.pk})
    assert numbers(other) == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"status": "verzonnen"}, "Kies een status uit de lijst."),
        ({"municipality": "other_house"}, "Kies een gemeente van het huis."),
        ({"coordinator": "999999"}, "Kies een procesregisseur van het huis."),
        ({"theme": "not-a-uuid"}, "is geen geldige UUID."),
        ({"start": "31-02-2026"}, "Vul een geldige datum in"),
        ({"start": "2026-05-01", "end": "2026-04-01"}, "De einddatum ligt vóór de begindatum."),
        ({"sort": "bsn"}, "Kies een van de sorteringen uit de lijst."),
    ],
)
@pytest.mark.parametrize("view", ["cases:list", "cases:export"])
def test_invalid_case_filters_get_a_dutch_message(world, client_for, cases, query, message, view):
    params = {
        key: world.other_house.seat_municipality.pk if value == "other_house" else value
        for key, value in query.items()
    }
    response = client_for(world.user(PC)).get(reverse(view), params)
    assert response.status_code == 400
    assert response.context["page"] is None
    assert message in response.content.decode()


def _walk(actor, sort: str, size: int = 2) -> list[str]:
    """Every page of the case list sorted on `sort`, `size` rows at a time."""
    seen: list[str] = []
    cursor = None
    for _page in range(20):
        page = case_selectors.case_list(
            actor=actor,
            filters=ListFilters(status="all", sort=sort),
            sorting=case_listing.SORTING,
            cursor=cursor,
            size=size,
        )
        seen += [row.number for row in page.rows]
        cursor = page.next_cursor
        if cursor is None:
            return seen
    raise AssertionError("the pages do not end")


def test_keyset_pages_follow_every_sort_and_put_empty_values_last(world, cases):
    from tests.factories.network import UserFactory

    alpha = UserFactory(last_name="Aalders")
    zulu = UserFactory(last_name="Zwart")
    house = world.house
    for number, coordinator in [("C-E", alpha), ("C-F", zulu), ("C-G", alpha), ("C-H", None)]:
        Case.objects.create(house=house, number=number, process_coordinator=coordinator)
    actor = actor_of(world.user(PC), house)
    everything = Case.objects.filter(house=house).select_related("process_coordinator")

    def expected(descending: bool) -> list[str]:
        with_name = sorted(
            (c for c in everything if c.process_coordinator),
            key=lambda c: (c.process_coordinator.last_name, c.pk),
            reverse=descending,
        )
        without = sorted((c for c in everything if not c.process_coordinator), key=lambda c: c.pk)
        if descending:
            without.reverse()
        return [c.number for c in with_name + without]

    assert _walk(actor, "coordinator") == expected(False)
    assert _walk(actor, "-coordinator") == expected(True)
    by_number = sorted(c.number for c in everything)
    assert _walk(actor, "number", size=3) == by_number
    assert _walk(actor, "-number", size=3) == by_number[::-1]
    # The next review date is empty for most cases: they follow the dated ones either way.
    dated = _walk(actor, "-review")
    assert dated[:2] in (["C-B", "C-A"], ["C-B", "C-C"]) and len(dated) == len(set(dated)) == 8


def test_the_sorted_column_is_marked_and_links_to_the_other_direction(world, client_for, cases):
    response = client_for(world.user(PC)).get(
        reverse("cases:list"), {"status": "all", "sort": "number"}
    )
    html = response.content.decode()
    assert 'aria-sort="ascending"' in html
    assert "?status=all&amp;sort=-number" in html


# --- referrals --------------------------------------------------------------------------------


@pytest.fixture
def referrals(world):
    house = world.house
    now = timezone.now()
    other_municipality = MunicipalityFactory()
    house.municipalities.add(other_municipality)
    made = {
        "A": flow.referral(
            house=house,
            organisation=world.own_org,
            received_at=now - timedelta(days=1),
            urgency=Urgency.ACUTE,
            acute_deadline=now - timedelta(hours=2),
            municipality=house.seat_municipality,
        ),
        "B": flow.referral(
            house=house,
            organisation=world.other_org,
            received_at=now - timedelta(days=2),
            status=ReferralStatus.DECIDED,
            urgency=Urgency.ACUTE,
            acute_deadline=now - timedelta(days=1),
            municipality=other_municipality,
        ),
        "C": flow.referral(
            house=house,
            organisation=world.own_org,
            received_at=datetime(2025, 6, 1, 10, tzinfo=UTC),
        ),
        "X": flow.referral(house=world.other_house, organisation=world.own_org, received_at=now),
    }
    return made, other_municipality


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["A", "B", "C"]),
        ({"status": ReferralStatus.DECIDED}, ["B"]),
        ({"municipality": "other_municipality"}, ["B"]),
        ({"organisation": "own_org"}, ["A", "C"]),
        ({"overdue": "on"}, ["A"]),  # B is past its deadline but decided
        ({"start": "2025-06-01", "end": "2025-06-01"}, ["C"]),
        ({"sort": "received"}, ["C", "B", "A"]),
        ({"sort": "-number"}, ["C", "B", "A"]),
    ],
)
def test_the_referral_filters_and_sorting(world, client_for, referrals, query, expected):
    made, other_municipality = referrals
    ids = {"other_municipality": other_municipality.pk, "own_org": world.own_org.pk}
    params = {key: ids.get(value, value) for key, value in query.items()}
    response = client_for(world.user(PC)).get(reverse("intake:list"), params)
    assert numbers(response) == [made[key].number for key in expected]


def test_referrals_sort_on_the_referring_organisation(world, client_for, referrals):
    made, _municipality = referrals
    response = client_for(world.user(PC)).get(reverse("intake:list"), {"sort": "organisation"})
    rows = numbers(response)
    # "Andere organisatie" before "Eigen organisatie"; the same name orders by id.
    assert rows[0] == made["B"].number and set(rows[1:]) == {made["A"].number, made["C"].number}
    descending = numbers(
        client_for(world.user(PC)).get(reverse("intake:list"), {"sort": "-organisation"})
    )
    assert descending == rows[::-1]


def test_a_referral_filter_on_another_houses_municipality_is_refused(world, client_for):
    response = client_for(world.user(Role.CHAIN_MANAGER)).get(
        reverse("intake:list"), {"municipality": world.other_house.seat_municipality.pk}
    )
    assert response.status_code == 400
    assert "Kies een gemeente van het huis." in response.content.decode()


# --- conferences ------------------------------------------------------------------------------


@pytest.fixture
def conferences(world):
    house = world.house
    now = timezone.now()
    theme = Theme.objects.create(house=house, name="Nazorg")

    def make(number, starts_at, **fields):
        return Conference.objects.create(
            house=house,
            number=number,
            kind=fields.pop("kind", ConferenceKind.CASE),
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=1),
            **fields,
        )

    make("O-1", now - timedelta(days=2))  # over, still planned: overdue
    make("O-2", now + timedelta(days=2), kind=ConferenceKind.TARGET_GROUP, theme=theme)
    make("O-3", datetime(2025, 2, 3, 9, tzinfo=UTC), status=ConferenceStatus.HELD)
    Conference.objects.create(
        house=world.other_house,
        number="O-X",
        kind=ConferenceKind.CASE,
        starts_at=now,
        ends_at=now + timedelta(hours=1),
    )
    return theme


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["O-2", "O-1", "O-3"]),
        ({"status": ConferenceStatus.HELD}, ["O-3"]),
        ({"kind": ConferenceKind.TARGET_GROUP}, ["O-2"]),
        ({"theme": "theme"}, ["O-2"]),
        ({"overdue": "on"}, ["O-1"]),
        ({"start": "2025-02-01", "end": "2025-02-28"}, ["O-3"]),
        ({"sort": "number"}, ["O-1", "O-2", "O-3"]),
    ],
)
def test_the_conference_filters_and_sorting(world, client_for, conferences, query, expected):
    params = {key: conferences.pk if value == "theme" else value for key, value in query.items()}
    response = client_for(world.user(PC)).get(reverse("conferences:list"), params)
    assert numbers(response) == expected


def test_a_partner_sees_no_conference_through_a_filter(world, client_for, conferences):
    """Not invited to any: no filter shows one."""
    response = client_for(world.user(PARTNER)).get(
        reverse("conferences:list"), {"status": ConferenceStatus.PLANNED}
    )
    assert numbers(response) == []


# --- persons ----------------------------------------------------------------------------------


@pytest.fixture
def persons(world):
    house = world.house
    other_municipality = MunicipalityFactory()
    house.municipalities.add(other_municipality)
    jansen = PersonFactory(house=house, surname="Jansen", city="Zwolle")
    bakker = PersonFactory(
        house=house, surname="Bakker", city="Kampen", municipality=other_municipality
    )
    PersonFactory(house=house, surname="Jonker", city="Deventer")
    PersonFactory(house=world.other_house, surname="Janssens")
    Person.objects.filter(pk=bakker.pk).update(created_at=datetime(2025, 1, 5, 9, tzinfo=UTC))
    case = Case.objects.create(house=house, number="C-P")
    CasePersonFactory(case=case, person=jansen)
    CaseParticipantFactory(case=case, organisation=world.own_org)
    return other_municipality


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["Bakker", "Jansen", "Jonker"]),
        ({"name": "j"}, ["Jansen", "Jonker"]),
        ({"municipality": "other_municipality"}, ["Bakker"]),
        ({"start": "2025-01-01", "end": "2025-01-31"}, ["Bakker"]),
        ({"sort": "-name"}, ["Jonker", "Jansen", "Bakker"]),
        ({"sort": "city"}, ["Jonker", "Bakker", "Jansen"]),
    ],
)
def test_the_person_filters_and_sorting(world, client_for, persons, query, expected):
    params = {
        key: persons.pk if value == "other_municipality" else value for key, value in query.items()
    }
    response = client_for(world.user(PC)).get(reverse("people:list"), params)
    assert names(response) == expected


def test_a_person_filter_does_not_widen_what_a_partner_sees(world, client_for, persons):
    client = client_for(world.user(PARTNER))
    assert names(client.get(reverse("people:list"), {"name": "j"})) == ["Jansen"]
    assert names(client.get(reverse("people:list"), {"sort": "-registered"})) == ["Jansen"]


# --- query budgets ----------------------------------------------------------------------------


def _grow(world, start: int, count: int) -> None:
    """Rows for every list: cases with a person, referrals, conferences."""
    now = timezone.now()
    persons = Person.objects.bulk_create(
        Person(house=world.house, surname=f"Lid{n:05d}", surname_normalised=f"lid{n:05d}")
        for n in range(start, start + count)
    )
    made = Case.objects.bulk_create(
        Case(house=world.house, number=f"Q-{n:06d}", process_coordinator=world.user(PC))
        for n in range(start, start + count)
    )
    Case.persons.through.objects.bulk_create(
        Case.persons.through(case=case, person=person)
        for case, person in zip(made, persons, strict=True)
    )
    for n in range(start, start + count):
        flow.referral(
            house=world.house, organisation=world.own_org, received_at=now - timedelta(hours=n)
        )
    Conference.objects.bulk_create(
        Conference(
            house=world.house,
            number=f"O-{n:06d}",
            kind=ConferenceKind.CASE,
            starts_at=now - timedelta(days=n),
            ends_at=now - timedelta(days=n) + timedelta(hours=1),
        )
        for n in range(start, start + count)
    )


LISTS = {
    "cases:list": {
        "status": "all",
        "coordinator": "pc",
        "sort": "coordinator",
        "end": "2099-01-01",
    },
    "intake:list": {"organisation": "own_org", "sort": "organisation", "start": "2000-01-01"},
    "conferences:list": {"status": ConferenceStatus.PLANNED, "sort": "-number"},
    "people:list": {"name": "lid", "sort": "-registered"},
}


@pytest.mark.parametrize("url_name", LISTS)
def test_filters_and_sorting_keep_the_query_budget(world, client_for, url_name):
    client = client_for(world.user(PC))
    url = reverse(url_name)
    ids = {"pc": world.user(PC).pk, "own_org": world.own_org.pk}
    query = {key: ids.get(value, value) for key, value in LISTS[url_name].items()}
    _grow(world, 0, 5)
    client.get(url, query)  # warm up
    with CaptureQueriesContext(connection) as plain:
        client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert len(client.get(url, query).context["page"].rows) == 5
    _grow(world, 5, 60)
    with CaptureQueriesContext(connection) as large:
        page = client.get(url, query).context["page"]
    assert len(page.rows) == 50 and page.next_cursor
    with CaptureQueriesContext(connection) as second:
        rest = client.get(url, {**query, "na": page.next_cursor}).context["page"]
    assert len(rest.rows) == 15 and not {r.pk for r in rest.rows} & {r.pk for r in page.rows}
    counts = {len(c.captured_queries) for c in (small, large, second)}
    assert len(counts) == 1, counts
    # A chosen record (a coordinator, an organisation) is looked up once to validate it.
    chosen = sum(1 for key in ("coordinator", "organisation") if key in query)
    assert counts.pop() == len(plain.captured_queries) + chosen
