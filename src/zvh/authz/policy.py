"""The access policy: the one place that answers "may this actor do X to Y" and
"which Y may this actor see". Each rule is one condition per line so coverage shows every branch.

House isolation is the first condition of every rule: nothing crosses houses.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from zvh.accounts.models import User
from zvh.cases.models import Case, CaseParticipant, CasePerson
from zvh.jobs.models import OutgoingMessage
from zvh.network.models import (
    House,
    Membership,
    Municipality,
    Organisation,
    Partnership,
    Role,
    RoleGrant,
    RoleGrantStatus,
)
from zvh.people.models import Person
from zvh.triage.models import LocalCriterion, TriageTable

from .actor import Actor
from .functions import FUNCTION_ROLES, Function


def can_use(actor: Actor, function: Function) -> bool:
    if actor.house_id is None:
        return False
    return any(role in actor.roles for role in FUNCTION_ROLES[function])


# --- cases: the need-to-know unit -------------------------------------------------------------


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


# --- persons ----------------------------------------------------------------------------------


def visible_persons(actor: Actor) -> QuerySet[Person]:
    """House staff see every person of the house; partner professionals only the persons of
    cases their organisation takes part in now. Other roles see no person."""
    if actor.house_id is None:
        return Person.objects.none()
    in_house = Person.objects.filter(house_id=actor.house_id)
    if actor.is_house_staff:
        return in_house
    if actor.has_role(Role.PARTNER_PROFESSIONAL) and actor.organisation_id is not None:
        return in_house.filter(
            Exists(
                # One filter call, so both conditions hold for the same participation.
                CasePerson.objects.filter(
                    person_id=OuterRef("pk"),
                    case__participants__organisation_id=actor.organisation_id,
                    case__participants__ended_at__isnull=True,
                )
            )
        )
    return Person.objects.none()


def persons_for_access_report(actor: Actor) -> QuerySet[Person]:
    """The privacy officer may pick any person of the house to report who accessed them.
    This opens identity only, never case content."""
    if actor.house_id is None or not actor.has_role(Role.PRIVACY_OFFICER):
        return Person.objects.none()
    return Person.objects.filter(house_id=actor.house_id)


# --- reference data ---------------------------------------------------------------------------


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


# --- managing the house's reference data (functional administrator) ----------------------------


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


def manageable_outgoing_messages(actor: Actor) -> QuerySet[OutgoingMessage]:
    """The functional administrator's own house's e-mail, and nothing else."""
    if actor.house_id is None or not can_use(actor, Function.MANAGE_OUTGOING_MAIL):
        return OutgoingMessage.objects.none()
    return OutgoingMessage.objects.filter(house_id=actor.house_id)


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


# --- triage: tables, local criteria and participants ------------------------------------------


def configurable_local_criteria(actor: Actor) -> QuerySet[LocalCriterion]:
    """The functional administrator configures the local criteria of their own house."""
    if actor.house_id is None or not can_use(actor, Function.CONFIGURE_TRIAGE):
        return LocalCriterion.objects.none()
    return LocalCriterion.objects.filter(house_id=actor.house_id)


def configurable_triage_tables(actor: Actor) -> QuerySet[TriageTable]:
    if actor.house_id is None or not can_use(actor, Function.CONFIGURE_TRIAGE):
        return TriageTable.objects.none()
    return TriageTable.objects.filter(house_id=actor.house_id)


def plannable_triage_tables(actor: Actor) -> QuerySet[TriageTable]:
    """The process coordinator plans sessions at the house's tables."""
    if actor.house_id is None or not can_use(actor, Function.TRIAGE):
        return TriageTable.objects.none()
    return TriageTable.objects.filter(house_id=actor.house_id)


def triage_participant_candidates(actor: Actor) -> QuerySet[User]:
    """Persons the process coordinator may invite to a session: active users of the house."""
    if actor.house_id is None or not can_use(actor, Function.TRIAGE):
        return User.objects.none()
    return User.objects.filter(
        Exists(Membership.objects.filter(user_id=OuterRef("pk"), house_id=actor.house_id)),
        is_active=True,
    )
