"""Expiry of the access log: the oldest events of each chain go as a prefix of that chain.

Since decision 0190 every house has its own chain, so each house's events go by its own term;
the system chain (events of no house) and the chains of houses no longer there keep the longest
term of any house, as do the events of the legacy global chain (before 0190), where an event of
a house is kept while its house's term runs (decision 0144). Two limits keep the chains checkable
from outside the database: a chain's newest event never goes, nor the event of the newest
checkpoint (audit/checkpoints.py), so the head and the checkpoint can always be compared with
the chain. See docs/decisions/0144-retention.md and 0190.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import asdict, dataclass

from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from zvh.audit.chain import SYSTEM_CHAIN
from zvh.audit.checkpoints import LEGACY_CHAIN, CheckpointError, latest_checkpoint
from zvh.audit.models import Action, AuditEvent, AuditEventPerson, ChainHead, LegacyChainHead
from zvh.audit.services import audit_record
from zvh.audit.verify import CHAIN_STARTS, PRUNE_OBJECT_TYPE, Start, chain_starts

from .models import AuditPrune, RetentionKind, RetentionRun
from .terms import expiry_cutoff


@dataclass(frozen=True)
class ChainExpiry:
    chain: str
    first_id: int
    through_seq: int  # the legacy chain: the event id
    through_id: int
    events: int

    @property
    def legacy(self) -> bool:
        return self.chain == LEGACY_CHAIN

    @property
    def house_id(self) -> uuid.UUID | None:
        return None if self.chain in (LEGACY_CHAIN, SYSTEM_CHAIN) else uuid.UUID(self.chain)


@dataclass(frozen=True)
class AuditExpiry:
    chains: tuple[ChainExpiry, ...]

    @property
    def first_id(self) -> int:
        return min(chain.first_id for chain in self.chains)

    @property
    def through_id(self) -> int:
        return max(chain.through_id for chain in self.chains)

    @property
    def events(self) -> int:
        return sum(chain.events for chain in self.chains)


def audit_expiry_plan(
    *, today: datetime.date, terms: dict[uuid.UUID, dict[str, int]]
) -> AuditExpiry | None:
    """The prefix of each chain past its term, or None. Each query walks a chain from its
    oldest event and stops at the first to keep, so it costs about the size of the prefix.

    Events carry the clock's time, so the log is measured by the clock: a reference day after
    today (`--today`) does not make events older, and a second run on it prunes nothing more
    (the events the first run wrote are as young as the clock)."""
    today = min(today, timezone.localdate())
    months = {house_id: kinds[RetentionKind.AUDIT_EVENT] for house_id, kinds in terms.items()}
    if not months:
        return None
    try:
        checkpoint = latest_checkpoint()
    except CheckpointError:
        return None  # a checkpoint that cannot be trusted: nothing goes until it is sorted out
    marks = checkpoint.heads if checkpoint else {}
    starts = chain_starts()
    longest = max(months.values())
    found = []
    heads = ChainHead.objects.filter(last_seq__gt=0).values_list("chain", "last_seq")
    for chain, last_seq in heads.order_by("chain"):
        house_id = None if chain == SYSTEM_CHAIN else uuid.UUID(chain)
        events = _chain_events(house_id)
        cutoff = expiry_cutoff(today, months.get(house_id, longest) if house_id else longest)
        first_kept = (
            events.filter(occurred_at__gte=cutoff).order_by("seq").values_list("seq", flat=True)
        ).first()
        through = min(
            (first_kept or last_seq + 1) - 1,
            last_seq - 1,
            marks[chain].seq - 1 if chain in marks else last_seq,
        )
        start = starts.get(chain, Start())
        if through > start.seq:
            prefix = events.filter(seq__gt=start.seq, seq__lte=through)
            ids = prefix.order_by("seq").values_list("id", flat=True)
            found.append(
                ChainExpiry(chain, ids.first() or 0, through, ids.last() or 0, prefix.count())
            )
    legacy = _legacy_expiry(today, months, starts.get(LEGACY_CHAIN, Start()))
    if legacy is not None:
        found.insert(0, legacy)
    return AuditExpiry(tuple(found)) if found else None


def _chain_events(house_id: uuid.UUID | None) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.filter(seq__isnull=False)
    return (
        events.filter(house_id__isnull=True)
        if house_id is None
        else events.filter(house_id=house_id)
    )


def _legacy_expiry(
    today: datetime.date, months: dict[uuid.UUID, int], start: Start
) -> ChainExpiry | None:
    """The legacy global chain, frozen: a prefix ending before its first event still kept, and
    never its last event (the head)."""
    head = LegacyChainHead.objects.values_list("last_event_id", flat=True).first()
    if not head:
        return None
    legacy = AuditEvent.objects.filter(seq__isnull=True)
    first_kept = [
        _first_id_from(legacy, expiry_cutoff(today, term), Q(house_id=house_id))
        for house_id, term in months.items()
    ]
    houseless = Q(house_id__isnull=True) | ~Q(house_id__in=list(months))
    first_kept.append(_first_id_from(legacy, expiry_cutoff(today, max(months.values())), houseless))
    kept = [event_id for event_id in first_kept if event_id is not None]
    through = min([*kept, head]) - 1
    if through <= start.event_id:
        return None
    events = legacy.filter(id__gt=start.event_id, id__lte=through).count()
    return ChainExpiry(LEGACY_CHAIN, start.event_id + 1, through, through, events)


def _first_id_from(events: QuerySet[AuditEvent], cutoff: datetime.datetime, which: Q) -> int | None:
    found = events.filter(which, occurred_at__gte=cutoff)
    return found.order_by("id").values_list("id", flat=True).first()


def may_prune() -> bool:
    """On PostgreSQL only the tables' owner gets a prune past the triggers (migration 0002):
    the app role, which the app servers use, cannot remove events at all."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_has_role(current_user, relowner, 'MEMBER') FROM pg_class "
            "WHERE oid = %s::regclass",
            [AuditEvent._meta.db_table],
        )
        row = cursor.fetchone()
    return bool(row and row[0])


def audit_expiry_apply(*, run: RetentionRun, expiry: AuditExpiry) -> int:
    """Removes each chain's prefix through the privileged path, in one transaction: first the
    anchor event in the system chain that records every chain's new start (a keyed event: the
    verification starts there), then per chain the recorded prune (which the triggers read)
    and the deletion. Returns the number of events removed."""
    with transaction.atomic():
        # The system chain's lock: one prune at a time (the anchor goes there).
        ChainHead.objects.select_for_update().filter(chain=SYSTEM_CHAIN).first()
        starts = chain_starts()
        going = []
        for part in expiry.chains:
            if part.through_seq <= starts.get(part.chain, Start()).seq:
                continue  # removed meanwhile by another run
            through_hash = (
                AuditEvent.objects.filter(id=part.through_id).values_list("hash", flat=True).first()
            )
            if through_hash is None:
                continue
            starts[part.chain] = Start(part.through_seq, part.through_id, through_hash)
            going.append(part)
        if not going:
            return 0
        audit_record(
            actor=None,
            action=Action.DELETE,
            object_type=PRUNE_OBJECT_TYPE,
            object_id=run.id,
            detail={
                CHAIN_STARTS: {chain: asdict(start) for chain, start in sorted(starts.items())},
                "events": sum(part.events for part in going),
                "retention_run": str(run.id),
            },
        )
        removed = 0
        for part in going:
            start = starts[part.chain]
            prefix = (
                AuditEvent.objects.filter(seq__isnull=True, id__lte=part.through_id)
                if part.legacy
                else _chain_events(part.house_id).filter(seq__lte=part.through_seq)
            )
            AuditPrune.objects.create(
                run=run,
                pruned_at=timezone.now(),
                house_id=part.house_id,
                through_seq=None if part.legacy else part.through_seq,
                through_event_id=part.through_id,
                through_hash=start.hash,
                events=prefix.count(),
            )
            AuditEventPerson.objects.filter(event_id__in=prefix.values("id")).delete()
            count, _per_model = prefix.delete()
            removed += count
    return removed
