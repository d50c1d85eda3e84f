"""Keyset pagination: "rows after this one" instead of OFFSET, and no COUNT(*).

The cursor is the last row's (sort value, id), opaque to the user. Asking for one row more
than the page size tells whether there is a next page. A sort field that can be empty (a
nullable column, or a column behind a nullable relation) puts the empty rows last in either
direction; its cursor then carries a JSON null.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from django.core.exceptions import ValidationError
from django.db.models import F, Field, Model, Q, QuerySet

T = TypeVar("T", bound=Model)


@dataclass(frozen=True)
class Page(Generic[T]):
    rows: list[T]
    next_cursor: str | None


def encode_cursor(values: list[Any]) -> str:
    raw = json.dumps([None if value is None else str(value) for value in values]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None, size: int) -> list[str] | None:
    """Returns None for a missing or malformed cursor (which then means: the first page)."""
    values = _decode(cursor, size)
    if values is None or not all(isinstance(value, str) for value in values):
        return None
    return cast(list[str], values)


def _decode(cursor: str | None, size: int) -> list[str | None] | None:
    """Like `decode_cursor`, but an empty sort value (JSON null) passes."""
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, TypeError):
        return None
    if not isinstance(values, list) or len(values) != size:
        return None
    if not all(value is None or isinstance(value, str) for value in values):
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
    nullable = _nullable(queryset.model, first_field)
    if nullable:
        sort = F(first_field)
        queryset = queryset.order_by(
            sort.desc(nulls_last=True) if descending else sort.asc(nulls_last=True), second
        )
    else:
        queryset = queryset.order_by(first, second)
    after = _typed(queryset, (first_field, second_field), _decode(cursor, 2))
    if after is not None:
        op = "lt" if descending else "gt"
        if after[0] is None:
            # Past the last non-empty value: only empty rows follow, in id order.
            queryset = queryset.filter(
                **{f"{first_field}__isnull": True, f"{second_field}__{op}": after[1]}
            )
        else:
            condition = Q(**{f"{first_field}__{op}": after[0]}) | Q(
                **{first_field: after[0], f"{second_field}__{op}": after[1]}
            )
            if nullable:
                condition |= Q(**{f"{first_field}__isnull": True})
            queryset = queryset.filter(condition)
    rows = list(queryset[: size + 1])
    has_more = len(rows) > size
    rows = rows[:size]
    next_cursor = None
    if has_more and rows:
        last = rows[-1]
        next_cursor = encode_cursor([_value(last, first_field), _value(last, second_field)])
    return Page(rows=rows, next_cursor=next_cursor)


def _path(model: type[Model], path: str) -> list[Field]:
    """The fields along a lookup path ("process_coordinator__last_name")."""
    fields: list[Field] = []
    for name in path.split("__"):
        found = cast(Field, model._meta.get_field(name))
        fields.append(found)
        if found.related_model is not None:
            model = cast(type[Model], found.related_model)
    return fields


def _nullable(model: type[Model], path: str) -> bool:
    return any(field.null for field in _path(model, path))


def _typed(
    queryset: QuerySet[T], fields: tuple[str, str], values: list[str | None] | None
) -> list[Any] | None:
    """Converts cursor strings to the fields' types; a tampered cursor means the first page.
    Only a nullable sort field's value may be empty."""
    if values is None:
        return None
    model = queryset.model
    first, second = values
    if second is None or (first is None and not _nullable(model, fields[0])):
        return None
    try:
        return [
            None if value is None else _path(model, name)[-1].to_python(value)
            for name, value in zip(fields, values, strict=True)
        ]
    except (ValidationError, ValueError, TypeError):
        return None


def _value(row: Model, field: str) -> Any:
    value: Any = row
    for part in field.split("__"):
        if value is None:  # an empty relation on the way
            return None
        value = getattr(value, part)
    return value
