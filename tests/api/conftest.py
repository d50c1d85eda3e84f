"""Tokens for the world's houses and clients that call with them; a case to work on."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from zvh.api.models import ApiToken, Scope
from zvh.api.services import api_token_create
from zvh.authz.actor import Actor
from zvh.cases.models import Case
from zvh.network.models import House, Organisation, Role
from zvh.plans.models import Agreement

ALL_SCOPES = tuple(Scope.values)


def bearer(secret: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


@pytest.fixture
def issue_token(world) -> Callable[..., tuple[ApiToken, str]]:
    """issue_token(scopes=..., house=..., organisation=...) -> (token, "<prefix>.<secret>");
    by default for the own organisation in the own house, with every scope."""

    def make(
        *,
        scopes: tuple[str, ...] = ALL_SCOPES,
        house: House | None = None,
        organisation: Organisation | None = None,
        name: str = "Koppeling",
    ) -> tuple[ApiToken, str]:
        return api_token_create(
            house=house or world.house,
            organisation=organisation or world.own_org,
            name=name,
            scopes=scopes,
        )

    return make


# --- case work: a case the own organisation takes part in, with a plan and one agreement -------


@dataclass
class CaseWork:
    case: Case
    coordinator: Actor
    agreement: Agreement
    goal_id: str


@pytest.fixture
def casework(world) -> CaseWork:
    """An accepted case (person Piet Jansen) in the own house; the own organisation takes part;
    a plan with a goal on housing and an agreement owned by the own organisation's partner
    professional, due in a week."""
    from tests.cases.conftest import accepted_case, join
    from tests.factories.intake import actor_of
    from zvh.plans import services as plan_services

    coordinator = actor_of(world.user(Role.PROCESS_COORDINATOR), world.house)
    case = accepted_case(world, coordinator)
    join(case, coordinator, world.own_org)
    plan = plan_services.plan_goal_set(
        actor=coordinator, case=case, expected_version=1, goals={"housing": "Een eigen woning"}
    )
    agreement = plan_services.agreement_create(
        actor=coordinator,
        case=case,
        data=plan_services.AgreementInput(
            what="Huisbezoek",
            domain="care",
            owner=world.user(Role.PARTNER_PROFESSIONAL),
            due_date=timezone.localdate() + timedelta(days=7),
        ),
    )
    case.refresh_from_db()
    return CaseWork(
        case=case,
        coordinator=coordinator,
        agreement=agreement,
        goal_id=str(plan.goals.get().id),
    )


def send(client: Client, method: str, url: str, body: object = None, **extra: str):
    """A JSON request, as partner applications make them."""
    data = "" if body is None else json.dumps(body, default=str)
    return client.generic(method, url, data, content_type="application/json", **extra)
