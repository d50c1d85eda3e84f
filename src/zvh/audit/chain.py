"""How an event's hash is computed. One function, used to write and to verify."""

import hashlib
import json
from typing import Any

GENESIS_HASH = "0" * 64

HASHED_FIELDS = (
    "id",
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
    "prev_hash",
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


def event_hash(event: Any) -> str:
    """SHA-256 over the canonical JSON of the event's fields, its predecessor's hash included."""
    payload = {name: _canonical(getattr(event, name)) for name in HASHED_FIELDS}
    encoded = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()
