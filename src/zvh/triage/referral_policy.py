"""Who sees which referral (part of the access policy; see policy.py for the principles).

- House staff see every referral of the house.
- A referrer sees the referrals they made, while they hold a role that refers; a partner
  application those its organisation sent.
- A triage participant (by name or by organisation) sees the referrals on the agenda of a
  session that is still open; once the session is closed that access ends. Only a partner
  professional takes part in triage: the mayor, the privacy officer or the functional
  administrator of a participating organisation does not (decision 0152).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from zvh.authz.actor import Actor
from zvh.intake.policy import takes_part_in_triage
from zvh.triage.models import AgendaItem, SessionStatus, TriageSession


def open_agenda_condition(actor: Actor) -> Q:
    """For intake's visible_referrals: the referral is on an open agenda the actor sits at."""
    return Q(Exists(_open_agenda_items_for(actor)))


def _open_agenda_items_for(actor: Actor) -> QuerySet[AgendaItem]:
    participates = Q(session__participant_users__id=actor.user_id)
    if actor.organisation_id is not None:
        participates |= Q(session__participant_organisations__id=actor.organisation_id)
    return AgendaItem.objects.filter(
        participates, referral_id=OuterRef("pk"), session__status=SessionStatus.PLANNED
    )


def visible_triage_sessions(actor: Actor) -> QuerySet[TriageSession]:
    """House staff see all sessions of the house; participants the open ones they sit at."""
    if actor.house_id is None or actor.user_id is None:
        return TriageSession.objects.none()
    in_house = TriageSession.objects.filter(house_id=actor.house_id)
    if actor.is_house_staff:
        return in_house
    if not takes_part_in_triage(actor):
        return TriageSession.objects.none()
    participates = Q(participant_users__id=actor.user_id)
    if actor.organisation_id is not None:
        participates |= Q(participant_organisations__id=actor.organisation_id)
    return in_house.filter(participates, status=SessionStatus.PLANNED).distinct()
