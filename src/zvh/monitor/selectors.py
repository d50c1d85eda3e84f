"""The monitor's reads on the house side, from the access policy's querysets, each in the access
log."""

from __future__ import annotations

from django.http import Http404

from zvh.audit.models import Action, Result
from zvh.audit.reads import audited_get
from zvh.audit.services import audit_record
from zvh.authz.actor import Actor
from zvh.monitor import policy as monitor_policy

from .models import Answer, HouseProfileVersion, Questionnaire

HISTORY_LIMIT = 50


def profile_history(*, actor: Actor) -> list[HouseProfileVersion]:
    """The newest versions first (the page shows at most HISTORY_LIMIT)."""
    versions = list(
        monitor_policy.visible_profile_versions(actor)
        .select_related("changed_by")
        .order_by("-number")[:HISTORY_LIMIT]
    )
    audit_record(
        actor=actor,
        action=Action.VIEW,
        object_type="monitor_profile",
        object_id=versions[0].id if versions else "",
    )
    return versions


def questionnaires(*, actor: Actor) -> list[Questionnaire]:
    rows = list(monitor_policy.visible_questionnaires(actor).order_by("-year"))
    audit_record(actor=actor, action=Action.LIST, object_type="monitor_questionnaire")
    return rows


def questionnaire_get(*, actor: Actor, year: int, editable: bool = False) -> Questionnaire:
    queryset = (
        monitor_policy.editable_questionnaires(actor)
        if editable
        else monitor_policy.visible_questionnaires(actor)
    )
    row = queryset.filter(year=year).first()
    if row is None:
        audit_record(
            actor=actor,
            action=Action.VIEW,
            object_type="monitor_questionnaire",
            object_id=str(year),
            result=Result.DENIED,
        )
        raise Http404
    return audited_get(
        actor=actor,
        queryset=queryset.select_related("submitted_by"),
        pk=row.pk,
        object_type="monitor_questionnaire",
    )


def answers_of(questionnaire: Questionnaire) -> dict[str, Answer]:
    return {
        answer.key: answer
        for answer in questionnaire.answers.select_related("entered_by").order_by("key")
    }
