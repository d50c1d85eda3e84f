"""What the cases app does when another app's domain event says so (connected in apps.py)."""

from typing import Any

from .services import themes_seed_defaults
from .stepdown import step_down_criteria_seed_defaults


def seed_themes(sender: type, house: Any, **kwargs: Any) -> None:
    themes_seed_defaults(house=house)


def seed_step_down_criteria(sender: type, house: Any, **kwargs: Any) -> None:
    step_down_criteria_seed_defaults(house=house)
