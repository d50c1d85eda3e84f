"""Expiry of the access log: a prefix goes through the privileged path, the chain stays
verifiable from its anchor, and the triggers still refuse every other change."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.core.management import CommandError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from tests.audit.support import append_only_lifted, audit_verify
from zvh.audit.models import Action, AuditEvent, AuditEventPerson
from zvh.audit.services import audit_record
from zvh.audit.verify import PRUNE_OBJECT_TYPE, verify_chain
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


def test_events_past_the_term_go_as_a_prefix_and_the_chain_still_verifies(world):
    old = [_event(world.house.id, years_ago=9) for _ in range(3)] + [_event(None, years_ago=8)]
    young = [_event(world.house.id, years_ago=1), _event(None, years_ago=0)]
    confirm_terms(audit_event=84)

    out = apply_retention()

    assert f"events {old[0].id}-{old[-1].id} removed under the audit_event terms: 4" in out
    assert not AuditEvent.objects.filter(id__lte=old[-1].id).exists()
    assert not AuditEventPerson.objects.filter(event_id__lte=old[-1].id).exists()
    assert AuditEvent.objects.filter(id__in=[event.id for event in young]).count() == 2
    prune = AuditPrune.objects.get()
    assert (prune.through_event_id, prune.through_hash, prune.events) == (
        old[-1].id,
        old[-1].hash,
        4,
    )
    anchor = AuditEvent.objects.get(object_type=PRUNE_OBJECT_TYPE)
    assert anchor.detail["pruned_through"] == old[-1].id
    broken, output = audit_verify()
    assert broken is None and "removed by retention" in output
    assert verify_chain().pruned_through == old[-1].id
    entry = DeletionLogEntry.objects.get(object_type="audit_events")
    assert (entry.object_id, entry.count, entry.house_id) == (f"{old[0].id}-{old[-1].id}", 4, None)


def test_a_second_prune_starts_from_the_first_anchor(world):
    _event(world.house.id, years_ago=10)
    confirm_terms(audit_event=84)
    apply_retention()
    first_anchor = AuditEvent.objects.get(object_type=PRUNE_OBJECT_TYPE)
    _event(world.house.id, years_ago=0)
    # Eight years on, the first run's events and its anchor are past the term as well.
    with frozen_clock(NOW + datetime.timedelta(days=365 * 8)):
        apply_retention()
    assert not AuditEvent.objects.filter(id__lte=first_anchor.id).exists()
    assert audit_verify()[0] is None


def test_the_longest_term_governs_where_houses_differ(world):
    """The chain is one list: a prefix may only end before the first event still kept."""
    short = _event(world.house.id, years_ago=3)
    long = _event(world.other_house.id, years_ago=3)
    after = _event(world.house.id, years_ago=3)
    confirm_terms(houses=[world.house], audit_event=24)
    confirm_terms(houses=[world.other_house], audit_event=60)
    apply_retention()
    assert not AuditEvent.objects.filter(pk=short.pk).exists()
    assert AuditEvent.objects.filter(pk__in=[long.pk, after.pk]).count() == 2
    assert audit_verify()[0] is None


def test_a_reference_day_ahead_does_not_age_the_log(world):
    """Events carry the clock's time: --today moves the other terms, not the log's."""
    event = _event(world.house.id, years_ago=0.5)
    confirm_terms(audit_event=12)
    apply_retention("--today", "2099-01-01")
    assert AuditEvent.objects.filter(pk=event.pk).exists()
    before = database_state()
    assert "nothing past its term" in apply_retention("--today", "2099-01-01")
    assert database_state() == before


def test_the_dry_run_lists_the_prefix_and_removes_nothing(world):
    old = _event(world.house.id, years_ago=9)
    confirm_terms(audit_event=84)
    before = database_state()
    out = apply_retention("--dry-run")
    assert f"events {old.id}-{old.id} would go under the audit_event terms: 1" in out
    assert database_state() == before


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


def test_tampering_with_the_anchor_or_after_it_is_still_detected(world):
    _event(world.house.id, years_ago=9)
    young = [_event(world.house.id, years_ago=0) for _ in range(3)]
    confirm_terms(audit_event=84)
    apply_retention()
    anchor = AuditEvent.objects.get(object_type=PRUNE_OBJECT_TYPE)
    assert audit_verify()[0] is None
    with append_only_lifted():
        detail = {**anchor.detail, "pruned_through": anchor.detail["pruned_through"] + 1}
        AuditEvent.objects.filter(pk=anchor.pk).update(detail=detail)
    assert audit_verify()[0] is not None
    with append_only_lifted():
        AuditEvent.objects.filter(pk=anchor.pk).update(detail=anchor.detail)
        AuditEventPerson.objects.filter(event_id=young[1].id).delete()
        AuditEvent.objects.filter(pk=young[1].id).delete()
    assert audit_verify()[0] == young[1].id


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="database roles exist on PostgreSQL only; on SQLite whoever writes owns the file",
)
def test_the_app_role_cannot_remove_events_not_even_with_a_recorded_prune(world):
    """As docs/operations.md sets it up, the app servers connect with a role that may read and
    write rows but owns no table. The privileged path is the owner's."""
    old = _event(world.house.id, years_ago=9)
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
        run = RetentionRun.objects.create(reference_date=NOW.date(), started_at=NOW)
        AuditPrune.objects.create(
            run=run, pruned_at=NOW, through_event_id=old.id, through_hash=old.hash, events=1
        )
        with pytest.raises(DatabaseError), transaction.atomic():
            AuditEvent.objects.filter(pk=old.pk).delete()
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
    assert AuditEvent.objects.filter(pk=old.pk).exists()
