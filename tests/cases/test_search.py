"""One search box: name, date of birth, BSN, case or referral number. Only visible cases come
back, and the access log holds each search with its term hashed, never in clear."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from tests.factories.intake import actor_of
from zvh.audit.models import Action, AuditEvent, Result
from zvh.audit.services import hash_search_terms
from zvh.cases.search import CaseQuery, parse_case_query
from zvh.cases.selectors import SEARCH_LIMIT, case_search
from zvh.intake.services import PersonInput
from zvh.network.models import Role

from .conftest import BSN, accepted_case, join

# --- recognising the term ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jansen", CaseQuery("surname", "jansen")),
        ("  de   Vries ", CaseQuery("surname", "de vries")),
        ("Öztürk", CaseQuery("surname", "ozturk")),
        ("31-12-1980", CaseQuery("date_of_birth", "1980-12-31")),
        ("1-2-1980", CaseQuery("date_of_birth", "1980-02-01")),
        ("01/02/1980", CaseQuery("date_of_birth", "1980-02-01")),
        ("1980-02-01", CaseQuery("date_of_birth", "1980-02-01")),
        (BSN, CaseQuery("bsn", BSN)),
        ("1112.22.333", CaseQuery("bsn", BSN)),
        ("c-2026-12", CaseQuery("case_number", "C-2026-000012")),
        ("C-2026-000012", CaseQuery("case_number", "C-2026-000012")),
        ("A-2026-000007", CaseQuery("referral_number", "A-2026-000007")),
    ],
)
def test_the_kind_of_term_is_recognised_and_normalised(text, expected):
    assert parse_case_query(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Vul een zoekterm in."),
        ("31-02-1980", "Dit is geen bestaande datum. Schrijf een geboortedatum als dd-mm-jjjj."),
        ("123456789", "Dit is geen geldig BSN: het doorstaat de elfproef niet."),
        ("12345", "Zoek op naam, geboortedatum (dd-mm-jjjj), BSN"),
        ("J", "Geef minstens twee letters van de naam."),
        ("x" * 101, "Gebruik maximaal 100 tekens."),
    ],
)
def test_a_term_that_cannot_be_searched_gets_a_dutch_message(text, message):
    with pytest.raises(ValidationError) as info:
        parse_case_query(text)
    assert message in " ".join(info.value.messages)


@given(st.text(max_size=120))
def test_any_input_is_either_a_query_or_a_clear_refusal(text):
    try:
        query = parse_case_query(text)
    except ValidationError as error:
        assert error.messages
    else:
        assert query.value
        assert parse_case_query(text) == query  # the same search, the same normalised term


# --- finding ----------------------------------------------------------------------------------


@pytest.fixture
def anna(world, coordinator):
    case = accepted_case(
        world,
        coordinator,
        persons=[
            PersonInput(
                surname="Vries",
                surname_prefix="de",
                given_names="Anna",
                date_of_birth=date(1975, 5, 4),
                bsn=BSN,
            )
        ],
    )
    join(case, coordinator, world.own_org)
    return case


@pytest.fixture
def piet(world, coordinator):
    return accepted_case(world, coordinator)  # Piet Jansen; no organisation takes part


def _ids(actor, text) -> set:
    return {case.id for case in case_search(actor=actor, text=text).rows}


@pytest.mark.parametrize(
    "term", ["Vries", "de vries", "Anna de Vries", "anna vries", "04-05-1975", BSN]
)
def test_each_kind_of_term_finds_the_case(world, coordinator, anna, piet, term):
    assert _ids(coordinator, term) == {anna.id}


def test_case_and_referral_numbers_find_the_case(world, coordinator, anna, piet):
    assert _ids(coordinator, anna.number) == {anna.id}
    assert _ids(coordinator, anna.origin_referral.number) == {anna.id}


def test_a_referral_linked_to_an_open_case_finds_it(world, coordinator, anna):
    from tests.factories.intake import make_referral

    linked = make_referral(
        world.user(Role.PARTNER_PROFESSIONAL),
        world.house,
        persons=[PersonInput(surname="Vries", surname_prefix="de", bsn=BSN)],
    ).referral
    assert linked.linked_case == anna
    assert _ids(coordinator, linked.number) == {anna.id}


def test_search_returns_only_what_the_actor_may_see(world, anna, piet):
    insider = actor_of(world.user(Role.PARTNER_PROFESSIONAL), world.house)
    outsider = actor_of(world.user(Role.PARTNER_PROFESSIONAL, org="other"), world.house)
    other_house = actor_of(world.user(Role.PROCESS_COORDINATOR, house="other"), world.other_house)
    staff = actor_of(world.user(Role.CHAIN_MANAGER, org="other"), world.house)
    for term in ("Jansen", "31-12-1980", piet.number):
        assert _ids(staff, term) == {piet.id}
        assert _ids(insider, term) == set()  # Piet's case has no participants
    for term in ("de Vries", BSN, anna.number):
        assert _ids(insider, term) == {anna.id}
        assert _ids(outsider, term) == set()
        assert _ids(other_house, term) == set()


def test_a_long_result_is_cut_off_with_a_request_to_narrow(world, coordinator):
    for n in range(SEARCH_LIMIT + 1):
        accepted_case(world, coordinator, persons=[PersonInput(surname=f"Smit{n:02d}")])
    result = case_search(actor=coordinator, text="Smit")
    assert len(result.rows) == SEARCH_LIMIT and result.truncated


# --- the access log ---------------------------------------------------------------------------


def _clear_terms_in_log(*terms: str) -> list[str]:
    found = []
    for event in AuditEvent.objects.all():
        blob = f"{event.detail} {event.object_id} {event.object_type}".lower()
        found += [term for term in terms if term.lower() in blob]
    return found


def test_every_search_is_logged_with_hashed_terms_only(world, coordinator, anna, client_for):
    client = client_for(world.user(Role.PROCESS_COORDINATOR))
    for term in (BSN, "de Vries", "04-05-1975", "31-02-1975", "123456789"):
        response = client.post(reverse("cases:search"), {"q": term})
        assert response.status_code == 200
    searches = AuditEvent.objects.filter(action=Action.SEARCH, object_type="case").order_by("id")
    assert searches.count() == 5
    by_bsn, by_name, by_date, bad_date, bad_bsn = searches
    assert by_bsn.detail["terms"] == hash_search_terms({"bsn": BSN})
    assert by_name.detail["terms"] == hash_search_terms({"surname": "de vries"})
    assert by_date.detail["terms"] == hash_search_terms({"date_of_birth": "1975-05-04"})
    assert by_bsn.person_ids == [str(anna.persons.get().id)]
    assert (bad_date.result, bad_bsn.result) == (Result.FAILED, Result.FAILED)
    assert bad_bsn.detail["terms"] == hash_search_terms({"invalid": "123456789"})
    assert _clear_terms_in_log(BSN, "vries", "1975", "123456789") == []


def test_the_search_page_answers_a_link_and_explains_a_bad_term(world, anna, client_for):
    client = client_for(world.user(Role.PROCESS_COORDINATOR))
    response = client.get(reverse("cases:search"), {"q": anna.number})
    assert [row.id for row in response.context["result"].rows] == [anna.id]
    assert anna.number in response.content.decode()
    response = client.post(reverse("cases:search"), {"q": "31-02-1975"})
    assert "Dit is geen bestaande datum" in response.content.decode()
    empty = client.get(reverse("cases:search"))
    assert empty.status_code == 200 and empty.context["result"] is None
    assert (
        not AuditEvent.objects.filter(action=Action.SEARCH, result=Result.OK)
        .exclude(detail__has_key="found")
        .exists()
    )
