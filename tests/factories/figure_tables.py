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


def money_figure(chart: str = "bar") -> FigureTable:
    """Amounts in euros beside public inhabitants and a count (like the co-financing table):
    Bee's 3 cases are small, so at 5 its amount (based on the cases) goes with them, and Cee's
    7 is hidden as "x" so that the total cannot give the 3 away. Aa pays more than its use."""
    columns = (
        Column("inhabitants", "Inwoners", public=True),
        Column("cases", "Casussen"),
        Column("use_share", "Aandeel gebruik", ValueKind.SHARE, base="cases", of_total=True),
        Column("amount", "Bijdrage", ValueKind.MONEY, base="cases"),
        Column("difference", "Verschil", ValueKind.MONEY, base="cases"),
    )
    rows = [
        Row(
            "a",
            "Aa",
            {
                "inhabitants": 60_000,
                "cases": 12,
                "use_share": 0.545,
                "amount": 123_456.785,
                "difference": 1_234.5,
            },
        ),
        Row(
            "b",
            "Bee",
            {
                "inhabitants": 2,
                "cases": 3,
                "use_share": 0.136,
                "amount": 20_000.0,
                "difference": -0.5,
            },
        ),
        Row(
            "c",
            "Cee",
            {
                "inhabitants": 10_000,
                "cases": 7,
                "use_share": 0.318,
                "amount": 6_543.21,
                "difference": -1_234.0,
            },
        ),
    ]
    total = Row(
        "total",
        "Totaal",
        {
            "inhabitants": 70_002,
            "cases": 22,
            "use_share": 1.0,
            "amount": 149_999.995,
            "difference": 0.0,
        },
    )
    return FigureTable(
        "cofinancing.test",
        "Bijdrage per gemeente",
        "Begroting verdeeld per casus.",
        "Gemeente",
        columns,
        rows,
        total,
        chart=chart,
        chart_column="amount",
    )
