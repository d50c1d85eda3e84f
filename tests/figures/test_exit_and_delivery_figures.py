"""Delivery, escalation and exit, and outcome figures on small houses whose answers are known
by hand; the other house's rows never count."""

from __future__ import annotations

import json
from datetime import date, datetime

from django.utils import timezone

from tests.factories.case_history import (
    add_status_change,
    make_agreement,
    make_case,
    make_escalation,
    make_review,
)
from tests.factories.intake import actor_of
from zvh.cases.models import CaseStatus, ClosureReason, EscalationReason, EscalationStatus
from zvh.figures.definitions import caseload, delivery, exit, outcomes
from zvh.figures.scope import FigureScope
from zvh.network.models import Role
from zvh.plans import selectors
from zvh.plans.models import AgreementStatus

TODAY = date(2026, 12, 1)


def at(*args: int) -> datetime:
    return timezone.make_aware(datetime(*args))  # noqa: DTZ001 (made aware here)


def scope_of(house, **filters) -> FigureScope:
    return FigureScope(
        house_id=house.pk, start=date(2026, 1, 1), end=date(2026, 6, 30), today=TODAY, **filters
    )


def values(table, column="current"):
    return {row.key: row.values[column] for row in table.rows}


# --- delivery ---------------------------------------------------------------------------------


def test_delivery_figures_give_the_delivery_views_categories(world):
    house = world.house
    owner = world.user(Role.PARTNER_PROFESSIONAL)
    other_owner = world.user(Role.PARTNER_PROFESSIONAL, org="other")
    case = make_case(house, opened_at=at(2025, 1, 1))
    due = date(2026, 3, 10)
    for status, completed, user, org in [
        (AgreementStatus.DONE, at(2026, 3, 10, 23, 30), owner, world.own_org),  # on time
        (AgreementStatus.DONE, at(2026, 3, 11, 0, 30), owner, world.own_org),  # late
        (AgreementStatus.OPEN, None, owner, world.own_org),  # overdue on TODAY
        (AgreementStatus.NOT_DELIVERED, at(2026, 3, 1), other_owner, world.other_org),
        (AgreementStatus.CANCELLED, at(2026, 3, 1), other_owner, world.other_org),
    ]:
        make_agreement(
            case, owner=user, organisation=org, due_date=due, status=status, completed_at=completed
        )
    make_agreement(case, owner=owner, organisation=world.own_org, due_date=date(2025, 9, 1))
    make_agreement(case, owner=owner, organisation=world.own_org, due_date=date(2026, 7, 1))
    other_case = make_case(world.other_house, opened_at=at(2025, 1, 1))
    make_agreement(other_case, owner=owner, organisation=world.own_org, due_date=due)

    table = delivery.by_organisation(scope_of(house))
    rows = {row.key: row.values for row in table.rows}
    assert rows[str(world.own_org.pk)] == {
        "done_on_time": 1,
        "done_late": 1,
        "overdue": 1,
        "open": 0,
        "not_delivered": 0,
        "cancelled": 0,
        "total": 3,
        "previous": 1,
    }
    assert rows[str(world.other_org.pk)]["not_delivered"] == 1
    assert rows[str(world.other_org.pk)]["cancelled"] == 1
    assert table.total.values["total"] == 5

    categories = delivery.by_category(scope_of(house))
    assert values(categories) == {
        "done_on_time": 1,
        "done_late": 1,
        "overdue": 1,
        "open": 0,
        "not_delivered": 1,
        "cancelled": 1,
    }
    assert values(categories, "previous")["overdue"] == 1
    monthly = delivery.monthly(scope_of(house))
    assert values(monthly)["2026-03"] == 5
    assert monthly.total.values["current"] == 5

    # The same agreements, the same categories as the chain manager's delivery view.
    view = selectors.delivery(actor=actor_of(world.user(Role.CHAIN_MANAGER), house), today=TODAY)
    everything = FigureScope(
        house_id=house.pk, start=date(2000, 1, 1), end=date(2099, 12, 31), today=TODAY
    )
    figure = {row.key: row.values for row in delivery.by_organisation(everything).rows}
    for row in view.rows:
        counted = figure[str(row.organisation_id)]
        assert (
            row.open,
            row.overdue,
            row.done_on_time,
            row.done_late,
            row.not_delivered,
            row.cancelled,
        ) == (
            counted["open"],
            counted["overdue"],
            counted["done_on_time"],
            counted["done_late"],
            counted["not_delivered"],
            counted["cancelled"],
        )


# --- escalation and exit ----------------------------------------------------------------------


def test_escalations_by_reason_addressee_and_outcome(world):
    house = world.house
    proposer = world.user(Role.PARTNER_PROFESSIONAL)
    manager = world.user(Role.CHAIN_MANAGER)
    administrator = world.user(Role.ADMINISTRATOR)
    case = make_case(house, opened_at=at(2025, 1, 1))
    make_escalation(
        case,
        proposed_by=proposer,
        proposed_at=at(2026, 2, 1),
        reason=EscalationReason.MISSING_MANDATE,
        status=EscalationStatus.RESOLVED,
        addressee=manager,
        closed_at=at(2026, 2, 11),
    )
    make_escalation(
        case,
        proposed_by=proposer,
        proposed_at=at(2026, 3, 1),
        reason=EscalationReason.MISSING_MANDATE,
        status=EscalationStatus.UNRESOLVED,
        addressee=administrator,
        closed_at=at(2026, 3, 21),
    )
    make_escalation(
        case,
        proposed_by=proposer,
        proposed_at=at(2026, 4, 1),
        status=EscalationStatus.RESOLVED,
        addressee=manager,
        closed_at=at(2026, 4, 5),
    )
    make_escalation(case, proposed_by=proposer, proposed_at=at(2026, 5, 1))
    make_escalation(case, proposed_by=proposer, proposed_at=at(2025, 12, 1))
    make_escalation(
        make_case(world.other_house, opened_at=at(2025, 1, 1)),
        proposed_by=proposer,
        proposed_at=at(2026, 2, 1),
    )

    scope = scope_of(house)
    by_reason = exit.escalations_by_reason(scope)
    assert values(by_reason)["missing_mandate"] == 2
    assert values(by_reason)["other"] == 2
    assert by_reason.total.values == {"current": 4, "previous": 1}

    by_addressee = exit.escalations_by_addressee(scope)
    assert values(by_addressee) == {"chain_manager": 2, "administrator": 1, "none": 1}
    assert all(manager.last_name not in row.label for row in by_addressee.rows)

    by_outcome = exit.escalations_by_outcome(scope)
    rows = {row.key: row.values for row in by_outcome.rows}
    assert rows["resolved"] == {"current": 2, "previous": 0, "median": 7.0, "p90": 10.0}
    assert rows["unresolved"] == {"current": 1, "previous": 0, "median": 20.0, "p90": 20.0}
    assert rows["open"] == {"current": 1, "previous": 1, "median": None, "p90": None}
    assert by_outcome.total.values == {"current": 4, "previous": 1, "median": 10.0, "p90": 20.0}


def test_step_downs_closures_and_reopenings(world):
    house = world.house
    make_case(
        house,
        opened_at=at(2025, 1, 1),
        closed_at=at(2026, 2, 1),
        closure_reason=ClosureReason.STEPPED_DOWN,
        receiving_organisation=world.other_org,
        receiving_party="Wijkteam, mevrouw De Vries",
    )
    make_case(
        house,
        opened_at=at(2025, 1, 1),
        closed_at=at(2026, 2, 1),
        closure_reason=ClosureReason.STEPPED_DOWN,
    )
    make_case(house, opened_at=at(2025, 1, 1), closed_at=at(2025, 10, 1))
    # Closed in March 2025, reopened in March 2026 (365 days: within 12 months), closed
    # again in June 2025 and reopened again in the period (later than 12 months... no: 9 months).
    reopened = make_case(house, opened_at=at(2024, 1, 1), closed_at=None)
    add_status_change(
        reopened, at=at(2025, 3, 15, 10), from_status="in_execution", to_status=CaseStatus.CLOSED
    )
    add_status_change(
        reopened, at=at(2026, 3, 15, 9), from_status=CaseStatus.CLOSED, to_status="in_execution"
    )
    late = make_case(house, opened_at=at(2023, 1, 1))
    add_status_change(
        late, at=at(2024, 12, 1), from_status="in_execution", to_status=CaseStatus.CLOSED
    )
    add_status_change(
        late, at=at(2026, 1, 5), from_status=CaseStatus.CLOSED, to_status="in_execution"
    )
    earlier = make_case(house, opened_at=at(2023, 1, 1))
    add_status_change(
        earlier, at=at(2025, 7, 1), from_status="in_execution", to_status=CaseStatus.CLOSED
    )
    add_status_change(
        earlier, at=at(2025, 8, 1), from_status=CaseStatus.CLOSED, to_status="in_execution"
    )
    make_case(world.other_house, opened_at=at(2025, 1, 1), closed_at=at(2026, 2, 1))

    scope = scope_of(house)
    stepdowns = exit.stepdowns_by_receiving_organisation(scope)
    assert values(stepdowns) == {str(world.other_org.pk): 1, "none": 1}
    assert all("De Vries" not in row.label for row in stepdowns.rows)
    assert stepdowns.rows[0].drill["receiving_party"] == str(world.other_org.pk)

    closures = exit.closures_by_reason(scope)
    assert values(closures)["stepped_down"] == 2
    assert closures.total.values == {"current": 2, "previous": 1}
    assert closures.rows[0].drill == {
        "list": "cases",
        "from": "2026-01-01",
        "to": "2026-06-30",
        "date": "closed",
        "closure_reason": "stepped_down",
    }

    reopenings = exit.reopened(scope)
    assert values(reopenings) == {"within": 1, "later": 1}
    assert values(reopenings, "previous") == {"within": 1, "later": 0}

    monthly = exit.monthly(scope)
    assert values(monthly, "closures")["2026-02"] == 2
    assert values(monthly, "stepdowns")["2026-02"] == 2
    assert monthly.total.values == {"escalations": 0, "closures": 2, "stepdowns": 2}


# --- outcomes ---------------------------------------------------------------------------------


def test_zrm_change_between_the_first_and_the_last_scored_review(world):
    house = world.house
    author = world.user(Role.PROCESS_COORDINATOR)
    improved = make_case(house, opened_at=at(2025, 1, 1), closed_at=at(2026, 3, 1))
    make_review(improved, author=author, held_on=date(2025, 2, 1), scores={"finances": 1})
    make_review(improved, author=author, held_on=date(2025, 3, 1), scores={"housing": 2})
    make_review(
        improved, author=author, held_on=date(2025, 4, 1), scores={"finances": 2, "housing": 2}
    )
    make_review(improved, author=author, held_on=date(2025, 5, 1), scores={"finances": 4})
    worse = make_case(house, opened_at=at(2025, 1, 1), closed_at=at(2026, 4, 1))
    make_review(worse, author=author, held_on=date(2025, 2, 1), scores={"finances": 3})
    make_review(worse, author=author, held_on=date(2025, 6, 1), scores={"finances": 2})
    once = make_case(house, opened_at=at(2025, 1, 1), closed_at=at(2026, 4, 1))
    make_review(once, author=author, held_on=date(2025, 2, 1), scores={"finances": 3})
    make_review(once, author=author, held_on=date(2025, 3, 1), scores={})
    still_open = make_case(house, opened_at=at(2025, 1, 1))
    make_review(still_open, author=author, held_on=date(2025, 2, 1), scores={"finances": 1})
    make_review(still_open, author=author, held_on=date(2025, 3, 1), scores={"finances": 5})
    elsewhere = make_case(world.other_house, opened_at=at(2025, 1, 1), closed_at=at(2026, 3, 1))
    make_review(elsewhere, author=author, held_on=date(2025, 2, 1), scores={"finances": 1})
    make_review(elsewhere, author=author, held_on=date(2025, 3, 1), scores={"finances": 5})

    table = outcomes.zrm_by_domain(scope_of(house))
    rows = {row.key: row.values for row in table.rows}
    assert len(rows) == 13
    assert rows["finances"] == {
        "n": 2,
        "improved": 1,
        "same": 0,
        "worse": 1,
        "share_improved": 0.5,
        "mean_change": (3 - 1) / 2,
        "n_previous": 0,
        "share_improved_previous": None,
    }
    assert rows["housing"]["n"] == 1
    assert rows["housing"]["same"] == 1
    assert rows["housing"]["mean_change"] == 0
    assert rows["justice"]["n"] == 0
    assert rows["justice"]["share_improved"] is None
    assert table.total.values["n"] == 3
    assert table.total.values["improved"] == 1

    coverage = outcomes.coverage(scope_of(house))
    assert values(coverage) == {"measured": 2, "unmeasured": 1}
    monthly = outcomes.monthly(scope_of(house))
    assert values(monthly, "n")["2026-03"] == 2
    assert values(monthly, "n")["2026-04"] == 1
    assert monthly.total.values["share_improved"] == 1 / 3


def test_every_figure_names_its_filters_and_keeps_the_shape(world):
    scope = scope_of(world.house)
    for module in (caseload, delivery, exit, outcomes):
        for figure in module.FIGURES:
            table = figure(scope)
            assert table.key.split(".")[0] == module.__name__.rsplit(".", 1)[1]
            assert "filters" in table.definition
            for row in [*table.rows, *([table.total] if table.total else [])]:
                assert set(row.values) == {column.key for column in table.columns}
            # Plain data for a snapshot or the API (the drill parameters stay behind).
            data = json.loads(json.dumps(table.to_json()))
            assert type(table).from_json(data).to_json() == table.to_json()


def test_an_open_agreement_due_today_is_not_yet_overdue(world):
    case = make_case(world.house, opened_at=at(2025, 1, 1))
    owner = world.user(Role.PARTNER_PROFESSIONAL)
    for due in (date(2026, 3, 9), date(2026, 3, 10)):
        make_agreement(case, owner=owner, organisation=world.own_org, due_date=due)
    scope = FigureScope(
        house_id=world.house.pk,
        start=date(2026, 3, 1),
        end=date(2026, 3, 31),
        today=date(2026, 3, 10),
    )
    assert values(delivery.by_category(scope)) == {
        "done_on_time": 0,
        "done_late": 0,
        "overdue": 1,
        "open": 1,
        "not_delivered": 0,
        "cancelled": 0,
    }


def test_only_whole_numbers_on_known_life_domains_are_zrm_scores(world):
    """The database's count (PostgreSQL) and the one in Python (SQLite) apply the same rule: a
    boolean, a fraction, a text or an unknown life domain is no score; the same day of review
    is ordered by when it was written."""
    house = world.house
    author = world.user(Role.PROCESS_COORDINATOR)
    # Closed 00:30 local on New Year's Day: still 31 December in UTC.
    case = make_case(house, opened_at=at(2025, 1, 1), closed_at=at(2026, 1, 1, 0, 30))
    for scores in (
        {"finances": 2, "housing": True, "unknown": 1, "justice": 2.5},
        {"finances": "4", "housing": 1, "justice": 3},
        {"finances": 3, "housing": False, "unknown": 5, "justice": 4.0},
        {"finances": 1},
    ):
        make_review(case, author=author, held_on=date(2025, 3, 1), scores=scores)
    previous = make_case(house, opened_at=at(2025, 1, 1), closed_at=at(2025, 12, 31, 23, 30))
    make_review(previous, author=author, held_on=date(2025, 2, 1), scores={"housing": 4})
    make_review(previous, author=author, held_on=date(2025, 3, 1), scores={"housing": 2})

    table = outcomes.zrm_by_domain(scope_of(house))
    rows = {row.key: row.values for row in table.rows}
    # finances: 2, 3, 1 (the text "4" is no score) -> 1 - 2; housing, justice: one score each.
    assert (rows["finances"]["n"], rows["finances"]["worse"]) == (1, 1)
    assert rows["finances"]["mean_change"] == -1
    assert rows["housing"]["n"] == 0 and rows["justice"]["n"] == 0
    assert rows["housing"]["n_previous"] == 1  # closed on 31 December, local time
    assert values(outcomes.coverage(scope_of(house))) == {"measured": 1, "unmeasured": 0}
    assert values(outcomes.coverage(scope_of(house)), "previous") == {
        "measured": 1,
        "unmeasured": 0,
    }
    assert values(outcomes.monthly(scope_of(house)), "n")["2026-01"] == 1
