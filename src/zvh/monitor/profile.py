"""The items of the house profile that the chain manager types (appendix 2a). Record keys keep
the exchange vocabulary's names; the profile-only items are texts. What ZVH already knows
(covenants, municipalities, partners, triage, conference kinds) is not among them: it is read
from the house's data (known.py)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .exchange import vocabulary

# The record keys kept in the profile, with their kind (as in questions.QUESTIONS).
PROFILE_RECORD_KEYS: tuple[str, ...] = (
    "preparation_group",
    "cooperation_driver",
    "paying_municipalities",
    "cofinancing_key",
    "budget_total_eur",
    "national_contribution_eur",
    "municipal_contribution_eur",
    "fte_total",
    *vocabulary.FTE_FUNCTION_KEYS,
    "complex_case_definition",
)
# Profile-only items: free text, no personal data.
PROFILE_TEXT_ITEMS: tuple[tuple[str, Any], ...] = (
    ("steering_group_composition", gettext_lazy("Samenstelling stuurgroep")),
    ("preparation_group_composition", gettext_lazy("Samenstelling ambtelijke voorbereidingsgroep")),
    ("thematic_meetings", gettext_lazy("Vaste themagebonden overleggen")),
    ("casus_op_maat", gettext_lazy("Casus op Maat")),
    ("triage_setup", gettext_lazy("Inrichting van de triage")),
)
MAX_TEXT = 2000
ONE_DECIMAL = Decimal("0.1")


def derived(values: dict[str, Any]) -> dict[str, Any]:
    """`other_contributions_eur` is the rest of the budget (null when a part is unknown)."""
    budget, national, municipal = (
        values.get(key)
        for key in ("budget_total_eur", "national_contribution_eur", "municipal_contribution_eur")
    )
    result = dict(values)
    result["other_contributions_eur"] = None
    if budget is not None and national is not None and municipal is not None:
        result["other_contributions_eur"] = budget - national - municipal
    return result


def validate_profile(values: dict[str, Any]) -> dict[str, str]:
    """The profile's own rules, as Dutch messages per item."""
    errors: dict[str, str] = {}
    budget = values.get("budget_total_eur")
    national = values.get("national_contribution_eur")
    municipal = values.get("municipal_contribution_eur")
    if budget is not None and budget <= 0:
        errors["budget_total_eur"] = _("De begroting moet groter zijn dan 0.")
    if budget is not None and (national or 0) + (municipal or 0) > budget:
        errors["municipal_contribution_eur"] = _(
            "De bijdragen van het Rijk en de gemeenten zijn samen groter dan de begroting."
        )
    total = values.get("fte_total")
    functions = [values.get(key) for key in vocabulary.FTE_FUNCTION_KEYS]
    if total is None and any(f is not None for f in functions):
        errors["fte_total"] = _("Vul ook het totale aantal FTE in.")
    elif total is not None:
        if any(f is None for f in functions):
            errors["fte_other"] = _(
                "Vul bij een totaal alle vier functies in (0 als een functie er niet is)."
            )
        elif sum(Decimal(str(f)) for f in functions) != Decimal(str(total)):
            errors["fte_total"] = _(
                "De FTE van de vier functies tellen samen op tot %(sum)s, niet tot het totaal "
                "%(total)s."
            ) % {"sum": sum(Decimal(str(f)) for f in functions), "total": total}
    return errors
