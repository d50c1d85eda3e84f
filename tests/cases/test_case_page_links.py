"""The case page as a hub (issue 12, decision 0178): its conferences, as far as the viewer may
see their content, and "Overleg plannen" with the case filled in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.cases.conftest import accepted_case, join
from tests.conferences.conftest import schedule
from tests.factories.intake import actor_of
from zvh.cases.models import Case, CaseStatus
from zvh.conferences.models import ConferenceKind
from zvh.conferences.services import (
    ConferenceInput,
    conference_create,
    declaration_accept,
    declaration_create,
)
from zvh.network.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(world):
    return actor_of(world.user(Role.PROCESS_COORDINATOR), world.house)


def test_the_case_lists_its_conferences_behind_the_declaration_gate(world, client_for, coordinator):
    case = accepted_case(world, coordinator)
    join(case, coordinator, world.other_org)
    outsider = world.user(Role.PARTNER_PROFESSIONAL, org="other")
    chain_manager = actor_of(world.user(Role.CHAIN_MANAGER), world.house)
    declaration = declaration_create(actor=chain_manager, text="Ik houd geheim wat ik hoor.")
    conference = conference_create(
        actor=coordinator,
        data=ConferenceInput(
            kind=ConferenceKind.CASE, schedule=schedule(), case=case, invitees=[outsider]
        ),
    )
    other_case = accepted_case(world, coordinator)
    elsewhere = conference_create(
        actor=coordinator,
        data=ConferenceInput(kind=ConferenceKind.CASE, schedule=schedule(), case=other_case),
    )
    url = reverse("cases:detail", kwargs={"case_id": case.id})
    conference_url = reverse("conferences:detail", kwargs={"conference_id": conference.id})

    staff = client_for(world.user(Role.PROCESS_COORDINATOR)).get(url)
    assert [c.id for c in staff.context["conferences"]] == [conference.id]
    assert conference_url in staff.content.decode()
    assert reverse("conferences:detail", kwargs={"conference_id": elsewhere.id}) not in (
        staff.content.decode()
    )

    # Invited, no covenant party, declaration not yet accepted: the conference is not listed.
    partner = client_for(outsider)
    assert partner.get(url).context["conferences"] == []
    declaration_accept(
        actor=actor_of(outsider, world.house),
        conference=conference,
        declaration_id=declaration.id,
    )
    assert [c.id for c in partner.get(url).context["conferences"]] == [conference.id]


def test_plan_a_conference_from_the_case_with_the_case_filled_in(world, client_for, coordinator):
    case = accepted_case(world, coordinator)
    join(case, coordinator, world.own_org)
    url = reverse("cases:detail", kwargs={"case_id": case.id})
    plan_url = f"{reverse('conferences:create')}?casus={case.id}"

    staff = client_for(world.user(Role.PROCESS_COORDINATOR))
    assert plan_url in staff.get(url).content.decode()
    form = staff.get(plan_url).context["form"]
    assert (form.initial["case"], form.initial["kind"]) == (case.number, ConferenceKind.CASE)

    # A partner may not plan; a closed case is not planned for.
    assert (
        plan_url not in client_for(world.user(Role.PARTNER_PROFESSIONAL)).get(url).content.decode()
    )
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED)
    assert plan_url not in staff.get(url).content.decode()
