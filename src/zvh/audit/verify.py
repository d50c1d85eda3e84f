"""Verifying the access log (decisions 0020, 0190): every chain link with the keys, no gaps, each
chain head, the newest checkpoint, retention's prune records, and the per-person index. Streams
the tables, so memory stays flat for millions of rows, in a fixed number of queries.

Each house has its own chain, events of no house form the system chain, and the events from
before the cut-over form the legacy global chain (unkeyed SHA-256, verified as before up to its
frozen head). A chain is walked in its own order (`seq`); its first broken event is reported
with its chain, id and reason, and the verdict lists the chains' problems lowest event id first.

The walk covers each chain up to its head as read at the start. On PostgreSQL everything is read
in one repeatable-read snapshot; on SQLite (one writer at a time, no snapshot taken so as not to
block it) a row beyond the head is only reported if the head, read again afterwards, does not
cover it: an append writes its rows and moves the head in one transaction.

Retention removes the oldest events of a chain (docs/decisions/0144-retention.md, 0190). In the
same transaction it appends to the system chain an anchor event (`PRUNE_OBJECT_TYPE`, action
delete) that records where every chain now starts (`chain_starts`: place, id and hash of the
last removed event). The anchor is a keyed event, so no one without the key can move a start;
the walk of each chain starts there. A prune record (retention_auditprune, which the database's
triggers read to let the deletion through) that reaches past the recorded start of its chain
was not made by retention and is reported.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import Max, Min, Subquery

from .chain import GENESIS_HASH, SYSTEM_CHAIN, chain_of, keyed_link, legacy_event_hash
from .checkpoints import LEGACY_CHAIN, Checkpoint, CheckpointError, HeadMark, latest_checkpoint
from .keys import KeyRing, key_ring
from .models import Action, AuditEvent, AuditEventPerson, ChainHead, LegacyChainHead

FIRST_EVENT_ID = 1
DEFAULT_CHUNK_SIZE = 2000
# The anchor event that retention appends when it removes the oldest events.
PRUNE_OBJECT_TYPE = "audit_log"
CHAIN_STARTS = "chain_starts"  # {chain: {"seq", "event_id", "hash"}} (decision 0190)
# The legacy anchor's detail (decision 0144), in the legacy chain itself.
PRUNED_THROUGH = "pruned_through"
PRUNED_THROUGH_HASH = "pruned_through_hash"
CHECKPOINT_CHAIN = "checkpoint"


@dataclass(frozen=True)
class Start:
    """Where a chain starts: after the last removed event (seq 0: from genesis)."""

    seq: int = 0
    event_id: int = 0
    hash: str = GENESIS_HASH


@dataclass(frozen=True)
class Problem:
    event_id: int
    reason: str
    chain: str = ""


@dataclass
class Verdict:
    events: int
    problems: list[Problem] = field(default_factory=list)
    chains: int = 0
    pruned: bool = False  # retention removed events from some chain
    checkpoint: str | None = None  # the checkpoint the chains were checked against

    @property
    def problem(self) -> Problem | None:
        return self.problems[0] if self.problems else None

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_chain(*, chunk_size: int = DEFAULT_CHUNK_SIZE) -> Verdict:
    ring = key_ring()
    problems: list[Problem] = []
    try:
        checkpoint = latest_checkpoint()
    except CheckpointError as error:
        checkpoint = None
        problems.append(Problem(0, str(error), CHECKPOINT_CHAIN))
    postgresql = connection.vendor == "postgresql"
    # PostgreSQL: one snapshot for all reads, and server-side cursors that stream. SQLite: no
    # transaction, which would take the write lock (BEGIN IMMEDIATE).
    with transaction.atomic() if postgresql else nullcontext():
        if postgresql and len(connection.atomic_blocks) == 1:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        verdict = _verify(ring, checkpoint, chunk_size, problems)
    verdict.problems.sort(key=lambda problem: problem.event_id)
    return verdict


def _verify(
    ring: KeyRing, checkpoint: Checkpoint | None, chunk_size: int, problems: list[Problem]
) -> Verdict:
    heads = _heads()
    starts = chain_starts()
    verdict = Verdict(
        events=0, problems=problems, checkpoint=checkpoint.name if checkpoint else None
    )
    verdict.pruned = any(start.seq for start in starts.values())
    marks = checkpoint.heads if checkpoint else {}
    counted, legacy_problem = _walk_legacy(
        heads.get(LEGACY_CHAIN), starts.get(LEGACY_CHAIN, Start()), marks, chunk_size
    )
    verdict.events += counted
    problems.extend(legacy_problem)
    beyond: dict[str, tuple[int, int]] = {}
    seen_chains: set[str] = set()
    for chain, rows in _chained_events(chunk_size):
        seen_chains.add(chain)
        walk = _ChainWalk(chain, heads.get(chain), starts.get(chain, Start()), marks.get(chain))
        counted, found, first_beyond = walk.run(rows, ring)
        verdict.events += counted
        problems.extend(found)
        if first_beyond is not None:
            beyond[chain] = first_beyond
    for chain, head in heads.items():
        if chain in seen_chains or chain == LEGACY_CHAIN:
            continue
        walk = _ChainWalk(chain, head, starts.get(chain, Start()), marks.get(chain))
        problems.extend(walk.run(iter(()), ring)[1])
    for chain, mark in marks.items():
        if chain not in seen_chains and chain not in heads:
            problems.append(
                Problem(
                    mark.event_id, f"chain missing: the checkpoint has it at seq {mark.seq}", chain
                )
            )
    problems.extend(_rows_beyond_heads(beyond))
    problems.extend(_person_index(chunk_size))
    problems.extend(_forged_prunes(starts))
    verdict.chains = len(seen_chains | set(heads))
    return verdict


def _heads() -> dict[str, HeadMark]:
    heads = {
        chain: HeadMark(chain, seq, event_id, last_hash)
        for chain, seq, event_id, last_hash in ChainHead.objects.values_list(
            "chain", "last_seq", "last_event_id", "last_hash"
        )
    }
    legacy = LegacyChainHead.objects.values_list("last_event_id", "last_hash").first()
    if legacy is not None:
        heads[LEGACY_CHAIN] = HeadMark(LEGACY_CHAIN, legacy[0], legacy[0], legacy[1])
    return heads


def _anchors() -> Any:
    return AuditEvent.objects.filter(object_type=PRUNE_OBJECT_TYPE, action=Action.DELETE)


def chain_starts() -> dict[str, Start]:
    """Where each chain starts: from the newest anchor of the system chain, which records every
    chain's start, and for the legacy chain also from its own anchors (decision 0144)."""
    starts: dict[str, Start] = {}
    newest = (
        _anchors()
        .filter(house_id__isnull=True, seq__isnull=False)
        .order_by("-seq")
        .values_list("detail", flat=True)
        .first()
    )
    if isinstance(newest, dict) and isinstance(newest.get(CHAIN_STARTS), dict):
        for chain, start in newest[CHAIN_STARTS].items():
            try:
                starts[str(chain)] = Start(
                    int(start["seq"]), int(start["event_id"]), str(start["hash"])
                )
            except (KeyError, TypeError, ValueError):
                continue  # a malformed start anchors nothing: the walk reports the gap
    # Bounded by the frozen legacy head, so that the index walk starts below every newer event.
    legacy_head = LegacyChainHead.objects.values("last_event_id")[:1]
    legacy = (
        _anchors()
        .filter(seq__isnull=True, id__lte=Subquery(legacy_head))
        .order_by("-id")
        .values_list("detail", flat=True)
        .first()
    )
    if isinstance(legacy, dict):
        try:
            through, through_hash = int(legacy[PRUNED_THROUGH]), str(legacy[PRUNED_THROUGH_HASH])
        except (KeyError, TypeError, ValueError):
            through, through_hash = 0, GENESIS_HASH
        if through > starts.get(LEGACY_CHAIN, Start()).event_id:
            starts[LEGACY_CHAIN] = Start(through, through, through_hash)
    return starts


def _walk_legacy(
    head: HeadMark | None, start: Start, marks: dict[str, HeadMark], chunk_size: int
) -> tuple[int, list[Problem]]:
    """The legacy global chain: gap-free ids from 1 (or after its prune), unkeyed hashes."""
    head_id, head_hash = (head.event_id, head.hash) if head else (0, GENESIS_HASH)
    count = 0
    expected_id, prev_hash = start.event_id + 1, start.hash
    # No bound at the head: nothing appends to the legacy chain any more.
    events = AuditEvent.objects.filter(seq__isnull=True).order_by("id").iterator(chunk_size)

    def broken(event_id: int, reason: str) -> tuple[int, list[Problem]]:
        return count, [Problem(event_id, reason, LEGACY_CHAIN)]

    for event in events:
        if event.id > head_id:
            if expected_id <= head_id:
                break  # the head's missing events are reported below
            return broken(event.id, f"beyond the legacy chain's frozen head ({head_id})")
        if event.id < expected_id:
            return broken(event.id, f"id below the chain start {expected_id}")
        if event.id > expected_id:
            return broken(expected_id, f"missing (next row has id {event.id})")
        if event.prev_hash != prev_hash:
            return broken(event.id, "prev_hash is not the previous row's hash")
        if legacy_event_hash(event) != event.hash:
            return broken(event.id, "hash does not match the row's contents")
        prev_hash = event.hash
        expected_id += 1
        count += 1
    last_id = expected_id - 1
    if last_id < head_id:
        return broken(last_id + 1, f"missing (the chain head says the log runs to {head_id})")
    if prev_hash != head_hash:
        return broken(last_id, "hash differs from the chain head")
    mark = marks.get(LEGACY_CHAIN)
    if mark is not None and (mark.event_id, mark.hash) != (head_id, head_hash):
        return broken(mark.event_id, "differs from the checkpoint (the legacy chain is frozen)")
    return count, []


def _chained_events(chunk_size: int) -> Iterator[tuple[str, Iterator[AuditEvent]]]:
    """The events of every keyed chain, one chain after another, each in its order."""
    events = (
        AuditEvent.objects.filter(seq__isnull=False)
        .order_by("house_id", "seq", "id")
        .iterator(chunk_size=chunk_size)
    )
    for house_id, rows in itertools.groupby(events, key=lambda event: event.house_id):
        yield chain_of(house_id), rows


class _ChainWalk:
    def __init__(
        self, chain: str, head: HeadMark | None, start: Start, mark: HeadMark | None
    ) -> None:
        self.chain, self.start, self.mark = chain, start, mark
        self.head = head or HeadMark(chain, 0, 0, GENESIS_HASH)

    def problem(self, event_id: int, reason: str) -> Problem:
        return Problem(event_id, reason, self.chain)

    def run(
        self, rows: Iterator[AuditEvent], ring: KeyRing
    ) -> tuple[int, list[Problem], tuple[int, int] | None]:
        """(events verified, problems, (id, seq) of the first row beyond the head). After the
        first break the walk goes on checking each row's own link only, so that a changed row
        further on (moved to another place, say) is named too, not just the gap it left."""
        count, expected, prev_hash, prev_id = 0, self.start.seq + 1, self.start.hash, 0
        at_mark: tuple[int, str] | None = None
        first: Problem | None = None
        for event in rows:
            assert event.seq is not None  # noqa: S101 - the query selects chained events only
            own = self._own_link(event, ring)
            if first is not None:
                if own is not None:
                    return count, [first, own], None
                continue
            if event.seq > self.head.seq:
                # Beyond the head read at the start: a concurrent append, or a forged row.
                return count, self._end(expected - 1, prev_hash, at_mark), (event.id, event.seq)
            first = self._place(event, expected, prev_hash, prev_id) or own
            if first is not None:
                continue
            if self.mark is not None and event.seq == self.mark.seq:
                at_mark = (event.id, event.hash)
            prev_hash, prev_id = event.hash, event.id
            expected += 1
            count += 1
        if first is not None:
            return count, [first], None
        return count, self._end(expected - 1, prev_hash, at_mark), None

    def _place(
        self, event: AuditEvent, expected: int, prev_hash: str, prev_id: int
    ) -> Problem | None:
        """Whether the event is where the chain needs its next event."""
        assert event.seq is not None  # noqa: S101 - the query selects chained events only
        if event.seq < expected:
            what = "below the chain start" if event.seq <= self.start.seq else "duplicate"
            return self.problem(event.id, f"seq {event.seq} {what}")
        if event.seq > expected:
            reason = f"missing: seq {expected}"
            reason += f" after event id {prev_id}" if prev_id else " at the chain start"
            return self.problem(event.id, f"{reason} (this row has seq {event.seq})")
        if event.prev_hash != prev_hash:
            return self.problem(event.id, "prev_hash is not the previous link")
        if event.id <= prev_id:
            return self.problem(event.id, "id not above the previous event's")
        return None

    def _own_link(self, event: AuditEvent, ring: KeyRing) -> Problem | None:
        """Whether the event's link is the keyed link of its own fields."""
        key = ring.keys.get(event.key_id or "")
        if key is None:
            return self.problem(event.id, f"link made with unknown key id {event.key_id!r}")
        if keyed_link(key, event) != event.hash:
            reason = "link does not match: the row was changed or written without the key"
            return self.problem(event.id, reason)
        return None

    def _end(self, last_seq: int, last_hash: str, at_mark: tuple[int, str] | None) -> list[Problem]:
        problem = self._end_problem(last_seq, last_hash, at_mark)
        return [] if problem is None else [problem]

    def _end_problem(
        self, last_seq: int, last_hash: str, at_mark: tuple[int, str] | None
    ) -> Problem | None:
        """The chain's end against its head and the checkpoint."""
        head, mark = self.head, self.mark
        if mark is not None and last_seq < mark.seq:
            return self.problem(
                mark.event_id,
                f"tail cut off: the chain ends at seq {last_seq}, the checkpoint has it "
                f"at seq {mark.seq} (event id {mark.event_id})",
            )
        if mark is not None and at_mark != (mark.event_id, mark.hash):
            return self.problem(mark.event_id, f"differs from the checkpoint at seq {mark.seq}")
        if last_seq < head.seq:
            return self.problem(
                head.event_id,
                f"missing: the chain head says the chain runs to seq {head.seq}, "
                f"it ends at seq {last_seq}",
            )
        if last_seq and last_hash != head.hash:
            return self.problem(head.event_id, "hash differs from the chain head")
        return None


def _rows_beyond_heads(beyond: dict[str, tuple[int, int]]) -> list[Problem]:
    """Rows past the head read at the start are reported when the head, read now, still does
    not cover them: only rows written around `audit_record` stay beyond it."""
    if not beyond:
        return []
    heads = _heads()
    problems = []
    for chain, (event_id, seq) in beyond.items():
        head = heads.get(chain)
        head_seq = head.seq if head else 0
        if seq > head_seq:
            reason = f"beyond the chain head (which ends at seq {head_seq}): seq {seq}"
            problems.append(Problem(event_id, reason, chain))
    return problems


def _person_index(chunk_size: int) -> list[Problem]:
    """The per-person index against the events' person_ids: a merge join in event id order."""
    top = AuditEvent.objects.aggregate(top=Max("id"))["top"] or 0
    links = _person_links(top, chunk_size)
    pending = next(links, None)
    events = (
        AuditEvent.objects.filter(id__lte=top)
        .order_by("id")
        .values_list("id", "person_ids", "house_id", "seq")
        .iterator(chunk_size=chunk_size)
    )
    for event_id, person_ids, house_id, seq in events:
        chain = LEGACY_CHAIN if seq is None else chain_of(house_id)
        if pending is not None and pending[0] < event_id:
            return [Problem(pending[0], "person index rows for a missing event")]
        linked: list[str] = []
        if pending is not None and pending[0] == event_id:
            linked = pending[1]
            pending = next(links, None)
        if linked != _sorted_person_ids(person_ids):
            return [Problem(event_id, "person index disagrees with person_ids", chain)]
    if pending is not None:
        return [Problem(pending[0], "person index rows for a missing event")]
    beyond = AuditEventPerson.objects.filter(event_id__gt=top).aggregate(low=Min("event_id"))
    if beyond["low"] is not None:
        return [Problem(beyond["low"], "person index rows for a missing event")]
    return []


def _person_links(top: int, chunk_size: int) -> Iterator[tuple[int, list[str]]]:
    """(event id, sorted person ids) per event, in event order."""
    rows = (
        AuditEventPerson.objects.filter(event_id__lte=top)
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


PruneRow = tuple[Any, Any, "int | None", int]
# Prune records are kept by retention, an app above the access log: it registers where they are
# (zvh.retention.apps), so that verify reads them without importing upward (decision 0194).
_prune_record_sources: list[Callable[[], Iterable[PruneRow]]] = []


def register_prune_records(source: Callable[[], Iterable[PruneRow]]) -> None:
    """`source()` yields (id, house_id, through_seq, through_event_id) of every prune record."""
    if source not in _prune_record_sources:
        _prune_record_sources.append(source)


def _forged_prunes(starts: dict[str, Start]) -> list[Problem]:
    """Prune records that reach past the start their chain's keyed anchor records: the
    database's triggers let such a record delete events, so it must have come from retention."""
    problems = []
    rows = itertools.chain.from_iterable(source() for source in _prune_record_sources)
    for prune_id, house_id, through_seq, through_event_id in rows:
        chain = LEGACY_CHAIN if through_seq is None else chain_of(house_id)
        start = starts.get(chain, Start())
        reach = through_event_id if through_seq is None else through_seq
        if reach > (start.event_id if through_seq is None else start.seq):
            problems.append(
                Problem(
                    through_event_id,
                    f"prune record {prune_id} reaches past the chain's recorded start "
                    f"(seq {start.seq}): not made by retention",
                    chain,
                )
            )
    return problems


__all__ = ["SYSTEM_CHAIN", "Problem", "Verdict", "chain_starts", "verify_chain"]
