"""System-signal writes. Recording and correcting a signal: house staff; the evidence cases,
raising to the steering group, the response and closing: the chain manager. Each checks the
policy, validates with a Dutch message per field, and writes in one transaction with its audit
event; an edit takes the version its form was opened with."""

from __future__ import annotations

import re
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
from zvh.cases.models import Case, CasePerson
from zvh.core.concurrency import update_versioned
from zvh.core.validation import past_date_error
from zvh.system_signals import policy as system_signal_policy

from .models import (
    MAX_ADDRESSEE,
    MAX_EVIDENCE,
    MAX_TEXT,
    MAX_TITLE,
    SignalCategory,
    SignalStatus,
    SystemSignal,
)


@dataclass(frozen=True)
class SignalInput:
    title: str
    description: str
    category: str
    found_on: date | None


@dataclass(frozen=True)
class SignalHandling:
    status: str
    addressee: str = ""
    raised_on: date | None = None
    response: str = ""
    response_on: date | None = None


def parse_case_numbers(text: str) -> list[str]:
    """Case numbers separated by commas, semicolons, spaces or new lines; each once."""
    seen: dict[str, None] = {}
    for part in re.split(r"[\s,;]+", text.strip()):
        if part:
            seen.setdefault(part.upper(), None)
    return list(seen)


def validate_signal(data: SignalInput) -> dict[str, object]:
    errors: dict[str, str] = {}
    title = " ".join(data.title.split())
    description = data.description.strip()
    if not title:
        errors["title"] = _("Geef het signaal een titel.")
    elif len(title) > MAX_TITLE:
        errors["title"] = _("Gebruik maximaal %(max)d tekens.") % {"max": MAX_TITLE}
    if not description:
        errors["description"] = _("Beschrijf de belemmering.")
    elif len(description) > MAX_TEXT:
        errors["description"] = _("Gebruik maximaal %(max)d tekens.") % {"max": MAX_TEXT}
    if data.category not in SignalCategory.values:
        errors["category"] = _("Kies de soort belemmering.")
    message = past_date_error(data.found_on, required_message=_("Vul de datum in."))
    if message:
        errors["found_on"] = message
    if errors:
        raise ValidationError(errors)
    return {
        "title": title,
        "description": description,
        "category": data.category,
        "found_on": data.found_on,
    }


def _evidence(actor: Actor, numbers: list[str]) -> list[Case]:
    """The cases these numbers name among those the actor may cite; ValidationError names the
    numbers it could not find (whether hidden or unknown: the same answer)."""
    if len(numbers) > MAX_EVIDENCE:
        raise ValidationError(
            {"case_numbers": _("Noem hoogstens %(max)d casussen.") % {"max": MAX_EVIDENCE}}
        )
    cases = list(system_signal_policy.linkable_cases(actor).filter(number__in=numbers))
    missing = sorted(set(numbers) - {case.number for case in cases})
    if missing:
        raise ValidationError(
            {
                "case_numbers": _("Deze casusnummers kent u niet: %(numbers)s.")
                % {"numbers": ", ".join(missing)}
            }
        )
    return cases


def _case_person_ids(cases: list[Case]) -> list[uuid.UUID]:
    return list(
        CasePerson.objects.filter(case__in=cases).values_list("person_id", flat=True).distinct()
    )


def _audit(
    actor: Actor, signal: SystemSignal, action: Action, *, cases: list[Case] | None = None
) -> None:
    detail: dict[str, object] = {"status": signal.status, "category": signal.category}
    if cases is not None:
        detail["evidence_cases"] = sorted(str(case.pk) for case in cases)
    audit_record(
        actor=actor,
        action=action,
        object_type="system_signal",
        object_id=signal.id,
        person_ids=_case_person_ids(cases) if cases else (),
        detail=detail,
    )


def signal_create(*, actor: Actor, data: SignalInput, case_numbers: str = "") -> SystemSignal:
    if actor.house_id is None or not can_use(actor, Function.RECORD_SYSTEM_SIGNALS):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    values: dict[str, object] = {}
    cases: list[Case] = []
    try:
        values = validate_signal(data)
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        cases = _evidence(actor, parse_case_numbers(case_numbers))
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        signal = SystemSignal.objects.create(
            house_id=actor.house_id, found_by_id=actor.user_id, **values
        )
        signal.evidence_cases.set(cases)
        _audit(actor, signal, Action.CREATE, cases=cases)
    return signal


def signal_update(
    *, actor: Actor, signal: SystemSignal, expected_version: int, data: SignalInput
) -> SystemSignal:
    """Corrects the content (title, description, kind, date); the evidence and the handling
    have their own services."""
    if not system_signal_policy.editable_signals(actor).filter(pk=signal.pk).exists():
        raise PermissionDenied
    values = validate_signal(data)
    with transaction.atomic():
        update_versioned(signal, expected_version=expected_version, values=values)
        _audit(actor, signal, Action.UPDATE)
    return signal


def signal_set_evidence(
    *, actor: Actor, signal: SystemSignal, expected_version: int, case_numbers: str
) -> SystemSignal:
    """The chain manager replaces the evidence cases (the numbers they name, all of them)."""
    if not system_signal_policy.manageable_signals(actor).filter(pk=signal.pk).exists():
        raise PermissionDenied
    cases = _evidence(actor, parse_case_numbers(case_numbers))
    with transaction.atomic():
        update_versioned(signal, expected_version=expected_version, values={})
        signal.evidence_cases.set(cases)
        _audit(actor, signal, Action.UPDATE, cases=cases)
    return signal


def validate_handling(signal: SystemSignal, data: SignalHandling) -> dict[str, object]:
    errors: dict[str, str] = {}
    addressee = " ".join(data.addressee.split())
    response = data.response.strip()
    status = data.status
    if status not in SignalStatus.values:
        errors["status"] = _("Kies een status.")
    raised = status in (SignalStatus.RAISED, SignalStatus.ANSWERED) or data.raised_on is not None
    if status == SignalStatus.RECORDED and (data.raised_on or signal.raised_on):
        errors["status"] = _(
            "Een signaal dat aan de stuurgroep is voorgelegd, kan niet terug naar vastgelegd."
        )
    if raised:
        if not addressee:
            errors["addressee"] = _("Vul in aan wie het signaal is voorgelegd.")
        message = past_date_error(
            data.raised_on, required_message=_("Vul in wanneer het signaal is voorgelegd.")
        )
        if not message and data.raised_on and data.raised_on < signal.found_on:
            message = _("Een signaal kan niet zijn voorgelegd voordat het is gevonden.")
        if message:
            errors["raised_on"] = message
    elif status == SignalStatus.CLOSED and addressee:
        errors["raised_on"] = _("Vul in wanneer het signaal is voorgelegd.")
    if len(addressee) > MAX_ADDRESSEE:
        errors["addressee"] = _("Gebruik maximaal %(max)d tekens.") % {"max": MAX_ADDRESSEE}
    if len(response) > MAX_TEXT:
        errors["response"] = _("Gebruik maximaal %(max)d tekens.") % {"max": MAX_TEXT}
    answered = status == SignalStatus.ANSWERED or bool(response) or data.response_on is not None
    if answered:
        if not raised:
            errors["response"] = _("Een antwoord volgt op een signaal dat is voorgelegd.")
        if not response:
            errors["response"] = _("Vul het antwoord van de stuurgroep in.")
        message = past_date_error(
            data.response_on, required_message=_("Vul in wanneer het antwoord is ontvangen.")
        )
        if (
            not message
            and data.raised_on
            and data.response_on
            and data.response_on < data.raised_on
        ):
            message = _("Het antwoord kan niet eerder zijn dan het voorleggen.")
        if message:
            errors["response_on"] = message
        if status == SignalStatus.RAISED and "status" not in errors:
            errors["status"] = _("Een signaal met een antwoord heeft de status beantwoord.")
    if errors:
        raise ValidationError(errors)
    return {
        "status": status,
        "addressee": addressee if raised else "",
        "raised_on": data.raised_on if raised else None,
        "response": response,
        "response_on": data.response_on if answered else None,
    }


def signal_handle(
    *, actor: Actor, signal: SystemSignal, expected_version: int, data: SignalHandling
) -> SystemSignal:
    """Raising to the steering group (addressee and date), recording its response, closing."""
    if not system_signal_policy.manageable_signals(actor).filter(pk=signal.pk).exists():
        raise PermissionDenied
    values = validate_handling(signal, data)
    with transaction.atomic():
        update_versioned(signal, expected_version=expected_version, values=values)
        _audit(actor, signal, Action.UPDATE)
    return signal
