"""Verifying the access log: every hash, every link to the predecessor, no gaps, the chain head,
and the per-person index. Streams both tables, so memory stays flat for millions of rows.

The report names the *lowest* event id at which the log is broken: walking in id order, the
first problem found is the first broken row (a missing row is reported at its own id).

The walk covers the log up to the chain head as read at the start. Because an append writes its
rows and moves the head in one transaction, and rows never change afterwards, everything up to
that head is already committed and immutable: the walk needs no snapshot and blocks no writer.
Events appended while it runs are covered by the next run.

Retention may remove the oldest events (docs/decisions/0144-retention.md). It appends, in the
same transaction, an anchor event (`PRUNE_OBJECT_TYPE`, action delete) naming the last removed
id and its hash; the walk then starts after that id, from that hash. The anchor is itself a
chained event, so changing it breaks the chain; rows left below it are reported.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import JSONField, Max, OuterRef, QuerySet, Subquery

from .chain import GENESIS_HASH, event_hash
from .models import Action, AuditChainHead, AuditEvent, AuditEventPerson

FIRST_EVENT_ID = 1
DEFAULT_CHUNK_SIZE = 2000
# The anchor event that retention appends when it removes the oldest events.
PRUNE_OBJECT_TYPE = "audit_log"
PRUNED_THROUGH = "pruned_through"
PRUNED_THROUGH_HASH = "pruned_through_hash"


@dataclass(frozen=True)
class Problem:
    event_id: int
    reason: str


@dataclass(frozen=True)
class Verdict:
    events: int
    problem: Problem | None
    pruned_through: int = 0  # the last event id that retention removed (0: none)

    @property
    def ok(self) -> bool:
        return self.problem is None


def verify_chain(*, chunk_size: int = DEFAULT_CHUNK_SIZE) -> Verdict:
    verdict, start = _verify_once(chunk_size)
    if verdict.problem is not None and chain_start() != start:
        # Retention removed events while we walked: walk again from its new anchor.
        verdict, _start = _verify_once(chunk_size)
    return verdict


def _verify_once(chunk_size: int) -> tuple[Verdict, tuple[int, str]]:
    head_id, head_hash, start = _read_head_and_start()
    # On PostgreSQL a transaction lets the server-side cursors stream instead of being
    # materialised; on SQLite it would take the write lock (BEGIN IMMEDIATE), so not there.
    streaming = transaction.atomic() if connection.vendor == "postgresql" else nullcontext()
    with streaming:
        verdict = _walk(head_id=head_id, head_hash=head_hash, start=start, chunk_size=chunk_size)
    if verdict.problem is None:
        verdict = Verdict(verdict.events, _rows_beyond_head(), verdict.pruned_through)
    return verdict, start


def chain_start() -> tuple[int, str]:
    """(first event id, hash it must link to): after the newest anchor, else from genesis."""
    return _start_from(_anchors().order_by("-id").values_list("detail", flat=True).first())


def _anchors() -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(object_type=PRUNE_OBJECT_TYPE, action=Action.DELETE)


def _read_head_and_start() -> tuple[int, str, tuple[int, str]]:
    """The chain head, and where the chain starts below it, in one query."""
    anchor = (
        _anchors().filter(id__lte=OuterRef("last_event_id")).order_by("-id").values("detail")[:1]
    )
    row = (
        AuditChainHead.objects.filter(id=1)
        .annotate(anchor=Subquery(anchor, output_field=JSONField()))
        .values_list("last_event_id", "last_hash", "anchor")
        .first()
    )
    if row is None:
        return 0, GENESIS_HASH, (FIRST_EVENT_ID, GENESIS_HASH)
    head_id, head_hash, detail = row
    return head_id, head_hash, _start_from(detail)


def _start_from(detail: object) -> tuple[int, str]:
    if not isinstance(detail, dict):
        return FIRST_EVENT_ID, GENESIS_HASH
    try:
        return int(detail[PRUNED_THROUGH]) + 1, str(detail[PRUNED_THROUGH_HASH])
    except (KeyError, TypeError, ValueError):
        # A malformed anchor anchors nothing: the walk then reports the missing rows.
        return FIRST_EVENT_ID, GENESIS_HASH


def _walk(*, head_id: int, head_hash: str, start: tuple[int, str], chunk_size: int) -> Verdict:
    count = 0
    expected_id, prev_hash = start
    links = _person_links(head_id, chunk_size)
    pending = next(links, None)
    events = (
        AuditEvent.objects.filter(id__lte=head_id).order_by("id").iterator(chunk_size=chunk_size)
    )
    for event in events:
        # Index rows that point below this event belong to no row of the log.
        if pending is not None and pending[0] < min(event.id, expected_id):
            return Verdict(count, Problem(pending[0], "person index rows for a missing event"))
        if event.id < expected_id:
            return Verdict(count, Problem(event.id, f"id below the chain start {expected_id}"))
        if event.id > expected_id:
            return Verdict(count, Problem(expected_id, f"missing (next row has id {event.id})"))
        if event.prev_hash != prev_hash:
            return Verdict(count, Problem(event.id, "prev_hash is not the previous row's hash"))
        if event_hash(event) != event.hash:
            return Verdict(count, Problem(event.id, "hash does not match the row's contents"))
        linked: list[str] = []
        if pending is not None and pending[0] == event.id:
            linked = pending[1]
            pending = next(links, None)
        if linked != _sorted_person_ids(event.person_ids):
            return Verdict(count, Problem(event.id, "person index disagrees with person_ids"))
        prev_hash = event.hash
        expected_id += 1
        count += 1
    last_id = expected_id - 1
    # Left-over index rows above last_id are caught as missing events just below.
    if pending is not None and pending[0] <= last_id:
        return Verdict(count, Problem(pending[0], "person index rows for a missing event"))
    if last_id < head_id:
        problem = Problem(last_id + 1, f"missing (the chain head says the log runs to {head_id})")
        return Verdict(count, problem)
    if prev_hash != head_hash:
        return Verdict(count, Problem(last_id, "hash differs from the chain head"))
    return Verdict(count, None, start[0] - 1)


def _read_head() -> tuple[int, str]:
    head = AuditChainHead.objects.filter(id=1).values_list("last_event_id", "last_hash").first()
    return head if head is not None else (0, GENESIS_HASH)


def _person_links(head_id: int, chunk_size: int) -> Iterator[tuple[int, list[str]]]:
    """(event id, sorted person ids) per event, in event order: a merge join with the events."""
    rows = (
        AuditEventPerson.objects.filter(event_id__lte=head_id)
        .order_by("event_id", "person_id")
        .values_list("event_id", "person_id")
        .iterator(chunk_size=chunk_size)
    )
    for event_id, group in itertools.groupby(rows, key=lambda row: row[0]):
        yield event_id, sorted(str(person_id) for _event, person_id in group)


def _sorted_person_ids(value: object) -> list[str] | None:
    if not isinstance(value, list):
        return None
    return sorted(str(person_id) for person_id in value)


def _rows_beyond_head() -> Problem | None:
    """Rows no append accounts for. The highest id is read *before* the head: a genuine append
    commits its rows and the head together, so a row seen first is covered by the head seen
    next; only rows written around `audit_record` stay beyond it."""
    highest = max(
        AuditEvent.objects.aggregate(top=Max("id"))["top"] or 0,
        AuditEventPerson.objects.aggregate(top=Max("event_id"))["top"] or 0,
    )
    head_id, _hash = _read_head()
    if highest > head_id:
        return Problem(head_id + 1, f"beyond the chain head (which ends at {head_id})")
    return None
