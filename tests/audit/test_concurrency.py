"""Concurrent appends on PostgreSQL: the chain head's row lock makes them one chain, in order."""

from __future__ import annotations

import threading
import uuid

import pytest
from django.db import connection, connections
from django.db.models import Count

from zvh.audit.models import Action, AuditEvent
from zvh.audit.services import audit_record
from zvh.authz.actor import Actor

from .support import audit_verify, set_append_only

THREADS = 6
EVENTS_PER_THREAD = 15


@pytest.fixture
def _append_only_back_after_flush(django_db_blocker):
    # Set up before, so torn down after, the transactional database's flush.
    yield
    with django_db_blocker.unblock():
        set_append_only(enabled=True)


@pytest.fixture
def flushable_audit_log(_append_only_back_after_flush, transactional_db):
    """A transactional test ends with a flush (TRUNCATE), which the audit log refuses:
    lift the triggers for the flush only."""
    yield
    set_append_only(enabled=False)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite lets one writer at a time in (BEGIN IMMEDIATE): nothing runs concurrently",
)
def test_concurrent_appends_form_one_intact_chain(flushable_audit_log):
    before = AuditEvent.objects.count()
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def append(worker: int) -> None:
        # Each thread has its own connection (Django's are per thread); close it when done.
        actor = Actor(user_id=worker, organisation_id=uuid.uuid4(), house_id=uuid.uuid4())
        try:
            barrier.wait()
            for _ in range(EVENTS_PER_THREAD):
                audit_record(actor=actor, action=Action.VIEW, person_ids=[uuid.uuid4()])
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=append, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors
    assert AuditEvent.objects.count() == before + THREADS * EVENTS_PER_THREAD
    per_user = dict(
        AuditEvent.objects.filter(id__gt=before).values_list("user_id").annotate(n=Count("id"))
    )
    assert per_user == dict.fromkeys(range(THREADS), EVENTS_PER_THREAD)
    assert audit_verify() == (None, f"OK: {before + THREADS * EVENTS_PER_THREAD} events\n")
