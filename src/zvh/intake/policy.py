"""Who sees which referral (decision 0194: each app's rules beside its models, built on zvh.authz).

- House staff see every referral of the house.
- A referrer sees the referrals they made, while they hold a role that refers; a partner
  application those its organisation sent.
- A triage participant (by name or by organisation) sees the referrals on the agenda of a
  session that is still open; once the session is closed that access ends. Only a partner
  professional takes part in triage: the mayor, the privacy officer or the functional
  administrator of a participating organisation does not (decision 0152).
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q, QuerySet

from zvh.authz.actor import Actor
from zvh.authz.functions import Function
from zvh.authz.policy import can_use

from .models import Referral

# Whether a referral sits on the open agenda of a triage session the actor takes part in: triage,
# the app above, registers the condition (zvh.triage.apps), since it owns sessions and agendas.
# Until it does, nobody sees a referral through triage: the rule fails closed.
_open_agenda_condition: Callable[[Actor], Q] | None = None


def register_open_agenda_condition(condition: Callable[[Actor], Q]) -> None:
    global _open_agenda_condition
    _open_agenda_condition = condition


def _on_open_agenda(actor: Actor) -> Q:
    if _open_agenda_condition is None:
        return Q(pk__in=[])
    return _open_agenda_condition(actor)


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
    on_open_agenda = _on_open_agenda(actor)
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


def is_referrer(actor: Actor, referral: Referral) -> bool:
    return actor.user_id is not None and referral.referring_user_id == actor.user_id
