"""The national tables of a monitor year (the report's appendix 4, tables 1-10 and 13-31) from
the house records, in the exchange document's output shape.

Counts are exact; percentages and means are rounded half up with exact arithmetic (Fraction),
never with float round(). Where the specification leaves room, decision 0182 records the choice:
which values fall outside a base (`not_in_base`), which stay in it without a printed row
(`in_base_unprinted`), the year rows of tables 1 and 2, T18's denominator, T31's outliers.

Tables 11 and 12 are free-text lists (`vocabulary.OPTIONAL_TEXT_KEYS`) and are not computed here."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable
from decimal import Decimal
from fractions import Fraction
from typing import Any

from zvh.monitor.exchange import vocabulary as v
from zvh.monitor.exchange.records import as_decimal

Record = dict[str, Any]
Table = dict[str, Any]
Rows = tuple[tuple[str, str], ...]

TITLES: dict[int, str] = {
    1: (
        "Aanwezigheid en actualiteit algemeen samenwerkingsconvenant (op basis van documentstudie)"
    ),
    2: ("Aanwezigheid en actualiteit specifiek privacyconvenant (op basis van documentstudie)"),
    3: (
        "'Is er een (ambtelijke) voorbereidingsgroep waar het beleid van de regionale "
        "stuurgroep wordt voorbereid?' (op basis van vragenlijst ketenmanagers)"
    ),
    4: (
        "'Wie is of zijn in de praktijk de trekker(s) van de bestuurlijke samenwerking "
        "tussen gemeenten en deelnemende organisaties?' (op basis van vragenlijst "
        "ketenmanagers)"
    ),
    5: ("Aantal gemeenten in samenwerking per veiligheidshuis (op basis van documentstudie)"),
    6: (
        "Aantallen betrokken organisaties (exclusief gemeenten) in samenwerkingsverband "
        "in percentages (op basis van documentstudie)"
    ),
    7: (
        "Aanwezigheid van vaste themagebonden overleggen in het veiligheidshuis (op basis "
        "van documentstudie)"
    ),
    8: (
        "'Invoering van casus op maat bespreken met de direct betrokken professionals' "
        "(op basis van vragenlijst ketenmanagers)"
    ),
    9: (
        "'In hoeverre vervult het veiligheidshuis in de praktijk een expertfunctie voor "
        "deelnemende organisaties? Let wel: we doelen hier op meer dan alleen verstrekken "
        "van casusinformatie door het veiligheidshuis.' (op basis van vragenlijst "
        "ketenmanagers)"
    ),
    10: (
        "Stelling: 'Ons veiligheidshuis is in staat de gestelde doelen te realiseren' (op "
        "basis van vragenlijst ketenmanagers)"
    ),
    13: ("Omvang begroting* veiligheidshuizen (op basis van documentstudie)"),
    14: ("Aandeel bijdrage V&J in begroting (op basis van documentstudie)"),
    15: ("Aandeel bijdrage gemeenten in begroting (op basis van documentstudie)"),
    16: ("Verdeelsleutel cofinanciering gemeenten (op basis van documentstudie)"),
    17: ("Omvang van veiligheidshuis in FTE's (op basis van documentstudie)"),
    18: (
        "Soorten functies in het veiligheidshuis (gemiddeld en gesommeerd over alle "
        "veiligheidshuizen) op basis van FTE's (op basis van documentstudie)"
    ),
    19: ("Definitie complexe casuïstiek (op basis van documentstudie)"),
    20: (
        "'Bestaan er in het werkgebied van uw veiligheidshuis belangrijke verschillen in "
        "opvatting over welke complexe casuïstiek in het veiligheidshuis dient te worden "
        "behandeld?' (op basis van documentstudie)"
    ),
    21: (
        "'Kunt u een grove schatting maken van het deel van deze complexe casuïstiek in "
        "uw werkgebied dat daadwerkelijk in het veiligheidshuis wordt aangedragen en "
        "besproken?' (op basis van vragenlijst ketenmanager)"
    ),
    22: (
        "Aandeel in instroom van casuïstiek per organisatie: aantallen veiligheidshuizen "
        "(op basis van vragenlijst ketenmanagers)"
    ),
    23: (
        "Hoeveel deelnemende gemeenten spelen een actieve rol bij het aandragen van "
        "complexe casuïstiek voor het veiligheidshuis? (op basis van de vragenlijst "
        "ketenmanagers)"
    ),
    24: (
        "'Heeft het veiligheidshuis sinds de implementatie van het LK er expliciet nieuwe "
        "taken bij gekregen?' (op basis van vragenlijst ketenmanagers)"
    ),
    25: (
        "'Hoeveel deelnemende gemeenten hebben een bijdrage geleverd aan het formuleren "
        "van een gezamenlijke visie op samenwerking in het veiligheidshuis? (op basis van "
        "vragenlijst ketenmanagers)"
    ),
    26: (
        "'Hoeveel deelnemende gemeenten voeren zelf ook procesregie bij complexe "
        "casuïstiek?' (op basis van vragenlijst ketenmanagers)"
    ),
    27: (
        "Bij vaststellen van regionale bestuurlijke agenda wordt rekening gehouden met "
        "agenda's van andere gremia en organisaties (organisaties - totaal aantal keren "
        "genoemd door een ketenmanager, n = 29)"
    ),
    28: (
        "'Vindt binnen het veiligheidshuis triage plaats?' (op basis van vragenlijst ketenmanagers)"
    ),
    29: (
        "'Worden bij triage binnen het veiligheidshuis op structurele basis andere "
        "organisaties/partijen betrokken?' (op basis van vragenlijst ketenmanagers)"
    ),
    30: (
        "'Is er buiten het veiligheidshuis een triageprocedure waaraan verschillende "
        "overlegtafels deelnemen (bijv. veiligheidshuis, Veilig Thuis, sociale wijkteams, "
        "et cetera)?' (op basis van vragenlijst ketenmanagers)"
    ),
    31: ("Vergelijking van omvang begroting versus gemiddeld aantal betalende gemeenten"),
}


def round_half_up(value: Fraction | int) -> int:
    """The nearest integer, halves up (values here are never negative)."""
    return math.floor(Fraction(value) + Fraction(1, 2))


def round_half_up_1(value: Fraction | int) -> Decimal:
    """One decimal, halves up: 0.85 -> 0.9."""
    return Decimal(round_half_up(Fraction(value) * 10)).scaleb(-1)


def percentage(count: int | Fraction, base: int | Fraction) -> int:
    """round_half_up(100 * count / base); 0 for an empty base."""
    return round_half_up(Fraction(100) * count / base) if base else 0


def exact(value: int | float | Decimal) -> Fraction:
    return Fraction(as_decimal(value))


# -- rows the vocabulary does not hold (the report's bands and yes/no rows) ---------------------

YES_NO: Rows = (("yes", "Ja"), ("no", "Nee"))
NO_YES: Rows = (("no", "Nee"), ("yes", "Ja"))
MUNICIPALITY_BANDS: Rows = (
    ("from_1_to_5", "1-5"),
    ("from_6_to_10", "6-10"),
    ("from_11_to_15", "11-15"),
    ("from_16", "16+"),
    ("unknown", "onbekend"),
)
BUDGET_BANDS: Rows = (
    ("under_250k", "< 250.000 euro"),
    ("from_250k_to_500k", "250.000 < 500.000 euro"),
    ("from_500k_to_750k", "500.000 < 750.000 euro"),
    ("from_750k_to_1m", "750.000 < 1000..000 euro"),  # sic: the report's printed label
    ("from_1m_to_1_5m", "1.000.000 < 1.500.000 euro"),
    ("from_1_5m", ">= 1.500.000 euro"),
    ("unknown", "onbekend"),
)
BUDGET_LOWER_BOUNDS = (250_000, 500_000, 750_000, 1_000_000, 1_500_000)
SHARE_BANDS: Rows = (
    ("under_25", "< 25%"),
    ("from_25_to_50", "25 < 50%"),
    ("from_50_to_75", "50 < 75%"),
    ("from_75", ">= 75%"),
    ("unknown", "onbekend"),
)
FTE_BANDS: Rows = (
    ("under_5", "< 5 fte"),
    ("from_5_to_10", "5 < 10 fte"),
    ("from_10_to_15", "10 < 15 fte"),
    ("from_15", ">= 15 fte"),
    ("unknown", "onbekend"),
)
FTE_FUNCTION_ROWS: tuple[tuple[str, str, str], ...] = (
    ("fte_chain_manager", "chain_manager", "Ketenmanager"),
    ("fte_process_management", "process_management", "Procesmanagement"),
    (
        "fte_information_admin",
        "information_admin_support",
        "Informatievoorziening/adm-techn ondersteuning",
    ),
    ("fte_other", "other", "Overige"),
)
REACH_ROWS: Rows = (
    ("pct_0_25", "0-25%"),
    ("pct_26_50", "26-50%"),
    ("pct_51_75", "51-75%"),
    ("pct_76_100", "76-100%"),
    ("dont_know", v.label(v.REACH_STATUS, "dont_know")),
    ("non_response", v.label(v.REACH_STATUS, "non_response")),
)
INFLOW_COLUMNS: Rows = (
    ("pct_0", "0%"),
    ("pct_1_10", "1-10%"),
    ("pct_11_25", "11-25%"),
    ("pct_26_50", "26-50%"),
    ("pct_51_75", "51-75%"),
    ("pct_76_100", "76-100%"),
)
# The report marks "overige" with an asterisk (its footnote lists what the houses named).
INFLOW_ROW_LABELS = {**dict(v.INFLOW_PARTNERS), "other": "overige *"}
NEW_TASKS_ROWS: Rows = (
    ("no", "Nee, geen nieuwe taken"),
    ("yes", "Ja, veiligheidshuis heeft nieuwe taken erbij gekregen"),
)
PRINTED_SHARES = ("all", "over_half", "quarter_to_half", "under_quarter")
PAYING_BANDS: Rows = (
    ("under_500k", "< 500.000 EU"),
    ("from_500k_to_750k", "500.000 < 750.000 EU"),
    ("from_750k", ">= 750.000 EU"),
)
OUTLIER_RULE = (
    "Zonder de huizen die door slechts één gemeente worden gefinancierd "
    "(betalende gemeenten = 1), zoals voetnoot 57 van het rapport."
)
MATRIX_COLUMNS = ("none", "one", "more_than_one")


def _rows_of(choices: v.Choices, keys: Iterable[str] | None = None) -> Rows:
    wanted = v.values(choices) if keys is None else tuple(keys)
    return tuple((key, v.label(choices, key)) for key in wanted)


# -- the table shapes ---------------------------------------------------------------------------


def _frequency(
    number: int,
    rows: Rows,
    cells: Iterable[str],
    *,
    outside: tuple[str, ...] = (),
    unprinted: tuple[str, ...] = (),
) -> Table:
    """A frequency table: `cells` holds each house's row key, or a key of `outside` (not in the
    base) or of `unprinted` (in the base without a printed row)."""
    counted = Counter(cells)
    row_keys = [key for key, _ in rows]
    stray = set(counted) - set(row_keys) - set(outside) - set(unprinted)
    if stray:
        raise ValueError(f"table {number}: values without a row: {sorted(stray)}")
    base = sum(counted[key] for key in row_keys) + sum(counted[key] for key in unprinted)
    return {
        "title_nl": TITLES[number],
        "type": "frequency",
        "rows": [
            {
                "key": key,
                "label_nl": label,
                "count": counted[key],
                "pct": percentage(counted[key], base),
            }
            for key, label in rows
        ],
        "total": {"count": base, "pct": 100 if base else 0},
        "not_in_base": {key: counted[key] for key in outside if counted[key]},
        "in_base_unprinted": {key: counted[key] for key in unprinted if counted[key]},
    }


def _coded(
    number: int,
    records: list[Record],
    key: str,
    choices: v.Choices,
    order: Iterable[str] | None = None,
) -> Table:
    return _frequency(number, _rows_of(choices, order), (record[key] for record in records))


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


# -- the tables ---------------------------------------------------------------------------------

FIRST_COVENANT_YEAR = 2011  # earlier covenants count as "geen convenant" (report footnote 24)
LAST_PRINTED_YEAR = 2015


def _covenant(number: int, records: list[Record], kind: str, none_label: str) -> Table:
    status_key, year_key = f"{kind}_covenant_status", f"{kind}_covenant_year"
    cells: list[str] = []
    years = [LAST_PRINTED_YEAR]
    for record in records:
        status, year = record[status_key], record[year_key]
        if status == "signed" and year >= FIRST_COVENANT_YEAR:
            cells.append(f"year_{year}")
            years.append(year)
        else:
            cells.append("unknown" if status == "unknown" else "none")
    year_rows = tuple((f"year_{y}", str(y)) for y in range(FIRST_COVENANT_YEAR, max(years) + 1))
    rows: Rows = (("none", none_label), *year_rows)
    return _frequency(number, rows, cells, outside=("unknown",))


def _municipality_band(count: int | None) -> str:
    if count is None:
        return "unknown"
    if count <= 5:
        return "from_1_to_5"
    if count <= 10:
        return "from_6_to_10"
    return "from_11_to_15" if count <= 15 else "from_16"


def _partner_matrix(records: list[Record]) -> Table:
    base = len(records)
    rows = []
    for kind, label in v.PARTNER_ORG_KINDS:
        numbers = [record["partner_org_counts"][kind] for record in records]
        counts = {
            "none": sum(1 for n in numbers if n == 0),
            "one": sum(1 for n in numbers if n == 1),
            "more_than_one": sum(1 for n in numbers if n > 1),
        }
        pct: dict[str, int] = {
            column: percentage(counts[column], base) for column in MATRIX_COLUMNS
        }
        pct["total"] = 100 if base else 0
        rows.append({"key": kind, "label_nl": label, "counts": counts, "pct": pct})
    return {"title_nl": TITLES[6], "type": "matrix_pct", "base": base, "rows": rows}


def _budget_band(budget: int | None) -> str:
    if budget is None:
        return "unknown"
    band = sum(1 for bound in BUDGET_LOWER_BOUNDS if budget >= bound)
    return BUDGET_BANDS[band][0]


def _share_band(part: int | None, budget: int | None) -> str:
    if part is None or budget is None:
        return "unknown"
    share = Fraction(part, budget)
    if share < Fraction(1, 4):
        return "under_25"
    if share < Fraction(1, 2):
        return "from_25_to_50"
    return "from_50_to_75" if share < Fraction(3, 4) else "from_75"


def _fte_band(fte: int | float | Decimal | None) -> str:
    if fte is None:
        return "unknown"
    value = exact(fte)
    if value < 5:
        return "under_5"
    if value < 10:
        return "from_5_to_10"
    return "from_10_to_15" if value < 15 else "from_15"


def _fte_functions(records: list[Record]) -> Table:
    with_fte = [record for record in records if record["fte_total"] is not None]
    sums = {
        field: sum((exact(record[field]) for record in with_fte), Fraction(0))
        for field, _, _ in FTE_FUNCTION_ROWS
    }
    grand = sum(sums.values(), Fraction(0))
    houses = len(records)
    rows = [
        {
            "key": key,
            "label_nl": label,
            # The report divides by every house of the year, also those without FTE data.
            "avg_fte_per_house": float(round_half_up_1(sums[field] / houses)) if houses else 0.0,
            "fte_total": round_half_up(sums[field]),
            "pct": percentage(sums[field], grand),
        }
        for field, key, label in FTE_FUNCTION_ROWS
    ]
    return {
        "title_nl": TITLES[18],
        "type": "fte_functions",
        "rows": rows,
        "total": {
            "label_nl": "Totaal FTE",
            "fte_total": round_half_up(grand),
            "pct": 100 if grand else 0,
        },
        "average_denominator_houses": houses,
        "houses_with_fte": len(with_fte),
    }


def _reach(record: Record) -> str:
    status = record["complex_case_reach_status"]
    if status != "estimate":
        return str(status)
    pct = record["complex_case_reach_pct"]
    if pct <= 25:
        return "pct_0_25"
    if pct <= 50:
        return "pct_26_50"
    return "pct_51_75" if pct <= 75 else "pct_76_100"


def _inflow_column(pct: int) -> str:
    if pct == 0:
        return "pct_0"
    for bound, column in (
        (10, "pct_1_10"),
        (25, "pct_11_25"),
        (50, "pct_26_50"),
        (75, "pct_51_75"),
    ):
        if pct <= bound:
            return column
    return "pct_76_100"


def _inflow_matrix(records: list[Record]) -> Table:
    rows = []
    for partner, _ in v.INFLOW_PARTNERS:
        answers = [record["inflow_share_pct"][partner] for record in records]
        answered = [answer for answer in answers if answer is not None]
        counted = Counter(_inflow_column(answer) for answer in answered)
        rows.append(
            {
                "key": partner,
                "label_nl": INFLOW_ROW_LABELS[partner],
                "counts": {column: counted[column] for column, _ in INFLOW_COLUMNS},
                "answered": len(answered),
            }
        )
    return {
        "title_nl": TITLES[22],
        "type": "matrix_counts",
        "columns": [column for column, _ in INFLOW_COLUMNS],
        "rows": rows,
    }


def _share_answers(number: int, records: list[Record], key: str) -> Table:
    return _frequency(
        number,
        _rows_of(v.MUNICIPAL_SHARE, PRINTED_SHARES),
        (record[key] for record in records),
        unprinted=("none", "unknown"),
    )


def _agenda_mentions(records: list[Record]) -> Table:
    aligned = [record for record in records if record["agenda_alignment"] == "yes"]
    counted = Counter(
        body["category"] for record in aligned for body in record["agenda_alignment_bodies"]
    )
    rows = [
        {"key": category, "label_nl": label, "count": counted[category]}
        for category, label in v.AGENDA_BODY_CATEGORIES
    ]
    return {
        "title_nl": TITLES[27],
        "type": "mentions",
        "n_managers": len(aligned),
        "rows": rows,
        "total": {"count": sum(row["count"] for row in rows)},
    }


def _paying_band(budget: int) -> str:
    if budget < 500_000:
        return "under_500k"
    return "from_500k_to_750k" if budget < 750_000 else "from_750k"


def _mean(numbers: list[int]) -> int | None:
    return round_half_up(Fraction(sum(numbers), len(numbers))) if numbers else None


def _budget_vs_paying(records: list[Record]) -> Table:
    known = [
        record
        for record in records
        if record["budget_total_eur"] is not None and record["paying_municipalities"] is not None
    ]
    rows = []
    for band, label in PAYING_BANDS:
        paying = [
            r["paying_municipalities"] for r in known if _paying_band(r["budget_total_eur"]) == band
        ]
        rows.append(
            {
                "key": band,
                "label_nl": label,
                "houses": len(paying),
                "avg_paying_municipalities": _mean(paying),
                "avg_paying_municipalities_excl_outliers": _mean([n for n in paying if n != 1]),
            }
        )
    return {
        "title_nl": TITLES[31],
        "type": "budget_vs_paying",
        "rows": rows,
        "outlier_rule": OUTLIER_RULE,
    }


def national_tables(records: list[Record], *, year: int) -> dict[str, Table]:
    """Tables 1-10 and 13-31 of the year's (validated) house records, keyed "table_N".

    `year` names the monitor year; the tables themselves depend only on the records."""
    del year  # the records are those of the year; kept in the signature for the callers' clarity
    builders: dict[int, Callable[[], Table]] = {
        1: lambda: _covenant(1, records, "cooperation", "geen convenant"),
        2: lambda: _covenant(2, records, "privacy", "geen privacyconvenant"),
        3: lambda: _coded(3, records, "preparation_group", v.PREPARATION_GROUP),
        4: lambda: _coded(4, records, "cooperation_driver", v.COOPERATION_DRIVER),
        5: lambda: _frequency(
            5, MUNICIPALITY_BANDS, (_municipality_band(r["municipalities_count"]) for r in records)
        ),
        6: lambda: _partner_matrix(records),
        7: lambda: _frequency(7, YES_NO, (_yes_no(r["thematic_case_meetings"]) for r in records)),
        8: lambda: _coded(8, records, "casus_op_maat", v.CASUS_OP_MAAT),
        9: lambda: _coded(9, records, "expert_function", v.EXPERT_FUNCTION),
        10: lambda: _coded(10, records, "goal_statement", v.GOAL_STATEMENT),
        13: lambda: _frequency(
            13, BUDGET_BANDS, (_budget_band(r["budget_total_eur"]) for r in records)
        ),
        14: lambda: _frequency(
            14,
            SHARE_BANDS,
            (_share_band(r["national_contribution_eur"], r["budget_total_eur"]) for r in records),
        ),
        15: lambda: _frequency(
            15,
            SHARE_BANDS,
            (_share_band(r["municipal_contribution_eur"], r["budget_total_eur"]) for r in records),
        ),
        16: lambda: _coded(16, records, "cofinancing_key", v.COFINANCING_KEY),
        17: lambda: _frequency(17, FTE_BANDS, (_fte_band(r["fte_total"]) for r in records)),
        18: lambda: _fte_functions(records),
        19: lambda: _coded(19, records, "complex_case_definition", v.COMPLEX_CASE_DEFINITION),
        20: lambda: _coded(20, records, "complex_case_opinion_differences", v.OPINION_DIFFERENCES),
        21: lambda: _frequency(21, REACH_ROWS, (_reach(r) for r in records)),
        22: lambda: _inflow_matrix(records),
        23: lambda: _share_answers(23, records, "municipalities_active_in_referral"),
        24: lambda: _frequency(
            24, NO_YES, (_yes_no(r["new_tasks_since_framework"]) for r in records)
        ),
        25: lambda: _share_answers(25, records, "municipalities_contributed_to_vision"),
        26: lambda: _frequency(
            26,
            _rows_of(v.MUNICIPAL_SHARE_OWN_DIRECTION),
            (r["municipalities_own_process_direction"] or "non_response" for r in records),
            unprinted=("non_response",),
        ),
        27: lambda: _agenda_mentions(records),
        28: lambda: _coded(28, records, "triage_in_house", v.TRIAGE_IN_HOUSE),
        29: lambda: _frequency(
            29,
            NO_YES,
            (
                "not_applicable"
                if r["triage_partners_structurally_involved"] is None
                else _yes_no(r["triage_partners_structurally_involved"])
                for r in records
            ),
            outside=("not_applicable",),
        ),
        30: lambda: _coded(
            30,
            records,
            "external_triage_procedure",
            v.EXTERNAL_TRIAGE_PROCEDURE,
            ("no", "yes", "dont_know"),
        ),
        31: lambda: _budget_vs_paying(records),
    }
    return {f"table_{number}": build() for number, build in builders.items()}
