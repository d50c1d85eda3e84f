"""Builds tests/monitor/fixtures/report_2015.json: 31 house records whose national tables reproduce
the printed counts of every table of the report's appendix 4 (tables 1-10 and 13-31) at once.

    PYTHONPATH=src:. python -m tests.monitor.build_report_2015

The houses are invented; only the counts are the report's. Where the tables constrain each other
the records are built jointly: the budget bands with the shares of tables 14 and 15 and the payers
of table 31 (two single-paying houses, in the middle and the large band), the number of
municipalities with the municipal-share answers that are possible for it, the FTE bands with
table 18's sums, and table 22's inflow buckets with the rule that the shares of a house that
answers for the police sum to 100 (found by a small deterministic search)."""

from __future__ import annotations

import random
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

from zvh.monitor.exchange import vocabulary as v
from zvh.monitor.exchange.records import parse_year, record_json

FIXTURE = Path(__file__).with_name("fixtures") / "report_2015.json"
HOUSES = 31


def spread(counts: list[tuple[Any, int]]) -> list[Any]:
    """Values repeated by their counts, HOUSES in all."""
    values = [value for value, count in counts for _ in range(count)]
    assert len(values) == HOUSES, (counts, len(values))
    return values


def shuffled(values: list[Any], seed: int) -> list[Any]:
    values = list(values)
    random.Random(seed).shuffle(values)
    return values


# -- finance, municipalities and payers (tables 5, 13-16, 23, 25, 26, 31) -----------------------
# house: (budget, national %, municipal %, municipalities, paying). Houses 0 and 1 have no budget.
FINANCE: list[tuple[int | None, int | None, int | None, int | None, int | None]] = [
    (None, None, None, 7, None),
    (None, None, None, 12, None),
    # T31 band < 500.000: 10 houses, 120 payers (mean 12, no single payer)
    (200_000, 80, 10, 4, 4),
    (240_000, 60, 20, 5, 5),
    (250_000, 55, 40, 8, 8),
    (300_000, 55, 40, 10, 10),
    (350_000, 55, 40, 14, 13),
    (400_000, 10, 85, 10, 10),
    (420_000, 10, 85, 18, 17),
    (450_000, 10, 85, 25, 25),
    (480_000, 10, 85, None, 14),
    (499_000, 10, 75, 15, 14),
    # band 500.000 - 750.000: 9 houses, 118 payers, one single payer (means 13 and 117/8 -> 15)
    (500_000, 20, 60, 1, 1),
    (550_000, 20, 60, 3, 3),
    (600_000, 35, 40, 9, 9),
    (620_000, 35, 40, 10, 10),
    (650_000, 35, 40, 15, 15),
    (680_000, 35, 40, 17, 17),
    (700_000, 25, 40, 20, 20),
    (720_000, 35, 55, 22, 21),
    (749_000, 35, 55, 25, 22),
    # band >= 750.000: 10 houses, 100 payers, one single payer (means 10 and 99/9 -> 11)
    (750_000, 35, 55, 1, 1),
    (800_000, 35, 55, 5, 5),
    (900_000, 35, 55, 6, 6),
    (999_000, 35, 55, 7, 7),
    (1_000_000, 35, 55, 8, 8),
    (1_200_000, 35, 50, 10, 10),
    (1_400_000, 35, 55, 12, 12),
    (1_500_000, 35, 55, 13, 13),
    (1_800_000, 35, 55, 19, 18),
    (2_500_000, 35, 55, 24, 20),
]
SINGLE_PAYERS = (12, 21)
COFINANCING = [
    "unknown",
    "unknown",
    *shuffled(
        spread(
            [
                ("inhabitants", 16),
                ("cases", 1),
                ("inhabitants_and_cases", 5),
                ("inhabitants_and_other", 3),
                ("unknown", 2),
                (None, 4),  # placeholders for houses 0, 1 and the two single payers
            ]
        )[:-4],
        seed=16,
    ),
]
# the single-payer houses are financed by one municipality: key "other"
for house in SINGLE_PAYERS:
    COFINANCING.insert(house, "other")
assert Counter(COFINANCING) == Counter(
    {
        "inhabitants": 16,
        "cases": 1,
        "inhabitants_and_cases": 5,
        "inhabitants_and_other": 3,
        "other": 2,
        "unknown": 4,
    }
)

# -- FTE (tables 17-18): 26 houses with FTE, 207 in all --------------------------------------
FTE_TOTALS: list[str | None] = [
    *("4.0", "3.5", "4.5", "2.0", "4.9", "3.0"),  # < 5
    *("5.0", "9.9", "7.5", *["7.4"] * 12),  # 5 - 10 (15 houses)
    *("10.0", "12.0", "14.9"),  # 10 - 15
    *("15.0", "22.0"),  # >= 15
    *[None] * 5,
]
FTE_TOTALS = shuffled(FTE_TOTALS, seed=17)
FTE_FUNCTION_SUMS = {
    "fte_chain_manager": Decimal(25),
    "fte_process_management": Decimal(56),
    "fte_information_admin": Decimal(72),
    "fte_other": Decimal(54),
}


def fte_functions() -> list[dict[str, Decimal | None]]:
    """Split every house's FTE over the four functions so that the sums over the houses are
    table 18's sums exactly: a chain manager of 1.0 in 25 houses, the rest in proportion, and the
    rounding remainders settled on the largest houses."""
    with_fte = [i for i, total in enumerate(FTE_TOTALS) if total is not None]
    split: list[dict[str, Decimal | None]] = [
        dict.fromkeys(FTE_FUNCTION_SUMS) for _ in range(HOUSES)
    ]
    rest_keys = ("fte_process_management", "fte_information_admin")
    rest_total = sum(FTE_FUNCTION_SUMS[key] for key in (*rest_keys, "fte_other"))
    tenth = Decimal("0.1")
    for index, house in enumerate(with_fte):
        total = Decimal(FTE_TOTALS[house])  # type: ignore[arg-type]
        chain = Decimal("1.0") if index < 25 else Decimal("0.0")
        rest = total - chain
        parts = {
            key: (rest * FTE_FUNCTION_SUMS[key] / rest_total).quantize(tenth) for key in rest_keys
        }
        split[house] = {
            "fte_chain_manager": chain,
            **parts,
            "fte_other": rest - sum(parts.values()),
        }
    largest = sorted(with_fte, key=lambda h: Decimal(FTE_TOTALS[h] or 0), reverse=True)
    for key in rest_keys:
        difference = FTE_FUNCTION_SUMS[key] - sum(split[h][key] or 0 for h in with_fte)
        step = tenth if difference > 0 else -tenth
        house_index = 0
        while difference:
            house = largest[house_index % 5]
            split[house][key] = (split[house][key] or Decimal(0)) + step
            split[house]["fte_other"] = (split[house]["fte_other"] or Decimal(0)) - step
            difference -= step
            house_index += 1
    for key, expected in FTE_FUNCTION_SUMS.items():
        assert sum(split[h][key] or 0 for h in with_fte) == expected, key
    assert all(value is None or value >= 0 for parts in split for value in parts.values())
    return split


# -- inflow shares (table 22) ---------------------------------------------------------------
BUCKETS = {
    "pct_0": (0, 0),
    "pct_1_10": (1, 10),
    "pct_11_25": (11, 25),
    "pct_26_50": (26, 50),
    "pct_51_75": (51, 75),
    "pct_76_100": (76, 100),
}
T22_COUNTS = {
    "police": (0, 1, 6, 8, 5, 2),
    "municipality_cjg": (1, 7, 11, 3, 0, 0),
    "veilig_thuis": (5, 12, 4, 1, 0, 0),
    "public_prosecution": (6, 11, 5, 0, 0, 0),
    "probation": (6, 13, 3, 0, 0, 0),
    "youth_care_bjz": (0, 15, 1, 0, 0, 0),
    "mental_health_ggz": (9, 11, 2, 0, 0, 0),
    "child_protection_board": (15, 11, 0, 0, 0, 0),
    "public_health_ggd": (13, 9, 0, 0, 0, 0),
    "lvb_organisation": (15, 7, 0, 0, 0, 0),
    "other": (3, 5, 5, 3, 0, 1),
}


def inflow_shares() -> list[dict[str, int | None]]:
    columns: dict[str, list[str | None]] = {}
    for partner, counts in T22_COUNTS.items():
        cells: list[str | None] = [
            bucket for bucket, count in zip(BUCKETS, counts, strict=True) for _ in range(count)
        ]
        columns[partner] = cells + [None] * (HOUSES - len(cells))
    police_houses = [h for h in range(HOUSES) if columns["police"][h] is not None]

    def bounds(house: int) -> tuple[int, int]:
        cells = [columns[p][house] for p in T22_COUNTS]
        low = sum(BUCKETS[c][0] for c in cells if c is not None)
        high = sum(BUCKETS[c][1] for c in cells if c is not None)
        return low, high

    def badness(house: int) -> int:
        low, high = bounds(house)
        return max(0, low - 100) + max(0, 100 - high)

    rng = random.Random(22)
    for partner in T22_COUNTS:
        if partner != "police":
            rng.shuffle(columns[partner])
    total = sum(badness(h) for h in police_houses)
    partners = [p for p in T22_COUNTS if p != "police"]
    steps = 0
    while total and steps < 200_000:
        steps += 1
        partner = rng.choice(partners)
        a, b = rng.randrange(HOUSES), rng.randrange(HOUSES)
        column = columns[partner]
        before = sum(badness(h) for h in {a, b} if h in police_houses)
        column[a], column[b] = column[b], column[a]
        after = sum(badness(h) for h in {a, b} if h in police_houses)
        if after <= before:
            total += after - before
        else:
            column[a], column[b] = column[b], column[a]
    assert total == 0, "no assignment found"

    shares: list[dict[str, int | None]] = []
    for house in range(HOUSES):
        values: dict[str, int | None] = {}
        for partner in T22_COUNTS:
            cell = columns[partner][house]
            values[partner] = None if cell is None else BUCKETS[cell][0]
        if house in police_houses:
            slack = 100 - sum(x for x in values.values() if x is not None)
            for partner in T22_COUNTS:
                cell = columns[partner][house]
                if cell is None or not slack:
                    continue
                room = BUCKETS[cell][1] - BUCKETS[cell][0]
                add = min(room, slack)
                values[partner] = (values[partner] or 0) + add
                slack -= add
            assert slack == 0
        shares.append({key: values[key] for key in v.values(v.INFLOW_PARTNERS)})
    return shares


# -- municipal shares that must be possible for the number of municipalities ----------------
NEEDS = {"under_quarter": 5, "over_half": 3, "quarter_to_half": 2}


def share_answers(answers: list[Any]) -> list[Any]:
    """Give the most demanding answers to the houses with the most municipalities."""
    order = sorted(
        range(HOUSES), key=lambda h: -(FINANCE[h][3] if FINANCE[h][3] is not None else 99)
    )
    ranked = sorted(answers, key=lambda a: -NEEDS.get(a, 0))
    result: list[Any] = [None] * HOUSES
    for house, answer in zip(order, ranked, strict=True):
        result[house] = answer
    return result


def partner_counts(none: int, one: int, more: int, seed: int) -> list[int]:
    counts = [0] * none + [1] * one + [2 + (i % 2) for i in range(more)]
    return shuffled(counts, seed)


T6 = {  # kind: houses with 0 / 1 / more than one organisation (closest to the printed %)
    "police": (0, 30, 1),
    "public_prosecution": (0, 29, 2),
    "probation": (0, 8, 23),
    "youth_protection": (0, 20, 11),
    "child_protection_board": (1, 29, 1),
    "care_youth_mental_health": (2, 4, 25),
    "penitentiary_institutions": (4, 14, 13),
    "halt": (10, 20, 1),
    "shelter": (13, 13, 5),
    "social_work": (13, 9, 9),
    "public_health_ggd": (15, 14, 2),
    "other": (3, 7, 21),
}


def covenants(counts: list[tuple[Any, int]], seed: int) -> list[tuple[str, int | None]]:
    return shuffled(spread(counts), seed)


def build() -> list[dict[str, Any]]:
    cooperation = covenants(
        [
            (("none", None), 10),
            (("signed", 2008), 1),
            (("signed", 2009), 1),
            (("signed", 2010), 1),
            (("signed", 2011), 3),
            (("signed", 2012), 2),
            (("signed", 2013), 4),
            (("signed", 2014), 2),
            (("signed", 2015), 6),
            (("unknown", None), 1),
        ],
        seed=1,
    )
    privacy = covenants(
        [
            (("none", None), 8),
            (("signed", 2009), 1),
            (("signed", 2010), 1),
            (("signed", 2011), 1),
            (("signed", 2012), 2),
            (("signed", 2013), 3),
            (("signed", 2014), 3),
            (("signed", 2015), 11),
            (("unknown", None), 1),
        ],
        seed=2,
    )
    preparation = shuffled(spread([("yes", 25), ("no_organised_otherwise", 5), ("unclear", 1)]), 3)
    driver = shuffled(
        spread(
            [
                ("house_manager", 11),
                ("manager_with_central_official", 14),
                ("manager_with_others", 4),
                ("other", 2),
            ]
        ),
        4,
    )
    partners = {
        kind: partner_counts(*counts, seed=60 + i) for i, (kind, counts) in enumerate(T6.items())
    }
    thematic = shuffled(spread([(True, 28), (False, 3)]), 7)
    casus = shuffled(spread([("fully_implemented", 25), ("limited", 6)]), 8)
    expert = shuffled(spread([("hardly", 2), ("occasionally", 12), ("structural", 17)]), 9)
    goal = shuffled(spread([("strongly_agree", 14), ("somewhat_agree", 15), ("neutral", 2)]), 10)
    functions = fte_functions()
    definition = shuffled(spread([("national", 18), ("own", 5), ("none", 7), ("unknown", 1)]), 19)
    opinion = shuffled(spread([("no", 17), ("somewhat", 13), ("strongly", 1)]), 20)
    reach = shuffled(
        [
            *[("estimate", pct) for pct in (0, 10, 20, 25)],
            *[("estimate", pct) for pct in (26, 30, 40, 45, 50)],
            *[("estimate", pct) for pct in (51, 60, 70, 75)],
            *[("estimate", pct) for pct in (76, 80, 80, 85, 90, 90, 95, 100)],
            *[("dont_know", None)] * 5,
            *[("non_response", None)] * 5,
        ],
        21,
    )
    inflow = inflow_shares()
    referral = share_answers(spread([("all", 18), ("over_half", 10), ("quarter_to_half", 3)]))
    vision = share_answers(
        spread([("all", 20), ("over_half", 7), ("quarter_to_half", 2), ("under_quarter", 2)])
    )
    direction = share_answers(
        spread(
            [
                ("all", 6),
                ("over_half", 3),
                ("quarter_to_half", 3),
                ("under_quarter", 9),
                ("none", 5),
                ("dont_know", 4),
                (None, 1),
            ]
        )
    )
    new_tasks = shuffled(
        [
            *[["jihadism", "confused_persons"]] * 8,
            ["jihadism", "confused_persons", "other"],
            *[["jihadism"]] * 9,
            ["jihadism", "other"],
            ["confused_persons"],
            *[[]] * 11,
        ],
        24,
    )
    agenda = agenda_bodies()
    triage = shuffled(spread([("important_task", 22), ("limited", 8), ("no", 1)]), 28)
    # the house without in-house triage is coded "no" (false) in table 29, as in the report
    involved_pool = shuffled([False] * 7 + [True] * 23, 29)
    involved = [False if t == "no" else involved_pool.pop() for t in triage]
    external = shuffled(spread([("no", 8), ("yes", 22), ("dont_know", 1)]), 30)

    records = []
    for h in range(HOUSES):
        budget, national_pct, municipal_pct, municipalities, paying = FINANCE[h]
        national = None if budget is None else budget * national_pct // 100  # type: ignore[operator]
        municipal = None if budget is None else budget * municipal_pct // 100  # type: ignore[operator]
        other = None if budget is None else budget - national - municipal  # type: ignore[operator]
        fte_total = FTE_TOTALS[h]
        status, year = cooperation[h]
        privacy_status, privacy_year = privacy[h]
        reach_status, reach_pct = reach[h]
        records.append(
            {
                "id": f"R15-{h + 1:02d}",
                "name": f"Zorg- en Veiligheidshuis Regio {h + 1:02d}",
                "central_municipality": f"Centrumgemeente {h + 1:02d}",
                "cooperation_covenant_status": status,
                "cooperation_covenant_year": year,
                "privacy_covenant_status": privacy_status,
                "privacy_covenant_year": privacy_year,
                "preparation_group": preparation[h],
                "cooperation_driver": driver[h],
                "municipalities_count": municipalities,
                "partner_org_counts": {kind: partners[kind][h] for kind in T6},
                "thematic_case_meetings": thematic[h],
                "casus_op_maat": casus[h],
                "expert_function": expert[h],
                "goal_statement": goal[h],
                "budget_total_eur": budget,
                "national_contribution_eur": national,
                "municipal_contribution_eur": municipal,
                "other_contributions_eur": other,
                "cofinancing_key": COFINANCING[h],
                "paying_municipalities": paying,
                "fte_total": None if fte_total is None else Decimal(fte_total),
                **functions[h],
                "complex_case_definition": definition[h],
                "complex_case_opinion_differences": opinion[h],
                "complex_case_reach_status": reach_status,
                "complex_case_reach_pct": reach_pct,
                "inflow_share_pct": inflow[h],
                "municipalities_active_in_referral": referral[h],
                "new_tasks_since_framework": bool(new_tasks[h]),
                "new_task_types": new_tasks[h],
                "municipalities_contributed_to_vision": vision[h],
                "municipalities_own_process_direction": direction[h],
                "agenda_alignment": agenda[h][0],
                "agenda_alignment_bodies": agenda[h][1],
                "triage_in_house": triage[h],
                "triage_partners_structurally_involved": involved[h],
                "external_triage_procedure": external[h],
            }
        )
    return records


T27_MENTIONS = {
    "regional_administrative": 30,
    "justice_bodies": 12,
    "national_steering_group": 9,
    "regional_houses_consultation": 7,
    "veilig_thuis": 2,
    "care_bodies": 2,
    "various": 12,
}
BODY_NAMES = {
    "regional_administrative": ("RVO", "DVO", "Driehoek"),
    "justice_bodies": ("AJB", "APJ", "ZSM"),
    "national_steering_group": ("Landelijke stuurgroep",),
    "regional_houses_consultation": ("Regionaal overleg veiligheidshuizen",),
    "veilig_thuis": ("Veilig Thuis",),
    "care_bodies": ("Zorgoverleg",),
    "various": ("Diverse overleggen",),
}


def agenda_bodies() -> list[tuple[str | None, list[dict[str, str]]]]:
    """29 managers align their agenda (74 mentions), one does not, one did not answer."""
    mentions = [
        c for c, n in T27_MENTIONS.items() if c != "regional_administrative" for _ in range(n)
    ]
    per_house: list[list[str]] = [["regional_administrative"] for _ in range(29)]
    per_house[0].append("regional_administrative")
    for i, category in enumerate(mentions):
        per_house[(i * 7) % 29].append(category)
    result: list[tuple[str | None, list[dict[str, str]]]] = []
    for categories in per_house:
        seen: Counter[str] = Counter()
        bodies = []
        for category in categories:
            names = BODY_NAMES[category]
            bodies.append({"category": category, "body": names[seen[category] % len(names)]})
            seen[category] += 1
        result.append(("yes", bodies))
    result += [("no", []), (None, [])]
    return shuffled(result, 27)


def fixture_text() -> str:
    records = build()
    text = "[\n" + ",\n".join(record_json(record).rstrip("\n") for record in records) + "\n]\n"
    assert len(parse_year(text, year=2015)) == HOUSES
    return text


if __name__ == "__main__":  # pragma: no cover - writes the fixture
    FIXTURE.write_text(fixture_text(), encoding="utf-8")
