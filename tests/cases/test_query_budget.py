"""The case list and the case page cost the same number of queries however much they show."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories.network import OrganisationFactory, PartnershipFactory
from tests.factories.sharing import add_item
from zvh.cases.journal import JournalKind
from zvh.cases.models import (
    Case,
    CaseJournalEntry,
    CaseParticipant,
    CasePerson,
    CaseReview,
    CaseStatusChange,
)
from zvh.network.models import Role
from zvh.people.models import Person, name_key
from zvh.sharing.models import InformationItem

# Session, user, OTP device, memberships, the page with its persons (two queries), the audit
# event (savepoint, chain head, event, person links, head update, release), the header's
# organisation, the filter form's choices (process coordinators, themes and, for house staff,
# municipalities and organisations: one query each), and the session save. Above all: it does
# not grow with the rows, and a filter or a sort costs nothing more.
LIST_BUDGET = 20
# Session, user, OTP device, memberships; the case and its audit event (persons, savepoint,
# chain head, event, person links, head update, release); persons, themes, participants, status
# history, escalations, reviews and one page of the journal (one query each); for staff the
# organisations to add; the header's organisation and the session save. Lawful sharing adds
# five: the house's category rules, the items' subjects, and for the item form the legal
# bases, the persons and the organisations an item can be released to. A transfer request
# adds one.
PAGE_BUDGET = 30


def seed_cases(world, start: int, count: int) -> None:
    """Cases in the own house, each with one person, the own organisation taking part."""
    persons = Person.objects.bulk_create(
        Person(
            house=world.house,
            given_names="Voornaam",
            surname=f"Achternaam{n:05d}",
            surname_normalised=name_key(f"Achternaam{n:05d}"),  # bulk_create skips save()
        )
        for n in range(start, start + count)
    )
    cases = Case.objects.bulk_create(
        Case(house=world.house, number=f"C-2026-{n:06d}") for n in range(start, start + count)
    )
    CasePerson.objects.bulk_create(
        CasePerson(case=case, person=person) for case, person in zip(cases, persons, strict=True)
    )
    CaseParticipant.objects.bulk_create(
        CaseParticipant(case=case, organisation=world.own_org) for case in cases
    )


@pytest.mark.parametrize("role", [Role.PROCESS_COORDINATOR, Role.PARTNER_PROFESSIONAL])
def test_the_case_list_does_not_grow(world, client_for, role, django_assert_max_num_queries):
    client = client_for(world.user(role))
    url = reverse("cases:list")
    seed_cases(world, 0, 10)
    client.get(url)  # warm up
    with CaptureQueriesContext(connection) as at_ten:
        response = client.get(url)
    assert len(response.context["page"].rows) == 10

    seed_cases(world, 10, 990)
    with django_assert_max_num_queries(LIST_BUDGET) as at_thousand:
        response = client.get(url)
    page = response.context["page"]
    assert len(page.rows) == 50 and page.next_cursor
    assert len(at_thousand.captured_queries) == len(at_ten.captured_queries)
    with CaptureQueriesContext(connection) as next_page:
        response = client.get(url, {"na": page.next_cursor})
    assert len(response.context["page"].rows) == 50
    assert not {row.id for row in page.rows} & {row.id for row in response.context["page"].rows}
    assert len(next_page.captured_queries) == len(at_ten.captured_queries)


def grow(world, case: Case, coordinator_user, count: int) -> None:
    """More of everything the case page shows."""
    now = timezone.now()
    persons = Person.objects.bulk_create(
        Person(house=world.house, surname=f"Lid{n}", surname_normalised=f"lid{n}")
        for n in range(count)
    )
    CasePerson.objects.bulk_create(CasePerson(case=case, person=p) for p in persons)
    organisations = [OrganisationFactory() for _ in range(min(count, 20))]
    for organisation in organisations:
        PartnershipFactory(house=world.house, organisation=organisation)
    CaseParticipant.objects.bulk_create(
        CaseParticipant(
            case=case,
            organisation=organisation,
            added_by=coordinator_user,
            ended_at=now if n % 2 else None,
            ended_by=coordinator_user if n % 2 else None,
        )
        for n, organisation in enumerate(organisations)
    )
    CaseStatusChange.objects.bulk_create(
        CaseStatusChange(
            case=case, from_status="accepted", to_status="accepted", at=now, by=coordinator_user
        )
        for _ in range(count)
    )
    CaseReview.objects.bulk_create(
        CaseReview(
            case=case,
            held_on=now.date(),
            author=coordinator_user,
            progress={"": f"Voortgang {n}"},
            zrm_scores={"housing": 3},
            next_review_date=now.date(),
        )
        for n in range(min(count, 20))
    )
    notes = InformationItem.objects.bulk_create(
        InformationItem(
            case=case,
            author=coordinator_user,
            organisation=world.own_org,
            contact_date=now.date(),
            text=f"Notitie {n}",
        )
        for n in range(count)
    )
    CaseJournalEntry.objects.bulk_create(
        CaseJournalEntry(case=case, at=now, kind=JournalKind.NOTE, by=coordinator_user, note=note)
        for note in notes
    )
    CaseJournalEntry.objects.bulk_create(
        CaseJournalEntry(
            case=case,
            at=now,
            kind=JournalKind.PARTICIPANT_ADDED,
            by=coordinator_user,
            by_organisation=world.own_org,
            organisation=world.other_org,
            user=coordinator_user,
        )
        for _ in range(count)
    )


@pytest.mark.parametrize("role", [Role.PROCESS_COORDINATOR, Role.PARTNER_PROFESSIONAL])
def test_the_case_page_does_not_grow(
    world, case, coordinator, coordinator_user, client_for, role, django_assert_max_num_queries
):
    from .conftest import join

    join(case, coordinator, world.own_org)
    add_item(coordinator, case)  # so that the small page reads the items' subjects too
    client = client_for(world.user(role))
    url = reverse("cases:detail", kwargs={"case_id": case.id})
    client.get(url)  # warm up
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow(world, case, coordinator_user, 200)
    with django_assert_max_num_queries(PAGE_BUDGET) as large:
        response = client.get(url)
    assert len(response.context["journal"].rows) == 50
    assert len(response.context["persons"]) == 201
    assert len(large.captured_queries) == len(small.captured_queries)
