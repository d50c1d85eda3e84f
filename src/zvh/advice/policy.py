"""Who reads and writes the house's advice register (part of the access policy; see policy.py
for the principles): the house staff who give advice, for their own house only. The register
holds no personal data (decision 0166), so there is no narrower rule per record."""

from __future__ import annotations

from django.db.models import QuerySet

from zvh.advice.models import Advice
from zvh.authz.actor import Actor
from zvh.authz.functions import Function
from zvh.authz.policy import can_use


def visible_advice(actor: Actor) -> QuerySet[Advice]:
    if actor.house_id is None or not can_use(actor, Function.RECORD_ADVICE):
        return Advice.objects.none()
    return Advice.objects.filter(house_id=actor.house_id)


def editable_advice(actor: Actor) -> QuerySet[Advice]:
    """Any adviser of the house may correct a record: the register is the house's, not one
    person's."""
    return visible_advice(actor)
