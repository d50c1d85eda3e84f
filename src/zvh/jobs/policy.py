"""The access rule for the house's outgoing e-mail (decision 0194)."""

from __future__ import annotations

from django.db.models import QuerySet

from zvh.authz.actor import Actor
from zvh.authz.functions import Function
from zvh.authz.policy import can_use

from .models import OutgoingMessage


def manageable_outgoing_messages(actor: Actor) -> QuerySet[OutgoingMessage]:
    """The functional administrator's own house's e-mail, and nothing else."""
    if actor.house_id is None or not can_use(actor, Function.MANAGE_OUTGOING_MAIL):
        return OutgoingMessage.objects.none()
    return OutgoingMessage.objects.filter(house_id=actor.house_id)
