"""The privacy officer's access report: find a person, then see who accessed them and when."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from django.urls import reverse

from tests.factories.people import PersonFactory
from zvh.audit.models import Action, AuditEvent, Result
from zvh.audit.services import audit_record, hash_search_terms
from zvh.authz.actor import Actor
from zvh.network.models import Role
from zvh.people.access_report import REPORT_PAGE_SIZE, SEARCH_LIMIT

SEARCH = reverse("audit:search")
VALID_BSN = "111222333"


def report_url(person) -> str:
    return reverse("audit:person", kwargs={"person_id": person.id})


def new_events(before: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(id__gt=before).order_by("id"))


def last_id() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def accessed(person, user, *, action=Action.VIEW, result=Result.OK, object_type="person"):
    """An event about `person` by `user`, as the people pages would record it."""
    membership = user.memberships.first()
    actor = Actor(
        user_id=user.pk,
        organisation_id=user.organisation_id,
        house_id=membership.house_id if membership else None,
    )
    return audit_record(
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=person.id,
        person_ids=[person.id],
        result=result,
    )


@pytest.fixture
def officer_client(world, client_for):
    return client_for(world.user(Role.PRIVACY_OFFICER))


# --- step 1: find the person ------------------------------------------------------------------


def test_the_search_finds_persons_of_the_own_house_only(world, officer_client):
    own = PersonFactory(house=world.house, surname="Öztürk")
    elsewhere = PersonFactory(house=world.other_house, surname="Ozturk")
    html = officer_client.post(SEARCH, {"surname": "ozt"}).content.decode()
    assert report_url(own) in html
    assert report_url(elsewhere) not in html


def test_every_given_term_must_match(world, officer_client):
    born = dt.date(1980, 5, 17)
    wanted = PersonFactory(house=world.house, surname="Jansen", bsn=VALID_BSN, date_of_birth=born)
    same_name = PersonFactory(
        house=world.house, surname="Jansen", date_of_birth=dt.date(1990, 1, 1)
    )
    same_birthday = PersonFactory(house=world.house, surname="Bakker", date_of_birth=born)
    for terms, found in [
        ({"bsn": "1112.22.333"}, {wanted}),
        ({"date_of_birth": "17-05-1980"}, {wanted, same_birthday}),
        ({"surname": "jansen", "date_of_birth": "1980-05-17"}, {wanted}),
        ({"surname": "jansen"}, {wanted, same_name}),
    ]:
        html = officer_client.post(SEARCH, terms).content.decode()
        shown = {p for p in (wanted, same_name, same_birthday) if report_url(p) in html}
        assert shown == found, terms


def test_the_search_is_audited_with_the_terms_hashed_never_in_clear(world, officer_client):
    person = PersonFactory(house=world.house, surname="Visser", bsn=VALID_BSN)
    before = last_id()
    officer_client.post(SEARCH, {"surname": "Visser", "bsn": VALID_BSN})
    (event,) = new_events(before)
    assert (event.action, event.object_type, event.result) == ("search", "access_report", "ok")
    assert event.user_id == world.user(Role.PRIVACY_OFFICER).pk
    assert event.person_ids == [str(person.id)]
    stored = json.dumps(event.detail).lower()
    assert "visser" not in stored and VALID_BSN not in stored
    assert event.detail == {
        "terms": hash_search_terms({"surname": "visser", "bsn": VALID_BSN, "date_of_birth": ""})
    }


def test_the_same_search_gives_the_same_digest_so_it_can_be_looked_up_later():
    first = hash_search_terms({"bsn": VALID_BSN})
    assert first == hash_search_terms({"bsn": VALID_BSN})
    assert first != hash_search_terms({"bsn": "123456782"})
    assert first != hash_search_terms({"surname": VALID_BSN})  # the field is part of the key


@pytest.mark.parametrize(
    ("terms", "message"),
    [
        ({}, "Vul een achternaam, een BSN of een geboortedatum in."),
        ({"surname": "  ", "bsn": "", "date_of_birth": ""}, "Vul een achternaam"),
        ({"bsn": "123456789"}, "Dit is geen geldig BSN"),
        ({"date_of_birth": "31-02-1980"}, "Vul een geldige datum in"),
        ({"surname": "x" * 201}, "Zorg dat deze waarde"),
    ],
)
def test_bad_input_gets_a_clear_message_and_reads_nothing(world, officer_client, terms, message):
    PersonFactory(house=world.house, surname="x" * 50)
    before = last_id()
    response = officer_client.post(SEARCH, terms)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert new_events(before) == []


def test_opening_the_search_form_reads_nothing(officer_client):
    before = last_id()
    response = officer_client.get(SEARCH)
    assert response.status_code == 200
    assert new_events(before) == []


def test_a_broad_search_shows_a_short_list_and_asks_to_narrow_it(world, officer_client):
    for _ in range(SEARCH_LIMIT + 1):
        PersonFactory(house=world.house, surname="Smit")
    response = officer_client.post(SEARCH, {"surname": "smit"})
    assert len(response.context["search"].persons) == SEARCH_LIMIT
    assert "Maak uw zoekopdracht preciezer" in response.content.decode()


# --- step 2: the report -----------------------------------------------------------------------


def test_the_report_lists_who_accessed_the_person_newest_first(world, officer_client):
    person = PersonFactory(house=world.house)
    other_person = PersonFactory(house=world.house)
    coordinator = world.user(Role.PROCESS_COORDINATOR)
    coordinator.first_name, coordinator.last_name = "Petra", "Procesregisseur"
    coordinator.save()
    partner = world.user(Role.PARTNER_PROFESSIONAL, org="other")
    accessed(person, coordinator, action=Action.VIEW)
    accessed(person, partner, action=Action.VIEW, result=Result.DENIED)
    accessed(other_person, world.user(Role.CHAIN_MANAGER))
    html = officer_client.get(report_url(person)).content.decode()

    assert "Petra Procesregisseur" in html
    assert world.own_org.name in html and world.other_org.name in html
    assert partner.get_full_name() in html
    assert world.user(Role.CHAIN_MANAGER).get_full_name() not in html
    assert "Geweigerd" in html and "Bekeken" in html and "Betrokkene" in html
    # Newest first: the denied attempt was later than the coordinator's view.
    assert html.index(partner.get_full_name()) < html.index("Petra Procesregisseur")


def test_viewing_the_report_is_itself_audited_and_shows_on_the_next_visit(world, officer_client):
    person = PersonFactory(house=world.house)
    officer = world.user(Role.PRIVACY_OFFICER)
    before = last_id()
    first = officer_client.get(report_url(person)).context["report"]
    (event,) = new_events(before)
    assert (event.action, event.object_type, event.object_id) == (
        "view",
        "access_report",
        str(person.id),
    )
    assert event.person_ids == [str(person.id)]
    assert event.user_id == officer.pk
    assert first.rows == []
    (row,) = officer_client.get(report_url(person)).context["report"].rows
    assert (row.event_id, row.user, row.object_type) == (
        event.id,
        officer.get_full_name(),
        "Toegangslog",
    )


def test_the_report_pages_by_keyset_without_overlap(world, officer_client):
    person = PersonFactory(house=world.house)
    user = world.user(Role.PROCESS_COORDINATOR)
    ids = [accessed(person, user).id for _ in range(REPORT_PAGE_SIZE + 7)]
    first = officer_client.get(report_url(person))
    page_one = [row.event_id for row in first.context["report"].rows]
    assert page_one == sorted(ids, reverse=True)[:REPORT_PAGE_SIZE]
    cursor = first.context["report"].next_cursor
    assert cursor and f"?na={cursor}" in first.content.decode()
    second = officer_client.get(report_url(person), {"na": cursor}).context["report"]
    # The first visit is now the newest event, but it lies above the cursor.
    assert [row.event_id for row in second.rows] == sorted(ids, reverse=True)[REPORT_PAGE_SIZE:]
    assert second.next_cursor is None


def test_a_tampered_cursor_means_the_first_page(world, officer_client):
    person = PersonFactory(house=world.house)
    accessed(person, world.user(Role.CHAIN_MANAGER))
    for cursor in ("garbage", "WyJ4IiwieSJd", "W10"):
        newest = last_id()
        response = officer_client.get(report_url(person), {"na": cursor})
        assert response.status_code == 200
        assert response.context["report"].rows[0].event_id == newest


def test_events_by_a_partner_application_show_as_such(world, officer_client):
    person = PersonFactory(house=world.house)
    token_actor = Actor(
        user_id=None,
        organisation_id=world.other_org.id,
        house_id=world.house.id,
        api_token_id=uuid.uuid4(),
    )
    audit_record(
        actor=token_actor, action=Action.VIEW, object_type="person", person_ids=[person.id]
    )
    html = officer_client.get(report_url(person)).content.decode()
    assert "Koppeling (API)" in html and world.other_org.name in html


def test_a_person_of_another_house_is_a_404_and_a_denial_in_the_log(world, officer_client):
    elsewhere = PersonFactory(house=world.other_house)
    before = last_id()
    assert officer_client.get(report_url(elsewhere)).status_code == 404
    (event,) = new_events(before)
    assert (event.result, event.object_type, event.object_id) == (
        "denied",
        "access_report",
        str(elsewhere.id),
    )
    assert event.person_ids == []


@pytest.mark.parametrize("role", [role for role in Role if role != Role.PRIVACY_OFFICER])
def test_only_the_privacy_officer_gets_in(world, client_for, role):
    person = PersonFactory(house=world.house)
    client = client_for(world.user(role))
    assert client.get(SEARCH).status_code == 404
    assert client.post(SEARCH, {"surname": person.surname}).status_code == 404
    assert client.get(report_url(person)).status_code == 404


def test_the_menu_shows_the_access_report_to_the_privacy_officer_only(world, client_for):
    home = reverse("web:home")
    officer_html = client_for(world.user(Role.PRIVACY_OFFICER)).get(home).content.decode()
    staff_html = client_for(world.user(Role.CHAIN_MANAGER)).get(home).content.decode()
    assert f'href="{SEARCH}"' in officer_html
    assert f'href="{SEARCH}"' not in staff_html


# --- query budget -----------------------------------------------------------------------------


# Session, user, device, roles (4); person, page, its users, its organisations (4); the audit
# append in a savepoint (6); the header's organisation (1); the session save in a savepoint (3).
REPORT_QUERY_BUDGET = 18


@pytest.mark.parametrize("events", [10, 1000])
def test_the_report_uses_a_fixed_number_of_queries(
    world, officer_client, django_assert_max_num_queries, events
):
    person = PersonFactory(house=world.house)
    users = list(world.users.values())  # many users over two organisations
    for index in range(events):
        accessed(person, users[index % len(users)])
    officer_client.get(reverse("web:home"))  # settle the session before counting
    with django_assert_max_num_queries(REPORT_QUERY_BUDGET):
        response = officer_client.get(report_url(person))
    assert response.status_code == 200
    assert len(response.context["report"].rows) == min(events, REPORT_PAGE_SIZE)
