"""Tokens verified recently, per process: a partner calling hundreds of times a second (the
hit/no-hit signal) is checked against the database once every ZVH_API_TOKEN_CACHE_SECONDS per
worker rather than on every call (docs/decisions/0151-signal-lookup-at-500-per-second.md).

Only a token whose secret matched, that was active and whose organisation was a partner of its
house is kept, under its prefix and the hash of the secret presented. A revocation or an ended
partnership takes effect in this process at once (the services call `forget_all`) and in the
other workers within the cache time; 0 turns the cache off.
"""

from __future__ import annotations

import time

from django.conf import settings

from .models import ApiToken

# Beyond this many entries the expired ones are dropped: there are few tokens, but a cache
# that only grows would be a leak.
_PRUNE_ABOVE = 1000
_verified: dict[tuple[str, str], tuple[float, ApiToken]] = {}


def recall(prefix: str, secret_hash: str) -> ApiToken | None:
    entry = _verified.get((prefix, secret_hash))
    if entry is None:
        return None
    expires, token = entry
    if expires <= time.monotonic():
        _verified.pop((prefix, secret_hash), None)
        return None
    return token


def remember(prefix: str, secret_hash: str, token: ApiToken) -> None:
    seconds = float(settings.ZVH_API_TOKEN_CACHE_SECONDS)
    if seconds <= 0:
        return
    now = time.monotonic()
    if len(_verified) >= _PRUNE_ABOVE:
        for key, (expires, _token) in list(_verified.items()):
            if expires <= now:
                _verified.pop(key, None)
    _verified[(prefix, secret_hash)] = (now + seconds, token)


def forget_all() -> None:
    _verified.clear()
