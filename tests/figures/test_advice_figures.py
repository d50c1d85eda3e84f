"""The advice group's figures ("adviesfunctie"), checked against the raw rows counted in plain
Python, for random registers (several seeds), with and without the scope's filters."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta
from statistics import median

import pytest

from tests.factories.network import MunicipalityFactory, OrganisationFactory, PartnershipFactory
from tests.factories.registers import AdviceFactory
from zvh.advice.models import Advice, AdviceTopic
from zvh.figures.definitions import advice as figures
from zvh.figures.registry import compute_group, group
from zvh.figures.scope import FigureScope

START, END = date(2026, 1, 1), date(2026, 6, 30)


def _register(world, seed: int) -> list[Advice]:
    rng = random.Random(seed)
    second = MunicipalityFactory()
    world.house.municipalities.add(second)
    outsider = OrganisationFactory(name="Geen partner meer")
    organisations = [world.own_org, world.other_org, outsider, None]
    made = []
    for _ in range(rng.randint(20, 60)):
        organisation = rng.choice(organisations)
        made.append(
            AdviceFactory(
                house=world.house,
                requester_organisation=organisation,
                requester_name="" if organisation else "Huisarts",
                municipality=rng.choice([world.house.seat_municipality, second]),
                topic=rng.choice(AdviceTopic.values),
                # From the previous period (same length) to a little after the period.
                given_on=START - timedelta(days=rng.randint(-200, 200)),
                minutes=rng.randint(1, 480),
            )
        )
    AdviceFactory(house=world.other_house, requester_organisation=world.own_org, given_on=START)
    return made


def _in(rows: list[Advice], scope: FigureScope) -> list[Advice]:
    return [
        a
        for a in rows
        if scope.start <= a.given_on <= scope.end
        and (scope.municipality_id is None or a.municipality_id == scope.municipality_id)
        and (
            scope.referring_organisation_id is None
            or a.requester_organisation_id == scope.referring_organisation_id
        )
    ]


def _values(table, column: str) -> dict[str, object]:
    return {row.key: row.values[column] for row in table.rows}


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("filtered", [False, True])
def test_every_advice_figure_equals_a_plain_count_of_the_rows(world, seed, filtered):
    made = _register(world, seed)
    scope = FigureScope(house_id=world.house.id, start=START, end=END)
    if filtered:
        scope = FigureScope(
            house_id=world.house.id,
            start=START,
            end=END,
            municipality_id=world.house.seat_municipality_id,
            referring_organisation_id=world.own_org.id,
        )
    now, before = _in(made, scope), _in(made, scope.previous())

    table = figures.by_topic(scope)
    expected_now = Counter(a.topic for a in now)
    expected_before = Counter(a.topic for a in before)
    assert _values(table, "current") == {t: expected_now[t] for t in AdviceTopic.values}
    assert _values(table, "previous") == {t: expected_before[t] for t in AdviceTopic.values}
    assert table.total.values == {"current": len(now), "previous": len(before)}

    table = figures.by_organisation(scope)
    partners = {str(world.own_org.id), str(world.other_org.id)}
    expected = Counter(
        str(a.requester_organisation_id)
        if str(a.requester_organisation_id) in partners
        else "other"
        for a in now
    )
    assert _values(table, "current") == {key: expected[key] for key in [*partners, "other"]}
    assert table.total.values["current"] == len(now)

    table = figures.by_municipality(scope)
    expected = Counter(str(a.municipality_id) for a in now)
    assert _values(table, "current") == {row.key: expected[row.key] for row in table.rows}
    assert table.total.values["current"] == len(now)

    table = figures.time_spent(scope)
    for topic in AdviceTopic.values:
        minutes = [a.minutes for a in now if a.topic == topic]
        row = next(r for r in table.rows if r.key == topic)
        assert row.values["count"] == len(minutes)
        assert row.values["minutes"] == sum(minutes)
        assert row.values["median"] == (median(minutes) if minutes else None)
        assert row.values["previous_minutes"] == sum(a.minutes for a in before if a.topic == topic)
    assert table.total.values["minutes"] == sum(a.minutes for a in now)

    table = figures.monthly(scope)
    assert [row.key for row in table.rows] == [f"2026-{m:02d}" for m in range(1, 7)]
    by_month = Counter(a.given_on.strftime("%Y-%m") for a in now)
    assert _values(table, "count") == {row.key: by_month[row.key] for row in table.rows}
    assert table.total.values["count"] == len(now)


def test_the_group_is_registered_and_reads_only_its_house(world):
    AdviceFactory(house=world.other_house, requester_organisation=world.own_org, given_on=START)
    assert group("adviesfunctie") is not None
    scope = FigureScope(house_id=world.house.id, start=START, end=END)
    tables = compute_group("adviesfunctie", scope)
    assert [t.key for t in tables] == [
        "advice.by_organisation",
        "advice.by_municipality",
        "advice.by_topic",
        "advice.time_spent",
        "advice.monthly",
    ]
    assert all(t.total is not None and t.total.values.get("current", 0) == 0 for t in tables[:3])


def test_a_figure_costs_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    scope = FigureScope(house_id=world.house.id, start=START, end=END)
    for n in range(30):
        AdviceFactory(
            house=world.house,
            requester_organisation=world.own_org,
            given_on=START + timedelta(days=n),
        )
    PartnershipFactory(house=world.house, organisation=OrganisationFactory())
    with django_assert_max_num_queries(11):
        compute_group("adviesfunctie", scope)
