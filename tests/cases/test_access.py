"""Need-to-know: only house staff and the organisations that take part *now* see a case and
its persons. Leak tests through the pages, the API and the policy itself."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from tests.factories.intake import actor_of
from zvh.cases import policy as case_policy
from zvh.cases.models import Case
from zvh.cases.services import participant_end
from zvh.network.models import Role
from zvh.people import policy as person_policy

from .conftest import BSN, accepted_case, join


def _pages(case: Case) -> list[str]:
    person = case.persons.get()
    return [
        reverse("cases:detail", kwargs={"case_id": case.id}),
        reverse("people:detail", kwargs={"person_id": person.id}),
    ]


def _listed(client) -> set:
    return {row.id for row in client.get(reverse("cases:list")).context["page"].rows}


def _found(client, term: str) -> set:
    response = client.post(reverse("cases:search"), {"q": term})
    result = response.context["result"]
    return {row.id for row in result.rows} if result else set()


@pytest.fixture
def shared_case(world, coordinator):
    from datetime import date

    from zvh.intake.services import PersonInput

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


def test_a_professional_of_a_non_participating_organisation_sees_nothing(
    world, shared_case, client_for
):
    outsider = client_for(world.user(Role.PARTNER_PROFESSIONAL, org="other"))
    for url in _pages(shared_case):
        assert outsider.get(url).status_code == 404
    assert _listed(outsider) == set()
    for term in ("de Vries", BSN, "04-05-1975", shared_case.number):
        assert _found(outsider, term) == set()
    response = outsider.post(
        reverse("cases:note-add", kwargs={"case_id": shared_case.id}),
        {"note_id": "1b4e28ba-2fa1-11d2-883f-0016d3cca427", "contact_date": "2026-01-01"},
    )
    assert response.status_code == 404


def test_a_participant_sees_the_case_and_its_persons(world, shared_case, client_for):
    insider = client_for(world.user(Role.PARTNER_PROFESSIONAL))
    for url in _pages(shared_case):
        assert insider.get(url).status_code == 200
    assert _listed(insider) == {shared_case.id}
    assert _found(insider, BSN) == {shared_case.id}


def test_a_removed_organisation_loses_access_at_once(world, shared_case, coordinator, client_for):
    insider = client_for(world.user(Role.PARTNER_PROFESSIONAL))
    assert all(insider.get(url).status_code == 200 for url in _pages(shared_case))

    shared_case.refresh_from_db()
    participant_end(
        actor=coordinator,
        case=shared_case,
        expected_version=shared_case.version,
        participant=shared_case.participants.get(),
        reason="Geen rol meer in de aanpak",
    )

    # The same logged-in session, the very next request: nothing is cached anywhere.
    for url in _pages(shared_case):
        assert insider.get(url).status_code == 404
    assert _listed(insider) == set()
    assert _found(insider, "de Vries") == set()
    person = shared_case.persons.get()
    professional = actor_of(world.user(Role.PARTNER_PROFESSIONAL), world.house)
    assert not person_policy.visible_persons(professional).filter(pk=person.pk).exists()
    assert not case_policy.can_view_case(professional, shared_case)
    # House staff still see it, with the ended participation in its history.
    staff = client_for(world.user(Role.CHAIN_MANAGER, org="other"))
    page = staff.get(_pages(shared_case)[0])
    assert page.status_code == 200
    assert [p.end_reason for p in page.context["former_participants"]] == [
        "Geen rol meer in de aanpak"
    ]


def test_another_organisation_s_participation_opens_nothing_for_mine(
    world, coordinator, client_for
):
    case = accepted_case(world, coordinator)
    join(case, coordinator, world.other_org)
    mine = actor_of(world.user(Role.PARTNER_PROFESSIONAL), world.house)
    assert not case_policy.visible_cases(mine).exists()
    assert not person_policy.visible_persons(mine).exists()


def test_other_roles_and_the_other_house_see_no_case(world, shared_case):
    for role in (Role.FUNCTIONAL_ADMIN, Role.ADMINISTRATOR, Role.PRIVACY_OFFICER):
        actor = actor_of(world.user(role), world.house)
        assert not case_policy.visible_cases(actor).exists(), role
    for role in Role:
        actor = actor_of(world.user(role, house="other"), world.other_house)
        assert not case_policy.visible_cases(actor).filter(pk=shared_case.pk).exists(), role


def test_only_case_managers_manage(world, shared_case, client_for):
    url = reverse("cases:status", kwargs={"case_id": shared_case.id})
    assert client_for(world.user(Role.PARTNER_PROFESSIONAL)).get(url).status_code == 404
    assert client_for(world.user(Role.CHAIN_MANAGER)).get(url).status_code == 200
    assert client_for(world.user(Role.PROCESS_COORDINATOR, org="other")).get(url).status_code == (
        200
    )


def test_the_need_to_know_index_covers_active_participations_only(db):
    constraints = connection.introspection.get_constraints(
        connection.cursor(), "cases_caseparticipant"
    )
    assert constraints["case_participant_active_by_org"]["columns"] == [
        "organisation_id",
        "case_id",
    ]
    assert constraints["case_participant_active_unique"]["columns"] == [
        "case_id",
        "organisation_id",
    ]
