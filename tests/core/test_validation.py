"""The shared date rule of the advice and system-signal services (zvh.core.validation)."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from zvh.core.validation import (
    birth_date_error,
    future_date_error,
    past_date_error,
    planning_horizon_end,
)


def test_a_past_day_is_required_not_future_and_from_2000():
    today = timezone.localdate()
    assert past_date_error(None, required_message="Vul de datum in.") == "Vul de datum in."
    assert past_date_error(today + timedelta(days=1), required_message="") == (
        "De datum ligt in de toekomst."
    )
    assert past_date_error(date(1999, 12, 31), required_message="") == (
        "Vul een datum vanaf 2000 in."
    )
    assert past_date_error(date(2000, 1, 1), required_message="x") == ""
    assert past_date_error(today, required_message="x") == ""


def test_a_birth_date_lies_from_1900_and_not_ahead():
    """The bounds in one place (decision 0181): the person and referral services use them."""
    today = timezone.localdate()
    assert birth_date_error(None) == ""
    assert birth_date_error(date(1900, 1, 1)) == ""
    assert birth_date_error(today) == ""
    assert (
        birth_date_error(date(1899, 12, 31)) == "De geboortedatum ligt vóór 1900. Klopt het jaar?"
    )
    assert birth_date_error(today + timedelta(days=1)) == "De geboortedatum ligt in de toekomst."


def test_a_due_or_review_date_lies_within_the_planning_horizon():
    today = timezone.localdate()
    last = planning_horizon_end(today, 5)
    assert last.year == today.year + 5
    assert future_date_error(None, years=5) == ""
    assert future_date_error(last, years=5) == ""
    message = future_date_error(last + timedelta(days=1), years=5)
    assert message.startswith("Deze datum ligt meer dan 5 jaar vooruit. Kies een datum tot en met")
    assert future_date_error(last + timedelta(days=1), years=6) == ""


def test_the_horizon_from_29_february_ends_on_28_february():
    assert planning_horizon_end(date(2028, 2, 29), 5) == date(2033, 2, 28)
