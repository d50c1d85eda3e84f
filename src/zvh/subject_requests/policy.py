"""Data-subject requests (part of the access policy; principles in policy.py).

The privacy officer is the house's one contact point for the requests of a person, on behalf
of every organisation that holds data in the house (BGS art. 1.1). For an access request they
therefore read what the house holds about the person across all organisations, bypassing the
case-level need-to-know. That reach is bounded here: the officer's own house, the one person
of the request, and, in a household case, only the items about that person.

And by four eyes (0154): a request's content opens only once the requester's identity check is
recorded and a second person approved the opening: another privacy officer of the house or its
chain manager, never the one who registered the request or recorded the identity check. Until
then the officers see the request's metadata only. Approving opens the content for the house's
privacy officers; the chain manager who approves sees none of it.
"""

from __future__ import annotations

from enum import StrEnum

from django.db.models import Exists, OuterRef, Q, QuerySet

from zvh.authz.actor import Actor
from zvh.authz.functions import Function
from zvh.authz.policy import can_use
from zvh.cases.models import Case, CasePerson, CaseType
from zvh.intake.models import Referral, ReferralPerson
from zvh.network.models import Role
from zvh.people.models import Person
from zvh.sharing.models import InformationItem, InformationItemSubject
from zvh.subject_requests.models import CONTENT_KINDS, OPEN_REQUEST, SubjectRequest


def handled_requests(actor: Actor) -> QuerySet[SubjectRequest]:
    """The requests of the officer's house."""
    if actor.house_id is None or not can_use(actor, Function.HANDLE_SUBJECT_REQUESTS):
        return SubjectRequest.objects.none()
    return SubjectRequest.objects.filter(house_id=actor.house_id)


def opened_requests(actor: Actor) -> QuerySet[SubjectRequest]:
    """The requests of the officer's house whose content is open: identity recorded (the
    constraint subject_request_opening_after_identity), the opening approved, and the request
    not yet closed. A handled request opens nothing: reading the person's file months later
    would show what the house recorded since, under a request long answered (0154)."""
    return handled_requests(actor).filter(opening_approved_at__isnull=False, closed_at__isnull=True)


def can_read_content(actor: Actor, request: SubjectRequest) -> bool:
    return (
        actor.house_id is not None
        and can_use(actor, Function.HANDLE_SUBJECT_REQUESTS)
        and request.house_id == actor.house_id
        and request.opening_approved_at is not None
        and request.closed_at is None
    )


def approval_requests(actor: Actor) -> QuerySet[SubjectRequest]:
    """The requests an approver may look up: those of their own house (metadata only)."""
    if actor.house_id is None or not can_use(actor, Function.APPROVE_SUBJECT_REQUEST_OPENING):
        return SubjectRequest.objects.none()
    return SubjectRequest.objects.filter(house_id=actor.house_id)


def awaiting_approval(actor: Actor) -> QuerySet[SubjectRequest]:
    """What the actor may approve now: open requests with content, identity recorded, not yet
    opened, registered and identity-checked by someone else."""
    return (
        approval_requests(actor)
        .filter(
            OPEN_REQUEST,
            kind__in=CONTENT_KINDS,
            identity_checked_by__isnull=False,
            opening_approved_at__isnull=True,
        )
        .exclude(registered_by_id=actor.user_id)
        .exclude(identity_checked_by_id=actor.user_id)
    )


class OpeningBlock(StrEnum):
    """Why an actor may not approve the opening of a request (None: they may)."""

    NOT_ALLOWED = "not_allowed"  # no approver, or another house: a 404
    NO_CONTENT = "no_content"
    CLOSED = "closed"
    ALREADY_OPENED = "already_opened"
    NO_IDENTITY = "no_identity"
    REGISTRAR = "registrar"
    IDENTITY_CHECKER = "identity_checker"


def opening_approval_block(actor: Actor, request: SubjectRequest) -> OpeningBlock | None:
    if actor.house_id is None or actor.user_id is None:
        return OpeningBlock.NOT_ALLOWED
    if not can_use(actor, Function.APPROVE_SUBJECT_REQUEST_OPENING):
        return OpeningBlock.NOT_ALLOWED
    if request.house_id != actor.house_id:
        return OpeningBlock.NOT_ALLOWED
    if not request.has_content:
        return OpeningBlock.NO_CONTENT
    if request.is_opened:
        return OpeningBlock.ALREADY_OPENED
    if not request.is_open:
        return OpeningBlock.CLOSED
    if not request.identity_recorded:
        return OpeningBlock.NO_IDENTITY
    if request.registered_by_id == actor.user_id:
        return OpeningBlock.REGISTRAR
    if request.identity_checked_by_id == actor.user_id:
        return OpeningBlock.IDENTITY_CHECKER
    return None


def can_approve_opening(actor: Actor, request: SubjectRequest) -> bool:
    return opening_approval_block(actor, request) is None


def subject_cases(actor: Actor, person: Person) -> QuerySet[Case]:
    """Every case of the house the person is in, whoever takes part in it."""
    if not _may_export(actor, person):
        return Case.objects.none()
    return Case.objects.filter(
        Exists(CasePerson.objects.filter(case_id=OuterRef("pk"), person_id=person.pk)),
        house_id=person.house_id,
    )


def subject_referrals(actor: Actor, person: Person) -> QuerySet[Referral]:
    """Every referral of the house that names the person, whoever referred them."""
    if not _may_export(actor, person):
        return Referral.objects.none()
    return Referral.objects.filter(
        Exists(ReferralPerson.objects.filter(referral_id=OuterRef("pk"), person_id=person.pk)),
        house_id=person.house_id,
    )


def subject_items(actor: Actor, person: Person) -> QuerySet[InformationItem]:
    """The information items about the person, from every contributing organisation.

    The household rule: an item is in when the person is one of its subjects. An item without
    subjects (written before items named them) counts as about everyone in a person- or
    area-oriented case, but never in a household case, where it may be another member's."""
    about_person = Exists(
        InformationItemSubject.objects.filter(note_id=OuterRef("pk"), person_id=person.pk)
    )
    about_nobody = ~Exists(InformationItemSubject.objects.filter(note_id=OuterRef("pk")))
    return InformationItem.objects.filter(
        about_person | (about_nobody & ~Q(case__case_type=CaseType.SYSTEM)),
        case__in=subject_cases(actor, person),
    )


def _may_export(actor: Actor, person: Person) -> bool:
    return (
        actor.house_id is not None
        and actor.has_role(Role.PRIVACY_OFFICER)
        and person.house_id == actor.house_id
    )
