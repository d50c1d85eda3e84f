"""Writes of data-subject requests, by the privacy officer. Each checks the access policy,
validates with a Dutch message per field, and writes in one transaction with its audit event
and its line in the request's own history. Status changes and the extension take the version
the form was opened with (optimistic locking)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zvh.audit.models import Action
from zvh.audit.services import audit_record
from zvh.authz import policy
from zvh.authz.actor import Actor
from zvh.authz.functions import Function
from zvh.core.concurrency import StaleObjectError, update_versioned
from zvh.core.numbering import next_number
from zvh.people import policy as person_policy
from zvh.people.bsn import normalise_bsn
from zvh.people.models import Person
from zvh.people.postcode import normalise_postcode
from zvh.subject_requests import policy as subject_request_policy

from . import collect
from .models import (
    ANSWER_MONTHS,
    EXTENSION_MONTHS,
    MAX_NOTE,
    EventKind,
    IdentityMethod,
    PersonCorrection,
    ReceivedVia,
    RequestEvent,
    RequestKind,
    RequestStatus,
    SubjectRequest,
    Withholding,
    WithholdingGround,
    add_months,
)

OBJECT_TYPE = "subject_request"
# The first time a request's content is shown after its opening was approved (0154): an event
# of its own, so a privacy audit finds every opening.
OPENING_OBJECT_TYPE = "subject_request_opening"


@dataclass(frozen=True)
class RequestInput:
    kind: str
    received_on: date | None
    received_via: str
    notes: str = ""


def _is_officer(actor: Actor) -> bool:
    return actor.house_id is not None and policy.can_use(actor, Function.HANDLE_SUBJECT_REQUESTS)


def require_handled(actor: Actor, request: SubjectRequest) -> None:
    if not _is_officer(actor) or request.house_id != actor.house_id:
        raise PermissionDenied


def require_content(actor: Actor, request: SubjectRequest) -> None:
    """The content of a request is for the house's privacy officers once it is opened (0154)."""
    if not subject_request_policy.can_read_content(actor, request):
        raise PermissionDenied


def _require_open(request: SubjectRequest) -> None:
    if not request.is_open:
        raise ValidationError(_("Dit verzoek is afgehandeld. Er kan niets meer aan veranderen."))


def record_event(
    actor: Actor,
    request: SubjectRequest,
    kind: EventKind,
    *,
    note: str = "",
    data: dict[str, Any] | None = None,
) -> None:
    RequestEvent.objects.create(
        request=request, by_id=actor.user_id, kind=kind, note=note, data=data or {}
    )


def audit_request(
    actor: Actor, request: SubjectRequest, action: Action, detail: dict[str, Any]
) -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type=OBJECT_TYPE,
        object_id=request.id,
        person_ids=[request.person_id] if request.person_id else [],
        detail=detail,
    )


def _too_long(value: str) -> str:
    return (
        _("Gebruik maximaal %(max)d tekens.") % {"max": MAX_NOTE} if len(value) > MAX_NOTE else ""
    )


# --- registering and the status ---------------------------------------------------------------


def subject_request_register(*, actor: Actor, person: Person, data: RequestInput) -> SubjectRequest:
    """A request of a person of the officer's house; the deadline is one month after receipt."""
    if actor.house_id is None or not _is_officer(actor):
        raise PermissionDenied
    if not person_policy.persons_for_access_report(actor).filter(pk=person.pk).exists():
        raise PermissionDenied
    errors: dict[str, str] = {}
    if data.kind not in RequestKind.values:
        errors["kind"] = _("Kies de soort verzoek.")
    if data.received_via not in ReceivedVia.values:
        errors["received_via"] = _("Kies hoe het verzoek binnenkwam.")
    received_on = data.received_on
    if received_on is None:
        errors["received_on"] = _("Vul de datum van ontvangst in.")
    elif received_on > timezone.localdate():
        errors["received_on"] = _("De datum van ontvangst ligt in de toekomst.")
    notes = data.notes.strip()
    if _too_long(notes):
        errors["notes"] = _too_long(notes)
    if errors or received_on is None:
        raise ValidationError(errors)
    with transaction.atomic():
        request = SubjectRequest.objects.create(
            house_id=actor.house_id,
            number=next_number(house_id=actor.house_id, name="subject_request", prefix="V"),
            kind=data.kind,
            person=person,
            received_on=received_on,
            received_via=data.received_via,
            notes=notes,
            deadline=add_months(received_on, ANSWER_MONTHS),
            registered_by_id=actor.person_user_id,
        )
        record_event(actor, request, EventKind.REGISTERED)
        audit_request(actor, request, Action.CREATE, {"kind": request.kind})
    return request


def subject_request_start(
    *, actor: Actor, request: SubjectRequest, expected_version: int
) -> SubjectRequest:
    require_handled(actor, request)
    if request.status != RequestStatus.RECEIVED:
        raise ValidationError(_("Dit verzoek is al in behandeling of afgehandeld."))
    with transaction.atomic():
        update_versioned(
            request,
            expected_version=expected_version,
            values={"status": RequestStatus.IN_PROGRESS, "started_at": timezone.now()},
        )
        record_event(actor, request, EventKind.STARTED)
        audit_request(actor, request, Action.UPDATE, {"status": request.status})
    return request


def subject_request_close(
    *, actor: Actor, request: SubjectRequest, expected_version: int, status: str, note: str
) -> SubjectRequest:
    """Answered, or refused with the reason (art. 12 lid 4 AVG: the person hears why)."""
    require_handled(actor, request)
    _require_open(request)
    note = note.strip()
    errors: dict[str, str] = {}
    if status not in (RequestStatus.ANSWERED, RequestStatus.REFUSED):
        errors["outcome"] = _("Kies of het verzoek is beantwoord of geweigerd.")
    elif status == RequestStatus.REFUSED and not note:
        errors["note"] = _(
            "Geef de reden van de weigering; de betrokkene heeft recht die te horen."
        )
    if _too_long(note):
        errors["note"] = _too_long(note)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    with transaction.atomic():
        update_versioned(
            request,
            expected_version=expected_version,
            values={
                "status": status,
                "outcome_note": note,
                "closed_at": now,
                "closed_by_id": actor.person_user_id,
                "started_at": request.started_at or now,
            },
        )
        kind = EventKind.ANSWERED if status == RequestStatus.ANSWERED else EventKind.REFUSED
        record_event(actor, request, kind, note=note)
        audit_request(actor, request, Action.UPDATE, {"status": status})
    return request


def subject_request_extend(
    *, actor: Actor, request: SubjectRequest, expected_version: int, reason: str
) -> SubjectRequest:
    """Two more months, once, with the reason. Art. 12 lid 3 AVG: the person must hear of the
    extension and why within the first month, so it can only be recorded within that month."""
    require_handled(actor, request)
    _require_open(request)
    reason = reason.strip()
    if request.extended_at is not None:
        raise ValidationError(
            _("De termijn van dit verzoek is al verlengd. Dat kan maar één keer.")
        )
    if timezone.localdate() > request.original_deadline:
        raise ValidationError(
            _(
                "De eerste maand is voorbij. Verlengen kan alleen binnen een maand na ontvangst, "
                "omdat de betrokkene binnen die maand over de verlenging en de reden moet horen."
            )
        )
    if not reason:
        raise ValidationError({"reason": _("Geef de reden van de verlenging.")})
    if _too_long(reason):
        raise ValidationError({"reason": _too_long(reason)})
    with transaction.atomic():
        update_versioned(
            request,
            expected_version=expected_version,
            values={
                "deadline": add_months(request.received_on, ANSWER_MONTHS + EXTENSION_MONTHS),
                "extended_at": timezone.now(),
                "extended_by_id": actor.person_user_id,
                "extension_reason": reason,
            },
        )
        record_event(actor, request, EventKind.EXTENDED, note=reason)
        audit_request(actor, request, Action.UPDATE, {"extended": True})
    return request


# --- the four-eyes rule: identity check, second person's approval, opening (0154) ----------------


@dataclass(frozen=True)
class IdentityInput:
    method: str
    checked_on: date | None
    note: str = ""


def subject_request_identity_record(
    *, actor: Actor, request: SubjectRequest, expected_version: int, data: IdentityInput
) -> SubjectRequest:
    """How the privacy officer established who the requester is: the method, the day, and a
    note (required for "other"). No copy of an identity document, and no document number."""
    require_handled(actor, request)
    _require_open(request)
    if request.identity_recorded:
        raise ValidationError(_("De identiteit van de verzoeker is al vastgelegd."))
    note = data.note.strip()
    errors: dict[str, str] = {}
    if data.method not in IdentityMethod.values:
        errors["method"] = _("Kies hoe de identiteit is vastgesteld.")
    elif data.method == IdentityMethod.OTHER and not note:
        errors["note"] = _("Licht toe hoe de identiteit is vastgesteld.")
    if data.checked_on is None:
        errors["checked_on"] = _("Vul de datum in waarop de identiteit is vastgesteld.")
    elif data.checked_on > timezone.localdate():
        errors["checked_on"] = _("Die datum ligt in de toekomst.")
    if _too_long(note):
        errors["note"] = _too_long(note)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        update_versioned(
            request,
            expected_version=expected_version,
            values={
                "identity_method": data.method,
                "identity_checked_on": data.checked_on,
                "identity_note": note,
                "identity_checked_by_id": actor.person_user_id,
                "identity_recorded_at": timezone.now(),
            },
        )
        record_event(actor, request, EventKind.IDENTITY, data={"method": data.method})
        audit_request(actor, request, Action.UPDATE, {"identity_checked": data.method})
    return request


def _opening_refusal(block: subject_request_policy.OpeningBlock) -> str:
    blocks = subject_request_policy.OpeningBlock
    return {
        blocks.NO_CONTENT: _("Bij deze soort verzoek hoort geen inhoud om te openen."),
        blocks.ALREADY_OPENED: _("De inhoud van dit verzoek is al geopend."),
        blocks.CLOSED: _("Dit verzoek is afgehandeld. Er kan niets meer aan veranderen."),
        blocks.NO_IDENTITY: _(
            "De identiteit van de verzoeker is nog niet vastgelegd. Goedkeuren kan pas daarna."
        ),
        blocks.REGISTRAR: _(
            "U heeft dit verzoek zelf geregistreerd. Een tweede persoon moet het openen "
            "goedkeuren: een andere privacyfunctionaris of de ketenmanager van het huis."
        ),
        blocks.IDENTITY_CHECKER: _(
            "U heeft de identiteit van de verzoeker zelf vastgelegd. Een tweede persoon moet het "
            "openen goedkeuren: een andere privacyfunctionaris of de ketenmanager van het huis."
        ),
    }[block]


def subject_request_opening_approve(
    *, actor: Actor, request: SubjectRequest, expected_version: int
) -> SubjectRequest:
    """The second pair of eyes: opens the request's content for the house's privacy officers.
    The approver sees no content by approving (a chain manager never does)."""
    block = subject_request_policy.opening_approval_block(actor, request)
    if block == subject_request_policy.OpeningBlock.NOT_ALLOWED:
        raise PermissionDenied
    if block is not None:
        raise ValidationError(_opening_refusal(block))
    with transaction.atomic():
        update_versioned(
            request,
            expected_version=expected_version,
            values={
                "opening_approved_by_id": actor.person_user_id,
                "opening_approved_at": timezone.now(),
            },
        )
        record_event(actor, request, EventKind.APPROVED)
        audit_request(actor, request, Action.UPDATE, {"opening_approved": True})
    return request


def subject_request_content_open(*, actor: Actor, request: SubjectRequest) -> None:
    """Called before a request's content is shown. The first time after the approval is the
    opening: recorded on the request, in its history, and in the access log as an event of its
    own (object type `subject_request_opening`)."""
    require_content(actor, request)
    if request.opened_at is not None:
        return
    now = timezone.now()
    with transaction.atomic():
        first = SubjectRequest.objects.filter(pk=request.pk, opened_at__isnull=True).update(
            opened_at=now, opened_by_id=actor.person_user_id
        )
        if not first:  # someone else opened it a moment ago
            request.refresh_from_db(fields=["opened_at", "opened_by"])
            return
        request.opened_at, request.opened_by_id = now, actor.person_user_id
        record_event(actor, request, EventKind.OPENED)
        audit_record(
            actor=actor,
            action=Action.VIEW,
            object_type=OPENING_OBJECT_TYPE,
            object_id=request.id,
            person_ids=[request.person_id] if request.person_id else [],
            detail={
                "kind": request.kind,
                "identity_checked_by": request.identity_checked_by_id,
                "approved_by": request.opening_approved_by_id,
            },
        )


# --- withholding parts of an access export ----------------------------------------------------


def require_access_request(request: SubjectRequest) -> Person:
    if request.kind != RequestKind.ACCESS:
        raise ValidationError(_("Alleen bij een inzageverzoek hoort een inzageoverzicht."))
    if request.person is None:
        raise ValidationError(
            _("De gegevens van de betrokkene zijn verwijderd. Er is geen overzicht meer te maken.")
        )
    return request.person


def withholding_add(
    *, actor: Actor, request: SubjectRequest, record: str, ground: str, explanation: str
) -> Withholding:
    """Keeps one part of the export back, only with a legal ground and its explanation."""
    require_handled(actor, request)
    require_content(actor, request)
    _require_open(request)
    person = require_access_request(request)
    explanation = explanation.strip()
    parts = collect.subject_data(actor=actor, request=request, person=person, access_log=False)
    errors: dict[str, str] = {}
    if record not in {part["key"] for part in collect.records(parts)}:
        errors["record"] = _("Kies een onderdeel van het inzageoverzicht.")
    if ground not in WithholdingGround.values:
        errors["ground"] = _("Kies de wettelijke grond om dit onderdeel achter te houden.")
    if not explanation:
        errors["explanation"] = _(
            "Leg uit waarom de grond hier van toepassing is. Zonder toelichting wordt niets "
            "achtergehouden."
        )
    elif _too_long(explanation):
        errors["explanation"] = _too_long(explanation)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            withholding = Withholding.objects.create(
                request=request,
                record=record,
                ground=ground,
                explanation=explanation,
                withheld_by_id=actor.person_user_id,
            )
            record_event(
                actor, request, EventKind.WITHHELD, data={"record": record, "ground": ground}
            )
            audit_request(actor, request, Action.UPDATE, {"withheld": record, "ground": ground})
    except IntegrityError:
        raise ValidationError({"record": _("Dit onderdeel wordt al achtergehouden.")}) from None
    return withholding


def withholding_lift(*, actor: Actor, request: SubjectRequest, withholding_id: int) -> None:
    require_handled(actor, request)
    require_content(actor, request)
    _require_open(request)
    with transaction.atomic():
        lifted = Withholding.objects.filter(
            request=request, pk=withholding_id, lifted_at__isnull=True
        ).update(lifted_at=timezone.now(), lifted_by_id=actor.person_user_id)
        if lifted != 1:
            raise ValidationError(_("Dit onderdeel wordt niet (meer) achtergehouden."))
        record = Withholding.objects.values_list("record", flat=True).get(pk=withholding_id)
        record_event(actor, request, EventKind.RELEASED, data={"record": record})
        audit_request(actor, request, Action.UPDATE, {"released": record})


# --- rectification ----------------------------------------------------------------------------


def person_fingerprint(person: Person) -> str:
    """The person's correctable values as the form showed them: a correction is refused when
    they changed since (optimistic locking; the person record carries no version)."""
    values = {name: str(getattr(person, name) or "") for name in collect.PERSON_FIELDS}
    return hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()


def _normalised(name: str, value: Any) -> Any:
    if name == "date_of_birth":
        return value
    value = (value or "").strip()
    if name == "bsn":
        return normalise_bsn(value)
    if name == "postcode":
        return normalise_postcode(value)
    return value


def person_rectify(
    *,
    actor: Actor,
    request: SubjectRequest,
    seen: str,
    values: dict[str, Any],
    reason: str,
) -> list[PersonCorrection]:
    """Corrects fields of the person record on a rectification request. Every changed field
    gets a trail row with the old and the new value, who, when and why. The access log names
    only the fields: it never holds names or BSNs."""
    require_handled(actor, request)
    require_content(actor, request)
    _require_open(request)
    if request.kind != RequestKind.RECTIFICATION:
        raise ValidationError(_("Gegevens corrigeren hoort bij een verzoek om rectificatie."))
    if request.person_id is None:
        raise ValidationError(_("De gegevens van de betrokkene zijn verwijderd."))
    reason = reason.strip()
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=request.person_id)
        if person_fingerprint(person) != seen:
            raise StaleObjectError
        before = {name: getattr(person, name) for name in collect.PERSON_FIELDS}
        changed = {
            name: _normalised(name, values[name])
            for name in collect.PERSON_FIELDS
            if name in values and _normalised(name, values[name]) != before[name]
        }
        _validate_correction(person, changed, reason)
        for name, value in changed.items():
            setattr(person, name, value)
        person.save(update_fields=[*changed, "surname_normalised", "updated_at"])
        now = timezone.now()
        corrections = PersonCorrection.objects.bulk_create(
            PersonCorrection(
                request=request,
                person=person,
                field=name,
                old_value=_text(before[name]),
                new_value=_text(value),
                reason=reason,
                corrected_by_id=actor.person_user_id,
                corrected_at=now,
            )
            for name, value in changed.items()
        )
        fields = sorted(changed)
        record_event(actor, request, EventKind.CORRECTED, note=reason, data={"fields": fields})
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            object_type="person",
            object_id=person.id,
            person_ids=[person.id],
            detail={"fields": fields, "subject_request": str(request.id)},
        )
    return corrections


def _text(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value or "")


def _validate_correction(person: Person, changed: dict[str, Any], reason: str) -> None:
    errors: dict[str, list[str]] = {}
    if not changed:
        errors["__all__"] = [_("Er is niets gewijzigd. Pas minstens één gegeven aan.")]
    if not reason:
        errors["reason"] = [_("Geef de reden van de correctie.")]
    elif _too_long(reason):
        errors["reason"] = [_too_long(reason)]
    if changed:
        candidate = Person(
            **{name: getattr(person, name) for name in collect.PERSON_FIELDS},
            house_id=person.house_id,
        )
        for name, value in changed.items():
            setattr(candidate, name, value)
        try:
            candidate.full_clean(
                exclude=["house", "municipality"], validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors.setdefault(name, []).extend(messages)
        bsn = changed.get("bsn")
        if (
            bsn
            and Person.objects.filter(house_id=person.house_id, bsn=bsn)
            .exclude(pk=person.pk)
            .exists()
        ):
            errors.setdefault("bsn", []).append(
                _("Een andere betrokkene in dit huis heeft dit BSN. Voeg de twee niet zo samen.")
            )
    if errors:
        raise ValidationError(errors)
