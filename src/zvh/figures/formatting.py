"""How a figure's cell reads, the same on the page, in the chart and in the CSV: a count as a
whole number (on the page and in the chart with thousands separated, "540.500"), a share as a
percentage with one decimal, days with one decimal, points with two, an amount in euros with
two decimals ("€ 1.234,56" on a page, in Dutch style with grouping; "1234,56" in the CSV); a
suppressed cell as its marker ("<5", "x"), and None ("not computable") as "–"."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from zvh.figures.table import Column, Number, Row, ValueKind

NOT_COMPUTABLE = "–"
DECIMALS = {
    ValueKind.COUNT: 0,
    ValueKind.SHARE: 1,
    ValueKind.DAYS: 1,
    ValueKind.POINTS: 2,
    ValueKind.MONEY: 2,
}


def number_text(value: Number, kind: ValueKind, *, grouping: bool = False) -> str:
    """The value in the active language's notation (Dutch: decimal comma), without a unit;
    with `grouping`, thousands separated (Dutch: a point)."""
    if value is None:
        return NOT_COMPUTABLE
    if kind == ValueKind.SHARE:
        value = float(value) * 100
    if kind == ValueKind.COUNT:
        return number_format(int(value), decimal_pos=0, force_grouping=grouping)
    return number_format(rounded(value, kind), decimal_pos=DECIMALS[kind], force_grouping=grouping)


def rounded(value: float | int, kind: ValueKind) -> Decimal:
    """The value to the decimals its kind shows, half up (3.25 days reads 3,3; € 0.125 reads
    0,13), not the float's nearest or half-even: the page and the XLSX agree to the cent. (A
    share is rounded as the percentage: pass it times 100.)"""
    places = Decimal(1).scaleb(-DECIMALS[kind])
    return Decimal(str(float(value))).quantize(places, rounding=ROUND_HALF_UP)


def money_text(value: float | int, *, decimals: bool = True) -> str:
    """An amount as a Dutch reader writes it: "€ 1.234,56", "€ -12,50" (or "€ 1.235")."""
    if decimals:
        return f"€ {number_text(value, ValueKind.MONEY, grouping=True)}"
    whole = rounded(value, ValueKind.COUNT)
    return f"€ {number_format(whole, decimal_pos=0, force_grouping=True)}"


def cell_text(row: Row, column: Column) -> str:
    """The text of one cell, with the unit of a share ("%") or an amount ("€")."""
    marker = row.suppressed.get(column.key)
    if marker:
        return marker
    value = row.values.get(column.key)
    if value is not None and column.kind == ValueKind.MONEY:
        return money_text(value)
    text = number_text(value, column.kind, grouping=True)
    if value is not None and column.kind == ValueKind.SHARE:
        return f"{text} %"
    return text


def suppression_markers(rows: list[Row]) -> set[str]:
    return {marker for row in rows for marker in row.suppressed.values()}


def legend(markers: set[str]) -> list[tuple[str, str]]:
    """(marker, explanation) for every marker present, "<N" first."""
    entries = []
    for marker in sorted(markers, key=lambda m: (m == "x", m)):
        if marker.startswith("<"):
            entries.append(
                (
                    marker,
                    _("minder dan %(threshold)s (klein aantal, verborgen)")
                    % {"threshold": marker[1:]},
                )
            )
        elif marker == "x":
            entries.append(
                (
                    marker,
                    _(
                        "verborgen, zodat een klein aantal niet uit het totaal of de andere "
                        "cellen is terug te rekenen"
                    ),
                )
            )
    return entries
