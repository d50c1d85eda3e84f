"""Rate limits: one budget per API token and one per logged-in user.

Rates come from REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] (set from the environment in base
settings). They are read per request, not at import, so a changed setting takes effect.
Anonymous calls are not counted: they are refused (401) before throttling runs.

Counted in the database that every worker and app server shares, one statement per call
(docs/decisions/0151-signal-lookup-at-500-per-second.md): a window opens at a budget's first
call and lasts the rate's period; every call in it counts, a refused one too, and the budget
is whole again when the window ends.
"""

from __future__ import annotations

from functools import cache
from typing import Any, cast

from django.db import connection
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from zvh.core import hot_sql

from .models import ApiToken, RateWindow


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


class WindowRateThrottle(SimpleRateThrottle):
    """DRF's throttle interface (rate strings, Retry-After) over `rate_window_count`."""

    # Set by SimpleRateThrottle from the rate string ("600/minute": 600 per 60 seconds).
    num_requests: int
    duration: int
    hits = 0
    started = 0.0

    def get_rate(self) -> str | None:
        rates = cast(dict[str, str], api_settings.DEFAULT_THROTTLE_RATES)
        return rates[str(self.scope)]

    def allow_request(self, request: Request, view: Any) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        self.hits, self.started = rate_window_count(
            key=self.key, now=self.now, period=float(self.duration)
        )
        return self.hits <= int(self.num_requests)

    def wait(self) -> float:
        """Seconds until the window ends and the budget is whole again."""
        return max(self.started + float(self.duration) - self.now, 0.0)


class ApiTokenRateThrottle(WindowRateThrottle):
    scope = "api_token"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class SessionUserRateThrottle(WindowRateThrottle):
    scope = "api_user"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        user = request.user
        if isinstance(request.auth, ApiToken) or user is None or not user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": user.pk}
