"""Reads for the privacy officer's access report (NEN 7513's client view): find a person of the
house, then list every event that concerns them. Both reads are themselves audited."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from zvh.accounts.models import User
from zvh.audit.models import Action, AuditEvent, AuditEventPerson, Result
from zvh.audit.references import object_references, object_type_label
from zvh.audit.services import audit_record, hash_search_terms
from zvh.authz.actor import Actor
from zvh.core.keyset import keyset_page
from zvh.network.models import Organisation

from . import policy as person_policy
from .models import Person, normalise_name

ACCESS_REPORT = "access_report"
SEARCH_LIMIT = 25
REPORT_PAGE_SIZE = 50
PERSON_FIELDS = ("id", "given_names", "surname_prefix", "surname", "date_of_birth")
EVENT_FIELDS = (
    "id",
    "occurred_at",
    "user_id",
    "api_token_id",
    "organisation_id",
    "action",
    "object_type",
    "object_id",
    "result",
)


@dataclass(frozen=True)
class PersonSearch:
    persons: list[Person]
    truncated: bool  # more matches than shown: the officer should narrow the search


def access_report_person_search(
    *, actor: Actor, surname: str = "", bsn: str = "", date_of_birth: date | None = None
) -> PersonSearch:
    """Persons of the actor's house matching every given term. No browsing: a short list."""
    terms = {
        "surname": normalise_name(surname),
        "bsn": bsn.strip(),
        "date_of_birth": date_of_birth.isoformat() if date_of_birth else "",
    }
    queryset = person_policy.persons_for_access_report(actor).only(*PERSON_FIELDS)
    if terms["surname"]:
        queryset = queryset.filter(surname_normalised__startswith=terms["surname"])
    if terms["bsn"]:
        queryset = queryset.filter(bsn=terms["bsn"])
    if date_of_birth is not None:
        queryset = queryset.filter(date_of_birth=date_of_birth)
    persons = list(queryset.order_by("surname_normalised", "id")[: SEARCH_LIMIT + 1])
    truncated = len(persons) > SEARCH_LIMIT
    persons = persons[:SEARCH_LIMIT]
    audit_record(
        actor=actor,
        action=Action.SEARCH,
        object_type=ACCESS_REPORT,
        person_ids=[person.id for person in persons],
        detail={"terms": hash_search_terms(terms)},
    )
    return PersonSearch(persons=persons, truncated=truncated)


@dataclass(frozen=True)
class AccessRow:
    event_id: int
    occurred_at: datetime
    user: str
    organisation: str
    via_api: bool
    action: str
    object_type: str
    object_id: str
    result: str
    denied: bool
    # The number people use for the object (a case or referral number), or "" (decision 0181).
    reference: str = ""


@dataclass(frozen=True)
class AccessReport:
    person: Person
    rows: list[AccessRow]
    next_cursor: str | None


def access_report(*, actor: Actor, person_id: uuid.UUID, cursor: str | None = None) -> AccessReport:
    """Every event concerning the person, newest first, a page at a time. Read through the
    per-person index; the event id follows the chain and so time. Users and organisations are
    resolved in one query each per page."""
    person = (
        person_policy.persons_for_access_report(actor)
        .only(*PERSON_FIELDS)
        .filter(pk=person_id)
        .first()
    )
    if person is None:
        audit_record(
            actor=actor,
            action=Action.VIEW,
            object_type=ACCESS_REPORT,
            object_id=person_id,
            result=Result.DENIED,
        )
        raise Http404
    links = AuditEventPerson.objects.filter(person_id=person.id).select_related("event")
    page = keyset_page(
        links.only("id", "event", *(f"event__{name}" for name in EVENT_FIELDS)),
        order=("-event_id", "-id"),
        cursor=cursor,
        size=REPORT_PAGE_SIZE,
    )
    rows = _access_rows([link.event for link in page.rows])
    # Recorded after the read, so the page shows who looked before; the next visit shows this one.
    audit_record(
        actor=actor,
        action=Action.VIEW,
        object_type=ACCESS_REPORT,
        object_id=person.id,
        person_ids=[person.id],
    )
    return AccessReport(person=person, rows=rows, next_cursor=page.next_cursor)


@dataclass(frozen=True)
class ActorNames:
    """Names for the users and organisations that events refer to, resolved in bulk."""

    users: dict[int, str]
    organisations: dict[uuid.UUID, str]

    def user(self, user_id: int | None, api_token_id: uuid.UUID | None) -> str:
        if user_id is None:
            return str(_("Koppeling (API)")) if api_token_id else "–"
        # A user who no longer exists is still named by id: the log outlives its subjects.
        return self.users.get(user_id) or str(_("Gebruiker %(id)s") % {"id": user_id})

    def organisation(self, organisation_id: uuid.UUID | None) -> str:
        return self.organisations.get(organisation_id, "") if organisation_id else ""


def actor_names(
    user_ids: Iterable[int | None], organisation_ids: Iterable[uuid.UUID | None]
) -> ActorNames:
    """One query for the users and one for the organisations; none for an empty set."""
    users_wanted = {pk for pk in user_ids if pk is not None}
    organisations_wanted = {pk for pk in organisation_ids if pk}
    users = (
        {
            user.pk: user.get_full_name() or user.username
            for user in User.objects.filter(pk__in=users_wanted)
            .only("id", "username", "first_name", "last_name")
            .order_by()
        }
        if users_wanted
        else {}
    )
    organisations = (
        dict(
            Organisation.objects.filter(pk__in=organisations_wanted)
            .order_by()
            .values_list("id", "name")
        )
        if organisations_wanted
        else {}
    )
    return ActorNames(users=users, organisations=organisations)


def _access_rows(events: list[AuditEvent]) -> list[AccessRow]:
    names = actor_names(
        (event.user_id for event in events), (event.organisation_id for event in events)
    )
    references = object_references((event.object_type, event.object_id) for event in events)
    return [
        AccessRow(
            event_id=event.id,
            occurred_at=event.occurred_at,
            user=names.user(event.user_id, event.api_token_id),
            organisation=names.organisation(event.organisation_id),
            via_api=event.api_token_id is not None,
            action=event.get_action_display(),
            object_type=object_type_label(event.object_type),
            object_id=event.object_id,
            result=event.get_result_display(),
            denied=event.result == Result.DENIED,
            reference=references.get((event.object_type, event.object_id), ""),
        )
        for event in events
    ]
