"""Fail at start-up, not on the first referral, when the referral-check rate is wrong."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register

from zvh.core.rate_window import RATE_PATTERN


@register()
def check_referral_check_rate(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    rate = getattr(settings, "ZVH_REFERRAL_CHECK_RATE", None)
    if isinstance(rate, str) and RATE_PATTERN.match(rate):
        return []
    return [
        Error(
            f"Referral check rate is {rate!r}; expected e.g. '30/hour'.",
            hint="Set ZVH_REFERRAL_CHECK_RATE to <number>/<second|minute|hour|day>.",
            id="zvh_intake.E001",
        )
    ]
