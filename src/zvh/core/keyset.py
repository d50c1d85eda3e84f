"""Keyset pagination: "rows after this one" instead of OFFSET, and no COUNT(*).

The cursor is the last row's (sort value, id), opaque to the user. Asking for one row more
than the page size tells whether there is a next page.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db.models import Model, Q, QuerySet

T = TypeVar("T", bound=Model)


@dataclass(frozen=True)
class Page(Generic[T]):
    rows: list[T]
    next_cursor: str | None


def encode_cursor(values: list[Any]) -> str:
    raw = json.dumps([str(value) for value in values]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None, size: int) -> list[str] | None:
    """Returns None for a missing or malformed cursor (which then means: the first page)."""
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, TypeError):
        return None
    if not isinstance(values, list) or len(values) != size:
        return None
    if not all(isinstance(value, str) for value in values):
        return None
    return values


def keyset_page(
    queryset: QuerySet[T], *, order: tuple[str, str], cursor: str | None, size: int
) -> Page[T]:
    """One page ordered ascending by `order` (a sort field, then a unique tie-breaker)."""
    first, second = order
    queryset = queryset.order_by(first, second)
    after = decode_cursor(cursor, 2)
    if after is not None:
        queryset = queryset.filter(
            Q(**{f"{first}__gt": after[0]}) | Q(**{first: after[0], f"{second}__gt": after[1]})
        )
    rows = list(queryset[: size + 1])
    has_more = len(rows) > size
    rows = rows[:size]
    next_cursor = None
    if has_more and rows:
        last = rows[-1]
        next_cursor = encode_cursor([_value(last, first), _value(last, second)])
    return Page(rows=rows, next_cursor=next_cursor)


def _value(row: Model, field: str) -> Any:
    value = row
    for part in field.split("__"):
        value = getattr(value, part)
    return value
