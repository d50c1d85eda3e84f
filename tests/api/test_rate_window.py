"""Rate limits count in the database, one statement per call (zvh/api/throttling.py): a window
opens at a budget's first call and lasts the rate's period."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from zvh.api.throttling import WindowRateThrottle, rate_window_count

from .conftest import bearer

ORGS = "api:organisation-list"


def test_calls_count_up_in_a_window_that_opens_at_the_first(db):
    assert rate_window_count(key="k", now=1000.0, period=60) == (1, 1000.0)
    assert rate_window_count(key="k", now=1030.0, period=60) == (2, 1000.0)
    assert rate_window_count(key="k", now=1059.9, period=60) == (3, 1000.0)
    # At the end of the period a new window opens with this call.
    assert rate_window_count(key="k", now=1060.0, period=60) == (1, 1060.0)
    assert rate_window_count(key="other", now=1061.0, period=60) == (1, 1061.0)
    assert rate_window_count(key="k", now=1061.0, period=60) == (2, 1060.0)


def test_a_refused_token_is_served_again_when_its_window_ends(
    world, issue_token, settings, monkeypatch
):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"api_token": "2/minute", "api_user": "2/minute"},
    }
    clock = [5000.0]
    monkeypatch.setattr(WindowRateThrottle, "timer", lambda self: clock[0])
    _, secret = issue_token()
    client = bearer(secret)
    assert [client.get(reverse(ORGS)).status_code for _ in range(3)] == [200, 200, 429]
    clock[0] += 45
    refused = client.get(reverse(ORGS))
    assert refused.status_code == 429
    assert refused["Retry-After"] == "15"  # what is left of the minute that opened at 5000
    clock[0] += 15
    assert client.get(reverse(ORGS)).status_code == 200


@pytest.mark.skipif(connection.vendor != "postgresql", reason="UNLOGGED is a PostgreSQL feature")
def test_the_counts_are_not_written_to_the_wal_on_postgresql(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT relpersistence FROM pg_class WHERE relname = 'api_ratewindow'")
        assert cursor.fetchone() == ("u",)
