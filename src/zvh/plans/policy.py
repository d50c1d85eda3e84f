"""Who sees and who reports on which agreement (part of the access policy; see policy.py).

- An agreement is case content: it is seen exactly by those who see its case
  (`visible_cases`: house staff, and the professionals of organisations taking part now).
- Done or not delivered is reported by the owner, a professional of the owning organisation,
  the case director, or house staff who manage cases; always within a case they see.
- Changing or cancelling an agreement, the goals, and setting the plan are acts of the house
  (Function.MANAGE_CASES / Function.SET_PLAN, checked by the services).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from zvh.authz.actor import Actor
from zvh.authz.functions import Function
from zvh.authz.policy import can_use
from zvh.cases.policy import can_view_case, visible_cases
from zvh.network.models import Role
from zvh.plans.models import Agreement, AgreementQuerySet


def visible_agreements(actor: Actor) -> AgreementQuerySet:
    if actor.house_id is None:
        return Agreement.objects.none()
    in_house = Agreement.objects.filter(house_id=actor.house_id)
    if actor.is_house_staff:
        return in_house
    return in_house.filter(Exists(visible_cases(actor).filter(pk=OuterRef("case_id"))))


def can_report_on_agreement(actor: Actor, agreement: Agreement) -> bool:
    if not can_use(actor, Function.VIEW_CASES):
        return False
    if not can_view_case(actor, agreement.case):
        return False
    return may_report_in_visible_case(actor, agreement)


def may_report_in_visible_case(actor: Actor, agreement: Agreement) -> bool:
    """The rule for an actor who has already been shown the case (the plan page asks it for
    every agreement without a query)."""
    if can_use(actor, Function.MANAGE_CASES):
        return True
    if actor.user_id is not None and actor.user_id == agreement.owner_user_id:
        return True
    if actor.user_id is not None and actor.user_id == agreement.case.case_director_id:
        return True
    return (
        actor.has_role(Role.PARTNER_PROFESSIONAL)
        and actor.organisation_id is not None
        and actor.organisation_id == agreement.owner_organisation_id
    )
