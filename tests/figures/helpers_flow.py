"""Small helpers for the tests of the inflow, triage and throughput figures."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from zvh.figures.table import FigureTable, Number, Row

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A moment given as the wall-clock time in the house's time zone."""
    return datetime(year, month, day, hour, minute, tzinfo=AMSTERDAM)


def row(table: FigureTable, key: str) -> Row:
    if key == "total":
        assert table.total is not None
        return table.total
    found = [r for r in table.rows if r.key == key]
    assert len(found) == 1, (key, [r.key for r in table.rows])
    return found[0]


def cell(table: FigureTable, key: str, column: str) -> Number:
    return row(table, key).values[column]
