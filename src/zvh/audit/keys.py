"""The keys of the access log's chain (decision 0190): HMAC keys that live outside the database,
so that a writer with database access alone cannot forge a link.

A key ring: the current key signs new links and checkpoints; former keys only verify. Each key
is known by an id derived from it (a fingerprint), which every event and checkpoint records, so
a rotation needs no id to be configured and never mixes keys up.

Sources, all read when needed (so that tests can change the settings):
- `ZVH_AUDIT_CHAIN_KEY` (the current key) and `ZVH_AUDIT_CHAIN_KEY_FALLBACKS` (former keys);
- or `ZVH_AUDIT_CHAIN_KEY_FILE`: one key a line, the current key first, former keys after it
  (blank lines and lines starting with # are skipped). The file wins when both are set.
Development without a key gets one derived from the secret key; production refuses to start
without a key of at least MIN_KEY_BYTES, other than the secret key (config/settings/production.py).

This module imports nothing from Django at import time: the production settings use it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MIN_KEY_BYTES = 32
KEY_ID_LENGTH = 16


@dataclass(frozen=True)
class KeyRing:
    current_id: str
    keys: dict[str, bytes]  # id -> key; the current key among them

    @property
    def current(self) -> bytes:
        return self.keys[self.current_id]


def key_id(key: bytes) -> str:
    """A key's public name: a fingerprint that reveals nothing usable about the key."""
    return hashlib.sha256(b"zvh-audit-chain-key-id:" + key).hexdigest()[:KEY_ID_LENGTH]


@lru_cache(maxsize=4)
def read_key_file(path: str) -> tuple[str, ...]:
    """The keys in the file, read once per process: a rotation restarts the app servers."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return tuple(
        line.strip() for line in lines if line.strip() and not line.strip().startswith("#")
    )


def configured_keys(key: str, key_file: str, fallbacks: list[str]) -> list[str]:
    """The keys as configured, the current one first (empty when none is configured)."""
    keys = list(read_key_file(key_file)) if key_file else ([key, *fallbacks] if key else [])
    return list(dict.fromkeys(keys))


@lru_cache(maxsize=4)
def _ring(keys: tuple[str, ...]) -> KeyRing:
    encoded = [key.encode("utf-8") for key in keys]
    return KeyRing(current_id=key_id(encoded[0]), keys={key_id(key): key for key in encoded})


def key_ring() -> KeyRing:
    from django.conf import settings
    from django.utils.crypto import salted_hmac

    keys = configured_keys(
        settings.ZVH_AUDIT_CHAIN_KEY,
        settings.ZVH_AUDIT_CHAIN_KEY_FILE,
        list(settings.ZVH_AUDIT_CHAIN_KEY_FALLBACKS),
    )
    if not keys:  # development only: production refuses to start without a key
        keys = [salted_hmac("zvh.audit.chain-key", "development").hexdigest()]
    return _ring(tuple(keys))


def mac(key: bytes, message: str) -> str:
    return hmac.new(key, message.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()


def signing_key(key: bytes) -> bytes:
    """The Ed25519 private key (raw 32 bytes) of a chain key, derived from it, so that the
    checkpoints carry a signature anyone can check with the public key alone while the operator
    keeps one secret."""
    return hashlib.sha256(b"zvh-audit-checkpoint-signing:" + key).digest()


def public_key_text(key: bytes) -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    private = Ed25519PrivateKey.from_private_bytes(signing_key(key))
    raw = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return base64.b64encode(raw).decode("ascii")
