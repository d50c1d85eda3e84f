"""Writing to the access log. Call inside the transaction of the change it records."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable
from functools import cache
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from zvh.authz.actor import Actor
from zvh.core import hot_sql
from zvh.core.request_context import current_request_id

from .chain import GENESIS_HASH, chain_of, keyed_link
from .keys import key_ring
from .metrics import APPEND_SECONDS
from .models import Action, AuditEvent, AuditEventPerson, ChainHead, Result

# The PostgreSQL sequence of event ids (migration 0004).
EVENT_ID_SEQUENCE = "zvh_audit_event_id"


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
    event = AuditEvent(
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
    )
    started = time.perf_counter()
    _append(event, persons)
    APPEND_SECONDS.observe(time.perf_counter() - started)
    event._state.adding = False
    event._state.db = connection.alias
    return event


# Every page view appends an event, so the append is written out (zvh/core/hot_sql.py) and kept
# to a few statements (decision 0190): lock the head row of the event's own chain (its house's,
# or the system chain), which also gives the next id; compute the keyed link here (the key never
# reaches the database); insert the event and its person index and move the head on. Appends of
# other houses take other rows and go on meanwhile.
def _append(event: AuditEvent, persons: list[str]) -> None:
    chain = chain_of(event.house_id)
    ring = key_ring()
    postgresql = connection.vendor == "postgresql"
    with transaction.atomic(savepoint=False), hot_sql.cursor() as cursor:
        lock = _lock_sql(postgresql)
        cursor.execute(lock, [chain])
        head = cursor.fetchone()
        if head is None:  # the chain's first event
            cursor.execute(_create_head_sql(postgresql), [chain, GENESIS_HASH])
            cursor.execute(lock, [chain])
            head = cursor.fetchone()
        last_seq, event.prev_hash, event.id = head
        event.seq, event.key_id = last_seq + 1, ring.current_id
        event.hash = keyed_link(ring.current, event)
        insert_sql, insert_params = hot_sql.insert_statement(event)
        move = [event.seq, event.id, event.hash, chain]
        if postgresql:
            # One statement: the event, its person index and the head.
            persons_param = [uuid.UUID(pid) for pid in persons]
            cursor.execute(_write_sql(insert_sql), [*insert_params, event.id, persons_param, *move])
            return
        cursor.execute(insert_sql, insert_params)
        if persons:
            person_field = AuditEventPerson._meta.get_field("person_id")
            cursor.executemany(
                _person_index_sql(),
                [(event.id, hot_sql.prepared(person_field, uuid.UUID(pid))) for pid in persons],
            )
        cursor.execute(_move_head_sql(), move)


def open_chain(house_id: uuid.UUID | str | None) -> None:
    """Creates the chain's head row if it has none, so that a new house's first audited read
    costs what every later one does (called when a house is created; the append creates a
    missing head too)."""
    with hot_sql.cursor() as cursor:
        cursor.execute(
            _create_head_sql(connection.vendor == "postgresql"), [chain_of(house_id), GENESIS_HASH]
        )


def _head_names() -> tuple[str, str, str, str, str]:
    """The chain head's table, chain, last_seq, last_event_id and last_hash, quoted."""
    return (
        hot_sql.table(ChainHead),
        hot_sql.column(ChainHead, "chain"),
        hot_sql.column(ChainHead, "last_seq"),
        hot_sql.column(ChainHead, "last_event_id"),
        hot_sql.column(ChainHead, "last_hash"),
    )


@cache
def _lock_sql(postgresql: bool) -> str:
    """(last seq, last hash, the new event's id) of the chain, its head row locked. On
    PostgreSQL the id comes from a sequence, drawn after the lock is granted (the CTE is
    materialised), so that ids rise within each chain; on SQLite, which lets one writer in at a
    time, it follows the highest id."""
    head, chain, last_seq, _last_id, last_hash = _head_names()
    if postgresql:
        return (
            f"WITH h AS MATERIALIZED (SELECT {last_seq}, {last_hash} FROM {head} "  # noqa: S608
            f"WHERE {chain} = %s FOR UPDATE) "
            f"SELECT {last_seq}, {last_hash}, nextval('{EVENT_ID_SEQUENCE}') FROM h"
        )
    events, event_id = hot_sql.table(AuditEvent), hot_sql.column(AuditEvent, "id")
    return (
        f"SELECT {last_seq}, {last_hash}, "  # noqa: S608
        f"(SELECT COALESCE(MAX({event_id}), 0) + 1 FROM {events}) FROM {head} WHERE {chain} = %s"
    )


@cache
def _create_head_sql(postgresql: bool) -> str:
    head, chain, last_seq, last_id, last_hash = _head_names()
    verb = "INSERT" if postgresql else "INSERT OR IGNORE"
    conflict = f" ON CONFLICT ({chain}) DO NOTHING" if postgresql else ""
    return (
        f"{verb} INTO {head} ({chain}, {last_seq}, {last_id}, {last_hash}) "
        f"VALUES (%s, 0, 0, %s){conflict}"
    )


@cache
def _move_head_sql() -> str:
    head, chain, last_seq, last_id, last_hash = _head_names()
    return (
        f"UPDATE {head} SET {last_seq} = %s, {last_id} = %s, {last_hash} = %s "  # noqa: S608
        f"WHERE {chain} = %s"
    )


@cache
def _write_sql(insert_event: str) -> str:
    table, event, person = (
        hot_sql.table(AuditEventPerson),
        hot_sql.column(AuditEventPerson, "event"),
        hot_sql.column(AuditEventPerson, "person_id"),
    )
    return (
        f"WITH event AS ({insert_event}), "
        f"persons AS (INSERT INTO {table} ({event}, {person}) SELECT %s, unnest(%s::uuid[])) "
        f"{_move_head_sql()}"
    )


@cache
def _person_index_sql() -> str:
    table, event, person = (
        hot_sql.table(AuditEventPerson),
        hot_sql.column(AuditEventPerson, "event"),
        hot_sql.column(AuditEventPerson, "person_id"),
    )
    return f"INSERT INTO {table} ({event}, {person}) VALUES (%s, %s)"  # noqa: S608


# Kept apart from every other HMAC use of the secret key.
SEARCH_TERM_KEY_SALT = "zvh.audit.search-term"


def search_term_keys() -> list[str]:
    """The keys of search-term digests, the one that writes first. After them the secret keys,
    which wrote the digests before the search-term key was separate: old digests stay
    answerable through every rotation of either."""
    keys = [settings.ZVH_SEARCH_TERM_KEY, *settings.ZVH_SEARCH_TERM_KEY_FALLBACKS]
    keys += [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    return list(dict.fromkeys(key for key in keys if key))


def _search_term_digest(name: str, value: str, key: str) -> str:
    return salted_hmac(
        SEARCH_TERM_KEY_SALT,
        f"{name}={value}".encode("utf-8", "surrogatepass"),
        secret=key,
        algorithm="sha256",
    ).hexdigest()


def hash_search_terms(terms: dict[str, str]) -> dict[str, str]:
    """Search terms as keyed hashes, for `detail`: the log must not hold a BSN or name in clear,
    yet "was this BSN searched?" stays answerable by hashing it again with the same key
    (`search_term_digests`). Keyed (HMAC with the search-term key), because a plain hash of a
    BSN is reversed by trying them all. Callers pass normalised terms so that the same search
    always gives the same digest.

    Never raises on its terms: it runs inside the access-log event of a search, which must be
    written. A lone surrogate (no valid Unicode, but a Python str; the API refuses one, decision
    0156) is hashed as its code points ("surrogatepass"), so it stays distinct from every other
    term; for every valid string the bytes, and so the digests, are plain UTF-8 as before."""
    key = search_term_keys()[0]
    return {
        name: _search_term_digest(name, value, key)
        for name, value in sorted(terms.items())
        if value
    }


def search_term_digests(name: str, value: str) -> set[str]:
    """Every digest the term may have been logged under, one per key of the ring."""
    return {_search_term_digest(name, value, key) for key in search_term_keys()}
