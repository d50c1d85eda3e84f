"""The national tables as figures: each table of zvh.monitor.exchange.tables.national_tables in
the shape every figure has (zvh.figures.table.FigureTable), so that the page, the SVG chart, the
CSV and the small-cell suppression are the figures' own (decision 0184).

Nothing here computes a table: counts and percentages are copied from the tables' output. What
is added is presentation: the note on what falls outside a base, the column of the house's own
answer on the comparison page, and, for a chain manager, the suppressed copy under the house's
threshold (zvh.figures.suppression), with what falls outside the base as rows of its own so that
a small number there cannot be worked out from a total either.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from zvh.figures.charts import chart_svg
from zvh.figures.suppression import suppress
from zvh.figures.table import Column, FigureTable, Row, ValueKind
from zvh.monitor.exchange import vocabulary

TABLE_NUMBERS = tuple(range(1, 32))
TEXT_TABLES = {
    11: (
        "national_level_contribution",
        "Genoemde bijdragen die landelijk niveau kan leveren aan "
        "oplossing van knelpunten (op basis van vragenlijst ketenmanagers)",
    ),
    12: (
        "main_opportunity",
        "Stelling 'De belangrijkste kans voor ons veiligheidshuis in de "
        "komende periode is …' (op basis van vragenlijst ketenmanagers)",
    ),
}
MATRIX_TYPES = {"matrix_pct", "matrix_counts"}


@dataclass
class NationalTable:
    number: int
    key: str
    title: str
    kind: str
    figure: FigureTable | None = None
    notes: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    # The tables' output as the exchange document gives it (the national role's CSV/JSON).
    data: dict[str, Any] = field(default_factory=dict)


# The values that fall outside a table's base, or stay in it without a printed row, by table:
# their Dutch names (exchange document; the same value means different things per table).
OUTSIDE_LABELS: dict[int, dict[str, str]] = {
    1: {"unknown": "onbekend"},
    2: {"unknown": "onbekend"},
    23: dict(vocabulary.MUNICIPAL_SHARE),
    25: dict(vocabulary.MUNICIPAL_SHARE),
    26: {"non_response": "non respons"},
    29: {"not_applicable": "niet van toepassing (geen triage in het huis)"},
}


def value_label(number: int, value: str) -> str:
    """The Dutch name of a value outside a table's base (the value itself if unnamed)."""
    return OUTSIDE_LABELS.get(number, {}).get(value, value)


def _pct(value: Any) -> int | None:
    """A table's percentage as printed: a whole number (rounded half up by the tables)."""
    return None if value is None else int(value)


def _count_column() -> Column:
    return Column("count", _("Aantal"))


def _pct_column(key: str = "pct", label: str = "%") -> Column:
    """A whole percentage, shown as the tables give it. Not a count of houses: suppression
    leaves it alone, and `_follow` hides it wherever the count it belongs to is hidden."""
    return Column(key, label, ValueKind.COUNT, public=True)


def _follow(table: FigureTable, dependent: dict[str, str]) -> FigureTable:
    """After suppression: a cell derived from a count (`dependent` maps its column to the
    count's) is hidden with that count, under the same marker."""
    for row in table.all_rows():
        for column, base in dependent.items():
            marker = row.suppressed.get(base)
            if marker:
                row.values[column] = None
                row.suppressed[column] = marker
    return table


def _outside_notes(number: int, data: dict) -> list[str]:
    notes = []
    for value, count in (data.get("not_in_base") or {}).items():
        notes.append(
            _("Buiten de basis: %(value)s (%(count)s)")
            % {"value": value_label(number, value), "count": count}
        )
    for value, count in (data.get("in_base_unprinted") or {}).items():
        notes.append(
            _("In de basis, zonder eigen rij: %(value)s (%(count)s)")
            % {"value": value_label(number, value), "count": count}
        )
    return notes


def _frequency(number: int, data: dict, *, extras_as_rows: bool) -> FigureTable:
    rows = [
        Row(r["key"], r["label_nl"], {"count": r["count"], "pct": _pct(r.get("pct"))})
        for r in data["rows"]
    ]
    total_count = data["total"]["count"]
    if extras_as_rows:
        # A chain manager's copy: the houses outside the base (or without a printed row) are
        # rows too, and the total is every house, so that suppression protects them as well.
        for prefix, extra, outside in (
            (_("buiten de basis"), data.get("not_in_base") or {}, True),
            (_("zonder eigen rij"), data.get("in_base_unprinted") or {}, False),
        ):
            for value, count in extra.items():
                label = f"{value_label(number, value)} ({prefix})"
                rows.append(Row(f"extra_{value}", label, {"count": count, "pct": None}))
                total_count += count if outside else 0
    total = Row("total", _("Totaal"), {"count": total_count, "pct": _pct(data["total"].get("pct"))})
    return FigureTable(
        key=f"national.table_{number}",
        title=_table_title(number, data),
        definition="",
        row_header=_("Antwoord"),
        columns=(_count_column(), _pct_column()),
        rows=rows,
        total=total,
        chart="bar",
        chart_column="count",
    )


def _table_title(number: int, data: dict) -> str:
    return _("Tabel %(number)s %(title)s") % {"number": number, "title": data.get("title_nl", "")}


def _matrix_pct(number: int, data: dict) -> FigureTable:
    bands = (("none", _("Geen")), ("one", _("Eén")), ("more_than_one", _("Meer dan één")))
    columns = [Column(key, label) for key, label in bands]
    columns += [_pct_column(f"pct_{key}", f"{label} (%)") for key, label in bands]
    rows = []
    for r in data["rows"]:
        values: dict[str, Any] = {key: r["counts"][key] for key, _label in bands}
        values.update({f"pct_{key}": _pct(r["pct"][key]) for key, _label in bands})
        rows.append(Row(r["key"], r["label_nl"], values))
    return FigureTable(
        key=f"national.table_{number}",
        title=_table_title(number, data),
        definition=_("Basis: %(base)s huizen.") % {"base": data.get("base")},
        row_header=_("Organisatie"),
        columns=tuple(columns),
        rows=rows,
        chart="",
    )


def _band_label(column: str) -> str:
    return {
        "pct_0": "0%",
        "pct_1_10": "1-10%",
        "pct_11_25": "11-25%",
        "pct_26_50": "26-50%",
        "pct_51_75": "51-75%",
        "pct_76_100": "76-100%",
    }.get(column, column)


def _matrix_counts(number: int, data: dict) -> FigureTable:
    keys = [c if isinstance(c, str) else c["key"] for c in data["columns"]]
    columns = [Column(key, _band_label(key)) for key in keys]
    columns.append(Column("answered", _("Ingevuld")))
    rows = [
        Row(
            r["key"],
            r["label_nl"],
            {**{k: r["counts"][k] for k in keys}, "answered": r["answered"]},
        )
        for r in data["rows"]
    ]
    return FigureTable(
        key=f"national.table_{number}",
        title=_table_title(number, data),
        definition=_(
            "Aantallen huizen per aandeel in de instroom; niet ingevulde waarden tellen niet mee."
        ),
        row_header=_("Organisatie"),
        columns=tuple(columns),
        rows=rows,
        chart="",
    )


def _fte(number: int, data: dict) -> FigureTable:
    rows = [
        Row(
            r["key"],
            r["label_nl"],
            {"avg": r["avg_fte_per_house"], "fte_total": r["fte_total"], "pct": _pct(r["pct"])},
        )
        for r in data["rows"]
    ]
    total = data["total"]
    return FigureTable(
        key=f"national.table_{number}",
        title=_table_title(number, data),
        definition=_(
            "Gemiddelde over %(houses)s huizen (alle huizen van het jaar); %(with_fte)s huizen "
            "gaven hun fte's op."
        )
        % {
            "houses": data.get("average_denominator_houses"),
            "with_fte": data.get("houses_with_fte"),
        },
        row_header=_("Functie"),
        columns=(
            Column("avg", _("Gemiddeld aantal fte per huis"), ValueKind.DAYS),
            # An amount of FTE, not a count of houses.
            Column("fte_total", _("Fte totaal"), public=True),
            _pct_column(),
        ),
        rows=rows,
        total=Row(
            "total",
            total.get("label_nl") or _("Totaal"),
            {"avg": None, "fte_total": total["fte_total"], "pct": _pct(total.get("pct"))},
        ),
        chart="bar",
        chart_column="fte_total",
    )


def _mentions(number: int, data: dict) -> FigureTable:
    return FigureTable(
        key=f"national.table_{number}",
        title=_table_title(number, data),
        definition=_("Aantal keren genoemd door %(n)s ketenmanagers.")
        % {"n": data.get("n_managers")},
        row_header=_("Gremium"),
        columns=(Column("count", _("Aantal keren genoemd")),),
        rows=[Row(r["key"], r["label_nl"], {"count": r["count"]}) for r in data["rows"]],
        total=Row("total", _("Totaal"), {"count": data["total"]["count"]}),
        chart="bar",
    )


def _budget_vs_paying(number: int, data: dict) -> FigureTable:
    rows = [
        Row(
            r["key"],
            r["label_nl"],
            {
                "houses": r["houses"],
                "avg": r["avg_paying_municipalities"],
                "avg_excl": r["avg_paying_municipalities_excl_outliers"],
            },
        )
        for r in data["rows"]
    ]
    return FigureTable(
        key=f"national.table_{number}",
        title=_table_title(number, data),
        definition=str(data.get("outlier_rule") or ""),
        row_header=_("Begroting"),
        columns=(
            Column("houses", _("Huizen")),
            _pct_column("avg", _("Gemiddeld aantal betalende gemeenten")),
            _pct_column("avg_excl", _("Gemiddeld, zonder huizen met één betalende gemeente")),
        ),
        rows=rows,
        chart="bar",
        chart_column="avg",
    )


BUILDERS = {
    "matrix_pct": _matrix_pct,
    "matrix_counts": _matrix_counts,
    "fte_functions": _fte,
    "mentions": _mentions,
    "budget_vs_paying": _budget_vs_paying,
}


def _figure(number: int, data: dict, *, extras_as_rows: bool = False) -> FigureTable:
    if data.get("type", "frequency") == "frequency":
        return _frequency(number, data, extras_as_rows=extras_as_rows)
    return BUILDERS[data["type"]](number, data)


def national_display(tables: dict, records: list[dict]) -> list[NationalTable]:
    """Tables 1-31 in the report's order, exactly (the national role)."""
    shown = []
    for number in TABLE_NUMBERS:
        if number in TEXT_TABLES:
            key, title = TEXT_TABLES[number]
            texts = sorted(str(r[key]).strip() for r in records if (r.get(key) or "").strip())
            shown.append(
                NationalTable(
                    number,
                    f"table_{number}",
                    _table_title(number, {"title_nl": title}),
                    "texts",
                    texts=texts,
                )
            )
            continue
        data = tables[f"table_{number}"]
        shown.append(
            NationalTable(
                number,
                f"table_{number}",
                _table_title(number, data),
                data.get("type", "frequency"),
                figure=_figure(number, data),
                notes=_outside_notes(number, data)
                if data.get("type", "frequency") == "frequency"
                else [],
                data=data,
            )
        )
    return shown


# --- a chain manager's house beside all houses -------------------------------------------------


def _transposed(table: FigureTable, count_keys: list[str], total_key: str) -> FigureTable:
    """Rows become columns: a matrix whose rows each sum to a published row total (T6's base,
    T22's "answered") is suppressed per row by suppressing the transposed table per column."""
    columns = tuple(Column(row.key, row.label) for row in table.rows)
    rows = [
        Row(key, key, {row.key: row.values.get(key) for row in table.rows}) for key in count_keys
    ]
    total = Row(total_key, total_key, {row.key: row.values.get(total_key) for row in table.rows})
    return FigureTable(
        key=table.key,
        title=table.title,
        definition="",
        row_header="",
        columns=columns,
        rows=rows,
        total=total,
        chart="",
    )


def _suppress_matrix(
    table: FigureTable,
    count_keys: list[str],
    threshold: int,
    *,
    total_key: str,
    base: int | None = None,
) -> FigureTable:
    result = copy.deepcopy(table)
    if base is not None:
        for row in result.rows:
            row.values["_total"] = base
    hidden = suppress(_transposed(result, count_keys, total_key), threshold)
    for row in result.rows:
        for key in count_keys:
            marker = next((r.suppressed.get(row.key) for r in hidden.rows if r.key == key), None)
            if marker:
                row.values[key] = None
                row.suppressed[key] = marker
                pct_key = f"pct_{key}"
                if pct_key in row.values:
                    row.values[pct_key] = None
                    row.suppressed[pct_key] = marker
        if total_key in row.values and total_key != "_total":
            marker = hidden.total.suppressed.get(row.key) if hidden.total else None
            if marker:
                row.values[total_key] = None
                row.suppressed[total_key] = marker
        row.values.pop("_total", None)
    return result


def _suppressed(number: int, data: dict, threshold: int) -> FigureTable | None:
    kind = data.get("type", "frequency")
    if kind == "frequency":
        table = _follow(
            suppress(_figure(number, data, extras_as_rows=True), threshold), {"pct": "count"}
        )
        if any(r.suppressed for r in table.rows if r.key.startswith("extra_")):
            # A percentage of the base beside a published count gives the base away, and with it
            # what falls outside: the percentages go when anything there is hidden.
            for row in table.all_rows():
                row.values["pct"] = None
                row.suppressed["pct"] = row.suppressed.get("count") or "x"
        return table
    table = _figure(number, data)
    if kind == "matrix_pct":
        return _suppress_matrix(
            table,
            ["none", "one", "more_than_one"],
            threshold,
            total_key="_total",
            base=data.get("base"),
        )
    if kind == "matrix_counts":
        return _suppress_matrix(
            table,
            [c.key for c in table.columns if c.key != "answered"],
            threshold,
            total_key="answered",
        )
    if kind == "fte_functions":
        # Sums of fte, not counts of houses; shown only when enough houses gave them.
        return table if (data.get("houses_with_fte") or 0) >= threshold else None
    if kind == "mentions":
        return suppress(table, threshold) if (data.get("n_managers") or 0) >= threshold else None
    return _follow(suppress(table, threshold), {"avg": "houses", "avg_excl": "houses"})


def _own_column(table: FigureTable, own: dict, data: dict) -> FigureTable:
    """The house's own answer beside all houses: "1" in the row of its answer (its own data,
    visible to the house), a public column that suppression leaves alone."""
    kind = data.get("type", "frequency")
    table = copy.deepcopy(table)
    column = Column("own", _("Uw huis"), public=True)
    if kind in {"frequency", "mentions", "budget_vs_paying"}:
        key = "houses" if kind == "budget_vs_paying" else "count"
        counts = {r["key"]: r.get(key) or 0 for r in own.get("rows", [])}
        for row in table.rows:
            row.values["own"] = counts.get(row.key, 0)
        for value in (own.get("not_in_base") or {}) | (own.get("in_base_unprinted") or {}):
            for row in table.rows:
                if row.key == f"extra_{value}":
                    row.values["own"] = 1
    elif kind == "fte_functions":
        column = Column("own", _("Uw huis (fte)"), ValueKind.DAYS, public=True)
        by_key = {r["key"]: r.get("avg_fte_per_house") for r in own.get("rows", [])}
        for row in table.rows:
            row.values["own"] = by_key.get(row.key)
    else:
        return table
    if table.total is not None:
        table.total.values["own"] = None
    table.columns = (*table.columns, column)
    return table


def comparison_display(comparison: Any) -> list[NationalTable]:
    """All houses (suppressed with the house's threshold) beside the house's own answer; tables
    11 and 12 show the house's own text only (another house's words are its answer)."""
    shown = []
    own_tables = comparison.own_tables or {}
    for number in TABLE_NUMBERS:
        if number in TEXT_TABLES:
            key, title = TEXT_TABLES[number]
            own_text = ((comparison.own_record or {}).get(key) or "").strip()
            shown.append(
                NationalTable(
                    number,
                    f"table_{number}",
                    _table_title(number, {"title_nl": title}),
                    "texts",
                    texts=[own_text] if own_text else [],
                )
            )
            continue
        data = comparison.tables[f"table_{number}"]
        table = _suppressed(number, data, comparison.threshold)
        notes = []
        if table is None:
            notes.append(
                _("Niet getoond: te weinig huizen om deze tabel zonder kleine aantallen te tonen.")
            )
        elif own_tables:
            table = _own_column(table, own_tables[f"table_{number}"], data)
            if data.get("type") in MATRIX_TYPES:
                notes.append(_own_matrix_note(number, comparison.own_record or {}))
        shown.append(
            NationalTable(
                number,
                f"table_{number}",
                _table_title(number, data),
                data.get("type", "frequency"),
                figure=table,
                notes=[n for n in notes if n],
            )
        )
    return shown


def _own_matrix_note(number: int, record: dict) -> str:
    """A matrix's own answers in words (T6: organisations per kind; T22: inflow shares)."""
    if number == 6:
        counts = record.get("partner_org_counts") or {}
        parts = [f"{label}: {counts.get(key)}" for key, label in vocabulary.PARTNER_ORG_KINDS]
    else:
        shares = record.get("inflow_share_pct") or {}
        parts = [
            f"{label}: {'–' if shares.get(key) is None else str(shares.get(key)) + '%'}"
            for key, label in vocabulary.INFLOW_PARTNERS
        ]
    return _("Uw huis: %(answers)s") % {"answers": "; ".join(parts)}


# --- trends ------------------------------------------------------------------------------------


@dataclass
class Trend:
    number: int
    title: str
    figure: FigureTable  # rows × years, each cell the row's % in that year
    chart_svg: SafeString  # one bar per row and year, the years of a row side by side


def trends_display(by_year: dict[int, dict]) -> list[Trend]:
    years = sorted(by_year)
    if not years:
        return []
    trends = []
    latest = by_year[years[-1]]
    for number in TABLE_NUMBERS:
        key = f"table_{number}"
        if number in TEXT_TABLES or latest[key].get("type", "frequency") != "frequency":
            continue
        labels: dict[str, str] = {}
        values: dict[str, dict[str, Any]] = {}
        for year in years:
            for r in by_year[year][key]["rows"]:
                labels.setdefault(r["key"], r["label_nl"])
                values.setdefault(r["key"], {})[str(year)] = _pct(r.get("pct"))
        title = _table_title(number, latest[key])
        figure = FigureTable(
            key=f"national.trend_{number}",
            title=title,
            definition=_("Percentage van de basis per jaar."),
            row_header=_("Antwoord"),
            columns=tuple(_pct_column(str(y), f"{y} (%)") for y in years),
            rows=[Row(k, labels[k], values[k]) for k in labels],
            chart="",
        )
        bars = FigureTable(
            key=f"national.trend_chart_{number}",
            title=title,
            definition="",
            row_header="",
            columns=(_pct_column(),),
            rows=[
                Row(f"{k}_{y}", f"{labels[k]} ({y})", {"pct": values[k].get(str(y))})
                for k in labels
                for y in years
            ],
            chart="bar",
        )
        trends.append(Trend(number, title, figure, chart_svg(bars)))
    return trends
