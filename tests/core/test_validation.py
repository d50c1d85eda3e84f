"""The shared date rule of the advice and system-signal services (zvh.core.validation)."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from zvh.core.validation import past_date_error


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
