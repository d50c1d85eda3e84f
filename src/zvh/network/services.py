"""Writes to a house's network. Each checks the function, validates, writes and records its
audit event in one transaction. The acting house is always the actor's."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zvh.accounts.models import User
from zvh.accounts.services import user_sessions_end
from zvh.audit.denials import record_denial
from zvh.audit.models import Action
from zvh.audit.services import audit_record
from zvh.authz.actor import Actor
from zvh.authz.functions import Function
from zvh.authz.policy import can_use
from zvh.core.concurrency import update_versioned
from zvh.network import role_grant_policy

from . import events, validation
from . import policy as network_policy
from .models import (
    FOUR_EYES_ROLES,
    House,
    HouseKind,
    Membership,
    Municipality,
    Organisation,
    Partnership,
    Role,
    RoleGrant,
    RoleGrantStatus,
    roles_for_house_kind,
)


def _require(actor: Actor, function: Function) -> uuid.UUID:
    """The acting house, once the actor may use the function there. Views check this too;
    services repeat it so that no caller can skip it."""
    if actor.house_id is None or not can_use(actor, function):
        raise PermissionDenied
    return actor.house_id


# --- houses -----------------------------------------------------------------------------------


def house_create(
    *, name: str, security_region: str, seat_name: str, seat_cbs_code: str, seat_inhabitants: int
) -> House:
    """A new house with its seat municipality. Only the import command creates houses, so
    there is no acting user: the event records the operator's command without one."""
    with transaction.atomic():
        seat = Municipality.objects.filter(cbs_code=seat_cbs_code).first()
        if seat is None:
            seat = Municipality.objects.create(
                name=seat_name, cbs_code=seat_cbs_code, inhabitants=seat_inhabitants
            )
        else:
            validation.check_municipality_joinable(seat, house_id=None)
        house = House.objects.create(
            name=name, security_region=security_region, seat_municipality=seat
        )
        house.municipalities.add(seat)
        house_seed_defaults(house=house)
        audit_record(
            actor=None,
            action=Action.CREATE,
            object_type="house",
            object_id=house.pk,
            house_id=house.pk,
        )
    return house


def house_seed_defaults(*, house: House) -> None:
    """A new house starts with the documented defaults it must then confirm or change: the five
    local triage criteria, the case themes, the step-down criteria and the legal bases. The apps
    that own them seed them (events.house_seeding); all seeds are idempotent."""
    events.house_seeding.send(sender=House, house=house)


def house_update(*, actor: Actor, security_region: str, seat_municipality: Municipality) -> House:
    house_id = _require(actor, Function.MANAGE_REFERENCE_DATA)
    with transaction.atomic():
        house = House.objects.select_for_update().get(pk=house_id)
        if not house.municipalities.filter(pk=seat_municipality.pk).exists():
            raise ValidationError(
                _("De centrumgemeente moet een van de gemeenten van het huis zijn.")
            )
        house.security_region = security_region
        house.seat_municipality = seat_municipality
        house.save(update_fields=["security_region", "seat_municipality", "updated_at"])
        audit_record(actor=actor, action=Action.UPDATE, object_type="house", object_id=house.pk)
    return house


# --- organisations and partnerships ------------------------------------------------------------


# `municipality` left out of an update keeps the organisation's (the network import has none).
KEEP = object()


def organisation_create(
    *,
    actor: Actor,
    name: str,
    kind: str,
    domains: list[str],
    municipality: Municipality | None = None,
) -> Organisation:
    """A new organisation, at once a partner of the actor's house."""
    house_id = _require(actor, Function.MANAGE_REFERENCE_DATA)
    with transaction.atomic():
        validation.check_organisation_name(name)
        organisation = Organisation.objects.create(
            name=name, kind=kind, domains=list(domains), municipality=municipality
        )
        Partnership.objects.create(house_id=house_id, organisation=organisation)
        audit_record(
            actor=actor,
            action=Action.CREATE,
            object_type="organisation",
            object_id=organisation.pk,
        )
    return organisation


def organisation_update(
    *,
    actor: Actor,
    organisation: Organisation,
    expected_version: int,
    name: str,
    kind: str,
    domains: list[str],
    municipality: Municipality | object | None = KEEP,
) -> Organisation:
    """Raises StaleObjectError when someone saved the organisation in the meantime."""
    _require(actor, Function.MANAGE_REFERENCE_DATA)
    values: dict[str, object] = {"name": name, "kind": kind, "domains": list(domains)}
    if municipality is not KEEP:
        values["municipality"] = municipality
    with transaction.atomic():
        validation.check_organisation_name(name, organisation_id=organisation.pk)
        update_versioned(organisation, expected_version=expected_version, values=values)
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            object_type="organisation",
            object_id=organisation.pk,
        )
    return organisation


def partnership_add(*, actor: Actor, organisation: Organisation) -> Partnership:
    house_id = _require(actor, Function.MANAGE_REFERENCE_DATA)
    with transaction.atomic():
        partnership, created = Partnership.objects.get_or_create(
            house_id=house_id, organisation=organisation
        )
        if created:
            audit_record(
                actor=actor,
                action=Action.CREATE,
                object_type="partnership",
                object_id=partnership.pk,
                detail={"organisation": str(organisation.pk)},
            )
    return partnership


def partnership_end(*, actor: Actor, organisation: Organisation) -> None:
    """Refused while users of the organisation hold a role in the house: they would keep
    working for a house their organisation no longer belongs to."""
    house_id = _require(actor, Function.MANAGE_REFERENCE_DATA)
    with transaction.atomic():
        if Membership.objects.filter(house_id=house_id, user__organisation=organisation).exists():
            raise ValidationError(
                _(
                    "Gebruikers van deze organisatie hebben nog een rol in dit huis. Neem hun "
                    "rollen eerst in, dan kunt u het partnerschap beëindigen."
                )
            )
        partnership = Partnership.objects.filter(
            house_id=house_id, organisation=organisation
        ).first()
        if partnership is None:
            return
        partnership_id = partnership.pk
        partnership.delete()
        audit_record(
            actor=actor,
            action=Action.DELETE,
            object_type="partnership",
            object_id=partnership_id,
            detail={"organisation": str(organisation.pk)},
        )
        # What was opened through the partnership stops with it (the organisation's API tokens).
        organisation_id = organisation.pk
        transaction.on_commit(
            lambda: events.partnership_ended.send(
                sender=Partnership, organisation_id=organisation_id
            )
        )


# --- municipalities ---------------------------------------------------------------------------


def municipality_add(*, actor: Actor, name: str, cbs_code: str, inhabitants: int) -> Municipality:
    """Adds a municipality to the house: a new one, or one that belongs to no house yet."""
    house_id = _require(actor, Function.MANAGE_REFERENCE_DATA)
    with transaction.atomic():
        validation.check_cbs_code(cbs_code, house_id=house_id)
        municipality = Municipality.objects.filter(cbs_code=cbs_code).first()
        if municipality is None:
            municipality = Municipality.objects.create(
                name=name, cbs_code=cbs_code, inhabitants=inhabitants
            )
        else:
            update_versioned(
                municipality,
                expected_version=municipality.version,
                values={"name": name, "inhabitants": inhabitants},
            )
        House.objects.get(pk=house_id).municipalities.add(municipality)
        audit_record(
            actor=actor,
            action=Action.CREATE,
            object_type="house_municipality",
            object_id=municipality.pk,
        )
    return municipality


def municipality_update(
    *,
    actor: Actor,
    municipality: Municipality,
    expected_version: int,
    name: str,
    cbs_code: str,
    inhabitants: int,
) -> Municipality:
    """Raises StaleObjectError when someone saved the municipality in the meantime."""
    house_id = _require(actor, Function.MANAGE_REFERENCE_DATA)
    with transaction.atomic():
        validation.check_cbs_code(cbs_code, house_id=house_id, municipality_id=municipality.pk)
        update_versioned(
            municipality,
            expected_version=expected_version,
            values={"name": name, "cbs_code": cbs_code, "inhabitants": inhabitants},
        )
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            object_type="municipality",
            object_id=municipality.pk,
        )
    return municipality


def municipality_remove(*, actor: Actor, municipality: Municipality) -> None:
    """Takes the municipality out of the house; the row stays (persons may refer to it)."""
    house_id = _require(actor, Function.MANAGE_REFERENCE_DATA)
    with transaction.atomic():
        house = House.objects.select_for_update().get(pk=house_id)
        if house.seat_municipality_id == municipality.pk:
            raise ValidationError(
                _("De centrumgemeente van het huis kan niet uit het huis worden verwijderd.")
            )
        house.municipalities.remove(municipality)
        audit_record(
            actor=actor,
            action=Action.DELETE,
            object_type="house_municipality",
            object_id=municipality.pk,
        )


# --- users ------------------------------------------------------------------------------------


def user_create(
    *,
    actor: Actor,
    username: str,
    email: str,
    first_name: str,
    last_name: str,
    organisation: Organisation,
    roles: Iterable[str],
    password: str | None,
) -> User:
    """A new user with roles in the actor's house. Without a password the account has an
    unusable one until the administrator sets it (or the user signs in through OIDC). A role
    that needs four eyes is proposed, not granted (decision 0153)."""
    house_id = _require(actor, Function.MANAGE_USERS)
    roles = sorted(set(roles))
    with transaction.atomic():
        _check_partner(house_id, organisation)
        validation.check_email(email)
        validation.check_username(username)
        _check_roles(roles, house_id)
        if not roles:
            raise ValidationError(_("Kies ten minste één rol."), code="no_roles")
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    username=username,
                    email=email,
                    password=password,
                    first_name=first_name,
                    last_name=last_name,
                    organisation=organisation,
                )
        except IntegrityError as error:  # a concurrent create with the same name or address
            raise ValidationError(
                _("Er bestaat al een gebruiker met deze gebruikersnaam of dit e-mailadres.")
            ) from error
        granted, proposed = _split_by_approval(actor, roles)
        Membership.objects.bulk_create(
            [Membership(user=user, house_id=house_id, role=role) for role in granted]
        )
        audit_record(
            actor=actor,
            action=Action.CREATE,
            object_type="user",
            object_id=user.pk,
            detail={"roles": granted, "proposed": proposed},
        )
        _propose(actor, house_id=house_id, user=user, roles=proposed)
    return user


@dataclass(frozen=True)
class RolesChange:
    """What a role edit did: roles granted and removed at once, and roles proposed for a
    second person's approval (decision 0153)."""

    granted: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    proposed: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.granted or self.removed or self.proposed)


def user_roles_set(*, actor: Actor, user: User, roles: Iterable[str]) -> RolesChange:
    """Sets the user's roles in the actor's house only; roles elsewhere stay as they are.
    An empty set takes the user out of the house. Nobody changes their own roles. Removing a
    role and granting the partner professional's take effect at once; any other role is
    proposed and waits for a second person's approval (decision 0153)."""
    house_id = _require(actor, Function.MANAGE_USERS)
    if user.pk == actor.user_id:
        raise ValidationError(
            _(
                "U kunt uw eigen rollen niet wijzigen. Vraag een andere functioneel beheerder "
                "om dat te doen."
            ),
            code="own_roles",
        )
    wanted = set(roles)
    _check_roles(wanted, house_id)
    with transaction.atomic():
        memberships = Membership.objects.select_for_update().filter(user=user, house_id=house_id)
        current = set(memberships.values_list("role", flat=True))
        pending = set(
            RoleGrant.objects.filter(
                user=user, house_id=house_id, status=RoleGrantStatus.PROPOSED
            ).values_list("role", flat=True)
        )
        removed = sorted(current - wanted)
        granted, proposed = _split_by_approval(actor, wanted - current)
        proposed = [role for role in proposed if role not in pending]
        if not (removed or granted or proposed):
            return RolesChange()
        if (granted or proposed) and not _is_partner(house_id, user.organisation_id):
            raise ValidationError(
                _("De organisatie van deze gebruiker is geen partner van dit huis."),
                code="not_partner",
            )
        if removed or granted:
            memberships.filter(role__in=removed).delete()
            Membership.objects.bulk_create(
                [Membership(user=user, house_id=house_id, role=role) for role in granted]
            )
            audit_record(
                actor=actor,
                action=Action.UPDATE,
                object_type="user_roles",
                object_id=user.pk,
                detail={"added": granted, "removed": removed},
            )
        proposed = _propose(actor, house_id=house_id, user=user, roles=proposed)
    return RolesChange(granted=tuple(granted), removed=tuple(removed), proposed=tuple(proposed))


def _split_by_approval(actor: Actor, roles: Iterable[str]) -> tuple[list[str], list[str]]:
    """(granted at once, proposed). The operator's command line (no user, no API token) is
    the installation's own trust anchor: it grants directly, or a new house could never get
    its first administrators."""
    roles = sorted(set(roles))
    if actor.user_id is None and actor.api_token_id is None:
        return roles, []
    return (
        [role for role in roles if role not in FOUR_EYES_ROLES],
        [role for role in roles if role in FOUR_EYES_ROLES],
    )


def _propose(actor: Actor, *, house_id: uuid.UUID, user: User, roles: Iterable[str]) -> list[str]:
    """Proposals for the roles, each its own audit event, in the caller's transaction. A role
    that a concurrent request has just proposed (role_grant_one_pending) is left out."""
    now = timezone.now()
    made: list[str] = []
    for role in roles:
        try:
            with transaction.atomic():
                grant = RoleGrant.objects.create(
                    user=user,
                    house_id=house_id,
                    role=role,
                    proposed_by_id=actor.person_user_id,
                    proposed_at=now,
                )
        except IntegrityError:
            continue
        made.append(role)
        audit_record(
            actor=actor,
            action=Action.CREATE,
            object_type="role_grant",
            object_id=grant.pk,
            detail={"user": user.pk, "role": role, "status": RoleGrantStatus.PROPOSED},
        )
    return made


def role_grant_decide(*, actor: Actor, grant: RoleGrant, approve: bool) -> RoleGrant:
    """Approves (the role becomes a Membership) or rejects a proposed grant. The decider is
    a different account than the proposer and the user (role_grant_policy); both the decision
    and, on approval, the role change are audited in the same transaction."""
    if actor.house_id is None or actor.user_id is None:
        raise PermissionDenied
    with transaction.atomic():
        locked = RoleGrant.objects.select_for_update().filter(pk=grant.pk).first()
        if locked is None or locked.house_id != actor.house_id:
            raise PermissionDenied
        if locked.status != RoleGrantStatus.PROPOSED:
            raise ValidationError(_("Over dit voorstel is al beslist."), code="decided")
        if not role_grant_policy.can_decide_role_grant(actor, locked):
            raise PermissionDenied
        subject = User.objects.only("id", "organisation_id").get(pk=locked.user_id)
        if approve and not _is_partner(locked.house_id, subject.organisation_id):
            raise ValidationError(
                _("De organisatie van deze gebruiker is geen partner van dit huis."),
                code="not_partner",
            )
        if approve:
            _check_roles([locked.role], locked.house_id)
        locked.status = RoleGrantStatus.APPROVED if approve else RoleGrantStatus.REJECTED
        locked.decided_by_id = actor.user_id
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            object_type="role_grant",
            object_id=locked.pk,
            detail={"user": locked.user_id, "role": locked.role, "status": locked.status},
        )
        if approve:
            membership_created = Membership.objects.get_or_create(
                user_id=locked.user_id, house_id=locked.house_id, role=locked.role
            )[1]
            if membership_created:
                audit_record(
                    actor=actor,
                    action=Action.UPDATE,
                    object_type="user_roles",
                    object_id=locked.user_id,
                    detail={"added": [locked.role], "removed": [], "role_grant": str(locked.pk)},
                )
    return locked


def user_password_set(*, actor: Actor, user: User, password: str) -> None:
    """The administrator sets a password (for a user created by the import, or a forgotten
    one). The user's open sessions end: whoever knew the old password is out."""
    _require(actor, Function.MANAGE_USERS)
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        ended = user_sessions_end(user=user)
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            object_type="user",
            object_id=user.pk,
            detail={"change": "password_set", "sessions_ended": ended},
        )


def user_reactivate(*, actor: Actor, user: User) -> None:
    house_id = _require(actor, Function.MANAGE_USERS)
    with transaction.atomic():
        if not _is_partner(house_id, user.organisation_id):
            raise ValidationError(
                _("De organisatie van deze gebruiker is geen partner van dit huis."),
                code="not_partner",
            )
        User.objects.filter(pk=user.pk).update(is_active=True)
        user.is_active = True
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            object_type="user",
            object_id=user.pk,
            detail={"change": "reactivated"},
        )


def _is_partner(house_id: uuid.UUID, organisation_id: uuid.UUID | None) -> bool:
    if organisation_id is None:
        return False
    return Partnership.objects.filter(house_id=house_id, organisation_id=organisation_id).exists()


def _check_partner(house_id: uuid.UUID, organisation: Organisation) -> None:
    if not _is_partner(house_id, organisation.pk):
        raise ValidationError(
            _("Kies een organisatie die partner is van dit huis."), code="not_partner"
        )


def _check_roles(roles: Iterable[str], house_id: uuid.UUID) -> None:
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise ValidationError(_("Onbekende rol: %(roles)s"), params={"roles": ", ".join(unknown)})
    # The national analyst only in the national monitor's office, no house role there (0184).
    kind = House.objects.filter(pk=house_id).values_list("kind", flat=True).first()
    wrong = set(roles) - set(roles_for_house_kind(kind or HouseKind.HOUSE))
    if wrong:
        raise ValidationError(
            _("Deze rol kan in dit huis niet worden toegekend: %(roles)s"),
            params={"roles": ", ".join(str(Role(role).label) for role in sorted(wrong))},
            code="role_not_for_house_kind",
        )


def user_deactivate(*, actor: Actor, user: User) -> None:
    """The account can no longer log in, and every session it has ends now.

    Only a functional administrator of a house the user holds a role in may do this; anyone else
    gets a 404, as for any object outside their reach.
    """
    if not network_policy.manageable_users(actor).filter(pk=user.pk).exists():
        record_denial(actor, object_type="user", object_id=user.pk)
        raise Http404
    if user.pk == actor.user_id:
        raise ValidationError(_("U kunt uw eigen account niet deactiveren."))
    with transaction.atomic():
        was_active = user.is_active
        if was_active:
            user.is_active = False
            user.save(update_fields=["is_active"])
        ended = user_sessions_end(user=user)
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            object_type="user",
            object_id=user.pk,
            detail={"change": "deactivated", "was_active": was_active, "sessions_ended": ended},
        )
