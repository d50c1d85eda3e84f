"""Signed checkpoints outside the database (decision 0190): what they hold, who is told, and
what `audit_verify` finds with them that the database alone cannot show: a cut-off tail."""

from __future__ import annotations

import base64
import io
import json
import uuid

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import override_settings

from zvh.audit.checkpoints import checkpoint_storage, latest_checkpoint, write_checkpoint
from zvh.audit.keys import key_ring, public_key_text
from zvh.audit.models import AuditEvent, AuditEventPerson, ChainHead
from zvh.network.models import Role

from .support import append_only_lifted, audit_verify, build_chain

pytestmark = pytest.mark.django_db


@pytest.fixture
def checkpoint_dir(tmp_path, settings):
    settings.ZVH_AUDIT_CHECKPOINT_DIR = str(tmp_path)
    return tmp_path


def test_a_checkpoint_is_signed_and_checks_with_the_public_key_alone(checkpoint_dir):
    house = uuid.uuid4()
    events = build_chain(3, house=house)
    out = io.StringIO()
    call_command("audit_checkpoint", stdout=out)
    assert "chains 1," in out.getvalue()
    (path,) = checkpoint_dir.iterdir()
    document = json.loads(path.read_bytes())
    assert document["heads"] == [
        {"chain": str(house), "seq": 3, "event_id": events[-1].id, "hash": events[-1].hash}
    ]
    signature = base64.b64decode(document.pop("signature"))
    public = Ed25519PublicKey.from_public_bytes(
        base64.b64decode(public_key_text(key_ring().current))
    )
    body = json.dumps(document, sort_keys=True, separators=(",", ":")).encode()
    public.verify(signature, body)  # raises if it does not match
    broken, output = audit_verify()
    assert broken is None and f"matches checkpoint {path.name}" in output


def test_the_privacy_officers_of_each_house_get_their_houses_head(world, checkpoint_dir):
    own = build_chain(2, house=world.house.id)
    build_chain(1, house=world.other_house.id)
    checkpoint = write_checkpoint()
    officers = {
        user.email
        for key, user in world.users.items()
        if key.startswith(f"{Role.PRIVACY_OFFICER.value}:") and key.endswith(":own")
    }
    messages = [message for message in mail.outbox if set(message.to) & officers]
    assert len(messages) == 1 and set(messages[0].to) == officers
    body = messages[0].body
    assert own[-1].hash in body and str(own[-1].id) in body and checkpoint.name in body
    # The other house's head goes to the other house's officers only; nothing names a person.
    assert all(
        own[-1].hash not in message.body for message in mail.outbox if message is not messages[0]
    )
    assert "Test Gebruiker" not in body


def test_a_cut_off_tail_is_reported_against_the_checkpoint(checkpoint_dir):
    """The outside review's cut: the last events deleted and the head moved back to match.
    The database is consistent again; only the checkpoint shows what is missing."""
    house = uuid.uuid4()
    events = build_chain(5, house=house)
    write_checkpoint()
    kept = events[2]
    with append_only_lifted():
        AuditEventPerson.objects.filter(event_id__in=[e.id for e in events[3:]]).delete()
        AuditEvent.objects.filter(id__in=[e.id for e in events[3:]]).delete()
    ChainHead.objects.filter(chain=str(house)).update(
        last_seq=kept.seq, last_event_id=kept.id, last_hash=kept.hash
    )
    broken, message = audit_verify()
    assert broken == events[-1].id, message
    assert str(house) in message
    assert "tail cut off: the chain ends at seq 3, the checkpoint has it at seq 5" in message


def test_a_rewritten_chain_differs_from_the_checkpoint(checkpoint_dir):
    house = uuid.uuid4()
    events = build_chain(2, house=house)
    write_checkpoint()
    with append_only_lifted():
        AuditEvent.objects.filter(id=events[-1].id).update(hash="0" * 64)
    ChainHead.objects.filter(chain=str(house)).update(last_hash="0" * 64)
    broken, message = audit_verify()
    assert broken == events[-1].id and "link does not match" in message


def test_a_forged_or_unsigned_checkpoint_is_reported(checkpoint_dir):
    build_chain(2)
    checkpoint = write_checkpoint()
    path = checkpoint_dir / checkpoint.name
    document = json.loads(path.read_bytes())
    document["heads"][0]["seq"] = 1
    path.write_text(json.dumps(document))
    broken, message = audit_verify()
    assert broken == 0 and "the signature does not match" in message


def test_a_checkpoint_needs_a_place_outside_the_database():
    assert checkpoint_storage() is None and latest_checkpoint() is None
    with pytest.raises(CommandError, match="ZVH_AUDIT_CHECKPOINT_DIR"):
        call_command("audit_checkpoint")


def test_a_named_storage_takes_precedence(tmp_path, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "audit_checkpoints": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "bucket")},
        },
    }
    with override_settings(ZVH_AUDIT_CHECKPOINT_DIR=str(tmp_path / "dir")):
        build_chain(1)
        checkpoint = write_checkpoint()
    assert (tmp_path / "bucket" / checkpoint.name).exists()
    assert not (tmp_path / "dir").exists()
