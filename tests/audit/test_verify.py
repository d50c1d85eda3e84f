"""`manage.py audit_verify`: what it accepts, and each kind of break it must name with its
chain (house), event id and reason (decision 0190)."""

from __future__ import annotations

import hashlib
import hmac
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from zvh.audit.chain import GENESIS_HASH, SYSTEM_CHAIN, content_hash
from zvh.audit.keys import key_ring
from zvh.audit.models import Action, AuditEvent, AuditEventPerson, ChainHead
from zvh.audit.services import audit_record
from zvh.audit.verify import verify_chain

from .support import append_only_lifted, audit_verify, build_chain, build_legacy_chain

pytestmark = pytest.mark.django_db


def test_an_empty_log_is_intact():
    assert audit_verify() == (None, "OK: 0 events\n")


def test_an_intact_chain_is_reported_with_its_length():
    build_chain(4)
    build_chain(3)
    audit_record(actor=None, action=Action.LOGIN_FAILED)
    assert audit_verify() == (None, "OK: 8 events\n")


def test_each_house_has_its_own_chain_and_events_of_no_house_the_system_chain():
    house_a, house_b = uuid.uuid4(), uuid.uuid4()
    build_chain(2, house=house_a)
    build_chain(3, house=house_b)
    build_chain(1, house=house_a)
    failed = audit_record(actor=None, action=Action.LOGIN_FAILED)
    heads = dict(ChainHead.objects.values_list("chain", "last_seq"))
    assert heads == {str(house_a): 3, str(house_b): 3, SYSTEM_CHAIN: 1}
    assert (failed.seq, failed.prev_hash) == (1, GENESIS_HASH)
    seqs = AuditEvent.objects.filter(house_id=house_a).order_by("id").values_list("seq", flat=True)
    assert list(seqs) == [1, 2, 3]


@pytest.mark.parametrize("chunk_size", [1, 3, 1000])
def test_streaming_in_chunks_gives_the_same_verdict(chunk_size):
    events = build_chain(4) + build_chain(3)
    assert verify_chain(chunk_size=chunk_size).events == 7
    with append_only_lifted():
        AuditEvent.objects.filter(id=events[5].id).update(object_type="tampered")
    problem = verify_chain(chunk_size=chunk_size).problem
    assert problem is not None and problem.event_id == events[5].id


def test_a_bad_chunk_size_is_refused():
    with pytest.raises(CommandError, match="chunk-size"):
        call_command("audit_verify", "--chunk-size", "0")


def test_a_broken_row_fails_the_command_with_its_house_id_and_reason():
    house = uuid.uuid4()
    events = build_chain(3, house=house)
    with append_only_lifted():
        AuditEvent.objects.filter(id=events[1].id).update(result="failed")
    with pytest.raises(CommandError) as error:
        call_command("audit_verify")
    # manage.py prints a CommandError to stderr and exits with its return code.
    assert error.value.returncode != 0
    assert (
        f"first broken row is event id {events[1].id} (house no longer there {house}): "
        "link does not match"
    ) in str(error.value)


def _forge_after(last: AuditEvent, link: str) -> AuditEvent:
    forged = AuditEvent(
        id=last.id + 1,
        seq=last.seq + 1,
        key_id=last.key_id,
        occurred_at=last.occurred_at,
        house_id=last.house_id,
        action="view",
        result="ok",
        prev_hash=last.hash,
    )
    message = f"{forged.key_id}:{forged.house_id}:{forged.seq}:{forged.id}:{last.hash}:"
    message += content_hash(forged)
    forged.hash = {
        "wrong key": hmac.new(b"x" * 32, message.encode(), hashlib.sha256).hexdigest(),
        "plain SHA-256": hashlib.sha256(message.encode()).hexdigest(),
    }[link]
    forged.save(force_insert=True)
    return forged


@pytest.mark.parametrize("link", ["wrong key", "plain SHA-256"])
def test_an_event_appended_without_the_key_is_reported(link):
    """The outside review's forgery: a row that links on, and a head moved to it, written by
    someone with database access but without the key."""
    house = uuid.uuid4()
    events = build_chain(3, house=house)
    forged = _forge_after(events[-1], link)
    ChainHead.objects.filter(chain=str(house)).update(
        last_seq=forged.seq, last_event_id=forged.id, last_hash=forged.hash
    )
    broken, message = audit_verify()
    assert broken == forged.id, message
    assert str(house) in message and "written without the key" in message


def test_a_row_appended_around_audit_record_is_reported_beyond_the_head():
    events = build_chain(3)
    forged = _forge_after(events[-1], "wrong key")
    broken, message = audit_verify()
    assert broken == forged.id and "beyond the chain head" in message


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


def test_a_deleted_middle_event_is_reported_at_the_next_one():
    events = build_chain(5)
    with append_only_lifted():
        AuditEventPerson.objects.filter(event_id=events[2].id).delete()
        AuditEvent.objects.filter(id=events[2].id).delete()
    broken, message = audit_verify()
    assert broken == events[3].id and f"missing: seq 3 after event id {events[1].id}" in message


def test_a_chain_head_ahead_of_the_log_is_detected():
    house = uuid.uuid4()
    events = build_chain(4, house=house)
    ChainHead.objects.filter(chain=str(house)).update(last_seq=6, last_event_id=events[-1].id + 9)
    broken, message = audit_verify()
    assert broken == events[-1].id + 9 and "the chain head says the chain runs to seq 6" in message
    ChainHead.objects.filter(chain=str(house)).update(
        last_seq=4, last_event_id=events[-1].id, last_hash=GENESIS_HASH
    )
    broken, message = audit_verify()
    assert broken == events[-1].id and "hash differs from the chain head" in message


def test_the_walk_reads_in_a_fixed_number_of_queries(django_assert_max_num_queries):
    for _house in range(3):
        build_chain(15)
    # Heads (twice), the two anchors, the legacy and the chained stream, the highest id, the
    # events and the person index by id, the index beyond it, the prune records; on
    # PostgreSQL the transaction's snapshot and its savepoint pair.
    limit = 15 if connection.vendor == "postgresql" else 12
    with django_assert_max_num_queries(limit):
        assert verify_chain(chunk_size=5).ok


def test_the_link_is_an_hmac_over_key_chain_place_id_predecessor_and_content():
    house = uuid.uuid4()
    first, second = build_chain(2, house=house)
    stored = AuditEvent.objects.get(id=second.id)
    ring = key_ring()
    assert stored.key_id == ring.current_id == first.key_id
    message = f"{ring.current_id}:{house}:2:{second.id}:{first.hash}:{content_hash(stored)}"
    expected = hmac.new(ring.current, message.encode(), hashlib.sha256).hexdigest()
    assert stored.hash == second.hash == expected
    assert (stored.seq, stored.prev_hash) == (2, first.hash)


def test_the_legacy_chain_stays_verifiable_up_to_its_frozen_head():
    legacy = build_legacy_chain(3)
    new = build_chain(2)
    assert new[0].id > legacy[-1].id
    assert audit_verify() == (None, "OK: 5 events\n")
    with append_only_lifted():
        AuditEvent.objects.filter(id=2).update(object_type="tampered")
    broken, message = audit_verify()
    assert broken == 2 and "legacy chain" in message


def test_a_prune_of_the_legacy_chain_before_the_cut_over_still_anchors_it():
    """Retention before decision 0190 left its anchor in the global chain itself."""
    legacy = build_legacy_chain(3)
    anchor = {"pruned_through": 2, "pruned_through_hash": legacy[1].hash}
    build_legacy_chain(1, first_id=4, prev_hash=legacy[-1].hash, detail=anchor)
    with append_only_lifted():
        AuditEvent.objects.filter(id__lte=2).delete()
    assert audit_verify() == (None, "OK: 2 events (older events removed by retention)\n")
