"""Reads for the reference-data screens. Each starts from the policy's queryset; an id outside
it is a 404 and a recorded denial. Reads of users (personal data) leave an audit event."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TypeVar

from django.db.models import Exists, Model, OuterRef, Prefetch, QuerySet
from django.http import Http404

from zvh.accounts.models import User
from zvh.audit.denials import record_denial
from zvh.audit.models import Action
from zvh.audit.services import audit_record
from zvh.authz import policy
from zvh.authz.actor import Actor
from zvh.authz.functions import Function
from zvh.core.keyset import Page, keyset_page
from zvh.network import policy as network_policy
from zvh.network import role_grant_policy

from .models import (
    House,
    HouseKind,
    Membership,
    Municipality,
    NetworkImport,
    Organisation,
    Partnership,
    RoleGrant,
    RoleGrantStatus,
)

PAGE_SIZE = 50
FAILED_IMPORTS_SHOWN = 10
USER_LIST_FIELDS = (
    "id",
    "username",
    "first_name",
    "last_name",
    "sort_name",
    "email",
    "is_active",
    "organisation__name",
)

M = TypeVar("M", bound=Model)


def _one(actor: Actor, queryset: QuerySet[M], pk: object, object_type: str) -> M:
    found = queryset.filter(pk=pk).first()
    if found is None:
        record_denial(actor, object_type=object_type, object_id=pk)
        raise Http404
    return found


def _house_id(actor: Actor) -> uuid.UUID:
    if actor.house_id is None:
        raise Http404
    return actor.house_id


def house_get(*, actor: Actor) -> House:
    house = (
        network_policy.managed_houses(actor)
        .select_related("seat_municipality")
        .prefetch_related(
            Prefetch(
                "municipalities",
                queryset=Municipality.objects.only("id", "name", "cbs_code", "inhabitants"),
            )
        )
        .first()
    )
    if house is None:
        raise Http404
    return house


# --- organisations ----------------------------------------------------------------------------


def organisation_list(*, actor: Actor, cursor: str | None = None) -> Page[Organisation]:
    """The house's partners; `shared` says whether another house has it as partner too."""
    house_id = _house_id(actor)
    queryset = (
        network_policy.manageable_organisations(actor)
        .only("id", "name", "kind", "domains")
        .annotate(
            shared=Exists(
                Partnership.objects.filter(organisation_id=OuterRef("pk")).exclude(
                    house_id=house_id
                )
            )
        )
    )
    return keyset_page(queryset, order=("name", "id"), cursor=cursor, size=PAGE_SIZE)


def organisation_get_editable(*, actor: Actor, organisation_id: uuid.UUID) -> Organisation:
    return _one(
        actor, network_policy.editable_organisations(actor), organisation_id, "organisation"
    )


def organisation_get_partner(*, actor: Actor, organisation_id: uuid.UUID) -> Organisation:
    return _one(
        actor, network_policy.manageable_organisations(actor), organisation_id, "organisation"
    )


def partner_candidates(*, actor: Actor) -> QuerySet[Organisation]:
    return network_policy.partner_candidates(actor).order_by("name")


def partners(*, actor: Actor) -> QuerySet[Organisation]:
    return network_policy.manageable_organisations(actor).order_by("name")


def acting_house_kind(*, actor: Actor) -> str:
    """The kind of the actor's tenant: which roles can be granted there (decision 0184)."""
    if actor.house_id is None:
        return HouseKind.HOUSE
    kind = House.objects.filter(pk=actor.house_id).values_list("kind", flat=True).first()
    return kind or HouseKind.HOUSE


# --- municipalities ---------------------------------------------------------------------------


def municipality_list(*, actor: Actor, cursor: str | None = None) -> Page[Municipality]:
    queryset = network_policy.manageable_municipalities(actor).only(
        "id", "name", "cbs_code", "inhabitants"
    )
    return keyset_page(queryset, order=("name", "id"), cursor=cursor, size=PAGE_SIZE)


def house_municipalities(*, actor: Actor) -> QuerySet[Municipality]:
    """The municipalities of the actor's house (the choices for an organisation's)."""
    return Municipality.objects.filter(houses__id=_house_id(actor)).order_by("name")


def municipality_get(*, actor: Actor, municipality_id: uuid.UUID) -> Municipality:
    return _one(
        actor, network_policy.manageable_municipalities(actor), municipality_id, "municipality"
    )


# --- users ------------------------------------------------------------------------------------


def user_list(*, actor: Actor, cursor: str | None = None) -> Page[User]:
    """One query for the page and one for the roles in this house, however many users."""
    house_roles = Membership.objects.filter(house_id=_house_id(actor)).only("id", "user_id", "role")
    queryset = (
        network_policy.manageable_users(actor)
        .select_related("organisation")
        .only(*USER_LIST_FIELDS)
        .prefetch_related(
            Prefetch("memberships", queryset=house_roles.order_by("role"), to_attr="house_roles")
        )
    )
    page: Page[User] = keyset_page(
        queryset, order=("sort_name", "id"), cursor=cursor, size=PAGE_SIZE
    )
    audit_record(
        actor=actor, action=Action.LIST, object_type="user", detail={"count": len(page.rows)}
    )
    return page


def user_get(*, actor: Actor, user_id: int, audit: bool = True) -> User:
    user = _one(
        actor,
        network_policy.manageable_users(actor).select_related("organisation"),
        user_id,
        "user",
    )
    if audit:
        audit_record(actor=actor, action=Action.VIEW, object_type="user", object_id=user.pk)
    return user


def user_house_roles(*, actor: Actor, user: User) -> list[str]:
    return sorted(
        Membership.objects.filter(user=user, house_id=_house_id(actor)).values_list(
            "role", flat=True
        )
    )


# --- role grants (four eyes, decision 0153) ---------------------------------------------------


def user_pending_grants(*, actor: Actor, user: User) -> list[RoleGrant]:
    """The user's roles in this house that wait for approval, for their page."""
    return list(
        role_grant_policy.manageable_role_grants(actor)
        .filter(user=user, status=RoleGrantStatus.PROPOSED)
        .select_related("proposed_by")
        .order_by("proposed_at", "role")
    )


def role_grant_list(*, actor: Actor, cursor: str | None = None) -> Page[RoleGrant]:
    """The proposed grants this actor may decide on, oldest first. The list names users of
    the house (staff, not persons concerned): the read is audited like the user list."""
    queryset = role_grant_policy.decidable_role_grants(actor).select_related(
        "user__organisation", "proposed_by"
    )
    page: Page[RoleGrant] = keyset_page(
        queryset, order=("proposed_at", "id"), cursor=cursor, size=PAGE_SIZE
    )
    audit_record(
        actor=actor,
        action=Action.LIST,
        object_type="role_grant",
        detail={"count": len(page.rows)},
    )
    return page


def role_grant_get_decidable(*, actor: Actor, grant_id: uuid.UUID) -> RoleGrant:
    return _one(actor, role_grant_policy.decidable_role_grants(actor), grant_id, "role_grant")


def failed_imports(*, actor: Actor, since: datetime) -> list[NetworkImport]:
    """The house's refused network imports since `since` and after its last successful one,
    newest first: for the functional administrator's "Mijn werk". Names no person."""
    if actor.house_id is None or not policy.can_use(actor, Function.MANAGE_USERS):
        return []
    runs = NetworkImport.objects.filter(house_id=actor.house_id)
    succeeded = runs.filter(imported=True, created_at__gte=since).order_by("-created_at")
    refused = runs.filter(imported=False, created_at__gte=since).filter(
        ~Exists(succeeded.filter(created_at__gt=OuterRef("created_at")))
    )
    return list(
        refused.only("id", "created_at", "filename", "format", "issue_count").order_by(
            "-created_at", "-id"
        )[:FAILED_IMPORTS_SHOWN]
    )
