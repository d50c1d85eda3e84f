"""Objects the matrix rows point at: all in the own house, owned by or shared with the own org."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.factories.intake import make_referral
from tests.factories.people import (
    CaseFactory,
    CaseParticipantFactory,
    CasePersonFactory,
    PersonFactory,
)
from zvh.cases.models import Case
from zvh.intake.models import Referral
from zvh.people.models import Person


@dataclass
class Scenario:
    case: Case
    person: Person
    referral: Referral


@pytest.fixture
def scenario(world) -> Scenario:
    case = CaseFactory(house=world.house)
    person = PersonFactory(house=world.house)
    CasePersonFactory(case=case, person=person)
    CaseParticipantFactory(case=case, organisation=world.own_org)
    referral = make_referral(world.user("partner_professional"), world.house).referral
    return Scenario(case=case, person=person, referral=referral)
