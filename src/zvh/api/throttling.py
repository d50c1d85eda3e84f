"""Rate limits: one budget per API token and one per logged-in user.

Rates come from REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] (set from the environment in base
settings). They are read per request, not at import, so a changed setting takes effect.
Anonymous calls are not counted: they are refused (401) before throttling runs.

Counted by `zvh.core.rate_window` in the database that every worker and app server shares, one
statement per call (docs/decisions/0151-signal-lookup-at-500-per-second.md): a window opens at
a budget's first call and lasts the rate's period; every call in it counts, a refused one too,
and the budget is whole again when the window ends.
"""

from __future__ import annotations

from typing import Any, cast

from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

# The counting itself is core's, shared with the referral form's checks (decision 0157).
from zvh.core.rate_window import rate_window_count

from .models import ApiToken


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
