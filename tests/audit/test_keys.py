"""The chain keys (decision 0190): configuration, rotation, and what a key rotation leaves
verifiable."""

from __future__ import annotations

import uuid

import pytest

from zvh.audit.checkpoints import write_checkpoint
from zvh.audit.keys import configured_keys, key_id, key_ring

from .support import audit_verify, build_chain

OLD_KEY = "old-audit-chain-key-" + "o" * 32
NEW_KEY = "new-audit-chain-key-" + "n" * 32


def test_a_key_file_holds_the_current_key_first_and_former_keys_after(tmp_path):
    path = tmp_path / "audit-chain.keys"
    path.write_text(f"# rotated 2026-12\n{NEW_KEY}\n\n{OLD_KEY}\n")
    assert configured_keys("ignored", str(path), ["ignored"]) == [NEW_KEY, OLD_KEY]
    assert configured_keys(NEW_KEY, "", [OLD_KEY, NEW_KEY]) == [NEW_KEY, OLD_KEY]
    assert configured_keys("", "", [OLD_KEY]) == []


def test_a_key_id_names_the_key_without_revealing_it():
    assert key_id(NEW_KEY.encode()) == key_id(NEW_KEY.encode())
    assert key_id(NEW_KEY.encode()) != key_id(OLD_KEY.encode())
    assert NEW_KEY[:8] not in key_id(NEW_KEY.encode())


@pytest.mark.django_db
def test_events_under_the_old_key_still_verify_after_a_rotation(settings, tmp_path):
    settings.ZVH_AUDIT_CHECKPOINT_DIR = str(tmp_path)
    settings.ZVH_AUDIT_CHAIN_KEY, settings.ZVH_AUDIT_CHAIN_KEY_FALLBACKS = OLD_KEY, []
    house = uuid.uuid4()
    before = build_chain(3, house=house)
    write_checkpoint()

    # The rotation of docs/operations.md: the new key current, the old one kept to verify.
    settings.ZVH_AUDIT_CHAIN_KEY, settings.ZVH_AUDIT_CHAIN_KEY_FALLBACKS = NEW_KEY, [OLD_KEY]
    after = build_chain(2, house=house)
    assert {event.key_id for event in before} == {key_id(OLD_KEY.encode())}
    assert (
        {event.key_id for event in after} == {key_ring().current_id} == {key_id(NEW_KEY.encode())}
    )
    assert after[0].prev_hash == before[-1].hash  # one chain across the rotation
    assert audit_verify()[0] is None  # old events, new events, and the old key's checkpoint
    write_checkpoint()
    assert audit_verify()[0] is None

    # Dropped too early, the old key leaves its events unverifiable: reported, not ignored.
    settings.ZVH_AUDIT_CHAIN_KEY_FALLBACKS = []
    broken, message = audit_verify()
    assert broken == before[0].id and "unknown key id" in message


@pytest.mark.django_db
def test_a_checkpoint_under_a_dropped_key_is_reported(settings, tmp_path):
    settings.ZVH_AUDIT_CHECKPOINT_DIR = str(tmp_path)
    settings.ZVH_AUDIT_CHAIN_KEY = OLD_KEY
    build_chain(1)
    write_checkpoint()
    settings.ZVH_AUDIT_CHAIN_KEY, settings.ZVH_AUDIT_CHAIN_KEY_FALLBACKS = NEW_KEY, []
    broken, message = audit_verify()
    assert broken == 0 and "signed with unknown key" in message
