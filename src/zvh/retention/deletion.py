"""Removing one case, referral or person with everything that hangs off it.

Most of it follows on its own: CASCADE takes a case's persons links, status history,
participants, information items (with their subjects and releases), journal, escalations,
reviews, step-down checks, plan (versions, goals, agreements, reminders, conference decision
links). What PROTECT guards is handled here, one relation at a time (`PROTECTING_RELATIONS`);
tests/retention/test_relations.py fails when a new one appears, so that it is decided here
too. Call inside the caller's transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.core.files.storage import Storage
from django.db import models, transaction
from django.db.models import Q

from zvh.cases.models import Case, Escalation
from zvh.conferences.models import AgendaItem as ConferenceItem
from zvh.conferences.models import Conference, ConferenceKind
from zvh.intake.models import Referral, ReferralTransfer
from zvh.notifications.models import Notification
from zvh.people.models import Person
from zvh.sharing.models import InformationItem
from zvh.triage.models import AgendaItem as TriageItem
from zvh.triage.models import Assessment

# Every (model, field) that protects a case, a referral, a person or what goes with them, and
# what happens to it here.
PROTECTING_RELATIONS: dict[tuple[str, str], str] = {
    ("cases.Escalation", "agreement"): "the case's escalations go before its agreements",
    ("conferences.AgendaItem", "case"): (
        "the case's agenda items go (with their minutes and decisions); a Casus op Maat left "
        "without items goes too"
    ),
    ("intake.Referral", "linked_case"): (
        "untied; the referral goes with the case unless it is open or opened another case"
    ),
    ("cases.Case", "origin_referral"): "the referral that opened a case goes with that case only",
    ("intake.Referral", "duplicate_of"): "untied: a duplicate has a life of its own",
    ("intake.ReferralTransfer", "referral"): "the transfer record goes with either referral",
    ("intake.ReferralTransfer", "new_referral"): "the transfer record goes with either referral",
    ("triage.AgendaItem", "referral"): "the referral's places on triage agendas go",
    ("triage.Assessment", "referral"): "the referral's assessments go",
    ("cases.CasePerson", "person"): "a person goes only when no case holds them",
    ("intake.ReferralPerson", "person"): "a person goes only when no referral holds them",
}

# Records that stay when what they point at goes (SET_NULL): their owners chose to keep them
# as the house's account of what happened; they must not hold a person's identity themselves.
KEPT_RELATIONS: dict[tuple[str, str], str] = {
    ("subject_requests.SubjectRequest", "person"): "how the house answered a request",
}


def case_delete(case: Case) -> None:
    """The case and everything hanging off it. The referrals linked to it are untied first;
    the caller removes those that go with it (referral_delete) afterwards."""
    _delete_files_after_commit(InformationItem.objects.filter(case=case))
    escalation_ids = list(Escalation.objects.filter(case=case).values_list("id", flat=True))
    Escalation.objects.filter(pk__in=escalation_ids).delete()
    conference_ids = list(
        ConferenceItem.objects.filter(case=case).values_list("conference_id", flat=True)
    )
    ConferenceItem.objects.filter(case=case).delete()
    # A Casus op Maat is about its one case; a target-group conference keeps its other items.
    empty_case_conferences = list(
        Conference.objects.filter(
            pk__in=conference_ids, kind=ConferenceKind.CASE, items__isnull=True
        ).values_list("id", flat=True)
    )
    Conference.objects.filter(pk__in=empty_case_conferences).delete()
    Referral.objects.filter(linked_case=case).update(linked_case=None)
    _delete_notifications(
        house_id=case.house_id,
        number=case.number,
        ids=[case.id, *escalation_ids, *empty_case_conferences],
    )
    case.delete()


def referral_delete(referral: Referral) -> None:
    """The referral with its persons links, events, assessments, agenda places and transfer
    record. A referral that opened a case that still exists is protected: ProtectedError."""
    Referral.objects.filter(duplicate_of=referral).update(duplicate_of=None)
    Assessment.objects.filter(referral=referral).delete()
    TriageItem.objects.filter(referral=referral).delete()
    ReferralTransfer.objects.filter(Q(referral=referral) | Q(new_referral=referral)).delete()
    _delete_notifications(house_id=referral.house_id, number=referral.number, ids=[referral.id])
    referral.delete()


def person_delete(person: Person) -> None:
    """The person with what hangs off them (consents and their grants, item subject links).
    Links to cases and referrals protect them: ProtectedError."""
    person.delete()


def _delete_notifications(*, house_id: uuid.UUID, number: str, ids: Iterable[uuid.UUID]) -> None:
    """Notifications name no person, but a case or referral by number or link: they go too."""
    about = Q(subject__contains=number)
    for object_id in ids:
        about |= Q(link__contains=str(object_id))
    Notification.objects.filter(about, house_id=house_id).delete()


def _delete_files_after_commit(queryset: models.QuerySet) -> None:
    """Stored files are outside the transaction: removed once the rows are gone for good."""
    file_fields = [
        field
        for field in queryset.model._meta.concrete_fields
        if isinstance(field, models.FileField)
    ]
    stored: list[tuple[Storage, str]] = []
    for field in file_fields:
        names = queryset.exclude(**{field.name: ""}).values_list(field.name, flat=True)
        stored += [(field.storage, name) for name in names if name]
    if stored:
        transaction.on_commit(lambda: _remove(stored))


def _remove(stored: list[tuple[Storage, str]]) -> None:
    for storage, name in stored:
        storage.delete(name)
