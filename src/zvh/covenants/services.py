"""Covenant writes, by the chain manager: each one checks the policy, validates, and writes in
one transaction with its audit event. An edit takes the version its form was opened with."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

from zvh.audit.models import Action
from zvh.audit.services import audit_record
from zvh.authz.actor import Actor
from zvh.authz.functions import Function
from zvh.authz.policy import can_use
from zvh.cases.selectors import upload_rules_for
from zvh.core.concurrency import update_versioned
from zvh.core.filetypes import FileType, sniff
from zvh.core.uploads import discard_on_error, upload_error
from zvh.network.models import Organisation, Partnership

from .models import MAX_TITLE, Covenant, CovenantKind, CovenantStatus

MAX_VERSION = 20


@dataclass(frozen=True)
class CovenantInput:
    kind: str
    title: str
    status: str
    document_version: str = ""
    signed_on: date | None = None
    expires_on: date | None = None
    parties: Iterable[Organisation] = field(default_factory=tuple)
    document: UploadedFile | None = None


def _require(actor: Actor) -> uuid.UUID:
    """The actor's house, if they manage its covenants."""
    if actor.house_id is None or not can_use(actor, Function.MANAGE_COVENANTS):
        raise PermissionDenied
    return actor.house_id


def validate_covenant(*, house_id: uuid.UUID, data: CovenantInput) -> list[Organisation]:
    """Every rule with its Dutch message; returns the parties. Raises ValidationError."""
    errors: dict[str, str] = {}
    if data.kind not in CovenantKind.values:
        errors["kind"] = _("Kies de soort convenant.")
    if not data.title.strip():
        errors["title"] = _("Geef het convenant een titel.")
    elif len(data.title.strip()) > MAX_TITLE:
        errors["title"] = _("Gebruik maximaal %(max)d tekens.") % {"max": MAX_TITLE}
    if len(data.document_version.strip()) > MAX_VERSION:
        errors["document_version"] = _("Gebruik maximaal %(max)d tekens.") % {"max": MAX_VERSION}
    if data.status not in CovenantStatus.values:
        errors["status"] = _("Kies een status.")
    if data.status in (CovenantStatus.SIGNED, CovenantStatus.EXPIRED) and data.signed_on is None:
        errors["signed_on"] = _("Vul de datum van ondertekening in.")
    if data.signed_on is not None and data.signed_on > timezone.localdate():
        errors["signed_on"] = _("De datum van ondertekening ligt in de toekomst.")
    if data.signed_on and data.expires_on and data.expires_on < data.signed_on:
        errors["expires_on"] = _("Het convenant kan niet verlopen vóór het is ondertekend.")
    parties = list(data.parties)
    partner_ids = set(
        Partnership.objects.filter(
            house_id=house_id, organisation_id__in=[party.pk for party in parties]
        ).values_list("organisation_id", flat=True)
    )
    if any(party.pk not in partner_ids for party in parties):
        errors["parties"] = _("Kies alleen partnerorganisaties van het huis.")
    if data.status == CovenantStatus.SIGNED and not parties:
        errors["parties"] = _("Een ondertekend convenant heeft partijen. Kies ze.")
    if data.document is not None:
        message = _document_error(house_id, data.document)
        if message:
            errors["document"] = message
    if errors:
        raise ValidationError(errors)
    return parties


def _document_error(house_id: uuid.UUID, document: UploadedFile) -> str:
    """The house's size limit and virus scan; the type is PDF whatever else the house allows."""
    if sniff(document) != FileType.PDF:
        return _("Lever het convenant aan als PDF-bestand.")
    max_mb, _allowed = upload_rules_for(house_id)
    return upload_error(document, max_mb=max_mb, allowed=[FileType.PDF])


def _values(data: CovenantInput) -> dict[str, object]:
    return {
        "kind": data.kind,
        "title": data.title.strip(),
        "document_version": data.document_version.strip(),
        "signed_on": data.signed_on,
        "expires_on": data.expires_on,
        "status": data.status,
    }


def _store_document(
    covenant: Covenant, document: UploadedFile | None, stored: list[FieldFile]
) -> None:
    if document is None:
        return
    old = covenant.document.name if covenant.document else ""
    covenant.document_name = (document.name or "convenant.pdf")[-200:]
    covenant.document.save("convenant.pdf", document, save=False)
    stored.append(covenant.document)
    Covenant.objects.filter(pk=covenant.pk).update(
        document=covenant.document.name, document_name=covenant.document_name
    )
    if old:
        # The replaced file goes once the new one is committed; a rollback keeps it.
        storage = covenant.document.storage
        transaction.on_commit(lambda: storage.delete(old))


def _audit(actor: Actor, covenant: Covenant, action: Action) -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type="covenant",
        object_id=covenant.id,
        detail={
            "kind": covenant.kind,
            "status": covenant.status,
            "parties": sorted(str(pk) for pk in covenant.parties.values_list("id", flat=True)),
        },
    )


def covenant_create(*, actor: Actor, data: CovenantInput) -> Covenant:
    house_id = _require(actor)
    parties = validate_covenant(house_id=house_id, data=data)
    with transaction.atomic(), discard_on_error() as stored:
        covenant = Covenant.objects.create(house_id=house_id, **_values(data))
        covenant.parties.set(parties)
        _store_document(covenant, data.document, stored)
        _audit(actor, covenant, Action.CREATE)
    return covenant


def covenant_update(
    *, actor: Actor, covenant: Covenant, expected_version: int, data: CovenantInput
) -> Covenant:
    """A new document (optional) replaces the stored one."""
    house_id = _require(actor)
    if covenant.house_id != house_id:
        raise PermissionDenied
    parties = validate_covenant(house_id=house_id, data=data)
    with transaction.atomic(), discard_on_error() as stored:
        update_versioned(covenant, expected_version=expected_version, values=_values(data))
        covenant.parties.set(parties)
        _store_document(covenant, data.document, stored)
        _audit(actor, covenant, Action.UPDATE)
    return covenant
