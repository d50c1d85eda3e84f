"""The cache that API rate limits count in, in the database all app servers share."""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction


class RateLimitDatabaseCache(DatabaseCache):
    """Django's database cache, except that on PostgreSQL its writes do not wait for the disk
    (synchronous_commit off for that transaction only). A throttle writes on every API call,
    and a durable commit waits for a WAL flush: milliseconds on an ordinary disk, in every call.
    A count lost in a database crash costs nothing; nothing else is kept here.
    Inside a caller's transaction it leaves the commit alone: that transaction's durability is
    not the cache's to lower."""

    # Private in Django and absent from its stubs; the one place all writes (set, add) go through.
    def _base_set(
        self, mode: str, key: str, value: Any, timeout: float | None = DEFAULT_TIMEOUT
    ) -> bool:
        connection = connections[router.db_for_write(self.cache_model_class)]
        if connection.vendor != "postgresql" or connection.in_atomic_block:
            return super()._base_set(mode, key, value, timeout)  # type: ignore[misc]
        with transaction.atomic(using=connection.alias):
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
            return super()._base_set(mode, key, value, timeout)  # type: ignore[misc]
