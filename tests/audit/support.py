"""Helpers for tests of the access log: a small chain, and switching the append-only triggers
off and on for tests that must tamper with the log (to prove that tampering is detected) or
flush it (transactional tests).

SQLite cannot disable a trigger, so there the triggers are dropped and recreated with the very
functions of the migration that made them; PostgreSQL disables them in place.
"""

from __future__ import annotations

import datetime
import importlib
import io
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from zvh.audit.chain import GENESIS_HASH, legacy_event_hash
from zvh.audit.models import Action, AuditEvent, LegacyChainHead, Result
from zvh.audit.services import audit_record
from zvh.authz.actor import Actor

_migration = importlib.import_module("zvh.audit.migrations.0002_append_only_triggers")
# Retention's privileged path replaces the DELETE triggers (SQLite: under the same names).
_retention_migration = importlib.import_module("zvh.retention.migrations.0003_prune_per_chain")
PROTECTED_TABLES: tuple[str, ...] = _migration.PROTECTED_TABLES


def set_append_only(*, enabled: bool) -> None:
    if connection.vendor == "postgresql":
        verb = "ENABLE" if enabled else "DISABLE"
        with connection.cursor() as cursor:
            for table in PROTECTED_TABLES:
                cursor.execute(f"ALTER TABLE {table} {verb} TRIGGER USER")
        return
    # The migration functions only run SQL through the editor; entering it as a context would
    # refuse to work inside the test's transaction on SQLite, and is not needed for that.
    editor = connection.schema_editor()
    if enabled:
        _migration.create_triggers(None, editor)
        _retention_migration.create_triggers(None, editor)
    else:
        _migration.drop_triggers(None, editor)


@contextmanager
def append_only_lifted() -> Iterator[None]:
    set_append_only(enabled=False)
    try:
        yield
    finally:
        set_append_only(enabled=True)


PERSON_SETS: tuple[tuple[uuid.UUID, ...], ...] = (
    (),
    (uuid.UUID(int=1),),
    (uuid.UUID(int=1), uuid.UUID(int=2)),
    (uuid.UUID(int=3),),
    (),
)


def build_chain(
    length: int = len(PERSON_SETS), *, house: uuid.UUID | None = None
) -> list[AuditEvent]:
    """Events through the real `audit_record`, varied in every field the chain hashes, all in
    the chain of one house (a new one unless given)."""
    house, organisation = house or uuid.uuid4(), uuid.uuid4()
    events = []
    for index in range(length):
        actor = Actor(user_id=1000 + index, organisation_id=organisation, house_id=house)
        events.append(
            audit_record(
                actor=actor,
                action=(Action.VIEW, Action.SEARCH, Action.UPDATE, Action.DENIED)[index % 4],
                object_type="person" if index % 2 else "case",
                object_id=uuid.uuid4(),
                person_ids=PERSON_SETS[index % len(PERSON_SETS)],
                result=Result.DENIED if index % 4 == 3 else Result.OK,
                detail={"step": index, "note": "één"},
            )
        )
    return events


def build_legacy_chain(
    length: int,
    *,
    first_id: int = 1,
    prev_hash: str = GENESIS_HASH,
    occurred_at: datetime.datetime | None = None,
    house_id: uuid.UUID | None = None,
    detail: dict[str, object] | None = None,
) -> list[AuditEvent]:
    """Events as the global chain wrote them before the cut-over (decision 0190), its head
    moved on to the last one; with `detail`, retention's anchor of those days."""
    events = []
    for event_id in range(first_id, first_id + length):
        event = AuditEvent(
            id=event_id,
            occurred_at=occurred_at or timezone.now(),
            house_id=house_id,
            action=Action.DELETE if detail else Action.VIEW,
            object_type="audit_log" if detail else "",
            detail=detail or {},
            result=Result.OK,
            prev_hash=prev_hash,
        )
        event.hash = legacy_event_hash(event)
        event.save(force_insert=True)
        events.append(event)
        prev_hash = event.hash
    LegacyChainHead.objects.update_or_create(
        id=1, defaults={"last_event_id": events[-1].id, "last_hash": prev_hash}
    )
    return events


def audit_verify() -> tuple[int | None, str]:
    """Runs `manage.py audit_verify`: (None, output) when intact, else (first broken id, error)."""
    try:
        out = io.StringIO()
        call_command("audit_verify", stdout=out)
    except CommandError as error:
        match = re.search(r"event id (-?\d+) ", str(error))
        assert match, f"no event id in {error}"
        return int(match.group(1)), str(error)
    return None, out.getvalue()


@pytest.fixture
def _append_only_back_after_flush(django_db_blocker):
    # Set up before, so torn down after, the transactional database's flush.
    yield
    with django_db_blocker.unblock():
        set_append_only(enabled=True)


@pytest.fixture
def flushable_audit_log(_append_only_back_after_flush, transactional_db):
    """The flush at the end (TRUNCATE) is refused by the audit log: lift its triggers then."""
    yield
    set_append_only(enabled=False)
