"""Objects the matrix rows point at: all in the own house, owned by or shared with the own org."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories.intake import actor_of, make_referral
from tests.factories.network import (
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    PartnershipFactory,
    UserFactory,
)
from tests.factories.people import (
    CaseFactory,
    CaseParticipantFactory,
    CasePersonFactory,
    PersonFactory,
)
from zvh.accounts.models import User
from zvh.cases.models import Case, CaseParticipant
from zvh.intake.models import Referral
from zvh.intake.services import PersonInput
from zvh.network.models import Municipality, Organisation, Role
from zvh.people.models import Person
from zvh.triage.models import AgendaItem, LocalCriterion, TriageSession, TriageTable
from zvh.triage.services import triage_session_create


@dataclass
class Scenario:
    case: Case
    person: Person
    referral: Referral
    # Reference data of the own house only (the other house's administrator must get a 404).
    organisation: Organisation | None = None  # a partner of the own house and no other
    outside_organisation: Organisation | None = None  # a partner of no house yet
    municipality: Municipality | None = None
    managed_user: User | None = None  # holds a role in the own house only
    # Triage: a table and an open session in the own house, the own organisation taking part;
    # on its agenda a referral of its own (so that `referral` keeps its own audience).
    triage_table: TriageTable | None = None
    triage_session: TriageSession | None = None
    agenda_referral: Referral | None = None
    local_criterion: LocalCriterion | None = None
    # Cases: a second participation in the scenario's case (a partner of the own house without
    # users in the world), which the participant-end row may end.
    case_participant: CaseParticipant | None = None


def _add_triage_objects(scenario: Scenario, world) -> None:
    coordinator = actor_of(world.user("process_coordinator"), world.house)
    scenario.triage_table = TriageTable.objects.create(
        house=world.house, name="Weegtafel dinsdag", weekday=1, start_time="10:00"
    )
    scenario.triage_table.organisations.add(world.own_org)
    scenario.triage_session = triage_session_create(
        actor=coordinator,
        table=scenario.triage_table,
        starts_at=timezone.now() + timedelta(days=2),
    )
    scenario.agenda_referral = make_referral(
        world.user("partner_professional"),
        world.house,
        persons=[PersonInput(surname="Bakker", given_names="Sara")],
    ).referral
    AgendaItem.objects.create(session=scenario.triage_session, referral=scenario.agenda_referral)
    scenario.local_criterion = LocalCriterion.objects.create(house=world.house, name="Actualiteit")


def _add_network_objects(scenario: Scenario, world) -> None:
    scenario.organisation = OrganisationFactory(name="Alleen eigen huis")
    PartnershipFactory(house=world.house, organisation=scenario.organisation)
    scenario.outside_organisation = OrganisationFactory(name="Nog geen partner")
    scenario.municipality = MunicipalityFactory()
    world.house.municipalities.add(scenario.municipality)
    scenario.managed_user = UserFactory(organisation=world.own_org)
    MembershipFactory(user=scenario.managed_user, house=world.house, role=Role.CHAIN_MANAGER)


@pytest.fixture
def scenario(world) -> Scenario:
    case = CaseFactory(house=world.house)
    person = PersonFactory(house=world.house)
    CasePersonFactory(case=case, person=person)
    CaseParticipantFactory(case=case, organisation=world.own_org)
    referral = make_referral(world.user("partner_professional"), world.house).referral
    result = Scenario(case=case, person=person, referral=referral)
    _add_network_objects(result, world)
    _add_triage_objects(result, world)
    _add_case_objects(result, world)
    return result


def _add_case_objects(scenario: Scenario, world) -> None:
    participant_org = OrganisationFactory(name="Deelnemer aan de casus")
    PartnershipFactory(house=world.house, organisation=participant_org)
    scenario.case_participant = CaseParticipantFactory(
        case=scenario.case, organisation=participant_org
    )
