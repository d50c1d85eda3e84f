"""Signed checkpoints of every chain head, kept outside the database (decision 0190).

A checkpoint lists, per chain, the last event's place, id and hash, with the time, and is
signed with Ed25519 under a key derived from the current chain key (audit/keys.py): anyone with
the public key (`audit_checkpoint --public-key`) can check a checkpoint, nobody without the
chain key can make one. It is written to the storage "audit_checkpoints" when STORAGES names
one, else to the directory ZVH_AUDIT_CHECKPOINT_DIR, and each house's privacy officers get their
house's head by e-mail: an outside record that a cut-off tail or a rewritten chain cannot match.
`audit_verify` checks the chains against the newest checkpoint.
"""

from __future__ import annotations

import base64
import datetime
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.mail import send_mail
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from .keys import KeyRing, key_ring, signing_key
from .models import ChainHead, LegacyChainHead

# Sent with `checkpoint=` once a checkpoint is stored (a domain event: the app that knows the
# privacy officers mails them, zvh.network.apps).
checkpoint_written = Signal()

FORMAT = "zvh-audit-checkpoint/1"
STORAGE_ALIAS = "audit_checkpoints"
PREFIX = "audit-checkpoint-"
# The legacy global chain (before decision 0190): its place is its last event id.
LEGACY_CHAIN = "legacy"


class CheckpointError(Exception):
    """A checkpoint that cannot be trusted: unreadable, unsigned or signed with no known key."""


@dataclass(frozen=True)
class HeadMark:
    chain: str
    seq: int
    event_id: int
    hash: str


@dataclass(frozen=True)
class Checkpoint:
    name: str
    created_at: str
    key_id: str
    heads: dict[str, HeadMark]


def checkpoint_storage() -> Storage | None:
    if STORAGE_ALIAS in settings.STORAGES:
        return storages[STORAGE_ALIAS]
    if settings.ZVH_AUDIT_CHECKPOINT_DIR:
        return FileSystemStorage(location=settings.ZVH_AUDIT_CHECKPOINT_DIR)
    return None


def current_heads() -> list[HeadMark]:
    heads = [
        HeadMark(chain, seq, event_id, last_hash)
        for chain, seq, event_id, last_hash in ChainHead.objects.order_by("chain").values_list(
            "chain", "last_seq", "last_event_id", "last_hash"
        )
        if seq
    ]
    legacy = LegacyChainHead.objects.values_list("last_event_id", "last_hash").first()
    if legacy is not None and legacy[0]:
        heads.insert(0, HeadMark(LEGACY_CHAIN, legacy[0], legacy[0], legacy[1]))
    return heads


def _canonical(document: dict[str, Any]) -> bytes:
    return json.dumps(document, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _private_key(key: bytes) -> Any:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.from_private_bytes(signing_key(key))


def sign(document: dict[str, Any], ring: KeyRing) -> dict[str, Any]:
    unsigned = {**document, "key_id": ring.current_id}
    signature = _private_key(ring.current).sign(_canonical(unsigned))
    return {**unsigned, "signature": base64.b64encode(signature).decode("ascii")}


def parse(name: str, raw: bytes, ring: KeyRing) -> Checkpoint:
    """A checkpoint read back, its signature checked with the ring's public keys."""
    from cryptography.exceptions import InvalidSignature

    try:
        document = json.loads(raw)
        signature = base64.b64decode(document.pop("signature"), validate=True)
        key = ring.keys.get(document["key_id"])
        if document.get("format") != FORMAT:
            raise CheckpointError(f"checkpoint {name}: unknown format")
        if key is None:
            raise CheckpointError(
                f"checkpoint {name}: signed with unknown key {document['key_id']}"
            )
        _private_key(key).public_key().verify(signature, _canonical(document))
        heads = {
            row["chain"]: HeadMark(row["chain"], row["seq"], row["event_id"], row["hash"])
            for row in document["heads"]
        }
        return Checkpoint(name, document["created_at"], document["key_id"], heads)
    except InvalidSignature as error:
        raise CheckpointError(f"checkpoint {name}: the signature does not match") from error
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise CheckpointError(f"checkpoint {name}: unreadable ({error})") from error


def latest_checkpoint() -> Checkpoint | None:
    """The newest checkpoint, or None when there is none (or no place for them)."""
    storage = checkpoint_storage()
    if storage is None:
        return None
    try:
        _dirs, files = storage.listdir("")
    except FileNotFoundError:
        return None
    names = sorted(name for name in files if name.startswith(PREFIX) and name.endswith(".json"))
    if not names:
        return None
    with storage.open(names[-1], "rb") as handle:
        return parse(names[-1], handle.read(), key_ring())


def write_checkpoint(*, now: datetime.datetime | None = None) -> Checkpoint:
    """Writes the signed checkpoint of every head and mails each house's privacy officers.
    The plain function behind `manage.py audit_checkpoint`, for a scheduler to call daily."""
    storage = checkpoint_storage()
    if storage is None:
        raise CheckpointError(
            "no place for checkpoints: set ZVH_AUDIT_CHECKPOINT_DIR or a storage "
            f'"{STORAGE_ALIAS}" in STORAGES'
        )
    now = now or timezone.now()
    created_at = now.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    heads = current_heads()
    ring = key_ring()
    document = sign(
        {
            "format": FORMAT,
            "created_at": created_at,
            "heads": [
                {"chain": h.chain, "seq": h.seq, "event_id": h.event_id, "hash": h.hash}
                for h in heads
            ],
        },
        ring,
    )
    stamp = now.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    name = storage.save(f"{PREFIX}{stamp}.json", ContentFile(_canonical(document)))
    checkpoint = Checkpoint(name, created_at, ring.current_id, {h.chain: h for h in heads})
    # The network app mails each house's privacy officers (it knows who they are).
    checkpoint_written.send(sender=Checkpoint, checkpoint=checkpoint)
    return checkpoint


def mail_privacy_officers(
    checkpoint: Checkpoint, recipients_by_house: Mapping[uuid.UUID, list[str]]
) -> int:
    """Each house's privacy officers get their house's head: ids and a hash, no personal data.
    Returns the number of e-mails sent."""
    sent = 0
    for house_id, recipients in recipients_by_house.items():
        head = checkpoint.heads.get(str(house_id))
        if head is None:
            continue
        body = "\n".join(
            [
                _(
                    "Controlepunt van de toegangslog van uw huis, %(time)s (UTC). Bewaar dit "
                    "bericht: het laat later zien of de toegangslog sindsdien is ingekort of "
                    "herschreven."
                )
                % {"time": checkpoint.created_at},
                "",
                _("Laatste gebeurtenis: %(event_id)s (nummer %(seq)s in de keten van uw huis)")
                % {"event_id": head.event_id, "seq": head.seq},
                _("Hash: %(hash)s") % {"hash": head.hash},
                _("Sleutel: %(key_id)s") % {"key_id": checkpoint.key_id},
                _("Controlepunt: %(name)s") % {"name": checkpoint.name},
            ]
        )
        send_mail(_("Controlepunt toegangslog"), body, None, recipients)
        sent += 1
    return sent
