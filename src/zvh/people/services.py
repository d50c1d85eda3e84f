"""Writes of persons. Each checks the policy, validates, and audits in the same transaction."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from zvh.audit.models import Action
from zvh.audit.services import audit_record
from zvh.authz import policy
from zvh.authz.actor import Actor
from zvh.authz.functions import Function
from zvh.core.validation import birth_date_error
from zvh.network import policy as network_policy
from zvh.network.models import Municipality

from .bsn import normalise_bsn
from .models import Person
from .postcode import normalise_postcode
from .selectors import person_matches


class PossibleDuplicate(Exception):
    """The house already knows a person who is probably this one.

    `same_bsn`: a person with this BSN exists; that is the same person, no confirmation helps.
    Otherwise the matches share surname and date of birth, and the caller may confirm that the
    new person is someone else by passing their ids as `distinct_from`.
    """

    def __init__(self, matches: list[Person], *, same_bsn: bool) -> None:
        super().__init__("possible duplicate person")
        self.matches = matches
        self.same_bsn = same_bsn


def person_create(
    *,
    actor: Actor,
    surname: str,
    given_names: str = "",
    surname_prefix: str = "",
    date_of_birth: date | None = None,
    bsn: str = "",
    street: str = "",
    house_number: str = "",
    postcode: str = "",
    city: str = "",
    municipality: Municipality | None = None,
    distinct_from: Collection[uuid.UUID] = (),
) -> Person:
    """Registers a person in the actor's house, unless the house probably knows them already.

    Raises PermissionDenied, ValidationError (Dutch messages per field) or PossibleDuplicate.
    Matches are looked up in the whole house; only house staff may call this, and they may see
    every person of the house, so showing the matches discloses nothing new.
    """
    house_id = actor.house_id
    if house_id is None or not policy.can_use(actor, Function.REGISTER_PERSON):
        raise PermissionDenied
    person = Person(
        house_id=house_id,
        given_names=given_names.strip(),
        surname_prefix=surname_prefix.strip(),
        surname=surname.strip(),
        date_of_birth=date_of_birth,
        bsn=normalise_bsn(bsn),
        street=street.strip(),
        house_number=house_number.strip(),
        postcode=normalise_postcode(postcode),
        city=city.strip(),
        municipality=municipality,
    )
    _validate(actor, person)
    confirmed = _refuse_duplicate(actor, person, distinct_from=set(distinct_from))
    try:
        with transaction.atomic():
            person.save(force_insert=True)
            audit_record(
                actor=actor,
                action=Action.CREATE,
                object_type="person",
                object_id=person.id,
                person_ids=[person.id],
                # How the duplicate check ended; no names, BSNs or other identifiers.
                detail={
                    "duplicate_check": "confirmed_different" if confirmed else "no_match",
                    "possible_matches": confirmed,
                },
            )
    except IntegrityError:
        # Someone registered the same BSN a moment ago: the unique constraint caught it.
        _refuse_duplicate(actor, person, distinct_from=set())
        raise
    return person


def _validate(actor: Actor, person: Person) -> None:
    errors: dict[str, list[ValidationError]] = {}
    try:
        person.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    born = birth_date_error(person.date_of_birth)
    if born:
        errors.setdefault("date_of_birth", []).append(ValidationError(born, code="date_of_birth"))
    municipality_id = person.municipality_id
    if (
        municipality_id is not None
        and not network_policy.visible_municipalities(actor).filter(pk=municipality_id).exists()
    ):
        errors.setdefault("municipality", []).append(
            ValidationError(
                _("Deze gemeente hoort niet bij uw zorg- en veiligheidshuis."),
                code="municipality_outside_house",
            )
        )
    if errors:
        raise ValidationError(errors)


def _refuse_duplicate(actor: Actor, person: Person, *, distinct_from: set[uuid.UUID]) -> int:
    """Raises PossibleDuplicate unless nothing matches or every match was confirmed to be
    someone else. Returns how many matches were confirmed."""
    matches = person_matches(
        house_id=person.house_id,
        bsn=person.bsn,
        surname=person.surname,
        surname_prefix=person.surname_prefix,
        date_of_birth=person.date_of_birth,
    )
    same_bsn = bool(person.bsn) and any(match.bsn == person.bsn for match in matches)
    unconfirmed = [match for match in matches if match.id not in distinct_from]
    if not same_bsn and not unconfirmed:
        return len(matches)
    # The caller is about to show these persons: that is an access to their data.
    audit_record(
        actor=actor,
        action=Action.SEARCH,
        object_type="person",
        person_ids=[match.id for match in matches],
        detail={"purpose": "duplicate_check", "same_bsn": same_bsn},
    )
    raise PossibleDuplicate(matches, same_bsn=same_bsn)
