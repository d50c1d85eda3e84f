"""Writing to the access log. Call inside the transaction of the change it records."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from functools import cache
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from zvh.authz.actor import Actor
from zvh.core import hot_sql
from zvh.core.request_context import current_request_id

from .chain import GENESIS_HASH, event_hash
from .models import Action, AuditChainHead, AuditEvent, AuditEventPerson, Result


def audit_record(
    *,
    actor: Actor | None,
    action: Action,
    object_type: str = "",
    object_id: object = "",
    person_ids: Iterable[uuid.UUID | str] = (),
    result: Result = Result.OK,
    detail: dict[str, Any] | None = None,
    user_id: int | None = None,
    house_id: uuid.UUID | None = None,
    organisation_id: uuid.UUID | None = None,
) -> AuditEvent:
    """Append one event. `detail` must hold no direct identifiers (names, BSNs, search terms)."""
    persons = sorted({str(pid) for pid in person_ids})
    # No savepoint inside a caller's transaction: an event that fails to append must undo the
    # change it records, and the two statements a savepoint costs add up on every page.
    with transaction.atomic(savepoint=False):
        last_id, prev_hash = _lock_head()
        event = AuditEvent(
            id=last_id + 1,
            occurred_at=timezone.now(),
            user_id=actor.user_id if actor and actor.user_id is not None else user_id,
            api_token_id=actor.api_token_id if actor else None,
            organisation_id=actor.organisation_id if actor else organisation_id,
            house_id=(actor.house_id if actor and actor.house_id else house_id),
            action=action,
            object_type=object_type,
            object_id=str(object_id) if object_id else "",
            person_ids=persons,
            result=result,
            request_id=current_request_id(),
            detail=detail or {},
            prev_hash=prev_hash,
            hash="",
        )
        # The id is part of the hash, so it is taken from the head first.
        event.hash = event_hash(event)
        _append(event, persons)
    return event


def _append(event: AuditEvent, persons: list[str]) -> None:
    """Write the event, its person index and the head's move to it. The head stays locked until
    the commit, so on PostgreSQL this is one statement; SQLite has no round trips to save."""
    insert_sql, insert_params = hot_sql.insert_statement(event)
    move_head_sql = _head_sql(connection.vendor)[1]
    with hot_sql.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                _one_statement_sql(insert_sql, move_head_sql),
                [
                    *insert_params,
                    event.id,
                    [uuid.UUID(pid) for pid in persons],
                    event.id,
                    event.hash,
                ],
            )
            return
        cursor.execute(insert_sql, insert_params)
        if persons:
            person_field = AuditEventPerson._meta.get_field("person_id")
            rows = [(event.id, hot_sql.prepared(person_field, uuid.UUID(pid))) for pid in persons]
            cursor.executemany(_person_index_sql(), rows)
        cursor.execute(move_head_sql, [event.id, event.hash])


@cache
def _person_index_sql() -> str:
    table, event, person = _person_index_names()
    return f"INSERT INTO {table} ({event}, {person}) VALUES (%s, %s)"  # noqa: S608


def _person_index_names() -> tuple[str, str, str]:
    return (
        hot_sql.table(AuditEventPerson),
        hot_sql.column(AuditEventPerson, "event"),
        hot_sql.column(AuditEventPerson, "person_id"),
    )


@cache
def _one_statement_sql(insert_event_sql: str, move_head_sql: str) -> str:
    """PostgreSQL runs every data-modifying WITH part, so one statement does all three."""
    table, event, person = _person_index_names()
    return (
        f"WITH event AS ({insert_event_sql}), "
        f"persons AS (INSERT INTO {table} ({event}, {person}) SELECT %s, unnest(%s::uuid[])) "
        f"{move_head_sql}"
    )


# Every page view appends an event, so these are plain statements (zvh/core/hot_sql.py). The head
# is changed once per event: each change leaves a dead row version behind for VACUUM.
@cache
def _head_sql(vendor: str) -> tuple[str, str]:
    """(lock the head and read it, move it on to the new event) for this database. SQLite has
    no row locks: its transactions take the database's write lock at BEGIN (IMMEDIATE)."""
    names = {
        "head": hot_sql.table(AuditChainHead),
        "pk": hot_sql.column(AuditChainHead, "id"),
        "last_id": hot_sql.column(AuditChainHead, "last_event_id"),
        "last_hash": hot_sql.column(AuditChainHead, "last_hash"),
    }
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    read = "SELECT {last_id}, {last_hash} FROM {head} WHERE {pk} = 1"
    move = "UPDATE {head} SET {last_id} = %s, {last_hash} = %s WHERE {pk} = 1"
    return read.format(**names) + lock, move.format(**names)


def _lock_head() -> tuple[int, str]:
    """The newest event's id and hash, with the head locked until the commit: ids are assigned
    under that lock, so they are gap-free and ordered as chained."""
    with hot_sql.cursor() as cursor:
        cursor.execute(_head_sql(connection.vendor)[0])
        row = cursor.fetchone()
    if row is None:  # an empty database whose migrations made no head (flushed by a test)
        AuditChainHead.objects.get_or_create(
            id=1, defaults={"last_event_id": 0, "last_hash": GENESIS_HASH}
        )
        return _lock_head()
    return int(row[0]), str(row[1])


# Kept apart from every other HMAC use of the secret key.
SEARCH_TERM_KEY_SALT = "zvh.audit.search-term"


def hash_search_terms(terms: dict[str, str]) -> dict[str, str]:
    """Search terms as keyed hashes, for `detail`: the log must not hold a BSN or name in clear,
    yet "was this BSN searched?" stays answerable by hashing it again with the same key. Keyed
    (HMAC with the secret key), because a plain hash of a BSN is reversed by trying them all.
    Callers pass normalised terms so that the same search always gives the same digest."""
    return {
        name: salted_hmac(SEARCH_TERM_KEY_SALT, f"{name}={value}", algorithm="sha256").hexdigest()
        for name, value in sorted(terms.items())
        if value
    }
