"""The house's category rules, with the defaults for categories it did not configure."""

from __future__ import annotations

import uuid

from .categories import DEFAULT_AUDIENCE
from .models import CategoryRule


def category_audiences(house_id: uuid.UUID) -> dict[str, str]:
    """Category → audience for the house. One query."""
    configured = dict(
        CategoryRule.objects.filter(house_id=house_id).values_list("category", "audience")
    )
    return {
        category: configured.get(category, default)
        for category, default in DEFAULT_AUDIENCE.items()
    }
