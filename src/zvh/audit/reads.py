"""The one way a selector reads a single protected object: through a policy queryset, with the
view (or the denial) in the access log. A hidden id and an unknown id look the same: 404."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404

from zvh.authz.actor import Actor

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
