"""Rows of a house's case work written straight to the tables, with the moments a figure test
needs (a case opened last March, closed, reopened; an agreement done late; a review with ZRM
scores). Only for tests of reads (the figures): the services write these in real use."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from itertools import count
from typing import Any

from zvh.accounts.models import User
from zvh.cases.models import (
    Case,
    CaseReview,
    CaseStatus,
    CaseStatusChange,
    Escalation,
    EscalationReason,
    EscalationStatus,
    Theme,
)
from zvh.cases.zrm import zrm_changes_refresh
from zvh.network.models import House, Organisation
from zvh.plans.models import Agreement, AgreementStatus, InterventionDomain, Plan

_numbers = count(1)


def make_theme(house: House, name: str, position: int = 0) -> Theme:
    return Theme.objects.create(house=house, name=name, position=position)


def make_case(
    house: House,
    *,
    opened_at: datetime,
    closed_at: datetime | None = None,
    themes: Iterable[Theme] = (),
    **fields: Any,
) -> Case:
    """A case with its opening (and closure) in the status history."""
    if closed_at is not None:
        fields.setdefault("status", CaseStatus.CLOSED)
        fields.setdefault("closure_reason", "goals_achieved")
    else:
        fields.setdefault("status", CaseStatus.IN_EXECUTION)
    case = Case.objects.create(
        house=house,
        number=f"C-{next(_numbers):06d}",
        opened_at=opened_at,
        closed_at=closed_at,
        **fields,
    )
    case.themes.set(list(themes))
    CaseStatusChange.objects.create(
        case=case, from_status="", to_status=CaseStatus.ACCEPTED, at=opened_at
    )
    if closed_at is not None:
        CaseStatusChange.objects.create(
            case=case,
            from_status=CaseStatus.IN_EXECUTION,
            to_status=CaseStatus.CLOSED,
            at=closed_at,
            closure_reason=case.closure_reason,
        )
    return case


def add_status_change(case: Case, *, at: datetime, from_status: str, to_status: str) -> None:
    CaseStatusChange.objects.create(case=case, from_status=from_status, to_status=to_status, at=at)


def make_agreement(
    case: Case,
    *,
    owner: User,
    organisation: Organisation,
    due_date: date,
    status: str = AgreementStatus.OPEN,
    completed_at: datetime | None = None,
) -> Agreement:
    plan, _ = Plan.objects.get_or_create(case=case)
    return Agreement.objects.create(
        plan=plan,
        case=case,
        house_id=case.house_id,
        what="Afspraak",
        domain=InterventionDomain.CARE,
        owner_organisation=organisation,
        owner_user=owner,
        due_date=due_date,
        status=status,
        completed_at=completed_at,
    )


def make_review(
    case: Case, *, author: User, held_on: date, scores: dict[str, int] | None = None
) -> CaseReview:
    review = CaseReview.objects.create(
        case=case,
        held_on=held_on,
        author=author,
        zrm_scores=scores or {},
        next_review_date=held_on,
    )
    zrm_changes_refresh([case.pk])  # as the review service does
    return review


def make_escalation(
    case: Case,
    *,
    proposed_by: User,
    proposed_at: datetime,
    reason: str = EscalationReason.OTHER,
    status: str = EscalationStatus.PROPOSED,
    addressee: User | None = None,
    closed_at: datetime | None = None,
) -> Escalation:
    return Escalation.objects.create(
        case=case,
        house_id=case.house_id,
        status=status,
        reason=reason,
        explanation="Vastgelopen",
        proposed_by=proposed_by,
        proposed_at=proposed_at,
        addressee=addressee,
        closed_at=closed_at,
    )
