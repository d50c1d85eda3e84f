"""The caseload figures on a small house whose answers are known by hand; the other house's
rows never count."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone

from tests.factories.case_history import make_agreement, make_case, make_review, make_theme
from zvh.cases.models import CaseStatus, CaseType
from zvh.figures.definitions import caseload
from zvh.figures.models import FigureSettings
from zvh.figures.scope import FigureScope
from zvh.network.models import Role
from zvh.plans.models import AgreementStatus

# The period: the first half of 2026; the previous period is the second half of 2025.
TODAY = date(2026, 12, 1)


def at(*args: int) -> datetime:
    return timezone.make_aware(datetime(*args))  # noqa: DTZ001 (made aware here)


def scope_of(house, **filters) -> FigureScope:
    return FigureScope(
        house_id=house.pk, start=date(2026, 1, 1), end=date(2026, 6, 30), today=TODAY, **filters
    )


def values(table, column="current"):
    return {row.key: row.values[column] for row in table.rows}


def test_open_cases_per_coordinator_on_the_last_day_of_each_period(world):
    coordinator = world.user(Role.PROCESS_COORDINATOR)
    other = world.user(Role.PROCESS_COORDINATOR, org="other")
    house = world.house
    make_case(house, opened_at=at(2025, 11, 1), process_coordinator=coordinator)  # both
    make_case(house, opened_at=at(2026, 3, 1), process_coordinator=coordinator)  # current only
    # Closed on the last day of the period: still open on it.
    make_case(
        house,
        opened_at=at(2026, 2, 1),
        closed_at=at(2026, 6, 30, 18),
        process_coordinator=other,
    )
    # Closed the day before: not open.
    make_case(
        house, opened_at=at(2026, 2, 1), closed_at=at(2026, 6, 29, 18), process_coordinator=other
    )
    make_case(house, opened_at=at(2025, 12, 31, 23, 30))  # no coordinator: previous and current
    make_case(world.other_house, opened_at=at(2025, 1, 1), process_coordinator=coordinator)

    table = caseload.open_by_coordinator(scope_of(house))

    assert values(table) == {str(coordinator.pk): 2, str(other.pk): 1, "none": 1}
    assert values(table, "previous") == {str(coordinator.pk): 1, str(other.pk): 0, "none": 1}
    assert table.total.values == {"current": 4, "previous": 2}
    row = next(row for row in table.rows if row.key == str(coordinator.pk))
    assert row.label == coordinator.get_full_name()
    assert row.drill == {
        "list": "cases",
        "open_on": "2026-06-30",
        "process_coordinator": str(coordinator.pk),
    }
    assert table.rows[-1].drill == {}  # "no coordinator" has no list parameter


def test_a_period_running_past_today_counts_open_cases_today(world):
    house = world.house
    make_case(house, opened_at=at(2026, 1, 10), closed_at=at(2026, 3, 1))
    make_case(house, opened_at=at(2026, 1, 10))
    scope = FigureScope(
        house_id=house.pk, start=date(2026, 1, 1), end=date(2026, 12, 31), today=date(2026, 2, 1)
    )
    assert caseload.open_by_coordinator(scope).total.values["current"] == 2


def test_by_theme_counts_a_case_under_each_theme_and_has_no_total(world):
    house = world.house
    violence, debts = make_theme(house, "Huiselijk geweld", 1), make_theme(house, "Schulden", 2)
    make_case(house, opened_at=at(2026, 2, 1), themes=[violence, debts])
    make_case(house, opened_at=at(2026, 2, 2), themes=[violence], closed_at=at(2026, 5, 1))
    make_case(house, opened_at=at(2025, 8, 1))
    make_case(world.other_house, opened_at=at(2026, 2, 1))

    opened = caseload.opened_by_theme(scope_of(house))
    assert values(opened) == {str(violence.pk): 2, str(debts.pk): 1, "none": 0}
    assert values(opened, "previous") == {str(violence.pk): 0, str(debts.pk): 0, "none": 1}
    assert opened.total is None
    assert opened.rows[0].drill == {
        "list": "cases",
        "from": "2026-01-01",
        "to": "2026-06-30",
        "date": "opened",
        "theme": str(violence.pk),
    }
    still_open = caseload.open_by_theme(scope_of(house))
    assert values(still_open) == {str(violence.pk): 1, str(debts.pk): 1, "none": 1}

    # The theme filter: only cases with that theme, each counted under all its themes.
    filtered = caseload.opened_by_theme(scope_of(house, theme_id=debts.pk))
    assert values(filtered) == {str(violence.pk): 1, str(debts.pk): 1}


def test_by_case_type_and_the_other_filters(world):
    house = world.house
    municipality = house.seat_municipality
    make_case(house, opened_at=at(2026, 2, 1), case_type=CaseType.SYSTEM)
    make_case(
        house,
        opened_at=at(2026, 3, 1),
        case_type=CaseType.PERSON,
        municipality=municipality,
        referring_organisation=world.own_org,
    )
    table = caseload.opened_by_case_type(scope_of(house))
    assert values(table) == {"person": 1, "system": 1, "area": 0}
    assert table.total.values["current"] == 2
    assert (
        caseload.opened_by_case_type(scope_of(house, municipality_id=municipality.pk)).total.values[
            "current"
        ]
        == 1
    )
    assert (
        caseload.opened_by_case_type(
            scope_of(house, referring_organisation_id=world.other_org.pk)
        ).total.values["current"]
        == 0
    )
    assert (
        caseload.opened_by_case_type(scope_of(house, case_type="system")).total.values["current"]
        == 1
    )


def test_over_norm_uses_the_house_setting(world):
    house = world.house
    FigureSettings.objects.create(house=house, open_case_norm_days=30)
    make_case(house, opened_at=at(2026, 5, 31, 9))  # 30 days on 30 June: within
    make_case(house, opened_at=at(2026, 5, 30, 9))  # 31 days: over
    make_case(house, opened_at=at(2026, 6, 15))
    table = caseload.over_norm(scope_of(house))
    assert values(table) == {"within": 2, "over": 1}
    assert table.rows[1].drill == {
        "list": "cases",
        "open_on": "2026-06-30",
        "to": "2026-05-30",
        "date": "opened",
    }
    assert "30" in table.definition


def test_monthly_series_adds_up_to_the_period(world):
    house = world.house
    make_case(house, opened_at=at(2026, 1, 31, 23, 30), closed_at=at(2026, 2, 1, 0, 30))
    make_case(house, opened_at=at(2026, 6, 30, 12))
    make_case(house, opened_at=at(2026, 7, 1, 12))
    table = caseload.monthly(scope_of(house))
    assert [row.key for row in table.rows] == [f"2026-{m:02d}" for m in range(1, 7)]
    assert values(table, "opened") == {
        "2026-01": 1,
        "2026-02": 0,
        "2026-03": 0,
        "2026-04": 0,
        "2026-05": 0,
        "2026-06": 1,
    }
    assert values(table, "closed")["2026-02"] == 1
    assert table.total.values == {"opened": 2, "closed": 1}
    stock = caseload.open_monthly(scope_of(house))
    assert values(stock) == {
        "2026-01": 1,
        "2026-02": 0,  # closed on 1 February: not open on its last day
        "2026-03": 0,
        "2026-04": 0,
        "2026-05": 0,
        "2026-06": 1,
    }
    assert stock.total is None


def test_the_coordinators_own_caseload(world):
    coordinator = world.user(Role.PROCESS_COORDINATOR)
    house = world.house
    theme = make_theme(house, "Zorgmijding")
    late = make_case(
        house,
        opened_at=at(2026, 1, 1),
        process_coordinator=coordinator,
        next_review_date=date(2026, 11, 30),
        themes=[theme],
    )
    make_case(
        house,
        opened_at=at(2026, 1, 1),
        process_coordinator=coordinator,
        status=CaseStatus.PLAN_IN_PREPARATION,
    )
    make_case(
        house, opened_at=at(2026, 1, 1), closed_at=at(2026, 2, 1), process_coordinator=coordinator
    )
    make_case(house, opened_at=at(2026, 1, 1), process_coordinator=world.user(Role.CHAIN_MANAGER))
    professional = world.user(Role.PARTNER_PROFESSIONAL)
    make_agreement(late, owner=professional, organisation=world.own_org, due_date=date(2026, 11, 1))
    make_agreement(late, owner=professional, organisation=world.own_org, due_date=date(2026, 12, 1))
    make_agreement(
        late,
        owner=professional,
        organisation=world.own_org,
        due_date=date(2026, 10, 1),
        status=AgreementStatus.DONE,
        completed_at=at(2026, 10, 2),
    )
    make_review(late, author=coordinator, held_on=date(2026, 10, 1))

    by_status, by_theme, attention = caseload.caseload_for_coordinator(
        scope_of(house), coordinator.pk
    )
    assert values(by_status) == {
        "accepted": 0,
        "plan_in_preparation": 1,
        "in_execution": 1,
        "step_down_proposed": 0,
    }
    assert by_status.total.values == {"current": 2}
    assert values(by_theme) == {str(theme.pk): 1, "none": 1}
    assert values(attention) == {"review_overdue": 1, "no_review": 1, "agreements_overdue": 1}
