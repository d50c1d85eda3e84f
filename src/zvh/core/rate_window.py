"""Rate-limit windows counted in the database every worker and app server shares, one statement
per call (docs/decisions/0151-signal-lookup-at-500-per-second.md): a window opens at a budget's
first call and lasts the rate's period; every call in it counts, a refused one too, and the
budget is whole again when the window ends.

One primitive for every budget: the API's throttles (`zvh.api.throttling`) and the referral
form's person checks (`zvh.intake.services`) both count here (decision 0157).
"""

from __future__ import annotations

import re
from functools import cache

from django.db import connection

from . import hot_sql
from .models import RateWindow

# A count, a slash, a period's first letter: "600/minute", "30/hour" (as DRF reads rates).
RATE_PATTERN = re.compile(r"^[1-9][0-9]*/[smhd][a-z]*$")
_PERIOD_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """("30/hour") -> (30, 3600): calls allowed, and the window's length in seconds."""
    if not RATE_PATTERN.match(rate):
        raise ValueError(f"Rate {rate!r} is not <number>/<second|minute|hour|day>.")
    count, period = rate.split("/")
    return int(count), _PERIOD_SECONDS[period[0]]


@cache
def _count_sql(vendor: str) -> str:
    """Count one call: a new window when there is none or the last one has ended (its start at
    or before the cut-off), else one more in it. Gives the count and the window's start."""
    names = {
        "table": hot_sql.table(RateWindow),
        "key": hot_sql.column(RateWindow, "key"),
        "started": hot_sql.column(RateWindow, "started"),
        "hits": hot_sql.column(RateWindow, "hits"),
    }
    return (  # noqa: S608 (names from the model, values bound)
        "INSERT INTO {table} AS w ({key}, {started}, {hits}) VALUES (%s, %s, 1) "
        "ON CONFLICT ({key}) DO UPDATE SET "
        "{hits} = CASE WHEN w.{started} > %s THEN w.{hits} + 1 ELSE 1 END, "
        "{started} = CASE WHEN w.{started} > %s THEN w.{started} ELSE excluded.{started} END "
        "RETURNING {hits}, {started}"
    ).format(**names)


def rate_window_count(*, key: str, now: float, period: float) -> tuple[int, float]:
    """Count a call against `key`'s budget: (calls in the current window, when it started)."""
    cut_off = now - period
    with hot_sql.cursor() as cursor:
        cursor.execute(_count_sql(connection.vendor), [key, now, cut_off, cut_off])
        hits, started = cursor.fetchone()
    return int(hits), float(started)
