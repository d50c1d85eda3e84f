"""How the access log names cases and the things of a case: by case number (decision 0181)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.db.models import Model
from django.utils.translation import gettext as _

from zvh.audit.references import register_references

from .models import Case, CaseParticipant, CaseReview, Escalation


def case_numbers(ids: set[uuid.UUID]) -> dict[str, str]:
    return {
        str(pk): number
        for pk, number in Case.objects.filter(pk__in=ids).values_list("id", "number")
    }


def of_case_numbers(ids: set[uuid.UUID]) -> dict[str, str]:
    """For things recorded under their case's id: "bij casus C-2026-0012"."""
    return {pk: _("bij casus %(number)s") % {"number": n} for pk, n in case_numbers(ids).items()}


def numbers_of_their_case(model: type[Model]) -> Callable[[set[uuid.UUID]], dict[str, str]]:
    """A reader for rows that belong to a case: "bij casus C-2026-0012"."""

    def read(ids: set[uuid.UUID]) -> dict[str, str]:
        rows = model._default_manager.filter(pk__in=ids).values_list("id", "case__number")
        return {str(pk): _("bij casus %(number)s") % {"number": number} for pk, number in rows}

    return read


def register() -> None:
    register_references("case", case_numbers)
    register_references("step_down", case_numbers)  # recorded under the case's id
    for object_type, model in (
        ("case_participant", CaseParticipant),
        ("case_review", CaseReview),
        ("escalation", Escalation),
    ):
        register_references(object_type, numbers_of_their_case(model))
