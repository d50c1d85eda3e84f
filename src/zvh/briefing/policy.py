"""Which cases the mayor's briefing shows (part of the access policy; see policy.py).

A bestuurder (administrator) of municipality M sees, of the open cases of their house whose
municipality is M, those on a priority list (the case's origin referral came in through a
PriorityList) or with an escalation raised to them. M is the municipality of the bestuurder's
organisation (`Organisation.municipality`): without one, the briefing shows nothing. Of such a
case the briefing shows only its number, a traffic light, the date of the last review and, if
the house allows it, initials (zvh.briefing). Whether the house enabled the briefing at all is
checked by zvh.briefing before this is asked. See docs/decisions/0168.
"""

from __future__ import annotations

import uuid

from django.db.models import Exists, OuterRef, Q, QuerySet

from zvh.authz.actor import Actor
from zvh.authz.functions import Function
from zvh.authz.policy import can_use
from zvh.cases.models import Case, CaseStatus, Escalation, EscalationStatus
from zvh.network.models import Organisation

# An escalation counts as "escalated to them" once it was raised to them, open or answered.
ADDRESSED_STATUSES = (
    EscalationStatus.RAISED,
    EscalationStatus.RESOLVED,
    EscalationStatus.UNRESOLVED,
)


def briefing_municipality_id(actor: Actor) -> uuid.UUID | None:
    """The municipality the actor is a bestuurder of: their organisation's, if it has one."""
    if actor.organisation_id is None:
        return None
    return (
        Organisation.objects.filter(pk=actor.organisation_id)
        .values_list("municipality_id", flat=True)
        .first()
    )


def briefing_cases(actor: Actor, *, municipality_id: uuid.UUID | None) -> QuerySet[Case]:
    """The open cases of the briefing (unordered); none for anyone without the function."""
    if actor.house_id is None or actor.user_id is None:
        return Case.objects.none()
    if not can_use(actor, Function.VIEW_MAYOR_BRIEFING):
        return Case.objects.none()
    if municipality_id is None:
        return Case.objects.none()
    escalated_to_actor = Exists(
        Escalation.objects.filter(
            case_id=OuterRef("pk"),
            house_id=actor.house_id,
            addressee_id=actor.user_id,
            status__in=ADDRESSED_STATUSES,
        )
    )
    return (
        Case.objects.filter(house_id=actor.house_id, municipality_id=municipality_id)
        .exclude(status=CaseStatus.CLOSED)
        .filter(Q(origin_referral__priority_list__isnull=False) | escalated_to_actor)
    )
