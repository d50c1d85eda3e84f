"""Fail at start-up, not on the first API call, when a rate limit from the environment is wrong."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, register
from rest_framework.settings import api_settings

from zvh.core.rate_window import RATE_PATTERN

from .throttling import ApiTokenRateThrottle, SessionUserRateThrottle


@register()
def check_throttle_rates(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    errors: list[Error] = []
    for throttle in (ApiTokenRateThrottle, SessionUserRateThrottle):
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(throttle.scope)
        if not isinstance(rate, str) or not RATE_PATTERN.match(rate):
            errors.append(
                Error(
                    f"API rate limit {throttle.scope!r} is {rate!r}; expected e.g. '600/minute'.",
                    hint="Set ZVH_API_RATE_TOKEN / ZVH_API_RATE_USER to <number>/<second|minute|"
                    "hour|day>.",
                    id="zvh_api.E001",
                )
            )
    return errors
