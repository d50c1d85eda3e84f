"""Writing to the access log. Call inside the transaction of the change it records."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any, cast

from django.db import connection, transaction
from django.db.models import Field
from django.utils import timezone
from django.utils.crypto import salted_hmac

from zvh.authz.actor import Actor
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
    with transaction.atomic():
        head, _created = AuditChainHead.objects.select_for_update().get_or_create(
            id=1, defaults={"last_event_id": 0, "last_hash": GENESIS_HASH}
        )
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
            prev_hash=head.last_hash,
            hash="",
        )
        # The id is part of the hash, so insert first, then compute and store via the head.
        event.id = _next_event_id(head)
        event.hash = event_hash(event)
        event.save(force_insert=True)
        if persons:
            _index_persons(event.id, persons)
        head.last_event_id = event.id
        head.last_hash = event.hash
        head.save(update_fields=["last_event_id", "last_hash"])
    return event


def _index_persons(event_id: int, persons: list[str]) -> None:
    """One executemany instead of bulk_create: a list page names up to 50 persons, and the
    ORM's per-object work cost more than the inserts themselves (about 10 ms against 0.5)."""
    meta = AuditEventPerson._meta
    person_field = cast(Field, meta.get_field("person_id"))
    event_column = str(cast(Field, meta.get_field("event")).column)
    rows = [
        (event_id, person_field.get_db_prep_value(uuid.UUID(pid), connection)) for pid in persons
    ]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(meta.db_table)} "  # noqa: S608 (names from the model, values bound)
        f"({quote(event_column)}, {quote(str(person_field.column))}) VALUES (%s, %s)"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


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


def _next_event_id(head: AuditChainHead) -> int:
    # Ids are assigned under the head's row lock, so they are gap-free and ordered as chained.
    return head.last_event_id + 1
