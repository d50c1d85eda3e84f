"""Cases opened the way the house opens them: a referral, accepted at triage."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.factories.intake import actor_of, make_referral
from tests.factories.network import MembershipFactory, UserFactory
from zvh.authz.actor import Actor
from zvh.cases.models import Case
from zvh.cases.services import participant_add
from zvh.intake.models import Orientation, Urgency
from zvh.intake.services import PersonInput
from zvh.network.models import Organisation, Role
from zvh.triage.criteria import CriteriaAnswers
from zvh.triage.models import Decision
from zvh.triage.services import DecisionInput, triage_decide

COMPLEX = CriteriaAnswers(c1=True, c2=True, c3a=True, c3b=False, c4=False)
# A valid BSN (passes the eleven-test) that no other test uses.
BSN = "111222333"


def accepted_case(world, coordinator: Actor, **overrides: Any) -> Case:
    """An acute referral by the own organisation's professional, accepted by `coordinator`."""
    overrides.setdefault("urgency", Urgency.ACUTE)
    overrides.setdefault("orientation", Orientation.SYSTEM)
    overrides.setdefault(
        "persons",
        [PersonInput(surname="Jansen", given_names="Piet", date_of_birth=date(1980, 12, 31))],
    )
    referral = make_referral(world.user(Role.PARTNER_PROFESSIONAL), world.house, **overrides)
    triage_decide(
        actor=coordinator,
        referral=referral.referral,
        data=DecisionInput(answers=COMPLEX, decision=Decision.ACCEPTED, motivation="Voldoet"),
    )
    return Case.objects.get(origin_referral=referral.referral)


def join(case: Case, actor: Actor, organisation: Organisation) -> None:
    """The organisation takes part (through the service, as the coordinator does)."""
    case.refresh_from_db()
    participant_add(
        actor=actor,
        case=case,
        expected_version=case.version,
        organisation=organisation,
        reason="Kent de betrokkene",
    )
    case.refresh_from_db()


@pytest.fixture
def coordinator_user(world):
    return world.user(Role.PROCESS_COORDINATOR)


@pytest.fixture
def coordinator(world, coordinator_user) -> Actor:
    return actor_of(coordinator_user, world.house)


@pytest.fixture
def case(world, coordinator) -> Case:
    return accepted_case(world, coordinator)


@pytest.fixture
def second_coordinator(world):
    user = UserFactory(username="tweede-regisseur", organisation=world.own_org)
    MembershipFactory(user=user, house=world.house, role=Role.PROCESS_COORDINATOR)
    return user
