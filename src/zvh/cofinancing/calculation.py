"""The co-financing keys, applied to a budget: pure arithmetic, no database.

Each municipality's share of the budget is computed exactly (fractions), then the budget in
cents is split by the largest-remainder method, so the amounts add up to the budget to the cent
(ties go to the municipality first by name). See docs/decisions/0169.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from django.utils.translation import gettext as _


class Key(StrEnum):
    INHABITANTS = "inhabitants"  # per inhabitant
    CASES = "cases"  # per case
    MIX = "mix"  # weighted mix of inhabitants and cases
    FIXED_BASE = "fixed_base"  # a fixed base per municipality plus a variable part by a key


class BaseKind(StrEnum):
    AMOUNT = "amount"  # a fixed amount in euros per municipality
    PERCENT = "percent"  # a percentage of the budget, split equally


class CalculationError(ValueError):
    """The key cannot be applied to these numbers (a Dutch message for the user)."""


@dataclass(frozen=True)
class Use:
    """One municipality of the house: its inhabitants and its cases in the period."""

    municipality_id: uuid.UUID
    name: str
    inhabitants: int
    cases: int


@dataclass(frozen=True)
class Settings:
    budget: Decimal  # euros, two decimals
    key: Key
    weight_inhabitants: int = 50  # percent, for MIX (and FIXED_BASE with variable MIX)
    base_kind: BaseKind = BaseKind.AMOUNT
    base_amount: Decimal = Decimal(0)  # euros per municipality
    base_percent: Decimal = Decimal(0)  # percent of the budget
    variable_key: Key = Key.INHABITANTS  # for FIXED_BASE: INHABITANTS, CASES or MIX

    @property
    def uses_cases(self) -> bool:
        """Whether what a municipality pays depends on its number of cases."""
        variable = self.variable_key if self.key == Key.FIXED_BASE else self.key
        if variable == Key.CASES:
            return True
        return variable == Key.MIX and self.weight_inhabitants < 100


@dataclass(frozen=True)
class Share:
    use: Use
    amount_cents: int
    use_share: Fraction | None  # cases / all cases; None when there are no cases
    paid_share: Fraction  # amount / budget


def _cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


def _variable_weights(uses: list[Use], key: Key, weight_inhabitants: int) -> list[Fraction]:
    inhabitants = sum(use.inhabitants for use in uses)
    cases = sum(use.cases for use in uses)
    w = Fraction(weight_inhabitants, 100)
    needs_inhabitants = key == Key.INHABITANTS or (key == Key.MIX and w > 0)
    needs_cases = key == Key.CASES or (key == Key.MIX and w < 1)
    if needs_inhabitants and inhabitants == 0:
        raise CalculationError(
            _("De gemeenten van het huis hebben geen inwonersaantal: vul die eerst in.")
        )
    if needs_cases and cases == 0:
        raise CalculationError(
            _("In deze periode zijn geen casussen geopend: een sleutel per casus kan niet.")
        )
    result: list[Fraction] = []
    for use in uses:
        by_inhabitants = Fraction(use.inhabitants, inhabitants) if inhabitants else Fraction(0)
        by_cases = Fraction(use.cases, cases) if cases else Fraction(0)
        if key == Key.INHABITANTS:
            result.append(by_inhabitants)
        elif key == Key.CASES:
            result.append(by_cases)
        else:
            result.append(w * by_inhabitants + (1 - w) * by_cases)
    return result


def weights(uses: list[Use], settings: Settings) -> list[Fraction]:
    """Each municipality's exact share of the budget (they add up to 1)."""
    if not uses:
        raise CalculationError(_("Dit huis heeft geen gemeenten om de begroting over te verdelen."))
    if settings.key != Key.FIXED_BASE:
        return _variable_weights(uses, settings.key, settings.weight_inhabitants)
    budget = Fraction(_cents(settings.budget))
    if settings.base_kind == BaseKind.AMOUNT:
        base_total = Fraction(_cents(settings.base_amount)) * len(uses)
    else:
        base_total = budget * Fraction(settings.base_percent) / 100
    if base_total > budget:
        raise CalculationError(
            _("De vaste voet van alle gemeenten samen is hoger dan de begroting.")
        )
    variable_share = (budget - base_total) / budget
    base_each = base_total / len(uses) / budget
    if variable_share == 0:
        return [base_each for _use in uses]
    variable = _variable_weights(uses, settings.variable_key, settings.weight_inhabitants)
    return [base_each + variable_share * weight for weight in variable]


def largest_remainder(total_cents: int, parts: list[Fraction], order: list[str]) -> list[int]:
    """Splits `total_cents` in proportion to `parts` (adding up to 1) in whole cents that add up
    to `total_cents` exactly: everyone gets the floor of their exact amount, and the cents left
    go one each to the largest remainders (ties: first in `order`)."""
    exact = [total_cents * part for part in parts]
    floors = [int(value) for value in exact]  # parts are >= 0: int() is the floor
    left = total_cents - sum(floors)
    ranking = sorted(range(len(parts)), key=lambda i: (-(exact[i] - floors[i]), order[i], i))
    for i in ranking[:left]:
        floors[i] += 1
    return floors


def calculate(uses: list[Use], settings: Settings) -> list[Share]:
    """What each municipality pays under the key, beside what it uses."""
    if settings.budget <= 0:
        raise CalculationError(_("De begroting moet groter zijn dan nul."))
    parts = weights(uses, settings)
    budget_cents = _cents(settings.budget)
    amounts = largest_remainder(budget_cents, parts, [use.name for use in uses])
    cases = sum(use.cases for use in uses)
    return [
        Share(
            use=use,
            amount_cents=amount,
            use_share=Fraction(use.cases, cases) if cases else None,
            paid_share=Fraction(amount, budget_cents),
        )
        for use, amount in zip(uses, amounts, strict=True)
    ]
