"""The co-financing keys and the rounding: known answers, and for any numbers the amounts add up
to the budget to the cent and no municipality is off its exact share by a cent or more."""

from __future__ import annotations

import uuid
from decimal import Decimal
from fractions import Fraction

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from zvh.cofinancing.calculation import (
    BaseKind,
    CalculationError,
    Key,
    Settings,
    Use,
    calculate,
    largest_remainder,
    weights,
)


def uses(*rows: tuple[str, int, int]) -> list[Use]:
    return [Use(uuid.uuid4(), name, inhabitants, cases) for name, inhabitants, cases in rows]


TOWNS = uses(("Aa", 60_000, 10), ("Bee", 30_000, 30), ("Cee", 10_000, 0))


def amounts(settings_: Settings, towns: list[Use] = TOWNS) -> list[int]:
    return [share.amount_cents for share in calculate(towns, settings_)]


def test_per_inhabitant():
    assert amounts(Settings(budget=Decimal("100000"), key=Key.INHABITANTS)) == [
        6_000_000,
        3_000_000,
        1_000_000,
    ]


def test_per_case():
    assert amounts(Settings(budget=Decimal("100000"), key=Key.CASES)) == [2_500_000, 7_500_000, 0]


def test_weighted_mix():
    # 40% by inhabitants (60/30/10%), 60% by cases (25/75/0%).
    result = amounts(Settings(budget=Decimal("100000"), key=Key.MIX, weight_inhabitants=40))
    assert result == [3_900_000, 5_700_000, 400_000]


def test_fixed_amount_plus_cases():
    result = amounts(
        Settings(
            budget=Decimal("100000"),
            key=Key.FIXED_BASE,
            base_kind=BaseKind.AMOUNT,
            base_amount=Decimal("10000"),
            variable_key=Key.CASES,
        )
    )
    # 3 x 10,000 base, 70,000 by cases (25/75/0%).
    assert result == [2_750_000, 6_250_000, 1_000_000]


def test_fixed_percent_plus_inhabitants():
    result = amounts(
        Settings(
            budget=Decimal("90000"),
            key=Key.FIXED_BASE,
            base_kind=BaseKind.PERCENT,
            base_percent=Decimal("30"),
            variable_key=Key.INHABITANTS,
        )
    )
    # 27,000 base split in three (9,000 each); 63,000 by inhabitants (60/30/10%).
    assert result == [900_000 + 3_780_000, 900_000 + 1_890_000, 900_000 + 630_000]


def test_cents_left_over_go_to_the_largest_remainders():
    # 100.00 in three equal parts: 33.34 + 33.33 + 33.33, the cent to the first by name.
    equal = uses(("Aa", 1, 1), ("Bee", 1, 1), ("Cee", 1, 1))
    assert amounts(Settings(budget=Decimal("100"), key=Key.INHABITANTS), equal) == [
        3334,
        3333,
        3333,
    ]
    assert largest_remainder(10, [Fraction(1, 6), Fraction(5, 6)], ["a", "b"]) == [2, 8]


@pytest.mark.parametrize(
    ("settings_", "message"),
    [
        (Settings(budget=Decimal("1000"), key=Key.CASES), "geen casussen"),
        (
            Settings(
                budget=Decimal("1000"),
                key=Key.FIXED_BASE,
                base_kind=BaseKind.AMOUNT,
                base_amount=Decimal("400"),
            ),
            "hoger dan de begroting",
        ),
        (Settings(budget=Decimal("0"), key=Key.INHABITANTS), "groter zijn dan nul"),
    ],
)
def test_keys_that_cannot_apply_say_why(settings_, message):
    # In Dutch whatever language an earlier test left active (the messages are gettext).
    with translation.override("nl"), pytest.raises(CalculationError, match=message):
        calculate(uses(("Aa", 100, 0), ("Bee", 100, 0), ("Cee", 100, 0)), settings_)


@translation.override("nl")
def test_no_inhabitants_no_key_per_inhabitant():
    with pytest.raises(CalculationError, match="inwonersaantal"):
        calculate(uses(("Aa", 0, 3)), Settings(budget=Decimal("10"), key=Key.INHABITANTS))
    with pytest.raises(CalculationError, match="geen gemeenten"):
        calculate([], Settings(budget=Decimal("10"), key=Key.INHABITANTS))


def test_uses_cases_tells_which_keys_depend_on_cases():
    assert not Settings(budget=Decimal(1), key=Key.INHABITANTS).uses_cases
    assert Settings(budget=Decimal(1), key=Key.CASES).uses_cases
    assert Settings(budget=Decimal(1), key=Key.MIX, weight_inhabitants=99).uses_cases
    assert not Settings(budget=Decimal(1), key=Key.MIX, weight_inhabitants=100).uses_cases
    fixed = Settings(budget=Decimal(1), key=Key.FIXED_BASE, variable_key=Key.CASES)
    assert fixed.uses_cases
    fixed = Settings(budget=Decimal(1), key=Key.FIXED_BASE, variable_key=Key.INHABITANTS)
    assert not fixed.uses_cases


towns = st.lists(st.tuples(st.integers(1, 1_000_000), st.integers(0, 400)), min_size=1, max_size=12)


@settings(max_examples=60, deadline=None)
@given(
    towns=towns,
    budget_cents=st.integers(1, 10**11),
    key=st.sampled_from(list(Key)),
    weight=st.integers(0, 100),
    base_percent=st.integers(0, 100),
    variable=st.sampled_from([Key.INHABITANTS, Key.CASES, Key.MIX]),
)
def test_amounts_add_up_to_the_budget_and_each_is_within_a_cent(
    towns, budget_cents, key, weight, base_percent, variable
):
    rows = uses(*((f"G{i:02d}", inh, cases) for i, (inh, cases) in enumerate(towns)))
    chosen = Settings(
        budget=Decimal(budget_cents) / 100,
        key=key,
        weight_inhabitants=weight,
        base_kind=BaseKind.PERCENT,
        base_percent=Decimal(base_percent),
        variable_key=variable,
    )
    try:
        shares = calculate(rows, chosen)
    except CalculationError:
        assert sum(cases for _inh, cases in towns) == 0
        return
    assert sum(share.amount_cents for share in shares) == budget_cents
    exact = weights(rows, chosen)
    assert sum(exact) == 1
    for share, part in zip(shares, exact, strict=True):
        assert abs(share.amount_cents - budget_cents * part) < 1
        assert share.amount_cents >= 0
