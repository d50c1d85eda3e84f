"""Lawful-sharing reads: one item, its attachment, the consents of a case's persons, and the
choices and configuration the forms show. Every read starts from the access policy."""

from __future__ import annotations

import uuid

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from zvh.audit.denials import record_denial
from zvh.audit.models import Action
from zvh.audit.reads import audited_get
from zvh.audit.services import audit_record
from zvh.authz import policy
from zvh.authz.actor import Actor
from zvh.authz.functions import Function
from zvh.cases import policy as case_policy
from zvh.cases.models import Case, CaseParticipant
from zvh.network.models import Organisation
from zvh.people.models import Person
from zvh.sharing import policy as sharing_policy

from .models import Consent, ConsentGrant, InformationItem, LegalBasis
from .rules import category_audiences


def _subject_ids(item: InformationItem) -> list[uuid.UUID]:
    return list(item.subject_links.values_list("person_id", flat=True))


def item_get(*, actor: Actor, case: Case, item_id: uuid.UUID) -> InformationItem:
    return audited_get(
        actor=actor,
        queryset=sharing_policy.visible_items(actor).filter(case=case),
        pk=item_id,
        object_type="case_note",
        person_ids=_subject_ids,
    )


def item_attachment_get(*, actor: Actor, case: Case, item_id: uuid.UUID) -> InformationItem:
    """An item's attachment, its download in the access log as an export."""
    item = sharing_policy.visible_items(actor).filter(case=case, pk=item_id).first()
    if item is None or not item.attachment:
        record_denial(actor, object_type="case_note", object_id=item_id)
        raise Http404
    audit_record(
        actor=actor,
        action=Action.EXPORT,
        object_type="case_note",
        object_id=item.id,
        person_ids=_subject_ids(item),
        detail={"attachment": True},
    )
    return item


def item_form_choices(case: Case) -> tuple[QuerySet[LegalBasis], QuerySet[Person]]:
    """The house's active legal bases and the case's persons, for the item form."""
    return (
        LegalBasis.objects.filter(house_id=case.house_id, active=True),
        Person.objects.filter(case_links__case=case).order_by("surname", "id"),
    )


def release_candidates(
    case: Case, item_organisation_id: uuid.UUID | None
) -> QuerySet[Organisation]:
    """Organisations that take part in the case now, other than the contributor."""
    return (
        Organisation.objects.filter(
            pk__in=CaseParticipant.objects.active().filter(case=case).values("organisation_id")
        )
        .exclude(pk__in=[item_organisation_id] if item_organisation_id else [])
        .only("id", "name")
        .order_by("name")
    )


def case_consents(*, actor: Actor, case: Case) -> list[Consent]:
    """The consents of the case's persons, for house staff. Three queries."""
    if not case_policy.manageable_cases(actor).filter(pk=case.pk).exists():
        return []
    return list(
        Consent.objects.filter(house_id=case.house_id, person__case_links__case=case)
        .select_related("person")
        .prefetch_related(
            Prefetch(
                "grants",
                queryset=ConsentGrant.objects.select_related("organisation").order_by(
                    "organisation__name", "category"
                ),
            )
        )
        .order_by("-given_on", "-recorded_at")
    )


def consent_get(*, actor: Actor, case: Case, consent_id: uuid.UUID) -> Consent:
    if not case_policy.manageable_cases(actor).filter(pk=case.pk).exists():
        record_denial(actor, object_type="consent", object_id=consent_id)
        raise Http404
    return audited_get(
        actor=actor,
        queryset=Consent.objects.filter(house_id=case.house_id, person__case_links__case=case),
        pk=consent_id,
        object_type="consent",
        person_ids=lambda consent: [consent.person_id],
    )


def consent_organisations(case: Case) -> QuerySet[Organisation]:
    return Organisation.objects.filter(partnerships__house_id=case.house_id).order_by("name")


# --- configuration ----------------------------------------------------------------------------


def _require_configure(actor: Actor) -> uuid.UUID:
    if actor.house_id is None or not policy.can_use(actor, Function.CONFIGURE_SHARING):
        raise Http404
    return actor.house_id


def configured_audiences(*, actor: Actor) -> dict[str, str]:
    return category_audiences(_require_configure(actor))


def legal_bases_for_configuration(*, actor: Actor) -> list[LegalBasis]:
    return list(LegalBasis.objects.filter(house_id=_require_configure(actor)))


def legal_basis_get(*, actor: Actor, legal_basis_id: uuid.UUID) -> LegalBasis:
    legal_basis = LegalBasis.objects.filter(
        house_id=_require_configure(actor), pk=legal_basis_id
    ).first()
    if legal_basis is None:
        record_denial(actor, object_type="legal_basis", object_id=legal_basis_id)
        raise Http404
    return legal_basis
