"""Lawful-sharing writes: information items, releases, consent, and the house's category rules
and legal bases. Each checks the access policy and writes its audit event in the same
transaction. Audit details hold ids and codes only, never the text of an item."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zvh.audit.models import Action
from zvh.audit.services import audit_record
from zvh.authz import policy
from zvh.authz.actor import Actor
from zvh.authz.functions import Function
from zvh.cases import policy as case_policy
from zvh.cases.journal import JournalKind, journal_record
from zvh.cases.models import Case, CaseParticipant
from zvh.cases.selectors import upload_rules_for
from zvh.core.concurrency import StaleObjectError
from zvh.core.uploads import discard_on_error, upload_error
from zvh.network.models import House, Organisation
from zvh.sharing import policy as sharing_policy

from .categories import DEFAULT_LEGAL_BASES, InformationCategory, Purpose
from .models import (
    CategoryRule,
    Consent,
    ConsentGrant,
    InformationItem,
    InformationItemSubject,
    ItemRelease,
    LegalBasis,
)
from .rules import category_audiences

MAX_TEXT = 5000


@dataclass(frozen=True)
class NewItem:
    contact_date: date
    text: str
    category: str
    legal_basis_id: uuid.UUID | None
    purpose: str
    subject_ids: list[uuid.UUID] = field(default_factory=list)
    attachment: UploadedFile | None = None


def item_add(
    *, actor: Actor, case: Case, item: NewItem, item_id: uuid.UUID | None = None
) -> InformationItem:
    """An information item by anyone who takes part in the case. `item_id` comes from the
    form: submitting the same form twice returns the item created the first time."""
    if not policy.can_use(actor, Function.VIEW_CASES) or not case_policy.can_view_case(actor, case):
        raise PermissionDenied
    if item_id is not None:
        existing = InformationItem.objects.filter(pk=item_id).first()
        if existing is not None:
            if existing.case_id == case.pk and existing.author_id == actor.user_id:
                return existing
            item_id = None  # not this form's item: never touch someone else's
    if case.is_closed:
        raise ValidationError(_("De casus is afgesloten. Heropen de casus eerst."))
    subject_ids = _validate_item(case, item)
    with transaction.atomic(), discard_on_error() as stored:
        note = InformationItem.objects.create(
            id=item_id or uuid.uuid4(),
            case=case,
            author_id=actor.person_user_id,
            organisation_id=actor.organisation_id,
            contact_date=item.contact_date,
            text=item.text.strip(),
            category=item.category,
            legal_basis_id=item.legal_basis_id,
            purpose=item.purpose,
        )
        if item.attachment is not None:
            name = item.attachment.name or "bijlage"
            note.attachment_name = name[:200]
            note.attachment.save(name, item.attachment, save=True)
            stored.append(note.attachment)
        InformationItemSubject.objects.bulk_create(
            InformationItemSubject(note=note, person_id=person_id) for person_id in subject_ids
        )
        journal_record(case=case, kind=JournalKind.NOTE, actor=actor, note=note)
        audit_record(
            actor=actor,
            action=Action.CREATE,
            object_type="case_note",
            object_id=note.id,
            person_ids=subject_ids,
            detail={"case": str(case.id), "category": note.category},
        )
    return note


def _validate_item(case: Case, item: NewItem) -> list[uuid.UUID]:
    """Every bad field at once, in Dutch; returns the persons the item is about."""
    errors: dict[str, str] = {}
    text = item.text.strip()
    if not text and item.attachment is None:
        errors["text"] = _("Schrijf de notitie of voeg een bijlage toe.")
    elif len(text) > MAX_TEXT:
        errors["text"] = _("Gebruik maximaal %(max)d tekens.") % {"max": MAX_TEXT}
    if item.contact_date > timezone.localdate():
        errors["contact_date"] = _("De datum van het contact ligt in de toekomst.")
    if item.category not in InformationCategory.values:
        errors["category"] = _("Kies de categorie van de informatie.")
    if (
        item.legal_basis_id is None
        or not LegalBasis.objects.filter(
            pk=item.legal_basis_id, house_id=case.house_id, active=True
        ).exists()
    ):
        errors["legal_basis"] = _("Kies de grondslag voor het delen.")
    if item.purpose not in Purpose.values:
        errors["purpose"] = _("Kies het doel van het delen.")
    if item.attachment is not None:
        max_mb, allowed = upload_rules_for(case.house_id)
        message = upload_error(item.attachment, max_mb=max_mb, allowed=allowed)
        if message:
            errors["attachment"] = message
    case_persons = list(case.case_persons.values_list("person_id", flat=True))
    subject_ids = list(dict.fromkeys(item.subject_ids))
    if not subject_ids and len(case_persons) == 1:
        subject_ids = case_persons
    if not subject_ids:
        errors["subjects"] = _("Kies over wie de informatie gaat.")
    elif not set(subject_ids) <= set(case_persons):
        errors["subjects"] = _("Kies alleen betrokkenen van deze casus.")
    if errors:
        raise ValidationError(errors)
    return subject_ids


def item_release(*, actor: Actor, item: InformationItem, organisation: Organisation) -> ItemRelease:
    """The contributing organisation opens one item to one organisation that takes part in the
    case now. Releasing twice keeps the first release."""
    if actor.organisation_id is None or item.organisation_id != actor.organisation_id:
        raise PermissionDenied
    if not sharing_policy.visible_items(actor).filter(pk=item.pk).exists():
        raise PermissionDenied
    if (
        not CaseParticipant.objects.active()
        .filter(case_id=item.case_id, organisation=organisation)
        .exists()
    ):
        raise ValidationError({"organisation": _("Deze organisatie neemt niet deel aan de casus.")})
    with transaction.atomic():
        release, created = ItemRelease.objects.get_or_create(
            item=item, organisation=organisation, defaults={"released_by_id": actor.person_user_id}
        )
        if created:
            audit_record(
                actor=actor,
                action=Action.UPDATE,
                object_type="case_note",
                object_id=item.id,
                person_ids=list(item.subject_links.values_list("person_id", flat=True)),
                detail={"released_to": str(organisation.id)},
            )
    return release


# --- consent --------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewConsent:
    person_id: uuid.UUID
    organisation_ids: list[uuid.UUID]
    categories: list[str]
    given_on: date
    expires_on: date | None
    note: str = ""


def consent_record(*, actor: Actor, case: Case, consent: NewConsent) -> Consent:
    """House staff record a person's consent, while working on a case the person is in. The
    scope is organisations × categories; it counts from `given_on` until `expires_on`."""
    _require_case_manager(actor, case)
    errors: dict[str, str] = {}
    if not case.case_persons.filter(person_id=consent.person_id).exists():
        errors["person"] = _("Kies een betrokkene van deze casus.")
    if not consent.organisation_ids:
        errors["organisations"] = _("Kies ten minste één organisatie.")
    elif Organisation.objects.filter(
        pk__in=consent.organisation_ids, partnerships__house_id=case.house_id
    ).count() != len(set(consent.organisation_ids)):
        errors["organisations"] = _("Kies alleen partners van het huis.")
    if not consent.categories or not set(consent.categories) <= set(InformationCategory.values):
        errors["categories"] = _("Kies ten minste één categorie.")
    if consent.given_on > timezone.localdate():
        errors["given_on"] = _("De datum van de toestemming ligt in de toekomst.")
    if consent.expires_on is not None and consent.expires_on < consent.given_on:
        errors["expires_on"] = _("De einddatum ligt vóór de datum waarop toestemming is gegeven.")
    if len(consent.note) > 500:
        errors["note"] = _("Gebruik maximaal %(max)d tekens.") % {"max": 500}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        record = Consent.objects.create(
            house_id=case.house_id,
            person_id=consent.person_id,
            given_on=consent.given_on,
            expires_on=consent.expires_on,
            note=consent.note.strip(),
            recorded_by_id=actor.person_user_id,
        )
        ConsentGrant.objects.bulk_create(
            ConsentGrant(consent=record, organisation_id=organisation_id, category=category)
            for organisation_id in set(consent.organisation_ids)
            for category in set(consent.categories)
        )
        _audit_consent(actor, record, Action.CREATE)
    return record


def consent_withdraw(*, actor: Actor, case: Case, consent: Consent) -> Consent:
    """Takes effect at once: the next read no longer finds the grants. Withdrawing twice
    keeps the first moment."""
    _require_case_manager(actor, case)
    if consent.house_id != case.house_id:
        raise PermissionDenied
    with transaction.atomic():
        updated = Consent.objects.filter(pk=consent.pk, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now(), withdrawn_by_id=actor.person_user_id
        )
        if updated:
            _audit_consent(actor, consent, Action.UPDATE)
    consent.refresh_from_db()
    return consent


def _require_case_manager(actor: Actor, case: Case) -> None:
    if not case_policy.manageable_cases(actor).filter(pk=case.pk).exists():
        raise PermissionDenied


def _audit_consent(actor: Actor, consent: Consent, action: Action) -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type="consent",
        object_id=consent.id,
        person_ids=[consent.person_id],
        detail={"withdrawn": consent.withdrawn_at is not None},
    )


# --- the house's configuration --------------------------------------------------------------


def category_rules_update(*, actor: Actor, audiences: dict[str, str], seen: dict[str, str]) -> None:
    """Sets the audience per category. `seen` is what the form showed: a rule someone else
    changed in the meantime is refused (StaleObjectError), so nothing is overwritten unseen."""
    house_id = _require_configure(actor)
    with transaction.atomic():
        House.objects.select_for_update().filter(pk=house_id).first()
        current = category_audiences(house_id)
        if any(current[category] != seen.get(category) for category in current):
            raise StaleObjectError
        changed = {c: a for c, a in audiences.items() if current.get(c) != a}
        for category, audience in changed.items():
            CategoryRule.objects.update_or_create(
                house_id=house_id, category=category, defaults={"audience": audience}
            )
        if changed:
            audit_record(
                actor=actor,
                action=Action.UPDATE,
                object_type="category_rules",
                object_id=house_id,
                detail={"changed": changed},
            )


def legal_basis_save(
    *,
    actor: Actor,
    legal_basis: LegalBasis | None,
    name: str,
    gdpr_basis: str,
    special_ground: str,
    framework: str,
    active: bool = True,
) -> LegalBasis:
    house_id = _require_configure(actor)
    if legal_basis is not None and legal_basis.house_id != house_id:
        raise PermissionDenied
    name = name.strip()
    duplicate = LegalBasis.objects.filter(house_id=house_id, name__iexact=name)
    if legal_basis is not None:
        duplicate = duplicate.exclude(pk=legal_basis.pk)
    if duplicate.exists():
        raise ValidationError({"name": _("Er is al een grondslag met deze naam.")})
    with transaction.atomic():
        if legal_basis is None:
            legal_basis = LegalBasis(house_id=house_id)
        legal_basis.name = name
        legal_basis.gdpr_basis = gdpr_basis
        legal_basis.special_ground = special_ground.strip()
        legal_basis.framework = framework.strip()
        legal_basis.active = active
        legal_basis.save()
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            object_type="legal_basis",
            object_id=legal_basis.id,
            detail={"active": active},
        )
    return legal_basis


def _require_configure(actor: Actor) -> uuid.UUID:
    if actor.house_id is None or not policy.can_use(actor, Function.CONFIGURE_SHARING):
        raise PermissionDenied
    return actor.house_id


def legal_bases_seed_defaults(*, house: House) -> int:
    """Gives a house the default legal bases it lacks (by name). Safe to repeat."""
    names = {
        n.lower() for n in LegalBasis.objects.filter(house=house).values_list("name", flat=True)
    }
    missing = [
        LegalBasis(
            house=house,
            name=name,
            gdpr_basis=basis,
            special_ground=ground,
            framework=framework,
            position=position,
        )
        for position, (name, basis, ground, framework) in enumerate(DEFAULT_LEGAL_BASES)
        if name.lower() not in names
    ]
    LegalBasis.objects.bulk_create(missing)
    return len(missing)
