"""The rate-limit cache: Django's database cache whose own writes skip the wait for the disk."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from zvh.api.cache import RateLimitDatabaseCache

TABLE = "zvh_test_rate_limit_cache"
ASYNC_COMMIT = "SET LOCAL synchronous_commit TO OFF"


def _cache() -> RateLimitDatabaseCache:
    call_command("createcachetable", TABLE, verbosity=0)
    return RateLimitDatabaseCache(TABLE, {})


def _synchronous_commit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return str(cursor.fetchone()[0])


def test_values_round_trip_and_a_callers_transaction_keeps_its_commit(db):
    cache = _cache()
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        cache.set("throttle_x", [1.0, 2.0], 60)
    assert ASYNC_COMMIT not in [query["sql"] for query in queries]
    assert cache.get("throttle_x") == [1.0, 2.0]
    assert cache.add("throttle_x", [3.0], 60) is False
    assert cache.add("throttle_y", [3.0], 60) is True


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
def test_its_own_write_commits_without_waiting_for_the_disk(db):
    # A throttle writes outside any transaction. The test runs in one, so the write is made on
    # another connection (Django's are per thread), which commits; the table goes afterwards.
    seen: dict[str, Any] = {}

    def outside_the_test_transaction() -> None:
        try:
            cache = _cache()
            with CaptureQueriesContext(connection) as queries:
                cache.set("throttle_x", [1.0], 60)
            seen["sql"] = [query["sql"] for query in queries]
            seen["value"] = cache.get("throttle_x")
            seen["after"] = _synchronous_commit()
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
            connections.close_all()

    thread = threading.Thread(target=outside_the_test_transaction)
    thread.start()
    thread.join()
    assert ASYNC_COMMIT in seen["sql"]
    assert seen["value"] == [1.0]
    assert seen["after"] == "on"  # only the cache's own transaction was changed
