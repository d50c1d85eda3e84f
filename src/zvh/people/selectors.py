"""Reads of persons. Every read starts from the policy's queryset and leaves an audit event."""

from __future__ import annotations

import uuid
from datetime import date

from zvh.audit.models import Action
from zvh.audit.reads import audited_get
from zvh.audit.services import audit_record
from zvh.authz import policy
from zvh.authz.actor import Actor
from zvh.core.keyset import Page, keyset_page

from .models import Person, name_key, normalise_name

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
    return audited_get(
        actor=actor,
        queryset=policy.visible_persons(actor).select_related("municipality"),
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
