"""Each break of the access log named exactly: its chain, the event id and the reason.

The privacy officer acts on what `audit_verify` names, so the verdict is asserted whole. Mutation
testing found the walk's reasons and ids unchecked beyond "some problem was found" (decision
0197, docs/quality.md). The forged rows here carry a valid keyed link where the point is their
place in the chain, as an insider with the key could write them."""

from __future__ import annotations

import uuid

import pytest

from zvh.audit.chain import GENESIS_HASH, keyed_link
from zvh.audit.checkpoints import LEGACY_CHAIN
from zvh.audit.keys import key_ring
from zvh.audit.models import AuditEvent, AuditEventPerson, ChainHead, LegacyChainHead
from zvh.audit.verify import Problem, verify_chain

from .support import append_only_lifted, build_chain, build_legacy_chain

pytestmark = pytest.mark.django_db


def _forge(house: uuid.UUID, *, event_id: int, seq: int, prev_hash: str) -> AuditEvent:
    """A row with a valid keyed link at the given place of the house's chain."""
    ring = key_ring()
    event = AuditEvent(
        id=event_id,
        seq=seq,
        key_id=ring.current_id,
        house_id=house,
        action="view",
        result="ok",
        prev_hash=prev_hash,
    )
    event.occurred_at = AuditEvent.objects.filter(house_id=house).first().occurred_at
    event.hash = keyed_link(ring.current, event)
    event.save(force_insert=True)
    return event


def _move_head(house: uuid.UUID, event: AuditEvent) -> None:
    ChainHead.objects.filter(chain=str(house)).update(
        last_seq=event.seq, last_event_id=event.id, last_hash=event.hash
    )


def _problems(chain: str | None = None) -> list[Problem]:
    problems = verify_chain().problems
    return [problem for problem in problems if chain is None or problem.chain == chain]


def _top_id() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


# --- a house's keyed chain --------------------------------------------------------------------


def test_a_second_row_at_a_taken_place_is_a_duplicate():
    house = uuid.uuid4()
    events = build_chain(3, house=house)
    forged = _forge(house, event_id=_top_id() + 1, seq=2, prev_hash=events[0].hash)
    assert _problems() == [Problem(forged.id, "seq 2 duplicate", str(house))]


def test_a_row_past_a_gap_names_the_missing_place_and_its_predecessor():
    house = uuid.uuid4()
    events = build_chain(3, house=house)
    forged = _forge(house, event_id=_top_id() + 1, seq=5, prev_hash=events[-1].hash)
    _move_head(house, forged)
    reason = f"missing: seq 4 after event id {events[-1].id} (this row has seq 5)"
    assert _problems() == [Problem(forged.id, reason, str(house))]


def test_a_chain_without_its_first_row_is_missing_at_the_start():
    house = uuid.uuid4()
    events = build_chain(3, house=house)
    with append_only_lifted():
        AuditEvent.objects.filter(id=events[0].id).delete()
    reason = "missing: seq 1 at the chain start (this row has seq 2)"
    assert _problems() == [Problem(events[1].id, reason, str(house))]


def test_a_row_that_links_to_another_predecessor_is_named():
    house = uuid.uuid4()
    build_chain(3, house=house)
    forged = _forge(house, event_id=_top_id() + 1, seq=4, prev_hash=GENESIS_HASH)
    _move_head(house, forged)
    reason = "prev_hash is not the previous link"
    assert _problems() == [Problem(forged.id, reason, str(house))]


def test_a_row_whose_id_is_below_its_predecessor_is_named():
    house = uuid.uuid4()
    first = build_chain(1, house=house)[0]
    elsewhere = build_chain(1)[0]
    second = build_chain(1, house=house)[0]
    with append_only_lifted():
        AuditEvent.objects.filter(id=elsewhere.id).delete()
    forged = _forge(house, event_id=elsewhere.id, seq=3, prev_hash=second.hash)
    _move_head(house, forged)
    assert first.id < forged.id < second.id
    reason = "id not above the previous event's"
    assert _problems(str(house)) == [Problem(forged.id, reason, str(house))]


def test_a_row_with_an_unknown_key_id_is_named():
    house = uuid.uuid4()
    events = build_chain(3, house=house)
    with append_only_lifted():
        AuditEvent.objects.filter(id=events[1].id).update(key_id="onbekend")
    reason = "link made with unknown key id 'onbekend'"
    assert _problems() == [Problem(events[1].id, reason, str(house))]


def test_after_the_first_break_a_changed_row_further_on_is_named_too():
    house = uuid.uuid4()
    events = build_chain(5, house=house)
    with append_only_lifted():
        AuditEvent.objects.filter(id=events[1].id).delete()
        AuditEvent.objects.filter(id=events[3].id).update(object_type="veranderd")
    changed = "link does not match: the row was changed or written without the key"
    missing = f"missing: seq 2 after event id {events[0].id} (this row has seq 3)"
    problems = _problems(str(house))
    assert problems == [
        Problem(events[2].id, missing, str(house)),
        Problem(events[3].id, changed, str(house)),
    ]


# --- the legacy global chain (before decision 0190) -------------------------------------------


def test_a_changed_legacy_row_is_named_by_its_contents():
    build_legacy_chain(4)
    with append_only_lifted():
        AuditEvent.objects.filter(id=2).update(object_type="veranderd")
    assert _problems() == [Problem(2, "hash does not match the row's contents", LEGACY_CHAIN)]


def test_a_relinked_legacy_row_is_named_by_its_predecessor():
    build_legacy_chain(4)
    with append_only_lifted():
        AuditEvent.objects.filter(id=3).update(prev_hash=GENESIS_HASH)
    assert _problems() == [Problem(3, "prev_hash is not the previous row's hash", LEGACY_CHAIN)]


def test_a_missing_legacy_row_is_named_by_its_id():
    build_legacy_chain(4)
    with append_only_lifted():
        AuditEvent.objects.filter(id=2).delete()
    assert _problems() == [Problem(2, "missing (next row has id 3)", LEGACY_CHAIN)]


def test_a_legacy_head_further_than_the_rows_names_the_first_missing_id():
    build_legacy_chain(4)
    LegacyChainHead.objects.update(last_event_id=6)
    reason = "missing (the chain head says the log runs to 6)"
    assert _problems() == [Problem(5, reason, LEGACY_CHAIN)]


def test_a_legacy_head_with_another_hash_is_named_at_the_last_row():
    build_legacy_chain(4)
    LegacyChainHead.objects.update(last_hash=GENESIS_HASH)
    assert _problems() == [Problem(4, "hash differs from the chain head", LEGACY_CHAIN)]


def test_a_legacy_row_past_the_frozen_head_is_named():
    legacy = build_legacy_chain(4)
    build_legacy_chain(1, first_id=5, prev_hash=legacy[-1].hash)
    LegacyChainHead.objects.update(last_event_id=4, last_hash=legacy[-1].hash)
    reason = "beyond the legacy chain's frozen head (4)"
    assert _problems() == [Problem(5, reason, LEGACY_CHAIN)]


@pytest.mark.parametrize("chunk_size", [1, 2, 1000])
def test_the_legacy_walk_reads_in_chunks_with_the_same_verdict(chunk_size):
    build_legacy_chain(5)
    build_chain(2)
    verdict = verify_chain(chunk_size=chunk_size)
    assert verdict.ok and verdict.events == 7


# --- the per-person index ---------------------------------------------------------------------


def test_an_index_that_disagrees_with_an_event_names_it_in_its_chain():
    house = uuid.uuid4()
    events = build_chain(3, house=house)
    AuditEventPerson.objects.create(event_id=events[0].id, person_id=uuid.uuid4())
    reason = "person index disagrees with person_ids"
    assert _problems() == [Problem(events[0].id, reason, str(house))]


def test_an_index_that_disagrees_with_a_legacy_event_names_the_legacy_chain():
    build_legacy_chain(2)
    AuditEventPerson.objects.create(event_id=2, person_id=uuid.uuid4())
    reason = "person index disagrees with person_ids"
    assert _problems() == [Problem(2, reason, LEGACY_CHAIN)]


def test_index_rows_of_a_removed_event_are_named():
    events = build_chain(5)
    linked = events[2]
    assert linked.person_ids
    with append_only_lifted():
        AuditEvent.objects.filter(id=linked.id).delete()
    missing = [p for p in _problems() if p.reason == "person index rows for a missing event"]
    assert missing == [Problem(linked.id, "person index rows for a missing event")]


def test_index_rows_beyond_the_last_event_are_named():
    events = build_chain(2)
    beyond = events[-1].id + 5
    AuditEventPerson.objects.create(event_id=beyond, person_id=uuid.uuid4())
    assert _problems() == [Problem(beyond, "person index rows for a missing event")]
