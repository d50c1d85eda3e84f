"""Who sees and who answers which escalation (part of the access policy; see policy.py).

- House staff (chain manager, process coordinators) see every escalation of their house: they
  raise them and follow them up.
- Partner professionals see the escalations of the cases they see (case content).
- Everyone else, in particular the administrator (mayor, alderman, director, public
  prosecutor), who sees no cases at all, sees exactly the escalations *raised* to them, and
  of the case only the minimum the escalation page shows (see cases/escalation.py).
- Only the addressee answers and closes a raised escalation.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from zvh.authz.actor import Actor
from zvh.authz.functions import Function
from zvh.authz.policy import can_use
from zvh.cases.models import Escalation, EscalationStatus
from zvh.cases.policy import visible_cases
from zvh.network.models import Role


def visible_escalations(actor: Actor) -> QuerySet[Escalation]:
    if actor.house_id is None or actor.user_id is None:
        return Escalation.objects.none()
    in_house = Escalation.objects.filter(house_id=actor.house_id)
    if actor.is_house_staff:
        return in_house
    if actor.has_role(Role.PARTNER_PROFESSIONAL):
        return in_house.filter(Exists(visible_cases(actor).filter(pk=OuterRef("case_id"))))
    return addressed_escalations(actor)


def addressed_escalations(actor: Actor) -> QuerySet[Escalation]:
    """Raised to this user in this house: the administrator's whole view."""
    if actor.house_id is None or actor.user_id is None:
        return Escalation.objects.none()
    if not can_use(actor, Function.VIEW_ESCALATIONS):
        return Escalation.objects.none()
    return Escalation.objects.filter(
        house_id=actor.house_id,
        addressee_id=actor.user_id,
        status__in=[
            EscalationStatus.RAISED,
            EscalationStatus.RESOLVED,
            EscalationStatus.UNRESOLVED,
        ],
    )


def can_answer_escalation(actor: Actor, escalation: Escalation) -> bool:
    return (
        escalation.status == EscalationStatus.RAISED
        and escalation.house_id == actor.house_id
        and actor.user_id is not None
        and escalation.addressee_id == actor.user_id
        and can_use(actor, Function.VIEW_ESCALATIONS)
    )
