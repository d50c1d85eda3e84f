"""Fail at start-up when the signal's rate limit from the environment is wrong."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register

from zvh.core.rate_window import RATE_PATTERN


@register()
def check_signal_lookup_rate(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    rate = getattr(settings, "ZVH_SIGNAL_LOOKUP_RATE", None)
    if isinstance(rate, str) and RATE_PATTERN.match(rate):
        return []
    return [
        Error(
            f"Signal lookup rate limit is {rate!r}; expected e.g. '120/minute'.",
            hint="Set ZVH_SIGNAL_LOOKUP_RATE to <number>/<second|minute|hour|day>.",
            id="zvh_signals.E001",
        )
    ]
