"""The throughput figures on a small house with answers worked out by hand (docs/decisions/
0161-figure-definitions.md)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from tests.factories import flow
from tests.factories.network import HouseFactory, OrganisationFactory
from tests.figures.helpers_flow import cell, local, row
from zvh.cases.models import CaseType, Theme
from zvh.figures.definitions import throughput
from zvh.figures.scope import FigureScope

pytestmark = pytest.mark.django_db


@pytest.fixture
def house():
    house = HouseFactory()
    other_house = HouseFactory()
    org = OrganisationFactory()
    theme = Theme.objects.create(house=house, name="Huiselijk geweld")

    # c1: the plan was set twice; the first time counts, not Plan.set_at (the last).
    r1 = flow.referral(house=house, organisation=org, received_at=local(2026, 1, 10))
    c1 = flow.case(
        house=house, opened_at=local(2026, 1, 12), origin_referral=r1, closed_at=local(2026, 3, 2)
    )
    flow.held_conference(house=house, starts_at=local(2026, 1, 15), cases=[c1], held=False)
    flow.held_conference(house=house, starts_at=local(2026, 1, 20), cases=[c1])
    flow.plan_set(case=c1, at=[local(2026, 1, 30), local(2026, 2, 20)])

    # c2: no referral (it came in by transfer), on a held conference, no plan yet, open.
    c2 = flow.case(house=house, opened_at=local(2026, 3, 5, 12), case_type=CaseType.SYSTEM)
    c2.themes.add(theme)
    flow.held_conference(house=house, starts_at=local(2026, 3, 10, 12), cases=[c2])

    # c3: the plan was set before the first conference: that step is left out.
    r3 = flow.referral(house=house, organisation=org, received_at=local(2026, 3, 1))
    c3 = flow.case(
        house=house, opened_at=local(2026, 3, 3), origin_referral=r3, closed_at=local(2026, 4, 2)
    )
    flow.held_conference(house=house, starts_at=local(2026, 3, 4), cases=[c3])
    flow.plan_set(case=c3, at=[], set_at=local(2026, 3, 3, 12))

    # c4: another house's case never counts.
    r4 = flow.referral(house=other_house, organisation=org, received_at=local(2026, 3, 1))
    c4 = flow.case(
        house=other_house,
        opened_at=local(2026, 3, 2),
        origin_referral=r4,
        closed_at=local(2026, 3, 20),
    )
    flow.held_conference(house=other_house, starts_at=local(2026, 3, 3), cases=[c4])
    flow.plan_set(case=c4, at=[local(2026, 3, 4)])
    return SimpleNamespace(house=house, theme=theme)


def march(house, **filters) -> FigureScope:
    return FigureScope(house_id=house.id, start=date(2026, 3, 1), end=date(2026, 3, 31), **filters)


def test_steps_median_and_p90_count_in_the_period_of_the_end_event(house):
    table = throughput.steps(march(house.house))
    assert [r.key for r in table.rows] == [
        "referral_decision",
        "decision_conference",
        "conference_plan",
        "plan_closure",
        "referral_closure",
    ]
    assert table.total is None  # steps do not add up
    assert row(table, "referral_decision").values == {
        "this": 1,
        "this_median": pytest.approx(2.0),
        "this_p90": pytest.approx(2.0),
        "previous": 0,
        "previous_median": None,
        "previous_p90": None,
    }
    # 5.0 (c2) and 1.0 (c3): the median is their mean, P90 the nearest rank (the 2nd of 2).
    assert cell(table, "decision_conference", "this") == 2
    assert cell(table, "decision_conference", "this_median") == pytest.approx(3.0)
    assert cell(table, "decision_conference", "this_p90") == pytest.approx(5.0)
    # c3's plan preceded its conference; c1's first setting (30 January) is last period's.
    assert cell(table, "conference_plan", "this") == 0
    assert cell(table, "conference_plan", "this_median") is None
    assert cell(table, "conference_plan", "previous") == 1
    assert cell(table, "conference_plan", "previous_median") == pytest.approx(10.0)
    # From the first setting (30 January), not the last (20 February), to 2 March.
    assert cell(table, "plan_closure", "this_median") == pytest.approx(31.0)
    assert cell(table, "referral_closure", "this") == 1
    assert cell(table, "referral_closure", "this_median") == pytest.approx(51.0)


def test_steps_apply_the_theme_and_case_type_filters(house):
    themed = throughput.steps(march(house.house, theme_id=house.theme.id))
    assert cell(themed, "decision_conference", "this") == 1
    assert cell(themed, "decision_conference", "this_median") == pytest.approx(5.0)
    assert cell(themed, "referral_closure", "this") == 0
    system = throughput.steps(march(house.house, case_type=CaseType.SYSTEM))
    assert cell(system, "decision_conference", "this") == 1


def test_by_month_referral_to_closure(house):
    scope = FigureScope(house_id=house.house.id, start=date(2026, 2, 1), end=date(2026, 4, 30))
    table = throughput.by_month(scope)
    assert table.chart == "line"
    assert [r.key for r in table.rows] == ["2026-02", "2026-03", "2026-04"]
    assert [r.values["closed"] for r in table.rows] == [0, 1, 1]
    assert cell(table, "2026-03", "median") == pytest.approx(51.0)
    # 1 March to 2 April across the change to summer time: 32 days less one hour.
    assert cell(table, "2026-04", "median") == pytest.approx(32 - 1 / 24)
    assert cell(table, "total", "closed") == 2
    assert cell(table, "2026-02", "median") is None
