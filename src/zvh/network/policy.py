"""The access rules for the house's network: organisations, municipalities, users and the
house itself (decision 0194: each domain's rules live beside its models, built on zvh.authz)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from zvh.accounts.models import User
from zvh.authz.actor import Actor
from zvh.authz.functions import Function
from zvh.authz.policy import can_use

from .models import (
    House,
    Membership,
    Municipality,
    Organisation,
    Partnership,
    RoleGrant,
    RoleGrantStatus,
)


def visible_organisations(actor: Actor) -> QuerySet[Organisation]:
    if actor.house_id is None or not can_use(actor, Function.VIEW_HOUSE_NETWORK):
        return Organisation.objects.none()
    return Organisation.objects.filter(partnerships__house_id=actor.house_id)


def visible_municipalities(actor: Actor) -> QuerySet[Municipality]:
    if actor.house_id is None or not can_use(actor, Function.VIEW_HOUSE_NETWORK):
        return Municipality.objects.none()
    return Municipality.objects.filter(houses__id=actor.house_id)


def manageable_users(actor: Actor) -> QuerySet[User]:
    """The functional administrator manages users who hold a role in their house, or for whom
    a role there waits for approval (a new user may have no other role yet)."""
    if actor.house_id is None or not can_use(actor, Function.MANAGE_USERS):
        return User.objects.none()
    return User.objects.filter(
        Exists(Membership.objects.filter(user_id=OuterRef("pk"), house_id=actor.house_id))
        | Exists(
            RoleGrant.objects.filter(
                user_id=OuterRef("pk"),
                house_id=actor.house_id,
                status=RoleGrantStatus.PROPOSED,
            )
        )
    )


def managed_houses(actor: Actor) -> QuerySet[House]:
    """The functional administrator's own house, and nothing else."""
    if actor.house_id is None or not can_use(actor, Function.MANAGE_REFERENCE_DATA):
        return House.objects.none()
    return House.objects.filter(pk=actor.house_id)


def manageable_organisations(actor: Actor) -> QuerySet[Organisation]:
    """The partners of the administrator's house."""
    if actor.house_id is None or not can_use(actor, Function.MANAGE_REFERENCE_DATA):
        return Organisation.objects.none()
    return Organisation.objects.filter(
        Exists(Partnership.objects.filter(organisation_id=OuterRef("pk"), house_id=actor.house_id))
    )


def editable_organisations(actor: Actor) -> QuerySet[Organisation]:
    """Partners of this house and of no other: one house may not relabel another's partner."""
    if actor.house_id is None:
        return Organisation.objects.none()
    return manageable_organisations(actor).exclude(
        Exists(
            Partnership.objects.filter(organisation_id=OuterRef("pk")).exclude(
                house_id=actor.house_id
            )
        )
    )


def partner_candidates(actor: Actor) -> QuerySet[Organisation]:
    """Organisations not yet partner of the house. Names and kinds of organisations are
    public reference data; nothing of their other houses, users or cases is exposed."""
    if actor.house_id is None or not can_use(actor, Function.MANAGE_REFERENCE_DATA):
        return Organisation.objects.none()
    return Organisation.objects.exclude(
        Exists(Partnership.objects.filter(organisation_id=OuterRef("pk"), house_id=actor.house_id))
    )


def manageable_municipalities(actor: Actor) -> QuerySet[Municipality]:
    if actor.house_id is None or not can_use(actor, Function.MANAGE_REFERENCE_DATA):
        return Municipality.objects.none()
    return Municipality.objects.filter(
        Exists(
            House.municipalities.through.objects.filter(
                municipality_id=OuterRef("pk"), house_id=actor.house_id
            )
        )
    )
