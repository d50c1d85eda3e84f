"""Writing to the access log. Call inside the transaction of the change it records."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from functools import cache
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Field
from django.utils import timezone
from django.utils.crypto import salted_hmac

from zvh.authz.actor import Actor
from zvh.core import hot_sql
from zvh.core.request_context import current_request_id

from .chain import GENESIS_HASH, chain_hash, content_hash, event_hash
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
    if connection.vendor == "postgresql":
        _append_in_one_statement(event, persons)
    else:
        _append_under_lock(event, persons)
    event._state.adding = False
    event._state.db = connection.alias
    return event


# Every page view appends an event, so the append is written out (zvh/core/hot_sql.py) and, on
# PostgreSQL, one statement: the head's upsert takes its row lock (held to the commit, so ids
# are gap-free and in chain order), hands out the next id and the hash to chain to, and computes
# the new hash from the content hash made here (audit/chain.py); the event and its person index
# are inserted in the same statement. Outside a transaction it commits by itself: no BEGIN and
# COMMIT round trips, which cost more than the append.
def _append_in_one_statement(event: AuditEvent, persons: list[str]) -> None:
    content = content_hash(event)
    with hot_sql.cursor() as cursor:
        cursor.execute(
            _one_statement_sql(),
            [
                chain_hash(GENESIS_HASH, 1, content),
                GENESIS_HASH,
                content,
                *(hot_sql.prepared(field, getattr(event, field.attname)) for field in _content()),
                [uuid.UUID(pid) for pid in persons],
            ],
        )
        event.id, event.prev_hash, event.hash = cursor.fetchone()


@cache
def _content() -> tuple[Field, ...]:
    """The event's columns other than its place in the chain, in the statement's order."""
    return tuple(
        field
        for field in AuditEvent._meta.concrete_fields
        if field.name not in ("id", "prev_hash", "hash")
    )


def _head_names() -> tuple[str, str, str, str]:
    """The chain head's table, last_event_id, last_hash and last_prev_hash, quoted."""
    return (
        hot_sql.table(AuditChainHead),
        hot_sql.column(AuditChainHead, "last_event_id"),
        hot_sql.column(AuditChainHead, "last_hash"),
        hot_sql.column(AuditChainHead, "last_prev_hash"),
    )


@cache
def _one_statement_sql() -> str:
    t, c = hot_sql.table, hot_sql.column
    head, last_id, last_hash, last_prev = _head_names()
    content = _content()
    columns = ", ".join(
        [c(AuditEvent, "id"), c(AuditEvent, "prev_hash"), c(AuditEvent, "hash")]
        + [hot_sql.quote(str(field.column)) for field in content]
    )
    from_head = [f"(SELECT {name} FROM head)" for name in (last_id, last_prev, last_hash)]  # noqa: S608
    values = ", ".join(from_head + ["%s"] * len(content))
    # The head as the first event would leave it, or, when there is one (always, but for a
    # database emptied by a test), moved on from it. In SET every column reads the row as it
    # was: last_prev_hash gets the old last_hash. chain_hash is sha256("<prev>:<id>:<content>").
    return (
        f"WITH head AS (INSERT INTO {head} AS h "  # noqa: S608
        f"({c(AuditChainHead, 'id')}, {last_id}, {last_hash}, {last_prev}) "
        f"VALUES (1, 1, %s, %s) ON CONFLICT ({c(AuditChainHead, 'id')}) DO UPDATE SET "
        f"{last_prev} = h.{last_hash}, {last_id} = h.{last_id} + 1, "
        f"{last_hash} = encode(sha256(convert_to("
        f"h.{last_hash} || ':' || (h.{last_id} + 1)::text || ':' || %s, 'UTF8')), 'hex') "
        f"RETURNING {last_id}, {last_prev}, {last_hash}), "
        f"event AS (INSERT INTO {t(AuditEvent)} ({columns}) VALUES ({values})), "
        f"persons AS (INSERT INTO {t(AuditEventPerson)} "
        f"({c(AuditEventPerson, 'event')}, {c(AuditEventPerson, 'person_id')}) "
        f"SELECT (SELECT {last_id} FROM head), unnest(%s::uuid[])) "
        f"SELECT {last_id}, {last_prev}, {last_hash} FROM head"
    )


@cache
def _person_index_sql() -> str:
    table, event, person = (
        hot_sql.table(AuditEventPerson),
        hot_sql.column(AuditEventPerson, "event"),
        hot_sql.column(AuditEventPerson, "person_id"),
    )
    return f"INSERT INTO {table} ({event}, {person}) VALUES (%s, %s)"  # noqa: S608


def _append_under_lock(event: AuditEvent, persons: list[str]) -> None:
    """SQLite: the transaction takes the database's write lock at BEGIN (IMMEDIATE), so the
    head is read, the hash computed here, and everything written in statements of its own."""
    read_head, move_head = _head_sql()
    person_field = AuditEventPerson._meta.get_field("person_id")
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute(read_head)
        last = cursor.fetchone()
        if last is None:  # a database emptied by a test
            last = (0, GENESIS_HASH)
            AuditChainHead.objects.create(id=1, last_event_id=0, last_hash=GENESIS_HASH)
        event.id, event.prev_hash = last[0] + 1, last[1]
        event.hash = event_hash(event)
        hot_sql.insert([event])
        cursor.executemany(
            _person_index_sql(),
            [(event.id, hot_sql.prepared(person_field, uuid.UUID(pid))) for pid in persons],
        )
        cursor.execute(move_head, [event.id, event.hash, event.prev_hash])


@cache
def _head_sql() -> tuple[str, str]:
    """(read the head, move it on to the new event), for `_append_under_lock`."""
    head, last_id, last_hash, last_prev = _head_names()
    where = f"WHERE {hot_sql.column(AuditChainHead, 'id')} = 1"
    return (
        f"SELECT {last_id}, {last_hash} FROM {head} {where}",  # noqa: S608
        f"UPDATE {head} SET {last_id} = %s, {last_hash} = %s, {last_prev} = %s {where}",  # noqa: S608
    )


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
