"""A case in the own house, opened 30 days ago, the own organisation taking part; and
agreements made through the real services."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.factories.intake import actor_of
from tests.factories.people import (
    CaseFactory,
    CaseParticipantFactory,
    CasePersonFactory,
    PersonFactory,
)
from zvh.accounts.models import User
from zvh.authz.actor import Actor
from zvh.cases.models import Case
from zvh.network.models import Role
from zvh.plans import services
from zvh.plans.models import Agreement


def today() -> date:
    return timezone.localdate()


def make_case(world, **overrides: Any) -> Case:
    overrides.setdefault("house", world.house)
    overrides.setdefault("opened_at", timezone.now() - timedelta(days=30))
    overrides.setdefault("process_coordinator", world.user(Role.PROCESS_COORDINATOR))
    case = CaseFactory(**overrides)
    CasePersonFactory(case=case, person=PersonFactory(house=case.house, surname="Jansen"))
    CaseParticipantFactory(case=case, organisation=world.own_org)
    return case


def make_agreement(
    case: Case, actor: Actor, owner: User, *, due: date | None = None, what: str = "Huisbezoek"
) -> Agreement:
    return services.agreement_create(
        actor=actor,
        case=case,
        data=services.AgreementInput(
            what=what,
            domain="care",
            owner=owner,
            due_date=due or today() + timedelta(days=7),
        ),
    )


@pytest.fixture
def coordinator(world) -> Actor:
    return actor_of(world.user(Role.PROCESS_COORDINATOR), world.house)


@pytest.fixture
def professional_user(world) -> User:
    """A partner professional of the own organisation, which takes part in the case."""
    return world.user(Role.PARTNER_PROFESSIONAL)


@pytest.fixture
def professional(world, professional_user) -> Actor:
    return actor_of(professional_user, world.house)


@pytest.fixture
def case(world) -> Case:
    return make_case(world)
