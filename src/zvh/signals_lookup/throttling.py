"""The signal's own budget per API token, apart from the general API budget: ZSM looks up
many more persons a minute than a partner application reads lists."""

from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from rest_framework.request import Request

from zvh.api.throttling import ApiTokenRateThrottle

# Where the throttle leaves the budget's state for the view's response headers.
RATE_LIMIT_ATTRIBUTE = "_zvh_rate_limit"


class SignalLookupThrottle(ApiTokenRateThrottle):
    """Counted per token like the API budget (the cache key carries this scope)."""

    scope = "signal_lookup"

    def get_rate(self) -> str | None:
        # Read per request (not at import) so a changed setting takes effect, as in the API app.
        return str(settings.ZVH_SIGNAL_LOOKUP_RATE)

    def allow_request(self, request: Request, view: Any) -> bool:
        allowed = super().allow_request(request, view)
        if getattr(self, "key", None) is not None:  # counted: a token call with a rate
            setattr(request, RATE_LIMIT_ATTRIBUTE, self.headers())
        return allowed

    def headers(self) -> dict[str, str]:
        """RateLimit-Limit, -Remaining and -Reset (IETF draft "RateLimit header fields for
        HTTP"). The window slides, so Reset is the seconds until the oldest counted lookup
        leaves it, i.e. until Remaining goes up again; when Remaining is 0 that is Retry-After."""
        limit, window = (int(part or 0) for part in self.parse_rate(self.rate))
        remaining = max(limit - len(self.history), 0)
        reset = self.history[-1] + window - self.now if self.history else 0
        return {
            "RateLimit-Limit": str(limit),
            "RateLimit-Remaining": str(remaining),
            "RateLimit-Reset": str(max(math.ceil(reset), 0)),
        }
