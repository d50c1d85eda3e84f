"""The signal's own budget per API token, apart from the general API budget: ZSM looks up
many more persons a minute than a partner application reads lists."""

from __future__ import annotations

from django.conf import settings

from zvh.api.throttling import ApiTokenRateThrottle


class SignalLookupThrottle(ApiTokenRateThrottle):
    """Counted per token like the API budget (the cache key carries this scope)."""

    scope = "signal_lookup"

    def get_rate(self) -> str | None:
        # Read per request (not at import) so a changed setting takes effect, as in the API app.
        return str(settings.ZVH_SIGNAL_LOOKUP_RATE)
