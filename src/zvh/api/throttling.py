"""Rate limits: one budget per API token and one per logged-in user.

Rates come from REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] (set from the environment in base
settings). They are read per request, not at import, so a changed setting takes effect.
Anonymous calls are not counted: they are refused (401) before throttling runs.
"""

from __future__ import annotations

from typing import Any, cast

from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from .models import ApiToken


class _RateFromSettings(SimpleRateThrottle):
    def get_rate(self) -> str | None:
        rates = cast(dict[str, str], api_settings.DEFAULT_THROTTLE_RATES)
        return rates[str(self.scope)]


class ApiTokenRateThrottle(_RateFromSettings):
    scope = "api_token"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class SessionUserRateThrottle(_RateFromSettings):
    scope = "api_user"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        user = request.user
        if isinstance(request.auth, ApiToken) or user is None or not user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": user.pk}
