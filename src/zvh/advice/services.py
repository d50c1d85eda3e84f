"""Advice writes, by the house's advisers: each checks the policy, validates with a Dutch
message per field, and writes in one transaction with its audit event. An edit takes the
version its form was opened with (optimistic locking)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zvh.audit.models import Action
from zvh.audit.services import audit_record
from zvh.authz.actor import Actor
from zvh.authz.functions import Function
from zvh.authz.policy import can_use
from zvh.core.concurrency import update_versioned
from zvh.core.validation import past_date_error
from zvh.network.models import Municipality, Organisation, Partnership

from .models import MAX_ADVICE_TEXT, MAX_MINUTES, MAX_REQUESTER_NAME, Advice, AdviceTopic


@dataclass(frozen=True)
class AdviceInput:
    topic: str
    given_on: date | None
    advice_text: str
    minutes: int | None
    municipality_id: uuid.UUID | None
    requester_organisation_id: uuid.UUID | None = None
    requester_name: str = ""


def _require(actor: Actor) -> uuid.UUID:
    if actor.house_id is None or not can_use(actor, Function.RECORD_ADVICE):
        raise PermissionDenied
    return actor.house_id


def validate_advice(*, house_id: uuid.UUID, data: AdviceInput) -> dict[str, object]:
    """Every rule with its Dutch message; returns the values to store. Raises ValidationError."""
    errors: dict[str, str] = {}
    name = " ".join(data.requester_name.split())
    organisation: Organisation | None = None
    if data.requester_organisation_id is not None and name:
        errors["requester_name"] = _(
            "Kies een partnerorganisatie óf vul de naam van een andere organisatie in, "
            "niet allebei."
        )
    elif data.requester_organisation_id is not None:
        partner = Partnership.objects.filter(
            house_id=house_id, organisation_id=data.requester_organisation_id
        ).select_related("organisation")
        found = partner.first()
        if found is None:
            errors["requester_organisation"] = _("Kies een partnerorganisatie van het huis.")
        else:
            organisation = found.organisation
    elif not name:
        errors["requester_organisation"] = _(
            "Kies de organisatie van de vrager, of vul de naam van een andere organisatie in."
        )
    elif len(name) > MAX_REQUESTER_NAME:
        errors["requester_name"] = _("Gebruik maximaal %(max)d tekens.") % {
            "max": MAX_REQUESTER_NAME
        }
    municipality = (
        Municipality.objects.filter(houses__id=house_id, pk=data.municipality_id).first()
        if data.municipality_id is not None
        else None
    )
    if municipality is None:
        errors["municipality"] = _("Kies een gemeente van het huis.")
    if data.topic not in AdviceTopic.values:
        errors["topic"] = _("Kies een onderwerp.")
    given_on = past_date_error(data.given_on, required_message=_("Vul de datum van het advies in."))
    if given_on:
        errors["given_on"] = given_on
    text = data.advice_text.strip()
    if not text:
        errors["advice_text"] = _("Beschrijf het gegeven advies.")
    elif len(text) > MAX_ADVICE_TEXT:
        errors["advice_text"] = _("Gebruik maximaal %(max)d tekens.") % {"max": MAX_ADVICE_TEXT}
    if data.minutes is None:
        errors["minutes"] = _("Vul de tijdsbesteding in minuten in.")
    elif not 1 <= data.minutes <= MAX_MINUTES:
        errors["minutes"] = _(
            "Vul een tijdsbesteding tussen 1 en %(max)d minuten in. Kost een vraag meer dan een "
            "werkdag, dan is het geen advies maar casuswerk: meld aan."
        ) % {"max": MAX_MINUTES}
    if errors:
        raise ValidationError(errors)
    return {
        "requester_organisation": organisation,
        "requester_name": "" if organisation is not None else name,
        "municipality": municipality,
        "topic": data.topic,
        "given_on": data.given_on,
        "advice_text": text,
        "minutes": data.minutes,
    }


def _audit(actor: Actor, advice: Advice, action: Action) -> None:
    # No advice text in the log: free text is kept out of the detail (it must hold no names).
    audit_record(
        actor=actor,
        action=action,
        object_type="advice",
        object_id=advice.id,
        detail={"topic": advice.topic, "minutes": advice.minutes},
    )


def advice_create(*, actor: Actor, data: AdviceInput) -> Advice:
    house_id = _require(actor)
    values = validate_advice(house_id=house_id, data=data)
    with transaction.atomic():
        advice = Advice.objects.create(house_id=house_id, recorded_by_id=actor.user_id, **values)
        _audit(actor, advice, Action.CREATE)
    return advice


def advice_update(
    *, actor: Actor, advice: Advice, expected_version: int, data: AdviceInput
) -> Advice:
    house_id = _require(actor)
    if advice.house_id != house_id:
        raise PermissionDenied
    values = validate_advice(house_id=house_id, data=data)
    with transaction.atomic():
        update_versioned(advice, expected_version=expected_version, values=values)
        _audit(actor, advice, Action.UPDATE)
    return advice
