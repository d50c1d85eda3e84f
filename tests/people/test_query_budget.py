"""The people list costs the same number of queries at 10 and at 1,000 persons."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zvh.cases.models import Case, CaseParticipant, CasePerson
from zvh.people.models import Person, name_key

# Session, user, OTP device, memberships, the page (one query), the audit event (savepoint,
# chain head, event, person links, head update, release), the header's organisation, and the
# session save (savepoint, update, release). Above all: it does not grow with the rows.
BUDGET = 15


def seed(world, start: int, count: int) -> None:
    """Persons in the own house, each in a case the own organisation takes part in."""
    persons = [
        Person(
            house=world.house,
            given_names="Voornaam",
            surname=f"Achternaam{n:05d}",
            surname_normalised=name_key(f"Achternaam{n:05d}"),  # bulk_create skips save()
        )
        for n in range(start, start + count)
    ]
    Person.objects.bulk_create(persons)
    cases = Case.objects.bulk_create(
        Case(house=world.house, number=f"Q-{n:06d}") for n in range(start, start + count)
    )
    CasePerson.objects.bulk_create(
        CasePerson(case=case, person=person) for case, person in zip(cases, persons, strict=True)
    )
    CaseParticipant.objects.bulk_create(
        CaseParticipant(case=case, organisation=world.own_org) for case in cases
    )


@pytest.mark.parametrize("role", ["process_coordinator", "partner_professional"])
def test_people_list_queries_do_not_grow(role, world, client_for, django_assert_max_num_queries):
    client = client_for(world.user(role))
    url = reverse("people:list")
    seed(world, 0, 10)
    client.get(url)  # warm up: the first request may fill caches (content types, ...)

    with CaptureQueriesContext(connection) as at_ten:
        response = client.get(url)
    assert len(response.context["page"].rows) == 10

    seed(world, 10, 990)
    with django_assert_max_num_queries(BUDGET) as at_thousand:
        response = client.get(url)
    page = response.context["page"]
    assert len(page.rows) == 50
    assert page.next_cursor is not None

    assert len(at_thousand.captured_queries) == len(at_ten.captured_queries)

    # The next page costs the same again.
    with CaptureQueriesContext(connection) as next_page:
        response = client.get(url, {"na": page.next_cursor})
    assert response.context["page"].rows[0].surname == "Achternaam00050"
    assert len(next_page.captured_queries) == len(at_ten.captured_queries)
