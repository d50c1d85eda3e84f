"""Concurrent appends on PostgreSQL: each chain head's row lock keeps its house's chain in order,
and houses do not wait for each other (decision 0190)."""

from __future__ import annotations

import threading
import uuid

import pytest
from django.db import connection, connections, transaction
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


ONLY_POSTGRESQL = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite lets one writer at a time in (BEGIN IMMEDIATE): nothing runs concurrently",
)


@ONLY_POSTGRESQL
def test_concurrent_appends_form_intact_chains(flushable_audit_log):
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


@ONLY_POSTGRESQL
def test_one_houses_open_transaction_does_not_hold_up_another_house(flushable_audit_log):
    """House A appends and keeps its transaction open (a long import); house B's append
    completes meanwhile, while a second append of house A waits for the first to commit."""
    house_a, house_b = uuid.uuid4(), uuid.uuid4()
    a_appended, release_a = threading.Event(), threading.Event()
    b_done, second_a_done = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def run(body) -> None:
        try:
            body()
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connections.close_all()

    def append(house: uuid.UUID) -> None:
        actor = Actor(user_id=1, organisation_id=uuid.uuid4(), house_id=house)
        audit_record(actor=actor, action=Action.VIEW, person_ids=[uuid.uuid4()])

    def long_transaction_of_a() -> None:
        with transaction.atomic():
            append(house_a)
            a_appended.set()
            assert release_a.wait(timeout=30)

    def then(event: threading.Event, house: uuid.UUID) -> None:
        assert a_appended.wait(timeout=30)
        append(house)
        event.set()

    threads = [
        threading.Thread(target=run, args=(long_transaction_of_a,)),
        threading.Thread(target=run, args=(lambda: then(second_a_done, house_a),)),
        threading.Thread(target=run, args=(lambda: then(b_done, house_b),)),
    ]
    for thread in threads:
        thread.start()
    try:
        assert b_done.wait(timeout=10), "house B waited for house A's transaction"
        # The second append of house A waits for the first one's lock on A's head.
        assert not second_a_done.wait(timeout=0.5)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )
            assert cursor.fetchone()[0] == 1
    finally:
        release_a.set()
        for thread in threads:
            thread.join()
    assert not errors
    assert second_a_done.is_set()
    seqs = AuditEvent.objects.filter(house_id=house_a).order_by("seq").values_list("seq", "id")
    assert [seq for seq, _id in seqs] == [1, 2]
    assert audit_verify()[0] is None
