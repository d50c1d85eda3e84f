"""Who confirms the house's retention terms (part of the access policy; see policy.py for the
principles): the chain manager, for their own house only. The terms hold no personal data;
`apply_retention` reads them itself, for every house."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from zvh.authz.actor import Actor
from zvh.authz.functions import Function
from zvh.authz.policy import can_use
from zvh.retention.models import RetentionTerm


def retention_house(actor: Actor) -> uuid.UUID | None:
    """The house whose terms the actor manages, or None when they may not."""
    if actor.house_id is None or not can_use(actor, Function.MANAGE_RETENTION):
        return None
    return actor.house_id


def manageable_retention_terms(actor: Actor) -> QuerySet[RetentionTerm]:
    house_id = retention_house(actor)
    if house_id is None:
        return RetentionTerm.objects.none()
    return RetentionTerm.objects.filter(house_id=house_id)
