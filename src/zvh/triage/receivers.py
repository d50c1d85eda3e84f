"""What triage does when another app's domain event says so (connected in apps.py)."""

from typing import Any

from .services import local_criteria_seed_defaults


def seed_local_criteria(sender: type, house: Any, **kwargs: Any) -> None:
    local_criteria_seed_defaults(house=house)
