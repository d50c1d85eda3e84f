"""The access rules for cases and the persons in them: the need-to-know unit (decision 0194:
each domain's rules live beside its models, built on zvh.authz). House isolation is the first
condition of every rule; each rule is one condition per line so coverage shows every branch."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from zvh.authz.actor import Actor
from zvh.authz.functions import Function
from zvh.authz.policy import can_use
from zvh.authz.roles import Role

from .models import Case, CaseParticipant


def visible_cases(actor: Actor) -> QuerySet[Case]:
    """House staff see the house's cases; partner professionals those their organisation takes
    part in *now*: an ended participation opens nothing (index case_participant_active_unique)."""
    if actor.house_id is None:
        return Case.objects.none()
    in_house = Case.objects.filter(house_id=actor.house_id)
    if actor.is_house_staff:
        return in_house
    if actor.has_role(Role.PARTNER_PROFESSIONAL) and actor.organisation_id is not None:
        return in_house.filter(
            Exists(
                CaseParticipant.objects.active().filter(
                    case_id=OuterRef("pk"), organisation_id=actor.organisation_id
                )
            )
        )
    return Case.objects.none()


def can_view_case(actor: Actor, case: Case) -> bool:
    return visible_cases(actor).filter(pk=case.pk).exists()


def manageable_cases(actor: Actor) -> QuerySet[Case]:
    """Roles, status, participants and the justice response: process coordinators and the
    chain manager, for the cases of their house."""
    if actor.house_id is None or not can_use(actor, Function.MANAGE_CASES):
        return Case.objects.none()
    return visible_cases(actor)
