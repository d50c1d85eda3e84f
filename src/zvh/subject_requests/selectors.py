"""Reads for the privacy officer's request screens. Each starts from the access policy and puts
what it shows of a person in the access log."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from zvh.audit.models import Action
from zvh.audit.reads import audited_get
from zvh.audit.services import audit_record
from zvh.authz.actor import Actor
from zvh.core.keyset import Page, keyset_page
from zvh.people import policy as person_policy
from zvh.people.models import Person
from zvh.subject_requests import policy as subject_request_policy

from . import collect
from .models import (
    OPEN_REQUEST,
    PersonCorrection,
    RequestEvent,
    RequestKind,
    SubjectRequest,
    Withholding,
)
from .services import OBJECT_TYPE

PAGE_SIZE = 50
LIST_FIELDS = (
    "id",
    "number",
    "kind",
    "status",
    "received_on",
    "deadline",
    "extended_at",
    "closed_at",
    "identity_checked_by",
    "opening_approved_at",
    "person__id",
    "person__given_names",
    "person__surname_prefix",
    "person__surname",
)


REQUEST_RELATED = (
    "person",
    "house",
    "registered_by",
    "closed_by",
    "extended_by",
    "identity_checked_by",
    "opening_approved_by",
    "opened_by",
)


def _person_ids(request: SubjectRequest) -> list[uuid.UUID]:
    return [request.person_id] if request.person_id else []


def request_list(
    *, actor: Actor, closed: bool = False, cursor: str | None = None
) -> Page[SubjectRequest]:
    """Open requests by deadline, soonest first; or the answered and refused ones, newest
    first. Keyset pages; names come with the rows (one query)."""
    queryset = subject_request_policy.handled_requests(actor).select_related("person")
    queryset = queryset.only(*LIST_FIELDS)
    if closed:
        page = keyset_page(
            queryset.exclude(OPEN_REQUEST),
            order=("-closed_at", "-id"),
            cursor=cursor,
            size=PAGE_SIZE,
        )
    else:
        page = keyset_page(
            queryset.filter(OPEN_REQUEST), order=("deadline", "id"), cursor=cursor, size=PAGE_SIZE
        )
    return _audited_page(actor, page, {"closed": closed})


def request_get(*, actor: Actor, request_id: uuid.UUID) -> SubjectRequest:
    return audited_get(
        actor=actor,
        queryset=subject_request_policy.handled_requests(actor).select_related(*REQUEST_RELATED),
        pk=request_id,
        object_type=OBJECT_TYPE,
        person_ids=_person_ids,
    )


def request_content_get(*, actor: Actor, request_id: uuid.UUID) -> SubjectRequest:
    """The request for a screen that shows its content: only an opened one (0154). An unopened
    request is a 404 with a denial in the log, as an unknown one."""
    return audited_get(
        actor=actor,
        queryset=subject_request_policy.opened_requests(actor).select_related(*REQUEST_RELATED),
        pk=request_id,
        object_type=OBJECT_TYPE,
        person_ids=_person_ids,
    )


APPROVAL_FIELDS = (
    "id",
    "version",
    "number",
    "kind",
    "status",
    "received_on",
    "received_via",
    "deadline",
    "extended_at",
    "closed_at",
    "identity_method",
    "identity_checked_on",
    "identity_note",
    "person__id",
    "person__given_names",
    "person__surname_prefix",
    "person__surname",
    "person__date_of_birth",
    "registered_by__id",
    "registered_by__username",
    "registered_by__first_name",
    "registered_by__last_name",
    "identity_checked_by__id",
    "identity_checked_by__username",
    "identity_checked_by__first_name",
    "identity_checked_by__last_name",
)


def approval_list(*, actor: Actor, cursor: str | None = None) -> Page[SubjectRequest]:
    """The house's requests waiting for the actor's approval, by deadline: metadata only (who,
    what kind, when received, how the identity was established), never content."""
    queryset = (
        subject_request_policy.awaiting_approval(actor)
        .select_related("person", "registered_by", "identity_checked_by")
        .only(*APPROVAL_FIELDS)
    )
    page = keyset_page(queryset, order=("deadline", "id"), cursor=cursor, size=PAGE_SIZE)
    return _audited_page(actor, page, {"awaiting_approval": True})


def _audited_page(
    actor: Actor, page: Page[SubjectRequest], detail: dict[str, Any]
) -> Page[SubjectRequest]:
    """A page of requests, audited as one list event naming every person on it."""
    audit_record(
        actor=actor,
        action=Action.LIST,
        object_type=OBJECT_TYPE,
        person_ids=[pid for request in page.rows for pid in _person_ids(request)],
        detail=detail,
    )
    return page


def approval_request_get(*, actor: Actor, request_id: uuid.UUID) -> SubjectRequest:
    """A request of the approver's house, to approve its opening (metadata only)."""
    return audited_get(
        actor=actor,
        queryset=subject_request_policy.approval_requests(actor),
        pk=request_id,
        object_type=OBJECT_TYPE,
        person_ids=_person_ids,
    )


def request_person_get(*, actor: Actor, person_id: uuid.UUID) -> Person:
    """The person a new request is for: any person of the officer's house (identity only)."""
    return audited_get(
        actor=actor,
        queryset=person_policy.persons_for_access_report(actor),
        pk=person_id,
        object_type="person",
        person_ids=lambda person: [person.pk],
    )


@dataclass(frozen=True)
class RequestPage:
    events: list[RequestEvent]
    withholdings: list[Withholding]
    corrections: list[PersonCorrection]


def request_page(request: SubjectRequest) -> RequestPage:
    """The request's history, and once its content is opened its active withholdings and its
    correction trail."""
    if not request.is_opened:
        return RequestPage(
            events=list(request.events.select_related("by").order_by("at", "id")),
            withholdings=[],
            corrections=[],
        )
    return RequestPage(
        events=list(request.events.select_related("by").order_by("at", "id")),
        withholdings=list(
            request.withholdings.filter(lifted_at__isnull=True)
            .select_related("withheld_by")
            .order_by("withheld_at", "id")
        )
        if request.kind == RequestKind.ACCESS
        else [],
        corrections=list(
            request.corrections.select_related("corrected_by").order_by("corrected_at", "id")
        )
        if request.kind == RequestKind.RECTIFICATION
        else [],
    )


@dataclass(frozen=True)
class Preview:
    data: dict[str, Any]
    withheld: dict[str, Withholding]


def access_preview(*, actor: Actor, request: SubjectRequest, person: Person) -> Preview:
    """Everything the export would hold, nothing left out, with what is withheld marked: the
    officer reviews it before the export goes out. Reading it is an access to the person."""
    withheld = {w.record: w for w in request.withholdings.filter(lifted_at__isnull=True)}
    data = collect.subject_data(actor=actor, request=request, person=person)
    for part in collect.records(data):
        part["withholding"] = withheld.get(part["key"])
    preview = Preview(data=data, withheld=withheld)
    audit_record(
        actor=actor,
        action=Action.VIEW,
        object_type=OBJECT_TYPE,
        object_id=request.id,
        person_ids=[person.pk],
        detail={"preview": True},
    )
    return preview


def withholding_choices(
    *, actor: Actor, request: SubjectRequest, person: Person
) -> list[tuple[str, str]]:
    """(key, label) of every part of the export that can be withheld."""
    data = collect.subject_data(actor=actor, request=request, person=person, access_log=False)
    return [(part["key"], part["label"]) for part in collect.records(data)]
