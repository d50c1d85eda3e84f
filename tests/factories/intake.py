"""Referrals made through the real service, as every channel does."""

from __future__ import annotations

import dataclasses
from typing import Any

from zvh.accounts.models import User
from zvh.authz.actor import Actor
from zvh.intake.models import Behaviour, Channel, Source
from zvh.intake.services import PersonInput, ReferralCreated, ReferralInput, referral_create
from zvh.network.models import House, Role


def actor_of(user: User, house: House) -> Actor:
    roles = frozenset(
        user.memberships.filter(house=house).values_list("role", flat=True)
    ) or frozenset({Role.PARTNER_PROFESSIONAL.value})
    return Actor(
        user_id=user.pk, organisation_id=user.organisation_id, house_id=house.id, roles=roles
    )


def referral_input(user: User, **overrides: Any) -> ReferralInput:
    base = ReferralInput(
        channel=Channel.WEB,
        source=Source.PARTNER,
        referring_organisation_id=user.organisation_id,
        referring_user_id=user.pk,
        persons=[PersonInput(surname="Jansen", given_names="Piet")],
        reason="Overlast en schulden",
        request="Regie op zorg en veiligheid",
        life_domains=["finances", "housing"],
        behaviour=Behaviour.PRESENT,
        chains_involved=["care", "criminal_justice"],
    )
    return dataclasses.replace(base, **overrides)


def make_referral(user: User, house: House, **overrides: Any) -> ReferralCreated:
    return referral_create(
        actor=actor_of(user, house), house=house, data=referral_input(user, **overrides)
    )
