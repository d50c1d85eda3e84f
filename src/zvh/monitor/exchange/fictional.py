"""House records of fictional houses: valid, plausible and varied, the same for the same seed.
For the demo's national view and for tests. The places are invented; no record holds personal
data."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from zvh.monitor.exchange import vocabulary as v
from zvh.monitor.exchange.records import share_possible

PLACES = (
    "Aldervoort", "Beekendam", "Brakelveen", "Dijkerhout", "Eemstede", "Gravenwaard",
    "Heerlo", "Holtendijk", "IJsselmond", "Kempenhoven", "Lindeburg", "Maasveld",
    "Noorderwiek", "Oldenzijl", "Oosterlanden", "Peelrade", "Rijnwaarde", "Schelderveen",
    "Stroombeek", "Tielerhof", "Uithorst", "Veenhuizen-Noord", "Vlietstede", "Waalkamp",
    "Westerbroek", "Wielingen", "Zandhoven", "Zeeveld", "Zuiderlo", "Zwanenwater",
)  # fmt: skip
OPPORTUNITIES = (
    "Betere aansluiting bij de sociale wijkteams",
    "Verbinding tussen zorg- en veiligheidsdomein versterken",
    "Meer expertise en advies voor partners",
    "Nazorg na detentie steviger organiseren",
)
NATIONAL_CONTRIBUTIONS = (
    "Best practices uit andere regio's delen",
    "Afstemming tussen de ministeries van V&J en VWS",
    "Een landelijke definitie van complexe casuïstiek onderhouden",
)
BODY_NAMES = {
    "regional_administrative": ("RVO", "DVO", "Driehoek"),
    "justice_bodies": ("ZSM", "AJB", "APJ"),
    "national_steering_group": ("Landelijke stuurgroep",),
    "regional_houses_consultation": ("Regionaal overleg veiligheidshuizen",),
    "veilig_thuis": ("Veilig Thuis",),
    "care_bodies": ("Zorgoverleg",),
    "various": ("Diverse overleggen",),
}
TENTH = Decimal("0.1")


def fictional_records(*, year: int, count: int = 30, seed: int = 0) -> list[dict[str, Any]]:
    """`count` valid records of fictional houses; the same seed gives the same records."""
    rng = random.Random(f"{seed}-{year}")  # noqa: S311 (fictitious data, reproducible on purpose)
    width = max(2, len(str(count)))
    records = []
    for number in range(1, count + 1):
        place = PLACES[(number - 1) % len(PLACES)]
        if number > len(PLACES):
            place = f"{place} {(number - 1) // len(PLACES) + 1}"
        records.append(_record(rng, year, f"ZVH-{number:0{width}d}", place))
    return records


def _maybe(rng: random.Random, chance: float) -> bool:
    return rng.random() < chance


def _covenant(rng: random.Random, year: int) -> tuple[str, int | None]:
    roll = rng.random()
    if roll < 0.7:
        return "signed", rng.randint(2008, year)
    return ("none", None) if roll < 0.95 else ("unknown", None)


def _finance(rng: random.Random, municipalities: int | None) -> dict[str, Any]:
    if _maybe(rng, 0.08):
        budget = national = municipal = other = paying = None
    else:
        budget = rng.randint(150, 2_500) * 1_000
        national_pct = rng.randint(5, 80)
        municipal_pct = rng.randint(0, 100 - national_pct)
        national = budget * national_pct // 100
        municipal = budget * municipal_pct // 100
        other = budget - national - municipal
        if _maybe(rng, 0.05):
            municipal = other = None
        upper = municipalities if municipalities is not None else 20
        paying = upper if _maybe(rng, 0.5) else rng.randint(1, upper)
    return {
        "budget_total_eur": budget,
        "national_contribution_eur": national,
        "municipal_contribution_eur": municipal,
        "other_contributions_eur": other,
        "paying_municipalities": paying,
    }


def _fte(rng: random.Random) -> dict[str, Decimal | None]:
    if _maybe(rng, 0.15):
        return dict.fromkeys(("fte_total", *v.FTE_FUNCTION_KEYS))
    parts = {
        "fte_chain_manager": Decimal(rng.randint(5, 15)) * TENTH,
        "fte_process_management": Decimal(rng.randint(0, 60)) * TENTH,
        "fte_information_admin": Decimal(rng.randint(0, 50)) * TENTH,
        "fte_other": Decimal(rng.randint(0, 40)) * TENTH,
    }
    return {"fte_total": sum(parts.values(), Decimal(0)), **parts}


def _inflow(rng: random.Random) -> dict[str, int | None]:
    partners = v.values(v.INFLOW_PARTNERS)
    if _maybe(rng, 0.2):  # no answer for the police: the shares need not add up
        loose = {p: (None if _maybe(rng, 0.5) else rng.randint(0, 30)) for p in partners}
        return {**loose, "police": None}
    answered = [p for p in partners if p == "police" or _maybe(rng, 0.7)]
    cuts = sorted(rng.randint(0, 100) for _ in range(len(answered) - 1))
    shares = [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
    values: dict[str, int | None] = dict.fromkeys(partners)
    for partner, share in zip(answered, shares, strict=True):
        values[partner] = share
    return values


def _share(rng: random.Random, choices: v.Choices, municipalities: int | None) -> str:
    possible = [
        value
        for value in v.values(choices)
        if municipalities is None or share_possible(value, municipalities)
    ]
    return rng.choice(possible)


def _agenda(rng: random.Random) -> tuple[str | None, list[dict[str, str]]]:
    roll = rng.random()
    if roll < 0.1:
        return "no", []
    if roll < 0.15:
        return None, []
    categories = v.values(v.AGENDA_BODY_CATEGORIES)
    chosen = ["regional_administrative"] + [
        rng.choice(categories) for _ in range(rng.randint(0, 3))
    ]
    return "yes", [
        {"category": category, "body": rng.choice(BODY_NAMES[category])} for category in chosen
    ]


def _record(rng: random.Random, year: int, house_id: str, place: str) -> dict[str, Any]:
    municipalities = None if _maybe(rng, 0.05) else rng.choice((1, 2, 3, 4, *range(5, 31)))
    cooperation_status, cooperation_year = _covenant(rng, year)
    privacy_status, privacy_year = _covenant(rng, year)
    finance = _finance(rng, municipalities)
    reach_status = rng.choices(v.values(v.REACH_STATUS), weights=(7, 2, 1))[0]
    new_tasks = _maybe(rng, 0.6)
    task_types = [t for t in v.values(v.NEW_TASK_TYPES) if _maybe(rng, 0.5)] if new_tasks else []
    if new_tasks and not task_types:
        task_types = ["jihadism"]
    alignment, bodies = _agenda(rng)
    triage = rng.choices(v.values(v.TRIAGE_IN_HOUSE), weights=(6, 3, 1))[0]
    involved: bool | None = False if triage == "no" else _maybe(rng, 0.75)
    if _maybe(rng, 0.05):
        involved = None
    cofinancing = (
        "other"
        if finance["paying_municipalities"] == 1
        else rng.choice(v.values(v.COFINANCING_KEY))
    )
    record: dict[str, Any] = {
        "format_version": v.FORMAT_VERSION,
        "year": year,
        "id": house_id,
        "name": f"Zorg- en Veiligheidshuis {place}",
        "central_municipality": place,
        "cooperation_covenant_status": cooperation_status,
        "cooperation_covenant_year": cooperation_year,
        "privacy_covenant_status": privacy_status,
        "privacy_covenant_year": privacy_year,
        "preparation_group": rng.choices(v.values(v.PREPARATION_GROUP), weights=(8, 2, 1))[0],
        "cooperation_driver": rng.choice(v.values(v.COOPERATION_DRIVER)),
        "municipalities_count": municipalities,
        "partner_org_counts": {
            kind: rng.choice((0, 1, 1, 1, 2, 3)) for kind in v.values(v.PARTNER_ORG_KINDS)
        },
        "thematic_case_meetings": _maybe(rng, 0.85),
        "casus_op_maat": rng.choices(v.values(v.CASUS_OP_MAAT), weights=(7, 3, 1))[0],
        "expert_function": rng.choice(v.values(v.EXPERT_FUNCTION)),
        "goal_statement": rng.choices(v.values(v.GOAL_STATEMENT), weights=(5, 5, 2, 1, 1))[0],
        **finance,
        "cofinancing_key": cofinancing,
        **_fte(rng),
        "complex_case_definition": rng.choice(v.values(v.COMPLEX_CASE_DEFINITION)),
        "complex_case_opinion_differences": rng.choice(v.values(v.OPINION_DIFFERENCES)),
        "complex_case_reach_status": reach_status,
        "complex_case_reach_pct": rng.randint(0, 100) if reach_status == "estimate" else None,
        "inflow_share_pct": _inflow(rng),
        "municipalities_active_in_referral": _share(rng, v.MUNICIPAL_SHARE, municipalities),
        "new_tasks_since_framework": new_tasks,
        "new_task_types": task_types,
        "municipalities_contributed_to_vision": _share(rng, v.MUNICIPAL_SHARE, municipalities),
        "municipalities_own_process_direction": (
            None
            if _maybe(rng, 0.05)
            else _share(rng, v.MUNICIPAL_SHARE_OWN_DIRECTION, municipalities)
        ),
        "agenda_alignment": alignment,
        "agenda_alignment_bodies": bodies,
        "triage_in_house": triage,
        "triage_partners_structurally_involved": involved,
        "external_triage_procedure": rng.choice(v.values(v.EXTERNAL_TRIAGE_PROCEDURE)),
    }
    if _maybe(rng, 0.6):
        record["main_opportunity"] = rng.choice(OPPORTUNITIES)
    if _maybe(rng, 0.4):
        record["national_level_contribution"] = rng.choice(NATIONAL_CONTRIBUTIONS)
    return record
