"""What the API does when another app's domain event says so (connected in apps.py)."""

from typing import Any

from . import token_cache


def forget_tokens(sender: type, **kwargs: Any) -> None:
    """A partnership ended: no token is trusted from the cache until verified again."""
    token_cache.forget_all()
