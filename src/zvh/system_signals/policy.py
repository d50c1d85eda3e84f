"""Who sees and handles the house's system signals (part of the access policy; see policy.py
for the principles):
- house staff who record signals (RECORD_SYSTEM_SIGNALS) see every signal of their house and
  may correct its content;
- the chain manager (MANAGE_SYSTEM_SIGNALS) manages them: the evidence cases, raising to the
  steering group, the response, closing;
- the steering group (VIEW_RAISED_SYSTEM_SIGNALS) sees only the signals raised to it;
- the evidence cases are shown to the chain manager only, and only cases they may see.
"""

from __future__ import annotations

from django.db.models import QuerySet

from zvh.authz.actor import Actor
from zvh.authz.functions import Function
from zvh.authz.policy import can_use
from zvh.cases.models import Case
from zvh.cases.policy import visible_cases
from zvh.system_signals.models import SystemSignal


def visible_signals(actor: Actor) -> QuerySet[SystemSignal]:
    if actor.house_id is None:
        return SystemSignal.objects.none()
    in_house = SystemSignal.objects.filter(house_id=actor.house_id)
    if can_use(actor, Function.RECORD_SYSTEM_SIGNALS):
        return in_house
    if can_use(actor, Function.VIEW_RAISED_SYSTEM_SIGNALS):
        return in_house.filter(raised_on__isnull=False)
    return SystemSignal.objects.none()


def editable_signals(actor: Actor) -> QuerySet[SystemSignal]:
    if actor.house_id is None or not can_use(actor, Function.RECORD_SYSTEM_SIGNALS):
        return SystemSignal.objects.none()
    return SystemSignal.objects.filter(house_id=actor.house_id)


def manageable_signals(actor: Actor) -> QuerySet[SystemSignal]:
    if actor.house_id is None or not can_use(actor, Function.MANAGE_SYSTEM_SIGNALS):
        return SystemSignal.objects.none()
    return SystemSignal.objects.filter(house_id=actor.house_id)


def sees_evidence(actor: Actor) -> bool:
    return can_use(actor, Function.MANAGE_SYSTEM_SIGNALS)


def evidence_cases(actor: Actor, signal: SystemSignal) -> QuerySet[Case]:
    """The signal's evidence cases this actor may see: the chain manager's, through the case
    rules; nobody else's."""
    if not sees_evidence(actor):
        return Case.objects.none()
    return visible_cases(actor).filter(
        pk__in=SystemSignal.evidence_cases.through.objects.filter(systemsignal_id=signal.pk).values(
            "case_id"
        )
    )


def linkable_cases(actor: Actor) -> QuerySet[Case]:
    """Cases a recorder may cite as evidence: those they may see."""
    if not can_use(actor, Function.RECORD_SYSTEM_SIGNALS):
        return Case.objects.none()
    return visible_cases(actor)
