"""Reads of persons. Every read starts from the policy's queryset and leaves an audit event."""

from __future__ import annotations

import uuid
from datetime import date

from django.http import Http404

from zvh.audit.models import Action, Result
from zvh.audit.services import audit_record
from zvh.authz import policy
from zvh.authz.actor import Actor
from zvh.core.keyset import Page, keyset_page

from .models import Person, normalise_name

PERSON_LIST_FIELDS = (
    "id",
    "given_names",
    "surname_prefix",
    "surname",
    "surname_normalised",
    "date_of_birth",
    "city",
)


def person_list(
    *, actor: Actor, name: str = "", cursor: str | None = None, size: int = 50
) -> Page[Person]:
    queryset = policy.visible_persons(actor).only(*PERSON_LIST_FIELDS)
    if name.strip():
        queryset = queryset.filter(surname_normalised__startswith=normalise_name(name))
    page = keyset_page(queryset, order=("surname_normalised", "id"), cursor=cursor, size=size)
    audit_record(
        actor=actor,
        action=Action.SEARCH if name.strip() else Action.LIST,
        object_type="person",
        person_ids=[person.id for person in page.rows],
    )
    return page


def person_get(*, actor: Actor, person_id: uuid.UUID) -> Person:
    person = (
        policy.visible_persons(actor).select_related("municipality").filter(pk=person_id).first()
    )
    if person is None:
        audit_record(
            actor=actor,
            action=Action.VIEW,
            object_type="person",
            object_id=person_id,
            result=Result.DENIED,
        )
        raise Http404
    audit_record(
        actor=actor,
        action=Action.VIEW,
        object_type="person",
        object_id=person.id,
        person_ids=[person.id],
    )
    return person


def person_matches(
    *,
    house_id: uuid.UUID,
    bsn: str = "",
    surname: str = "",
    surname_prefix: str = "",
    date_of_birth: date | None = None,
) -> list[Person]:
    """Existing persons in the house that are probably the same person: same BSN, or same
    surname and date of birth. Used by services before they create a person; callers audit."""
    if bsn:
        by_bsn = list(Person.objects.filter(house_id=house_id, bsn=bsn)[:1])
        if by_bsn:
            return by_bsn
    if surname and date_of_birth:
        key = normalise_name(f"{surname} {surname_prefix}")
        return list(
            Person.objects.filter(
                house_id=house_id, surname_normalised=key, date_of_birth=date_of_birth
            )[:10]
        )
    return []
