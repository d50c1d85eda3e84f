"""Rows of the referral-to-closure flow, written straight into the tables with chosen moments:
for the figure definitions (inflow, triage, throughput), which read those rows as they are."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

from zvh.accounts.models import User
from zvh.cases.models import Case
from zvh.conferences.models import AgendaItem, Conference, ConferenceKind, ConferenceStatus
from zvh.conferences.services import first_conference_note
from zvh.intake.models import Channel, Referral, Source
from zvh.network.models import House, Organisation
from zvh.plans.models import Plan, PlanStatus, PlanVersion
from zvh.plans.services import Change
from zvh.triage.models import Assessment, Decision
from zvh.triage.services import first_decision_note

_numbers = itertools.count(1)


def referral(
    *, house: House, organisation: Organisation, received_at: datetime, **fields: Any
) -> Referral:
    values: dict[str, Any] = {
        "channel": Channel.WEB,
        "source": Source.PARTNER,
        "reason": "Reden",
        "request": "Vraag",
    }
    values.update(fields)
    return Referral.objects.create(
        house=house,
        number=f"A-{next(_numbers):06d}",
        referring_organisation=organisation,
        received_at=received_at,
        **values,
    )


def assessment(
    *,
    referral: Referral,
    decided_at: datetime,
    decided_by: User,
    decision: str = Decision.ACCEPTED,
    is_current: bool = True,
    **fields: Any,
) -> Assessment:
    values: dict[str, Any] = {
        "c1": True,
        "c2": True,
        "c3a": True,
        "c3b": False,
        "c4": True,
        "rule_outcome": True,
        "motivation": "Motivering",
    }
    values.update(fields)
    made = Assessment.objects.create(
        referral=referral,
        decided_at=decided_at,
        decided_by=decided_by,
        decision=decision,
        is_current=is_current,
        **values,
    )
    if decision != Decision.MORE_INFORMATION:  # as the triage service does
        first_decision_note(referral.pk, decided_at)
    return made


def case(*, house: House, opened_at: datetime | None, **fields: Any) -> Case:
    return Case.objects.create(
        house=house, number=f"C-{next(_numbers):06d}", opened_at=opened_at, **fields
    )


def held_conference(*, house: House, starts_at: datetime, cases: list[Case], held: bool = True):
    conference = Conference.objects.create(
        house=house,
        number=f"O-{next(_numbers):06d}",
        kind=ConferenceKind.CASE,
        starts_at=starts_at,
        ends_at=starts_at.astimezone(UTC) + timedelta(hours=1),
        status=ConferenceStatus.HELD if held else ConferenceStatus.PLANNED,
        held_at=starts_at if held else None,
    )
    for position, item_case in enumerate(cases):
        AgendaItem.objects.create(conference=conference, case=item_case, position=position)
    if held:  # as closing the conference does
        first_conference_note([c.pk for c in cases], starts_at)
    return conference


def plan_set(*, case: Case, at: list[datetime], set_at: datetime | None = None) -> Plan:
    """A plan set at each moment of `at` (a plan version "plan_set" each); `Plan.set_at` holds
    the last one unless `set_at` is given (a plan from before versions were kept: `at=[]`)."""
    plan = Plan.objects.create(
        case=case,
        status=PlanStatus.SET if (at or set_at) else PlanStatus.DRAFT,
        set_at=set_at or (max(at) if at else None),
        first_set_at=min(at) if at else set_at,
    )
    for number, moment in enumerate(sorted(at), start=1):
        PlanVersion.objects.create(
            plan=plan, number=number, change=Change.PLAN_SET, created_at=moment
        )
    return plan
