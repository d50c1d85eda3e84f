"""Expiry of the access log: each chain loses a prefix through the privileged path, the chains
stay verifiable from the keyed anchor, and the triggers still refuse every other change
(decisions 0144, 0190)."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.core.management import CommandError
from django.db import DatabaseError, connection, transaction
from django.test import override_settings
from django.utils import timezone

from tests.audit.support import append_only_lifted, audit_verify, build_legacy_chain
from zvh.audit.chain import SYSTEM_CHAIN
from zvh.audit.checkpoints import write_checkpoint
from zvh.audit.models import Action, AuditEvent, AuditEventPerson
from zvh.audit.services import audit_record
from zvh.audit.verify import CHAIN_STARTS, PRUNE_OBJECT_TYPE
from zvh.authz.actor import Actor
from zvh.retention.models import AuditPrune, DeletionLogEntry, RetentionRun

from .support import apply_retention, confirm_terms, database_state, frozen_clock

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def _event(house_id: uuid.UUID | None, *, years_ago: float) -> AuditEvent:
    with frozen_clock(NOW - datetime.timedelta(days=365.25 * years_ago)):
        return audit_record(
            actor=Actor(user_id=7, organisation_id=None, house_id=house_id),
            action=Action.VIEW,
            object_type="person",
            object_id=uuid.uuid4(),
            person_ids=[uuid.uuid4()],
        )


def test_each_chain_loses_its_prefix_past_the_term_and_the_chains_still_verify(world):
    old = [_event(world.house.id, years_ago=9) for _ in range(3)]
    old_system = _event(None, years_ago=8)
    young = [_event(world.house.id, years_ago=1), _event(None, years_ago=0)]
    confirm_terms(audit_event=84)

    out = apply_retention()

    assert f"events {old[0].id}-{old_system.id} removed under the audit_event terms: 4" in out
    gone = [event.id for event in [*old, old_system]]
    assert not AuditEvent.objects.filter(id__in=gone).exists()
    assert not AuditEventPerson.objects.filter(event_id__in=gone).exists()
    assert AuditEvent.objects.filter(id__in=[event.id for event in young]).count() == 2
    prunes = {
        (prune.house_id, prune.through_seq, prune.through_event_id, prune.through_hash)
        for prune in AuditPrune.objects.all()
    }
    assert prunes == {
        (world.house.id, 3, old[-1].id, old[-1].hash),
        (None, 1, old_system.id, old_system.hash),
    }
    anchor = AuditEvent.objects.get(object_type=PRUNE_OBJECT_TYPE)
    assert (anchor.house_id, anchor.seq) == (None, 3)  # appended to the system chain
    assert anchor.detail[CHAIN_STARTS][str(world.house.id)] == {
        "seq": 3,
        "event_id": old[-1].id,
        "hash": old[-1].hash,
    }
    broken, output = audit_verify()
    assert broken is None and "removed by retention" in output
    entry = DeletionLogEntry.objects.get(object_type="audit_events")
    assert (entry.count, entry.house_id) == (4, None)


def test_the_legacy_chain_loses_its_prefix_too_up_to_its_frozen_head(world):
    """The events from before decision 0190: anchored from the system chain from now on."""
    old = build_legacy_chain(
        3, house_id=world.house.id, occurred_at=NOW - datetime.timedelta(days=365 * 9)
    )
    confirm_terms(audit_event=84)
    apply_retention()
    assert list(AuditEvent.objects.filter(seq__isnull=True).values_list("id", flat=True)) == [3]
    anchor = AuditEvent.objects.get(object_type=PRUNE_OBJECT_TYPE)
    assert anchor.detail[CHAIN_STARTS]["legacy"] == {
        "seq": 2,
        "event_id": 2,
        "hash": old[1].hash,
    }
    assert AuditPrune.objects.get().through_seq is None
    assert audit_verify()[0] is None


def test_a_chains_newest_event_stays_even_past_its_term(world):
    """The head event stays, so the head (and a checkpoint) can always be compared."""
    _event(world.house.id, years_ago=9)
    confirm_terms(audit_event=84)
    assert "nothing past its term" in apply_retention()


def test_a_second_prune_starts_from_the_first_anchor(world):
    _event(world.house.id, years_ago=10)
    _event(world.house.id, years_ago=10)
    confirm_terms(audit_event=84)
    apply_retention()
    first_anchor = AuditEvent.objects.get(object_type=PRUNE_OBJECT_TYPE)
    _event(world.house.id, years_ago=0)
    # Eight years on, the house's remaining events are past the term as well.
    with frozen_clock(NOW + datetime.timedelta(days=365 * 8)):
        apply_retention()
    second_anchor = AuditEvent.objects.filter(object_type=PRUNE_OBJECT_TYPE).latest("seq")
    assert second_anchor.detail[CHAIN_STARTS][str(world.house.id)]["seq"] == 2
    assert AuditEvent.objects.filter(pk=first_anchor.pk).exists()  # the system chain's head then
    assert audit_verify()[0] is None


def test_each_house_keeps_its_events_by_its_own_term(world):
    """A chain per house: a longer term elsewhere no longer holds a house's events."""
    short = _event(world.house.id, years_ago=3)
    long = _event(world.other_house.id, years_ago=3)
    for house in (world.house, world.other_house):
        _event(house.id, years_ago=0)
    confirm_terms(houses=[world.house], audit_event=24)
    confirm_terms(houses=[world.other_house], audit_event=60)
    apply_retention()
    assert not AuditEvent.objects.filter(pk=short.pk).exists()
    assert AuditEvent.objects.filter(pk=long.pk).exists()
    assert audit_verify()[0] is None


def test_a_reference_day_ahead_does_not_age_the_log(world):
    """Events carry the clock's time: --today moves the other terms, not the log's."""
    event = _event(world.house.id, years_ago=0.5)
    _event(world.house.id, years_ago=0)
    confirm_terms(audit_event=12)
    apply_retention("--today", "2099-01-01")
    assert AuditEvent.objects.filter(pk=event.pk).exists()
    before = database_state()
    assert "nothing past its term" in apply_retention("--today", "2099-01-01")
    assert database_state() == before


def test_the_dry_run_lists_the_prefix_and_removes_nothing(world):
    old = _event(world.house.id, years_ago=9)
    _event(world.house.id, years_ago=0)
    confirm_terms(audit_event=84)
    before = database_state()
    out = apply_retention("--dry-run")
    assert f"events {old.id}-{old.id} would go under the audit_event terms: 1" in out
    assert database_state() == before


def test_the_prune_stops_before_the_newest_checkpoint(world, tmp_path):
    """A checkpointed event never goes: the checkpoint can always be compared with the chain."""
    old = [_event(world.house.id, years_ago=9) for _ in range(3)]
    with override_settings(ZVH_AUDIT_CHECKPOINT_DIR=str(tmp_path)):
        write_checkpoint()
        _event(world.house.id, years_ago=0)
        confirm_terms(audit_event=84)
        apply_retention()
        assert not AuditEvent.objects.filter(id__in=[old[0].id, old[1].id]).exists()
        assert AuditEvent.objects.filter(id=old[2].id).exists()
        assert audit_verify()[0] is None


def test_the_triggers_refuse_everything_but_a_recorded_prune(world):
    old = _event(world.house.id, years_ago=9)
    young = _event(world.house.id, years_ago=0)
    for attempt in (
        lambda: AuditEvent.objects.filter(pk=old.pk).delete(),
        lambda: AuditEventPerson.objects.filter(event_id=old.pk).delete(),
        lambda: AuditEvent.objects.filter(pk=old.pk).update(object_type="x"),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            attempt()
    confirm_terms(audit_event=84)
    apply_retention()
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    # Past the recorded prune, nothing changed: a delete or update is still refused.
    for attempt in (
        lambda: AuditEvent.objects.filter(pk=young.pk).delete(),
        lambda: AuditEventPerson.objects.filter(event_id=young.pk).delete(),
        lambda: AuditEvent.objects.filter(pk=young.pk).update(object_type="x"),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            attempt()


def _forged_prune(house_id: uuid.UUID, through_seq: int, through: AuditEvent) -> AuditPrune:
    run = RetentionRun.objects.create(reference_date=NOW.date(), started_at=NOW)
    return AuditPrune.objects.create(
        run=run,
        pruned_at=NOW,
        house_id=house_id,
        through_seq=through_seq,
        through_event_id=through.id,
        through_hash=through.hash,
        events=1,
    )


def test_a_forged_prune_record_is_reported_and_never_reaches_the_head(world):
    """The outside review's abuse: a prune record written straight into the table, reaching past
    the head, to let the triggers delete events. The newest event stays, and the record, the
    events it let go and the chain's new start are all reported."""
    events = [_event(world.house.id, years_ago=0) for _ in range(4)]
    forged = _forged_prune(world.house.id, 99, events[-1])
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=events[-1].pk).delete()
    AuditEventPerson.objects.filter(event_id__in=[e.id for e in events[:2]]).delete()
    AuditEvent.objects.filter(id__in=[e.id for e in events[:2]]).delete()
    broken, message = audit_verify()
    assert broken == events[2].id, message
    assert f"house Veiligheidshuis Test {world.house.id}" in message
    assert "missing: seq 1 at the chain start" in message
    assert f"prune record {forged.id} reaches past the chain's recorded start" in message


def test_a_forged_prune_record_alone_is_reported(world):
    events = [_event(world.house.id, years_ago=0) for _ in range(2)]
    _forged_prune(world.house.id, 1, events[0])
    broken, message = audit_verify()
    assert broken == events[0].id and "not made by retention" in message


def test_tampering_with_the_anchor_or_after_it_is_still_detected(world):
    _event(world.house.id, years_ago=9)
    young = [_event(world.house.id, years_ago=0) for _ in range(3)]
    confirm_terms(audit_event=84)
    apply_retention()
    anchor = AuditEvent.objects.get(object_type=PRUNE_OBJECT_TYPE)
    assert audit_verify()[0] is None
    with append_only_lifted():
        starts = anchor.detail[CHAIN_STARTS]
        house_start = {**starts[str(world.house.id)], "seq": 2}
        detail = {**anchor.detail, CHAIN_STARTS: {**starts, str(world.house.id): house_start}}
        AuditEvent.objects.filter(pk=anchor.pk).update(detail=detail)
    broken, message = audit_verify()
    assert broken is not None and SYSTEM_CHAIN in message
    with append_only_lifted():
        AuditEvent.objects.filter(pk=anchor.pk).update(detail=anchor.detail)
        AuditEventPerson.objects.filter(event_id=young[1].id).delete()
        AuditEvent.objects.filter(pk=young[1].id).delete()
    assert audit_verify()[0] == young[2].id


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="database roles exist on PostgreSQL only; on SQLite whoever writes owns the file",
)
def test_the_app_role_cannot_remove_events_not_even_with_a_recorded_prune(world):
    """As docs/operations.md sets it up, the app servers connect with a role that may read and
    write rows but owns no table. The privileged path is the owner's."""
    old = _event(world.house.id, years_ago=9)
    _event(world.house.id, years_ago=0)
    confirm_terms(audit_event=84)
    role = f"zvh_test_app_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} NOLOGIN")
        # A role with CREATEROLE (CI's) may only switch to a role it is a member of.
        cursor.execute(f"GRANT {role} TO CURRENT_USER")
        cursor.execute(
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}"
        )
        cursor.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}")
        cursor.execute(f"SET ROLE {role}")
    try:
        with pytest.raises(CommandError, match="only the role that owns the tables"):
            apply_retention()
        assert AuditEvent.objects.filter(pk=old.pk).exists()
        _forged_prune(world.house.id, 1, old)
        with pytest.raises(DatabaseError), transaction.atomic():
            AuditEvent.objects.filter(pk=old.pk).delete()
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
    assert AuditEvent.objects.filter(pk=old.pk).exists()
