"""What step-down does when another app's domain event says so (connected in apps.py)."""

from typing import Any

from .services import step_down_criteria_seed_defaults


def seed_step_down_criteria(sender: type, house: Any, **kwargs: Any) -> None:
    step_down_criteria_seed_defaults(house=house)
