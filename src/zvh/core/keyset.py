"""Keyset pagination: "rows after this one" instead of OFFSET, and no COUNT(*).

The cursor is the last row's (sort value, id), opaque to the user. Asking for one row more
than the page size tells whether there is a next page.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from django.core.exceptions import ValidationError
from django.db.models import Field, Model, Q, QuerySet

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
    """One page ordered by `order`: a sort field, then a unique tie-breaker, both ascending
    or both descending ("-received_at", "-id")."""
    first, second = order
    descending = first.startswith("-")
    if descending != second.startswith("-"):
        raise ValueError("both keyset fields must sort in the same direction")
    first_field, second_field = first.lstrip("-"), second.lstrip("-")
    queryset = queryset.order_by(first, second)
    after = _typed(queryset, (first_field, second_field), decode_cursor(cursor, 2))
    if after is not None:
        op = "lt" if descending else "gt"
        queryset = queryset.filter(
            Q(**{f"{first_field}__{op}": after[0]})
            | Q(**{first_field: after[0], f"{second_field}__{op}": after[1]})
        )
    rows = list(queryset[: size + 1])
    has_more = len(rows) > size
    rows = rows[:size]
    next_cursor = None
    if has_more and rows:
        last = rows[-1]
        next_cursor = encode_cursor([_value(last, first_field), _value(last, second_field)])
    return Page(rows=rows, next_cursor=next_cursor)


def _typed(
    queryset: QuerySet[T], fields: tuple[str, str], values: list[str] | None
) -> list[Any] | None:
    """Converts cursor strings to the fields' types; a tampered cursor means the first page."""
    if values is None:
        return None
    try:
        return [
            cast(Field, queryset.model._meta.get_field(name)).to_python(value)
            for name, value in zip(fields, values, strict=True)
        ]
    except (ValidationError, ValueError, TypeError):
        return None


def _value(row: Model, field: str) -> Any:
    value = row
    for part in field.split("__"):
        value = getattr(value, part)
    return value
