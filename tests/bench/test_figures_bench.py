"""The figures bench (bench/figures.py, decision 0171) at a tiny scale: it generates its house
once and reuses it, and every group of the registry gets its rows, each measured or skipped
with a reason; the baselines count the generated rows."""

from __future__ import annotations

import uuid
from datetime import date
from types import SimpleNamespace

from bench import figures
from zvh.figures.registry import GROUPS


def test_the_bench_house_is_made_once_and_every_group_gets_its_rows(db):
    world = figures.generate(cases=40)
    assert world.cases > 20 and world.referrals > world.cases
    again = figures.generate(cases=40)
    assert (again.house, again.cases, again.referrals) == (
        world.house,
        world.cases,
        world.referrals,
    )

    scenarios = figures.scenarios()
    assert [s.name for s in scenarios] == [
        f"{kind} {group.key}" for group in GROUPS for kind in ("compute", "page")
    ]
    for scenario in scenarios:
        try:
            action, baseline = scenario.build(world, lambda user: None)
        except figures.Skipped as skipped:
            assert str(skipped)
            continue
        if scenario.name.startswith("compute"):
            assert isinstance(action(), list)
        assert baseline()  # the generated house has rows in the default period


def test_the_default_period_is_the_last_twelve_whole_months():
    world_house = SimpleNamespace(id=uuid.uuid4())
    scope = figures.default_scope(world_house, today=date(2026, 12, 7))
    assert (scope.start, scope.end) == (date(2025, 12, 1), date(2026, 11, 30))
    scope = figures.default_scope(world_house, today=date(2026, 1, 31))
    assert (scope.start, scope.end) == (date(2025, 1, 1), date(2025, 12, 31))
