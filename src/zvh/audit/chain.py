"""How an event's hash is computed. One function, used to write and to verify.

Since decision 0190 every house has its own chain (events of no house form the system chain)
and each link is keyed: HMAC-SHA256 with a key outside the database (audit/keys.py) over the
key id, the chain, the place in it, the event id, the predecessor's hash and the content hash.
Events before the cut-over form the legacy global chain (`seq` NULL), plain SHA-256 as before.
"""

import hashlib
import json
import uuid
from typing import Any

from .keys import mac

GENESIS_HASH = "0" * 64
SYSTEM_CHAIN = "system"

# The event's own content. Its place in the chain (id, prev_hash) is hashed in `chain_hash`,
# which PostgreSQL computes too when it appends (audit/services.py, decision 0151).
CONTENT_FIELDS = (
    "occurred_at",
    "user_id",
    "api_token_id",
    "organisation_id",
    "house_id",
    "action",
    "object_type",
    "object_id",
    "person_ids",
    "result",
    "request_id",
    "detail",
)


def _canonical(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_canonical(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _canonical(item) for key, item in value.items()}
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def content_hash(event: Any) -> str:
    """SHA-256 over the canonical JSON of the event's content fields."""
    payload = {name: _canonical(getattr(event, name)) for name in CONTENT_FIELDS}
    encoded = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def chain_hash(prev_hash: str, event_id: int, content: str) -> str:
    """SHA-256 of "<prev_hash>:<id>:<content hash>": ASCII only, so that the database computes
    the same bytes (sha256(convert_to(..., 'UTF8')) on PostgreSQL)."""
    return hashlib.sha256(f"{prev_hash}:{event_id}:{content}".encode("ascii")).hexdigest()


def legacy_event_hash(event: Any) -> str:
    """The hash a legacy event (before decision 0190) must carry: unkeyed SHA-256."""
    return chain_hash(event.prev_hash, event.id, content_hash(event))


def chain_of(house_id: uuid.UUID | str | None) -> str:
    """The chain an event belongs to: its house's, or the system chain for events of no house."""
    return str(house_id) if house_id else SYSTEM_CHAIN


def keyed_link(key: bytes, event: Any, content: str | None = None) -> str:
    """The keyed link of a chained event: who has no key cannot compute it."""
    message = ":".join(
        (
            event.key_id,
            chain_of(event.house_id),
            str(event.seq),
            str(event.id),
            event.prev_hash,
            content if content is not None else content_hash(event),
        )
    )
    return mac(key, message)
