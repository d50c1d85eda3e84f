"""The access rules for triage's tables, local criteria and participants (decision 0194)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from zvh.accounts.models import User
from zvh.authz.actor import Actor
from zvh.authz.functions import Function
from zvh.authz.policy import can_use
from zvh.network.models import Membership

from .models import LocalCriterion, TriageTable


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
