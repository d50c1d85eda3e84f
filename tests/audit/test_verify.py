"""`manage.py audit_verify`: what it accepts, and each kind of break it must name."""

from __future__ import annotations

import hashlib
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from zvh.audit.chain import GENESIS_HASH, content_hash, event_hash
from zvh.audit.models import Action, AuditChainHead, AuditEvent, AuditEventPerson
from zvh.audit.services import audit_record
from zvh.audit.verify import verify_chain

from .support import append_only_lifted, audit_verify, build_chain

pytestmark = pytest.mark.django_db


def test_an_empty_log_is_intact():
    assert audit_verify() == (None, "OK: 0 events\n")


def test_an_intact_chain_is_reported_with_its_length():
    build_chain(7)
    assert audit_verify() == (None, "OK: 7 events\n")


@pytest.mark.parametrize("chunk_size", [1, 2, 3, 1000])
def test_streaming_in_chunks_gives_the_same_verdict(chunk_size):
    build_chain(7)
    assert verify_chain(chunk_size=chunk_size).events == 7
    with append_only_lifted():
        AuditEvent.objects.filter(id=5).update(object_type="tampered")
    problem = verify_chain(chunk_size=chunk_size).problem
    assert problem is not None and problem.event_id == 5


def test_a_bad_chunk_size_is_refused():
    with pytest.raises(CommandError, match="chunk-size"):
        call_command("audit_verify", "--chunk-size", "0")


def test_a_broken_row_fails_the_command_with_the_row_named():
    build_chain(3)
    with append_only_lifted():
        AuditEvent.objects.filter(id=2).update(result="failed")
    with pytest.raises(CommandError) as error:
        call_command("audit_verify")
    # manage.py prints a CommandError to stderr and exits with its return code.
    assert error.value.returncode != 0
    assert "first broken row is event id 2: hash does not match" in str(error.value)


def test_a_deleted_person_index_row_is_detected():
    events = build_chain(5)
    linked = next(event for event in events if event.person_ids)
    with append_only_lifted():
        AuditEventPerson.objects.filter(event_id=linked.id).delete()
    assert audit_verify()[0] == linked.id


def test_an_extra_person_index_row_is_detected():
    events = build_chain(5)
    AuditEventPerson.objects.create(event_id=events[0].id, person_id=uuid.uuid4())
    assert audit_verify()[0] == events[0].id


def test_a_chain_head_behind_the_log_is_detected():
    events = build_chain(4)
    AuditChainHead.objects.filter(id=1).update(last_event_id=3, last_hash=events[2].hash)
    broken, message = audit_verify()
    assert broken == 4 and "beyond the chain head" in message


def test_a_chain_head_ahead_of_the_log_is_detected():
    events = build_chain(4)
    AuditChainHead.objects.filter(id=1).update(last_event_id=6)
    assert audit_verify()[0] == 5
    AuditChainHead.objects.filter(id=1).update(last_event_id=4, last_hash=GENESIS_HASH)
    broken, message = audit_verify()
    assert broken == events[-1].id and "chain head" in message


def test_a_row_appended_around_audit_record_is_detected_even_with_a_valid_hash():
    events = build_chain(3)
    forged = AuditEvent(
        id=4,
        occurred_at=events[-1].occurred_at,
        action="view",
        result="ok",
        prev_hash=events[-1].hash,
        hash="",
    )
    forged.hash = event_hash(forged)
    forged.save(force_insert=True)
    broken, message = audit_verify()
    assert broken == 4 and "beyond the chain head" in message


def test_the_walk_reads_in_a_fixed_number_of_queries(django_assert_max_num_queries):
    build_chain(40)
    # Head, both streams, the two maxima and the head again; a savepoint pair on PostgreSQL.
    limit = 8 if connection.vendor == "postgresql" else 6
    with django_assert_max_num_queries(limit):
        assert verify_chain(chunk_size=5).ok


def test_the_hash_chains_the_content_to_the_previous_hash_and_id():
    # The formula PostgreSQL computes when it appends (audit/services.py): changing it here
    # without changing it there breaks the verification of every new event.
    first = audit_record(actor=None, action=Action.VIEW, object_type="case", object_id="x")
    second = audit_record(actor=None, action=Action.VIEW, object_type="case", object_id="y")
    stored = AuditEvent.objects.get(id=second.id)
    assert second.id == first.id + 1
    assert stored.prev_hash == first.hash
    link = f"{first.hash}:{second.id}:{content_hash(stored)}"
    assert stored.hash == second.hash == hashlib.sha256(link.encode()).hexdigest()
