"""Who reads and writes the house side of the national monitor (part of the access policy; see
policy.py for the principles): the chain manager, for the own house only. The profile and the
questionnaire hold no personal data, so there is no narrower rule per record."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from zvh.monitor.models import HouseProfileVersion, Questionnaire

from .actor import Actor
from .functions import Function
from .policy import can_use


def _house_id(actor: Actor) -> uuid.UUID | None:
    if actor.house_id is None or not can_use(actor, Function.KEEP_MONITOR):
        return None
    return actor.house_id


def visible_profile_versions(actor: Actor) -> QuerySet[HouseProfileVersion]:
    house_id = _house_id(actor)
    if house_id is None:
        return HouseProfileVersion.objects.none()
    return HouseProfileVersion.objects.filter(house_id=house_id)


def visible_questionnaires(actor: Actor) -> QuerySet[Questionnaire]:
    house_id = _house_id(actor)
    if house_id is None:
        return Questionnaire.objects.none()
    return Questionnaire.objects.filter(house_id=house_id)


def editable_questionnaires(actor: Actor) -> QuerySet[Questionnaire]:
    """The chain manager keeps the questionnaire; a submitted year is frozen (the services
    refuse it too, with a message)."""
    return visible_questionnaires(actor)
