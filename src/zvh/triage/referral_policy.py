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
from zvh.authz.functions import Function
from zvh.authz.policy import can_use
from zvh.intake.models import Referral
from zvh.triage.models import AgendaItem, SessionStatus, TriageSession


def visible_referrals(actor: Actor) -> QuerySet[Referral]:
    if actor.house_id is None:
        return Referral.objects.none()
    in_house = Referral.objects.filter(house_id=actor.house_id)
    if actor.is_house_staff:
        return in_house
    if actor.api_token_id is not None:
        return in_house.filter(
            referring_organisation_id=actor.organisation_id, referring_user__isnull=True
        )
    if actor.user_id is None:
        return Referral.objects.none()
    referred = Q(referring_user_id=actor.user_id)
    on_open_agenda = Exists(_open_agenda_items_for(actor))
    refers = can_use(actor, Function.REFER)
    takes_part = takes_part_in_triage(actor)
    if refers and takes_part:
        return in_house.filter(referred | on_open_agenda)
    if refers:
        return in_house.filter(referred)
    if takes_part:
        return in_house.filter(on_open_agenda)
    return Referral.objects.none()


def takes_part_in_triage(actor: Actor) -> bool:
    """Sitting at a triage session as a participant is a partner professional's function."""
    return actor.user_id is not None and can_use(actor, Function.TAKE_PART_IN_TRIAGE)


def own_referrals(actor: Actor) -> QuerySet[Referral]:
    """What the actor referred in the current house: a professional's own referrals, or what a
    partner application's organisation sent. A subset of visible_referrals, without its OR,
    so the (referrer, received_at) index serves the referrer's list directly."""
    if actor.house_id is None:
        return Referral.objects.none()
    in_house = Referral.objects.filter(house_id=actor.house_id)
    if actor.api_token_id is not None:
        return in_house.filter(
            referring_organisation_id=actor.organisation_id, referring_user__isnull=True
        )
    if actor.user_id is None:
        return Referral.objects.none()
    return in_house.filter(referring_user_id=actor.user_id)


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


def is_referrer(actor: Actor, referral: Referral) -> bool:
    return actor.user_id is not None and referral.referring_user_id == actor.user_id
