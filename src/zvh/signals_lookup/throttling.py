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
        HTTP"). Reset is the seconds until the window ends and the budget is whole again; when
        Remaining is 0 that is Retry-After."""
        limit = int(self.num_requests)
        return {
            "RateLimit-Limit": str(limit),
            "RateLimit-Remaining": str(max(limit - self.hits, 0)),
            "RateLimit-Reset": str(math.ceil(self.wait())),
        }
