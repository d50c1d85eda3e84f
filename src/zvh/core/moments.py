"""First moments kept on the rows they belong to (decision 0175)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet


def note_earliest(rows: QuerySet[Any], field: str, at: datetime) -> int:
    """Sets `field` to `at` where it is empty or later: the earliest of the moments noted is
    the first, whatever order they are noted in."""
    empty_or_later = Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gt": at})
    return rows.filter(empty_or_later).update(**{field: at})
