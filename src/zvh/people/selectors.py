"""Reads of persons. Every read starts from the policy's queryset and leaves an audit event."""

from __future__ import annotations

import uuid
from datetime import date

from django.db.models import QuerySet

from zvh.audit.models import Action
from zvh.audit.reads import audited_export, audited_get
from zvh.audit.services import audit_record
from zvh.authz.actor import Actor
from zvh.core.keyset import Page, keyset_page
from zvh.core.listing import ListFilters, Sorting
from zvh.people import policy as person_policy

from .models import Person, name_key, normalise_name

EXPORT_LIMIT = 10_000
PERSON_LIST_FIELDS = (
    "id",
    "given_names",
    "surname_prefix",
    "surname",
    "surname_normalised",
    "date_of_birth",
    "city",
    "created_at",
)


def _filtered(actor: Actor, filters: ListFilters) -> QuerySet[Person]:
    """The access policy's persons, narrowed by the list's filters (decision 0180)."""
    queryset = person_policy.visible_persons(actor).only(*PERSON_LIST_FIELDS)
    if filters.name:
        queryset = queryset.filter(surname_normalised__startswith=normalise_name(filters.name))
    if filters.municipality_id:
        queryset = queryset.filter(municipality_id=filters.municipality_id)
    if filters.start:
        queryset = queryset.filter(created_at__date__gte=filters.start)
    if filters.end:
        queryset = queryset.filter(created_at__date__lte=filters.end)
    return queryset


def _ids(rows: list[Person]) -> list[uuid.UUID]:
    return [person.id for person in rows]


def person_list(
    *,
    actor: Actor,
    filters: ListFilters | None = None,
    sorting: Sorting | None = None,
    cursor: str | None = None,
    size: int = 50,
) -> Page[Person]:
    """By surname unless sorted otherwise. A name searched for is no part of the event."""
    filters = filters or ListFilters()
    order = sorting.order(filters.sort) if sorting else ("surname_normalised", "id")
    page = keyset_page(_filtered(actor, filters), order=order, cursor=cursor, size=size)
    audit_record(
        actor=actor,
        action=Action.SEARCH if filters.name else Action.LIST,
        object_type="person",
        person_ids=_ids(page.rows),
        detail={"list": "persons", **filters.detail()},
    )
    return page


def person_export(*, actor: Actor, filters: ListFilters, sorting: Sorting) -> list[Person]:
    """Every person the list's filters select (at most EXPORT_LIMIT), in the list's order."""
    return audited_export(
        actor=actor,
        queryset=_filtered(actor, filters),
        order=sorting.order(filters.sort),
        limit=EXPORT_LIMIT,
        object_type="person",
        list_name="persons",
        filters=filters.detail(),
        person_ids=_ids,
    )


def person_get(*, actor: Actor, person_id: uuid.UUID) -> Person:
    return audited_get(
        actor=actor,
        queryset=person_policy.visible_persons(actor).select_related("municipality"),
        pk=person_id,
        object_type="person",
        person_ids=lambda person: [person.id],
    )


def person_matches(
    *,
    house_id: uuid.UUID,
    bsn: str = "",
    surname: str = "",
    surname_prefix: str = "",
    date_of_birth: date | None = None,
) -> list[Person]:
    """Existing persons in the house that are probably the same person: same BSN, or same
    surname and date of birth. Used by services before they create a person; callers audit.

    It searches the whole house, not the actor's visible persons: a duplicate the actor may
    not see is still a duplicate. Callers decide what of a match they may show."""
    if bsn:
        by_bsn = list(Person.objects.filter(house_id=house_id, bsn=bsn)[:1])
        if by_bsn:
            return by_bsn
    if surname and date_of_birth:
        return list(
            Person.objects.filter(
                house_id=house_id,
                surname_normalised=name_key(surname, surname_prefix),
                date_of_birth=date_of_birth,
            ).order_by("surname_normalised", "id")[:10]
        )
    return []
