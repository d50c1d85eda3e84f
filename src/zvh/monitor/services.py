"""The monitor's writes on the house side: a new profile version, starting a year's
questionnaire with its pre-fill, changing an answer, submitting (validated, then frozen). Each
checks the access policy and writes in one transaction with its audit event."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zvh.audit.models import Action
from zvh.audit.services import audit_record
from zvh.authz.actor import Actor
from zvh.authz.functions import Function
from zvh.authz.policy import can_use
from zvh.core.concurrency import StaleObjectError, update_versioned
from zvh.network.models import House

from . import profile as profile_items
from .exchange.records import validate_record
from .models import Answer, HouseProfileVersion, Provenance, Questionnaire, QuestionnaireStatus
from .prefill import computed_answers
from .questions import QUESTIONS, branched

FIRST_YEAR = 2011  # the national framework's first year (the report's tables start there)

PROFILE_STALE = gettext_lazy(
    "Het profiel is gewijzigd nadat u het opende. Uw wijziging is niet opgeslagen. Bekijk het "
    "huidige profiel en pas het daarna opnieuw aan als dat nog nodig is."
)


def _require(actor: Actor) -> uuid.UUID:
    if actor.house_id is None or not can_use(actor, Function.KEEP_MONITOR):
        raise PermissionDenied
    return actor.house_id


def current_profile(house_id: uuid.UUID) -> HouseProfileVersion | None:
    return HouseProfileVersion.objects.filter(house_id=house_id).order_by("-number").first()


def profile_at(house_id: uuid.UUID, day: date) -> HouseProfileVersion | None:
    """The version valid on `day`: the latest by valid-from date, then by number."""
    return (
        HouseProfileVersion.objects.filter(house_id=house_id, valid_from__lte=day)
        .order_by("-valid_from", "-number")
        .select_related("changed_by")
        .first()
    )


def profile_save(
    *,
    actor: Actor,
    based_on: int,
    valid_from: date,
    values: dict[str, Any],
    note: str = "",
) -> HouseProfileVersion:
    """A new version, if the form was opened on the current one (`based_on`, 0 for none)."""
    house_id = _require(actor)
    errors = profile_items.validate_profile(values)
    if errors:
        raise ValidationError(errors)
    stored = profile_items.derived(values)
    try:
        with transaction.atomic():
            current = current_profile(house_id)
            if (current.number if current else 0) != based_on:
                raise StaleObjectError(PROFILE_STALE)
            changed = sorted(
                key
                for key in set(stored) | set(current.values if current else {})
                if stored.get(key) != (current.values.get(key) if current else None)
            )
            version = HouseProfileVersion.objects.create(
                house_id=house_id,
                number=based_on + 1,
                valid_from=valid_from,
                values=stored,
                note=note.strip(),
                changed_by_id=actor.user_id,
            )
            audit_record(
                actor=actor,
                action=Action.CREATE if based_on == 0 else Action.UPDATE,
                object_type="monitor_profile",
                object_id=version.id,
                detail={"number": version.number, "changed": changed},
            )
    except IntegrityError as error:  # a concurrent save took the same number
        raise StaleObjectError(PROFILE_STALE) from error
    return version


def _profile_answer(version: HouseProfileVersion, key: str) -> dict[str, Any]:
    return {
        "provenance": Provenance.PROFILE,
        "value": version.values.get(key),
        "entered_by_id": version.changed_by_id,
        "entered_at": version.created_at,
    }


def questionnaire_start(*, actor: Actor, year: int) -> Questionnaire:
    """The year's questionnaire with every answer pre-filled: computed from the house's data,
    taken from the profile valid at the end of the year, or unknown."""
    house_id = _require(actor)
    today = timezone.localdate()
    if not FIRST_YEAR <= year <= today.year:
        raise ValidationError(
            {
                "year": _("Kies een jaar van %(first)d tot en met %(last)d.")
                % {"first": FIRST_YEAR, "last": today.year}
            }
        )
    house = House.objects.select_related("seat_municipality").get(pk=house_id)
    computed = computed_answers(house, year)
    version = profile_at(house_id, date(year, 12, 31))
    with transaction.atomic():
        try:
            with transaction.atomic():
                questionnaire = Questionnaire.objects.create(
                    house_id=house_id, year=year, started_by_id=actor.user_id
                )
        except IntegrityError as error:
            raise ValidationError(
                {"year": _("De vragenlijst van %(year)d bestaat al.") % {"year": year}}
            ) from error
        answers = []
        for key in QUESTIONS:
            fields: dict[str, Any] = {"provenance": Provenance.UNKNOWN, "value": None}
            if key in computed:
                found = computed[key]
                fields = {
                    "provenance": Provenance.COMPUTED,
                    "value": found.value,
                    "computed": True,
                    "computed_value": found.value,
                    "definition": found.definition,
                    "detail": found.detail,
                }
            elif version is not None and version.values.get(key) is not None:
                fields = _profile_answer(version, key)
            answers.append(Answer(questionnaire=questionnaire, key=key, **fields))
        Answer.objects.bulk_create(answers)
        audit_record(
            actor=actor,
            action=Action.CREATE,
            object_type="monitor_questionnaire",
            object_id=questionnaire.id,
            detail={"year": year},
        )
    return questionnaire


def _refuse_frozen(questionnaire: Questionnaire) -> None:
    if questionnaire.is_submitted:
        raise ValidationError(
            _("De vragenlijst van %(year)d is ingediend en kan niet meer worden gewijzigd.")
            % {"year": questionnaire.year}
        )


def answer_update(
    *,
    actor: Actor,
    questionnaire: Questionnaire,
    key: str,
    expected_version: int,
    value: Any,
    reason: str = "",
) -> Answer:
    """A changed answer is entered by the actor. A computed answer keeps its computed value; a
    value other than the computed one needs a reason."""
    house_id = _require(actor)
    if questionnaire.house_id != house_id:
        raise PermissionDenied
    _refuse_frozen(questionnaire)
    answer = Answer.objects.get(questionnaire=questionnaire, key=key)
    reason = reason.strip()
    if answer.computed and value != answer.computed_value and not reason:
        raise ValidationError(
            {"reason": _("Geef de reden waarom u het berekende antwoord wijzigt.")}
        )
    with transaction.atomic():
        update_versioned(questionnaire, expected_version=expected_version, values={})
        questionnaire.version = expected_version + 1
        back_to_computed = answer.computed and value == answer.computed_value
        answer.value = value
        answer.provenance = Provenance.COMPUTED if back_to_computed else Provenance.ENTERED
        answer.reason = "" if back_to_computed else reason
        answer.entered_by_id = None if back_to_computed else actor.user_id
        answer.entered_at = None if back_to_computed else timezone.now()
        answer.save()
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            object_type="monitor_answer",
            object_id=questionnaire.id,
            detail={"year": questionnaire.year, "key": key, "overridden": answer.overridden},
        )
    return answer


def assemble_record(questionnaire: Questionnaire) -> dict[str, Any]:
    """The house record of the answers, with the questionnaire's branching applied."""
    values = {answer.key: answer.value for answer in questionnaire.answers.all()}
    return {**branched(values), "year": questionnaire.year}


def _record_error_message(key: str, reason: str) -> str:
    question = QUESTIONS.get(key.split(".")[0].split("[")[0])
    name = question.name if question is not None else key
    if question is not None and question.number:
        name = _("%(name)s (vraag %(number)s)") % {"name": name, "number": question.number}
    return f"{name}: {reason}"


def questionnaire_submit(
    *, actor: Actor, questionnaire: Questionnaire, expected_version: int
) -> Questionnaire:
    """Validates the assembled record against the exchange format (nothing is submitted when
    it has errors) and freezes the year with the record as submitted."""

    house_id = _require(actor)
    if questionnaire.house_id != house_id:
        raise PermissionDenied
    _refuse_frozen(questionnaire)
    record = assemble_record(questionnaire)
    errors = validate_record(record)
    if errors:
        raise ValidationError([_record_error_message(error.key, error.reason) for error in errors])
    with transaction.atomic():
        update_versioned(
            questionnaire,
            expected_version=expected_version,
            values={
                "status": QuestionnaireStatus.SUBMITTED,
                "submitted_at": timezone.now(),
                "submitted_by_id": actor.user_id,
                "record": record,
            },
        )
        questionnaire.version = expected_version + 1
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            object_type="monitor_questionnaire",
            object_id=questionnaire.id,
            detail={"year": questionnaire.year, "submitted": True},
        )
    return questionnaire
