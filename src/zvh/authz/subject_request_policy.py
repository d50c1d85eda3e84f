"""Data-subject requests (part of the access policy; principles in policy.py).

The privacy officer is the house's one contact point for the requests of a person, on behalf
of every organisation that holds data in the house (BGS art. 1.1). For an access request they
therefore read what the house holds about the person across all organisations, bypassing the
case-level need-to-know. That reach is bounded here: the officer's own house, the one person
of the request, and, in a household case, only the items about that person.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from zvh.cases.models import Case, CaseNote, CaseNoteSubject, CasePerson, CaseType
from zvh.intake.models import Referral, ReferralPerson
from zvh.network.models import Role
from zvh.people.models import Person
from zvh.subject_requests.models import SubjectRequest

from .actor import Actor
from .functions import Function
from .policy import can_use


def handled_requests(actor: Actor) -> QuerySet[SubjectRequest]:
    """The requests of the officer's house."""
    if actor.house_id is None or not can_use(actor, Function.HANDLE_SUBJECT_REQUESTS):
        return SubjectRequest.objects.none()
    return SubjectRequest.objects.filter(house_id=actor.house_id)


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


def subject_items(actor: Actor, person: Person) -> QuerySet[CaseNote]:
    """The information items about the person, from every contributing organisation.

    The household rule: an item is in when the person is one of its subjects. An item without
    subjects (written before items named them) counts as about everyone in a person- or
    area-oriented case, but never in a household case, where it may be another member's."""
    about_person = Exists(
        CaseNoteSubject.objects.filter(note_id=OuterRef("pk"), person_id=person.pk)
    )
    about_nobody = ~Exists(CaseNoteSubject.objects.filter(note_id=OuterRef("pk")))
    return CaseNote.objects.filter(
        about_person | (about_nobody & ~Q(case__case_type=CaseType.SYSTEM)),
        case__in=subject_cases(actor, person),
    )


def _may_export(actor: Actor, person: Person) -> bool:
    return (
        actor.house_id is not None
        and actor.has_role(Role.PRIVACY_OFFICER)
        and person.house_id == actor.house_id
    )
