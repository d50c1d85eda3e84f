"""List-leak test: persons seeded across two houses and organisations; every actor sees exactly
the allowed set through the list, the search, the detail page and the API."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories.network import OrganisationFactory
from tests.factories.people import (
    CaseFactory,
    CaseParticipantFactory,
    CasePersonFactory,
    PersonFactory,
)
from zvh.api.services import api_token_create
from zvh.network.models import Role

HOUSE_STAFF = {Role.CHAIN_MANAGER.value, Role.PROCESS_COORDINATOR.value}


@dataclass(frozen=True)
class Seeded:
    id: uuid.UUID
    house: str  # "own" | "other"
    organisations: frozenset[str]  # organisations taking part in the person's cases


@pytest.fixture
def seeded(world) -> list[Seeded]:
    stranger = OrganisationFactory(name="Niet-partner")
    orgs = {"own": world.own_org, "other": world.other_org, "stranger": stranger}
    kinds = [(), ("own",), ("other",), ("own", "other"), ("stranger",)]
    result = []
    for house_key, house in (("own", world.house), ("other", world.other_house)):
        for index, takes_part in enumerate(kinds):
            person = PersonFactory(house=house, surname=f"Lek{house_key}{index}")
            if takes_part:
                case = CaseFactory(house=house)
                CasePersonFactory(case=case, person=person)
                for key in takes_part:
                    CaseParticipantFactory(case=case, organisation=orgs[key])
            result.append(Seeded(person.id, house_key, frozenset(takes_part)))
    # A second case of an own-house person, joined by nobody we know: must not widen anything.
    extra = CaseFactory(house=world.house)
    CasePersonFactory(case=extra, person_id=result[0].id)
    CaseParticipantFactory(case=extra, organisation=stranger)
    return result


def allowed(role: str, org: str, house: str, seeded: list[Seeded]) -> set[uuid.UUID]:
    """The rule written out independently of the policy module."""
    in_house = [person for person in seeded if person.house == house]
    if role in HOUSE_STAFF:
        return {person.id for person in in_house}
    if role == Role.PARTNER_PROFESSIONAL.value:
        return {person.id for person in in_house if org in person.organisations}
    return set()


def may_list(role: str) -> bool:
    return role in HOUSE_STAFF or role == Role.PARTNER_PROFESSIONAL.value


SIDES = ("own", "other")
ACTORS = [(role.value, org, house) for role in Role for org in SIDES for house in SIDES]


@pytest.mark.parametrize(("role", "org", "house"), ACTORS)
def test_each_user_sees_exactly_the_allowed_persons(world, seeded, client_for, role, org, house):
    client = client_for(world.user(role, org=org, house=house))
    expected = allowed(role, org, house, seeded)
    lists = {
        "list": client.get(reverse("people:list")),
        "search": client.get(reverse("people:list"), {"name": "lek"}),
        "api": client.get(reverse("api:person-list")),
    }
    for name, response in lists.items():
        if not may_list(role):
            assert response.status_code == 404, name
            continue
        assert response.status_code == 200, name
        assert _ids(response) == expected, name
    for person in seeded:
        for url_name in ("people:detail", "api:person-detail"):
            status = client.get(reverse(url_name, args=[person.id])).status_code
            assert status == (200 if person.id in expected else 404), (url_name, person)


@pytest.mark.parametrize(
    ("org", "house"), [(o, h) for o in ("own", "other") for h in ("own", "other")]
)
def test_each_api_token_sees_exactly_its_organisations_persons(world, seeded, org, house):
    _, secret = api_token_create(
        house=world.house if house == "own" else world.other_house,
        organisation=world.own_org if org == "own" else world.other_org,
        name="Koppeling",
        scopes=["persons:read"],
    )
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    expected = allowed(Role.PARTNER_PROFESSIONAL.value, org, house, seeded)
    response = client.get(reverse("api:person-list"))
    assert response.status_code == 200
    assert _ids(response) == expected
    for person in seeded:
        status = client.get(reverse("api:person-detail", args=[person.id])).status_code
        assert status == (200 if person.id in expected else 404), person


def _ids(response) -> set[uuid.UUID]:
    if response["Content-Type"].startswith("application/json"):
        return {uuid.UUID(row["id"]) for row in response.json()["results"]}
    return {person.id for person in response.context["page"].rows}
