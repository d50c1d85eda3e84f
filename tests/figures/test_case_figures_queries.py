"""The case figures cost a fixed number of queries however many rows the house holds: the
same count for a house of a few rows and one with many times as many."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories.case_history import (
    add_status_change,
    make_agreement,
    make_case,
    make_escalation,
    make_review,
    make_theme,
)
from zvh.cases.models import CaseStatus, ClosureReason, EscalationStatus
from zvh.figures.definitions import caseload, delivery, exit, outcomes
from zvh.figures.scope import FigureScope
from zvh.network.models import Role
from zvh.plans.models import AgreementStatus

# Per figure: the queries it may make (one per column or series, a few more for labels).
BUDGETS = {
    "caseload.by_coordinator": 1,
    "caseload.opened_by_theme": 2,
    "caseload.open_by_theme": 2,
    "caseload.opened_by_case_type": 1,
    "caseload.open_by_case_type": 1,
    "caseload.over_norm": 2,
    "caseload.monthly": 2,
    "caseload.open_monthly": 1,
    "delivery.by_category": 2,
    "delivery.by_organisation": 2,
    "delivery.monthly": 1,
    "exit.escalations_by_reason": 1,
    "exit.escalations_by_addressee": 1,
    "exit.escalations_by_outcome": 2,
    "exit.stepdowns_by_receiving_party": 1,
    "exit.closures_by_reason": 1,
    "exit.reopened": 1,
    "exit.monthly": 3,
    "outcomes.zrm_by_domain": 3,
    "outcomes.coverage": 3,
    "outcomes.monthly": 3,
}
COORDINATOR_BUDGET = 6


def at(day: int) -> datetime:
    return timezone.make_aware(datetime(2026, 1, 1) + timedelta(days=day))  # noqa: DTZ001


def fill(world, n: int) -> None:
    house = world.house
    coordinator = world.user(Role.PROCESS_COORDINATOR)
    owner = world.user(Role.PARTNER_PROFESSIONAL)
    themes = [make_theme(house, f"Thema {n}-{i}") for i in range(2)]
    for i in range(n):
        closed = i % 2 == 0
        case = make_case(
            house,
            opened_at=at(i),
            closed_at=at(i + 40) if closed else None,
            closure_reason=ClosureReason.STEPPED_DOWN if closed else "",
            receiving_organisation=world.other_org if closed else None,
            process_coordinator=coordinator,
            themes=themes[: i % 3],
            next_review_date=date(2026, 1, 1),
        )
        add_status_change(
            case, at=at(i + 60), from_status=CaseStatus.CLOSED, to_status="in_execution"
        )
        make_agreement(case, owner=owner, organisation=world.own_org, due_date=at(i + 10).date())
        make_agreement(
            case,
            owner=owner,
            organisation=world.other_org,
            due_date=at(i + 10).date(),
            status=AgreementStatus.DONE,
            completed_at=at(i + 12),
        )
        make_escalation(
            case,
            proposed_by=owner,
            proposed_at=at(i + 5),
            status=EscalationStatus.RESOLVED,
            addressee=world.user(Role.CHAIN_MANAGER),
            closed_at=at(i + 9),
        )
        make_review(case, author=coordinator, held_on=at(i + 1).date(), scores={"finances": 2})
        make_review(case, author=coordinator, held_on=at(i + 20).date(), scores={"finances": 3})


def queries(world) -> dict[str, int]:
    scope = FigureScope(
        house_id=world.house.pk,
        start=date(2026, 1, 1),
        end=date(2026, 12, 31),
        today=date(2026, 6, 1),
    )
    counts = {}
    for module in (caseload, delivery, exit, outcomes):
        for figure in module.FIGURES:
            with CaptureQueriesContext(connection) as captured:
                table = figure(scope)
            counts[table.key] = len(captured)
    with CaptureQueriesContext(connection) as captured:
        caseload.caseload_for_coordinator(scope, world.user(Role.PROCESS_COORDINATOR).pk)
    counts["coordinator"] = len(captured)
    return counts


def test_the_case_figures_do_not_grow_with_the_house(world):
    fill(world, 3)
    small = queries(world)
    fill(world, 30)
    large = queries(world)
    assert small == large
    budgets = {**BUDGETS, "coordinator": COORDINATOR_BUDGET}
    assert set(large) == set(budgets)
    assert {key: n for key, n in large.items() if n > budgets[key]} == {}
