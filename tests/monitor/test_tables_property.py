"""Random valid record sets: every national table equals an independent plain computation.

The expected tables are computed here with straightforward loops and this file's own rounding
(Fraction), without tables.py's helpers. The strategy builds records that satisfy every import
rule, with the edge cases drawn on purpose: empty sets, nulls everywhere, band boundaries
(250.000, 1.000.000, 25% exactly, reach 25/26/75/76, FTE 5.0/10.0/15.0)."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from zvh.monitor.exchange import vocabulary as v
from zvh.monitor.exchange.records import parse_year, record_json, validate_record
from zvh.monitor.exchange.tables import national_tables

Record = dict[str, Any]

BUDGET_EDGES = [1, 249_999, 250_000, 499_999, 500_000, 749_999, 750_000, 999_999, 1_000_000]
BUDGET_EDGES += [1_499_999, 1_500_000, 2_000_000]
REACH_EDGES = [0, 25, 26, 50, 51, 75, 76, 100]


def possible(answer: str | None, n: int | None) -> bool:
    if answer is None or n is None:
        return True
    needs = {"over_half": 3, "quarter_to_half": 2, "under_quarter": 5}
    return n >= needs.get(answer, 1)


@st.composite
def covenant(draw: st.DrawFn) -> tuple[str, int | None]:
    status = draw(st.sampled_from(["signed", "none", "unknown"]))
    year = draw(st.integers(2005, 2019)) if status == "signed" else None
    return status, year


@st.composite
def finance(draw: st.DrawFn, n: int | None) -> dict[str, Any]:
    budget = draw(st.none() | st.sampled_from(BUDGET_EDGES) | st.integers(1, 3_000_000))
    national = municipal = other = paying = None
    if budget is not None:
        national = draw(
            st.none()
            | st.integers(0, budget)
            | st.sampled_from([budget // 4, budget // 2, budget * 3 // 4, budget])
        )
        rest = budget - (national or 0)
        municipal = draw(st.none() | st.integers(0, rest) | st.sampled_from([rest, rest // 2]))
        if national is not None and municipal is not None:
            other = budget - national - municipal
        paying = draw(st.none() | st.integers(1, n if n is not None else 40))
    return {
        "budget_total_eur": budget,
        "national_contribution_eur": national,
        "municipal_contribution_eur": municipal,
        "other_contributions_eur": other,
        "paying_municipalities": paying,
    }


@st.composite
def fte(draw: st.DrawFn) -> dict[str, Decimal | None]:
    keys = v.FTE_FUNCTION_KEYS
    if draw(st.booleans()):
        return dict.fromkeys(("fte_total", *keys))
    if draw(st.booleans()):  # a band boundary in the chain manager alone
        tenths = [draw(st.sampled_from([0, 49, 50, 99, 100, 149, 150])), 0, 0, 0]
    else:
        tenths = [draw(st.integers(0, 120)) for _ in keys]
    parts = {key: Decimal(t) / 10 for key, t in zip(keys, tenths, strict=True)}
    return {"fte_total": sum(parts.values(), Decimal(0)), **parts}


@st.composite
def inflow(draw: st.DrawFn) -> dict[str, int | None]:
    partners = v.values(v.INFLOW_PARTNERS)
    if draw(st.booleans()):  # police left blank: no sum rule
        values = {p: draw(st.none() | st.integers(0, 100)) for p in partners}
        return {**values, "police": None}
    answered = [p for p in partners if p == "police" or draw(st.booleans())]
    cuts = sorted(
        draw(st.lists(st.integers(0, 100), min_size=len(answered) - 1, max_size=len(answered) - 1))
    )
    shares = [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
    result: dict[str, int | None] = dict.fromkeys(partners)
    result.update(zip(answered, shares, strict=True))
    return result


@st.composite
def record(draw: st.DrawFn) -> Record:
    n = draw(st.none() | st.integers(1, 6) | st.integers(1, 40))
    cooperation, cooperation_year = draw(covenant())
    privacy, privacy_year = draw(covenant())
    reach_status = draw(st.sampled_from(v.values(v.REACH_STATUS)))
    new_tasks = draw(st.booleans())
    alignment = draw(st.sampled_from(["yes", "no", None]))
    triage = draw(st.sampled_from(v.values(v.TRIAGE_IN_HOUSE)))

    def share(choices: v.Choices, nullable: bool = False) -> str | None:
        options = [x for x in v.values(choices) if possible(x, n)]
        return draw(st.sampled_from(options + ([None] if nullable else [])))

    return {
        "id": "",
        "name": "Zorg- en Veiligheidshuis Proef",
        "central_municipality": "Proef",
        "cooperation_covenant_status": cooperation,
        "cooperation_covenant_year": cooperation_year,
        "privacy_covenant_status": privacy,
        "privacy_covenant_year": privacy_year,
        "preparation_group": draw(st.sampled_from(v.values(v.PREPARATION_GROUP))),
        "cooperation_driver": draw(st.sampled_from(v.values(v.COOPERATION_DRIVER))),
        "municipalities_count": n,
        "partner_org_counts": {k: draw(st.integers(0, 3)) for k in v.values(v.PARTNER_ORG_KINDS)},
        "thematic_case_meetings": draw(st.booleans()),
        "casus_op_maat": draw(st.sampled_from(v.values(v.CASUS_OP_MAAT))),
        "expert_function": draw(st.sampled_from(v.values(v.EXPERT_FUNCTION))),
        "goal_statement": draw(st.sampled_from(v.values(v.GOAL_STATEMENT))),
        **draw(finance(n)),
        "cofinancing_key": draw(st.sampled_from(v.values(v.COFINANCING_KEY))),
        **draw(fte()),
        "complex_case_definition": draw(st.sampled_from(v.values(v.COMPLEX_CASE_DEFINITION))),
        "complex_case_opinion_differences": draw(st.sampled_from(v.values(v.OPINION_DIFFERENCES))),
        "complex_case_reach_status": reach_status,
        "complex_case_reach_pct": (
            draw(st.sampled_from(REACH_EDGES) | st.integers(0, 100))
            if reach_status == "estimate"
            else None
        ),
        "inflow_share_pct": draw(inflow()),
        "municipalities_active_in_referral": share(v.MUNICIPAL_SHARE),
        "new_tasks_since_framework": new_tasks,
        "new_task_types": (
            draw(st.lists(st.sampled_from(v.values(v.NEW_TASK_TYPES)), min_size=1, unique=True))
            if new_tasks
            else []
        ),
        "municipalities_contributed_to_vision": share(v.MUNICIPAL_SHARE),
        "municipalities_own_process_direction": share(v.MUNICIPAL_SHARE_OWN_DIRECTION, True),
        "agenda_alignment": alignment,
        "agenda_alignment_bodies": (
            draw(
                st.lists(
                    st.builds(
                        lambda c: {"category": c, "body": "Overleg"},
                        st.sampled_from(v.values(v.AGENDA_BODY_CATEGORIES)),
                    ),
                    min_size=1,
                    max_size=5,
                )
            )
            if alignment == "yes"
            else []
        ),
        "triage_in_house": triage,
        "triage_partners_structurally_involved": draw(
            st.sampled_from([False, None]) if triage == "no" else st.none() | st.booleans()
        ),
        "external_triage_procedure": draw(st.sampled_from(v.values(v.EXTERNAL_TRIAGE_PROCEDURE))),
    }


@st.composite
def record_sets(draw: st.DrawFn) -> list[Record]:
    records = draw(st.lists(record(), max_size=12))
    for number, item in enumerate(records, start=1):
        item["id"] = f"P-{number}"
    return records


# -- the independent computation ----------------------------------------------------------------


def half_up(x: Fraction) -> int:
    return (2 * x.numerator + x.denominator) // (2 * x.denominator)


def pct(count: int | Fraction, base: int | Fraction) -> int:
    if base == 0:
        return 0
    return half_up(Fraction(100) * Fraction(count) / Fraction(base))


def frequency(
    keys: list[str],
    cells: list[str],
    outside: tuple[str, ...] = (),
    unprinted: tuple[str, ...] = (),
) -> dict[str, Any]:
    counts = dict.fromkeys([*keys, *outside, *unprinted], 0)
    for cell in cells:
        counts[cell] += 1
    base = sum(counts[k] for k in keys) + sum(counts[k] for k in unprinted)
    return {
        "rows": [(k, counts[k], pct(counts[k], base)) for k in keys],
        "total": {"count": base, "pct": 100 if base else 0},
        "not_in_base": {k: counts[k] for k in outside if counts[k]},
        "in_base_unprinted": {k: counts[k] for k in unprinted if counts[k]},
    }


def plain(table: dict[str, Any]) -> dict[str, Any]:
    """A frequency table without its texts."""
    return {
        "rows": [(r["key"], r["count"], r["pct"]) for r in table["rows"]],
        "total": table["total"],
        "not_in_base": table["not_in_base"],
        "in_base_unprinted": table["in_base_unprinted"],
    }


def band(value: Fraction | int, bounds: list[Fraction | int], keys: list[str]) -> str:
    """keys[i] for the i-th interval of lower bounds (bounds ascending, lower bound included)."""
    index = 0
    for bound in bounds:
        if value >= bound:
            index += 1
    return keys[index]


def expected_frequencies(records: list[Record]) -> dict[int, dict[str, Any]]:
    out: dict[int, dict[str, Any]] = {}
    for number, kind in ((1, "cooperation"), (2, "privacy")):
        cells, last = [], 2015
        for r in records:
            status, year = r[f"{kind}_covenant_status"], r[f"{kind}_covenant_year"]
            if status == "unknown":
                cells.append("unknown")
            elif status == "none" or year < 2011:
                cells.append("none")
            else:
                cells.append(f"year_{year}")
                last = max(last, year)
        keys = ["none"] + [f"year_{y}" for y in range(2011, last + 1)]
        out[number] = frequency(keys, cells, outside=("unknown",))
    for number, key, choices in (
        (3, "preparation_group", v.PREPARATION_GROUP),
        (4, "cooperation_driver", v.COOPERATION_DRIVER),
        (8, "casus_op_maat", v.CASUS_OP_MAAT),
        (9, "expert_function", v.EXPERT_FUNCTION),
        (10, "goal_statement", v.GOAL_STATEMENT),
        (16, "cofinancing_key", v.COFINANCING_KEY),
        (19, "complex_case_definition", v.COMPLEX_CASE_DEFINITION),
        (20, "complex_case_opinion_differences", v.OPINION_DIFFERENCES),
        (28, "triage_in_house", v.TRIAGE_IN_HOUSE),
    ):
        out[number] = frequency(list(v.values(choices)), [r[key] for r in records])
    out[30] = frequency(
        ["no", "yes", "dont_know"], [r["external_triage_procedure"] for r in records]
    )
    out[5] = frequency(
        ["from_1_to_5", "from_6_to_10", "from_11_to_15", "from_16", "unknown"],
        [
            "unknown"
            if r["municipalities_count"] is None
            else band(
                r["municipalities_count"],
                [6, 11, 16],
                ["from_1_to_5", "from_6_to_10", "from_11_to_15", "from_16"],
            )
            for r in records
        ],
    )
    out[7] = frequency(
        ["yes", "no"], ["yes" if r["thematic_case_meetings"] else "no" for r in records]
    )
    budget_keys = [
        "under_250k",
        "from_250k_to_500k",
        "from_500k_to_750k",
        "from_750k_to_1m",
        "from_1m_to_1_5m",
        "from_1_5m",
    ]
    out[13] = frequency(
        [*budget_keys, "unknown"],
        [
            "unknown"
            if r["budget_total_eur"] is None
            else band(
                r["budget_total_eur"], [250000, 500000, 750000, 1000000, 1500000], budget_keys
            )
            for r in records
        ],
    )
    share_keys = ["under_25", "from_25_to_50", "from_50_to_75", "from_75"]
    for number, key in ((14, "national_contribution_eur"), (15, "municipal_contribution_eur")):
        cells = []
        for r in records:
            if r["budget_total_eur"] is None or r[key] is None:
                cells.append("unknown")
            else:
                share = Fraction(r[key], r["budget_total_eur"])
                cells.append(
                    band(share, [Fraction(1, 4), Fraction(1, 2), Fraction(3, 4)], share_keys)
                )
        out[number] = frequency([*share_keys, "unknown"], cells)
    fte_keys = ["under_5", "from_5_to_10", "from_10_to_15", "from_15"]
    out[17] = frequency(
        [*fte_keys, "unknown"],
        [
            "unknown"
            if r["fte_total"] is None
            else band(Fraction(str(r["fte_total"])), [5, 10, 15], fte_keys)
            for r in records
        ],
    )
    reach_keys = ["pct_0_25", "pct_26_50", "pct_51_75", "pct_76_100"]
    out[21] = frequency(
        [*reach_keys, "dont_know", "non_response"],
        [
            band(r["complex_case_reach_pct"], [26, 51, 76], reach_keys)
            if r["complex_case_reach_status"] == "estimate"
            else r["complex_case_reach_status"]
            for r in records
        ],
    )
    printed = ["all", "over_half", "quarter_to_half", "under_quarter"]
    out[23] = frequency(
        printed,
        [r["municipalities_active_in_referral"] for r in records],
        unprinted=("none", "unknown"),
    )
    out[25] = frequency(
        printed,
        [r["municipalities_contributed_to_vision"] for r in records],
        unprinted=("none", "unknown"),
    )
    out[24] = frequency(
        ["no", "yes"], ["yes" if r["new_tasks_since_framework"] else "no" for r in records]
    )
    out[26] = frequency(
        [*printed, "none", "dont_know"],
        [r["municipalities_own_process_direction"] or "non_response" for r in records],
        unprinted=("non_response",),
    )
    involved = [r["triage_partners_structurally_involved"] for r in records]
    out[29] = frequency(
        ["no", "yes"],
        ["not_applicable" if x is None else ("yes" if x else "no") for x in involved],
        outside=("not_applicable",),
    )
    return out


def expected_t6(records: list[Record]) -> dict[str, Any]:
    base = len(records)
    rows = []
    for kind in v.values(v.PARTNER_ORG_KINDS):
        none = one = more = 0
        for r in records:
            count = r["partner_org_counts"][kind]
            if count == 0:
                none += 1
            elif count == 1:
                one += 1
            else:
                more += 1
        counts = {"none": none, "one": one, "more_than_one": more}
        percentages = {k: pct(c, base) for k, c in counts.items()}
        percentages["total"] = 100 if base else 0
        rows.append((kind, counts, percentages))
    return {"base": base, "rows": rows}


def expected_t18(records: list[Record]) -> dict[str, Any]:
    fields = [
        ("fte_chain_manager", "chain_manager"),
        ("fte_process_management", "process_management"),
        ("fte_information_admin", "information_admin_support"),
        ("fte_other", "other"),
    ]
    sums = {}
    for field, _ in fields:
        total = Fraction(0)
        for r in records:
            if r[field] is not None:
                total += Fraction(str(r[field]))
        sums[field] = total
    grand = sum(sums.values(), Fraction(0))
    houses = len(records)
    rows = []
    for field, key in fields:
        average = float(Decimal(half_up(sums[field] * 10 / houses)) / 10) if houses else 0.0
        rows.append((key, average, half_up(sums[field]), pct(sums[field], grand)))
    return {
        "rows": rows,
        "total": {
            "label_nl": "Totaal FTE",
            "fte_total": half_up(grand),
            "pct": 100 if grand else 0,
        },
        "average_denominator_houses": houses,
        "houses_with_fte": sum(1 for r in records if r["fte_total"] is not None),
    }


def expected_t22(records: list[Record]) -> list[tuple[str, dict[str, int], int]]:
    columns = ["pct_0", "pct_1_10", "pct_11_25", "pct_26_50", "pct_51_75", "pct_76_100"]
    rows = []
    for partner in v.values(v.INFLOW_PARTNERS):
        counts = dict.fromkeys(columns, 0)
        answered = 0
        for r in records:
            value = r["inflow_share_pct"][partner]
            if value is None:
                continue
            answered += 1
            if value == 0:
                counts["pct_0"] += 1
            elif value <= 10:
                counts["pct_1_10"] += 1
            elif value <= 25:
                counts["pct_11_25"] += 1
            elif value <= 50:
                counts["pct_26_50"] += 1
            elif value <= 75:
                counts["pct_51_75"] += 1
            else:
                counts["pct_76_100"] += 1
        rows.append((partner, counts, answered))
    return rows


def expected_t27(records: list[Record]) -> dict[str, Any]:
    counts = dict.fromkeys(v.values(v.AGENDA_BODY_CATEGORIES), 0)
    managers = 0
    for r in records:
        if r["agenda_alignment"] == "yes":
            managers += 1
            for body in r["agenda_alignment_bodies"]:
                counts[body["category"]] += 1
    return {"n_managers": managers, "rows": list(counts.items()), "total": sum(counts.values())}


def expected_t31(records: list[Record]) -> list[tuple[str, int, int | None, int | None]]:
    bands: dict[str, list[int]] = {"under_500k": [], "from_500k_to_750k": [], "from_750k": []}
    for r in records:
        budget, paying = r["budget_total_eur"], r["paying_municipalities"]
        if budget is None or paying is None:
            continue
        if budget < 500000:
            bands["under_500k"].append(paying)
        elif budget < 750000:
            bands["from_500k_to_750k"].append(paying)
        else:
            bands["from_750k"].append(paying)

    def mean(xs: list[int]) -> int | None:
        return half_up(Fraction(sum(xs), len(xs))) if xs else None

    return [(k, len(xs), mean(xs), mean([x for x in xs if x != 1])) for k, xs in bands.items()]


@settings(max_examples=50, deadline=None)
@given(record_sets())
def test_every_table_equals_the_plain_computation(records: list[Record]) -> None:
    for item in records:
        assert validate_record(item) == []
    tables = national_tables(records, year=2016)
    expected = expected_frequencies(records)
    assert sorted(tables) == sorted(f"table_{n}" for n in [*range(1, 11), *range(13, 32)])
    for number, table in expected.items():
        assert tables[f"table_{number}"]["type"] == "frequency"
        assert plain(tables[f"table_{number}"]) == table, number

    t6 = tables["table_6"]
    assert {
        "base": t6["base"],
        "rows": [(r["key"], r["counts"], r["pct"]) for r in t6["rows"]],
    } == expected_t6(records)
    t18 = tables["table_18"]
    assert {
        "rows": [(r["key"], r["avg_fte_per_house"], r["fte_total"], r["pct"]) for r in t18["rows"]],
        "total": t18["total"],
        "average_denominator_houses": t18["average_denominator_houses"],
        "houses_with_fte": t18["houses_with_fte"],
    } == expected_t18(records)
    assert [
        (r["key"], r["counts"], r["answered"]) for r in tables["table_22"]["rows"]
    ] == expected_t22(records)
    t27 = tables["table_27"]
    assert {
        "n_managers": t27["n_managers"],
        "rows": [(r["key"], r["count"]) for r in t27["rows"]],
        "total": t27["total"]["count"],
    } == expected_t27(records)
    assert [
        (
            r["key"],
            r["houses"],
            r["avg_paying_municipalities"],
            r["avg_paying_municipalities_excl_outliers"],
        )
        for r in tables["table_31"]["rows"]
    ] == expected_t31(records)
    # the output is plain JSON
    json.dumps(tables)


@settings(max_examples=25, deadline=None)
@given(record_sets())
def test_every_generated_set_passes_validation_as_a_file(records: list[Record]) -> None:
    text = "[" + ",".join(record_json(item) for item in records) + "]"
    assert [r["id"] for r in parse_year(text, year=2016)] == [r["id"] for r in records]
