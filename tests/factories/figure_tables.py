"""Hand-made figure tables for the presentation tests (suppression, charts, exports, the tag)."""

from __future__ import annotations

from zvh.figures.table import Column, FigureTable, Row, ValueKind


def organisation_figure(chart: str = "bar", key: str = "inflow.by_organisation") -> FigureTable:
    """Four organisations, two periods, a share and a median; a label with markup in it; drills
    on three rows. Suppressed at 5: the 3 is "<5" and the 12 "x" (it would give the 3 away)."""
    columns = (
        Column("now", "Deze periode"),
        Column("before", "Vorige periode"),
        Column("share", "Aandeel acuut", ValueKind.SHARE, base="now"),
        Column("days", "Mediaan dagen", ValueKind.DAYS, base="now"),
    )
    rows = [
        Row(
            "a",
            "<b>Wijkteam</b>",
            {"now": 3, "before": 20, "share": 0.0, "days": 2.0},
            drill={"list": "referrals", "referring_organisation": "a"},
        ),
        Row(
            "b",
            "Politie",
            {"now": 40, "before": 30, "share": 0.25, "days": 3.25},
            drill={"list": "referrals", "referring_organisation": "b"},
        ),
        Row(
            "c",
            "Reclassering",
            {"now": 12, "before": 10, "share": 0.5, "days": None},
            drill={"list": "referrals", "referring_organisation": "c"},
        ),
        Row("d", "Gemeente", {"now": 25, "before": 15, "share": 0.4, "days": 1.0}),
    ]
    total = Row("total", "Totaal", {"now": 80, "before": 75, "share": 0.3, "days": 2.5})
    return FigureTable(
        key,
        "Instroom per organisatie",
        "Aantal verwijzingen met ontvangstdatum in de periode.",
        "Organisatie",
        columns,
        rows,
        total,
        chart=chart,
    )


def monthly_figure() -> FigureTable:
    """Twelve months of referrals, one of them small (2)."""
    values = [12, 14, 2, 15, 16, 30, 22, 18, 9, 11, 25, 19]
    rows = [Row(f"2026-{m:02d}", f"2026-{m:02d}", {"now": v}) for m, v in enumerate(values, 1)]
    return FigureTable(
        "inflow.monthly",
        "Instroom per maand",
        "Verwijzingen per maand.",
        "Maand",
        (Column("now", "Verwijzingen"),),
        rows,
        Row("total", "Totaal", {"now": sum(values)}),
        chart="line",
    )
