"""Fixtures of the login tests."""

from __future__ import annotations

import time

import pytest

# TOTPDevice's default step (and what every app uses).
TOTP_STEP_SECONDS = 30
# Longer than any test below takes from its first code to its last login.
_MARGIN_SECONDS = 5


@pytest.fixture
def steady_totp_step() -> None:
    """For a test that logs in twice, the second time with the next step's code: it must not
    straddle a step boundary. A code sent just after the boundary is accepted one step late and
    django-otp then records that drift, so the "next" code it expects is one step earlier and the
    test's is refused. Waits (at most the margin) for a step with room left."""
    left = TOTP_STEP_SECONDS - time.time() % TOTP_STEP_SECONDS
    if left < _MARGIN_SECONDS:
        time.sleep(left + 0.1)
