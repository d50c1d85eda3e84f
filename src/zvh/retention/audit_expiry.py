"""Expiry of the access log: the oldest events go as a prefix of the chain.

The chain is one list for all houses, so only a prefix can go without breaking it. The prefix
ends just before the oldest event that must still be kept: an event of a house is kept while
its house's audit term runs; an event of no house (or of a house that no longer exists) while
the longest term of any house runs. With differing terms, an event may therefore stay longer
than its own house's term, never shorter. See docs/decisions/0144-retention.md.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from zvh.audit.models import Action, AuditChainHead, AuditEvent, AuditEventPerson
from zvh.audit.services import audit_record
from zvh.audit.verify import PRUNE_OBJECT_TYPE, PRUNED_THROUGH, PRUNED_THROUGH_HASH, chain_start

from .models import AuditPrune, RetentionKind, RetentionRun
from .terms import expiry_cutoff


@dataclass(frozen=True)
class AuditExpiry:
    first_id: int
    through_id: int
    events: int


def audit_expiry_plan(
    *, today: datetime.date, terms: dict[uuid.UUID, dict[str, int]]
) -> AuditExpiry | None:
    """The prefix of the log past its term, or None. Each query walks the ids from the
    oldest and stops at the first event to keep, so it costs about the size of the prefix.

    Events carry the clock's time, so the log is measured by the clock: a reference day after
    today (`--today`) does not make events older, and a second run on it prunes nothing more
    (the events the first run wrote are as young as the clock)."""
    today = min(today, timezone.localdate())
    months = {house_id: kinds[RetentionKind.AUDIT_EVENT] for house_id, kinds in terms.items()}
    if not months:
        return None
    head = AuditChainHead.objects.filter(id=1).values_list("last_event_id", flat=True).first()
    if not head:
        return None
    first_kept = [
        _first_id_from(expiry_cutoff(today, term), Q(house_id=house_id))
        for house_id, term in months.items()
    ]
    # Events of no house, or of a house no longer there: the longest term.
    houseless = Q(house_id__isnull=True) | ~Q(house_id__in=list(months))
    first_kept.append(_first_id_from(expiry_cutoff(today, max(months.values())), houseless))
    kept = [event_id for event_id in first_kept if event_id is not None]
    through = min(kept) - 1 if kept else head
    first_id, _hash = chain_start()
    if through < first_id:
        return None
    events = AuditEvent.objects.filter(id__lte=through).count()
    return AuditExpiry(first_id=first_id, through_id=through, events=events)


def _first_id_from(cutoff: datetime.datetime, which: Q) -> int | None:
    events = AuditEvent.objects.filter(which, occurred_at__gte=cutoff)
    return events.order_by("id").values_list("id", flat=True).first()


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
    """Removes the prefix through the privileged path: the recorded prune (which the triggers
    read), the deletion, and the anchor event that the verification starts from, all in one
    transaction. Returns the number of events removed."""
    with transaction.atomic():
        # The chain head's lock: one prune at a time, and no append slips in between.
        AuditChainHead.objects.select_for_update().filter(id=1).first()
        through_hash = (
            AuditEvent.objects.filter(id=expiry.through_id).values_list("hash", flat=True).first()
        )
        if through_hash is None:  # removed meanwhile by another run
            return 0
        AuditPrune.objects.create(
            run=run,
            pruned_at=timezone.now(),
            through_event_id=expiry.through_id,
            through_hash=through_hash,
            events=AuditEvent.objects.filter(id__lte=expiry.through_id).count(),
        )
        AuditEventPerson.objects.filter(event_id__lte=expiry.through_id).delete()
        removed, _per_model = AuditEvent.objects.filter(id__lte=expiry.through_id).delete()
        audit_record(
            actor=None,
            action=Action.DELETE,
            object_type=PRUNE_OBJECT_TYPE,
            object_id=run.id,
            detail={
                PRUNED_THROUGH: expiry.through_id,
                PRUNED_THROUGH_HASH: through_hash,
                "events": removed,
                "retention_run": str(run.id),
            },
        )
    return removed
