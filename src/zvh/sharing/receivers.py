"""What sharing does when another app's domain event says so (connected in apps.py)."""

from typing import Any

from .services import legal_bases_seed_defaults


def seed_legal_bases(sender: type, house: Any, **kwargs: Any) -> None:
    legal_bases_seed_defaults(house=house)
