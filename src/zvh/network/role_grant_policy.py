"""Who may decide on a proposed role grant (part of the access policy; see policy.py for the
principles, decision 0153 for the rule): four eyes on every role that opens personal data.

- Only a grant of the actor's own house, and only while it is proposed.
- Never the proposer, never the user who would get the role.
- A functional administrator of the house decides.
- The chain manager only as the fallback: when the house has no active functional
  administrator besides the proposer and the user, nobody else could ever decide.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet, Value
from django.db.models.functions import Coalesce

from zvh.authz.actor import Actor
from zvh.authz.functions import Function
from zvh.authz.policy import can_use
from zvh.network.models import Membership, Role, RoleGrant, RoleGrantStatus


def manageable_role_grants(actor: Actor) -> QuerySet[RoleGrant]:
    """Every grant of the house, for the functional administrator's user pages."""
    if actor.house_id is None or not can_use(actor, Function.MANAGE_USERS):
        return RoleGrant.objects.none()
    return RoleGrant.objects.filter(house_id=actor.house_id)


def decidable_role_grants(actor: Actor) -> QuerySet[RoleGrant]:
    """The proposed grants this actor may approve or reject."""
    if actor.house_id is None or actor.user_id is None:
        return RoleGrant.objects.none()
    if not can_use(actor, Function.APPROVE_ROLE_GRANTS):
        return RoleGrant.objects.none()
    pending = (
        RoleGrant.objects.filter(house_id=actor.house_id, status=RoleGrantStatus.PROPOSED)
        .exclude(proposed_by_id=actor.user_id)
        .exclude(user_id=actor.user_id)
    )
    if actor.has_role(Role.FUNCTIONAL_ADMIN):
        return pending
    # The chain manager (the only other role with the function): the fallback.
    return pending.exclude(Exists(_other_active_administrators()))


def can_decide_role_grant(actor: Actor, grant: RoleGrant) -> bool:
    return decidable_role_grants(actor).filter(pk=grant.pk).exists()


def _other_active_administrators() -> QuerySet[Membership]:
    """Active functional administrators of the grant's house who could decide on it."""
    return (
        Membership.objects.filter(
            house_id=OuterRef("house_id"),
            role=Role.FUNCTIONAL_ADMIN,
            user__is_active=True,
        )
        # Null-safe: a proposer whose account was removed excludes no administrator (a bare
        # NULL comparison would exclude them all and open the fallback).
        .exclude(user_id=Coalesce(OuterRef("proposed_by_id"), Value(0)))
        .exclude(user_id=OuterRef("user_id"))
    )
