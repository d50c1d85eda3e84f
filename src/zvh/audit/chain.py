"""How an event's hash is computed. One function, used to write and to verify."""

import hashlib
import json
from typing import Any

GENESIS_HASH = "0" * 64

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


def event_hash(event: Any) -> str:
    """The hash the event must carry: its content chained to its predecessor's hash and id."""
    return chain_hash(event.prev_hash, event.id, content_hash(event))
