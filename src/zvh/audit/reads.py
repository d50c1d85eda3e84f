"""The one way a selector reads a single protected object: through a policy queryset, with the
view (or the denial) in the access log. A hidden id and an unknown id look the same: 404.

And the shape of a register's filtered list (the advice and system-signal registers): a keyset
page, or the rows of a download, of a policy queryset, with the listing or the export in the
access log under the list's name and its filters."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404

from zvh.authz.actor import Actor
from zvh.core.keyset import Page, keyset_page

from .models import Action, Result
from .services import audit_record

M = TypeVar("M", bound=Model)


def _no_persons(obj: Model) -> Iterable[uuid.UUID]:
    return ()


def audited_get(
    *,
    actor: Actor,
    queryset: QuerySet[M],
    pk: object,
    object_type: str,
    person_ids: Callable[[M], Iterable[uuid.UUID | str]] = _no_persons,
) -> M:
    """`queryset` must come from the access policy. `person_ids` names whom the object is about."""
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        audit_record(
            actor=actor,
            action=Action.VIEW,
            object_type=object_type,
            object_id=pk,
            result=Result.DENIED,
        )
        raise Http404
    audit_record(
        actor=actor,
        action=Action.VIEW,
        object_type=object_type,
        object_id=obj.pk,
        person_ids=person_ids(obj),
    )
    return obj


def filter_detail(**filters: object) -> dict[str, str]:
    """The filters that are set, as text for an access-log event's detail."""
    return {key: str(value) for key, value in filters.items() if value}


def audited_page(
    *,
    actor: Actor,
    queryset: QuerySet[M],
    order: tuple[str, str],
    cursor: str | None,
    size: int,
    object_type: str,
    list_name: str,
    filters: dict[str, str],
) -> Page[M]:
    """One keyset page of `queryset` (which must come from the access policy), and a LIST event
    naming the list and its filters. A fixed number of queries however many rows exist."""
    page = keyset_page(queryset, order=order, cursor=cursor, size=size)
    audit_record(
        actor=actor,
        action=Action.LIST,
        object_type=object_type,
        detail={"list": list_name, **filters},
    )
    return page


def audited_export(
    *,
    actor: Actor,
    queryset: QuerySet[M],
    order: tuple[str, str],
    limit: int,
    object_type: str,
    list_name: str,
    filters: dict[str, str],
    person_ids: Callable[[list[M]], Iterable[uuid.UUID]] | None = None,
) -> list[M]:
    """At most `limit` rows of `queryset` (from the access policy) in the list's order, for a
    download, and an EXPORT event naming the list, the number of rows and the filters, and
    (`person_ids`) whom the rows are about. A sort field that can be empty puts the empty rows
    last, as the list does (zvh.core.keyset)."""
    rows = list(keyset_page(queryset, order=order, cursor=None, size=limit).rows)
    audit_record(
        actor=actor,
        action=Action.EXPORT,
        object_type=object_type,
        person_ids=person_ids(rows) if person_ids else (),
        detail={"list": list_name, "rows": len(rows), **filters},
    )
    return rows
