"""Who sees the house's steering-group reports (part of the access policy; see policy.py for
the principles). A report holds only aggregated, suppressed figures and no persons.

- The chain manager manages them: every version of their own house, drafts included.
- A steering-group member sees the final ("vastgesteld") versions of their own house only.
- Nobody sees another house's reports.
"""

from __future__ import annotations

from django.db.models import QuerySet

from zvh.authz.actor import Actor
from zvh.authz.functions import Function
from zvh.authz.policy import can_use
from zvh.reports.models import ReportStatus, SteeringReport


def manageable_reports(actor: Actor) -> QuerySet[SteeringReport]:
    if actor.house_id is None or not can_use(actor, Function.MANAGE_STEERING_REPORTS):
        return SteeringReport.objects.none()
    return SteeringReport.objects.filter(house_id=actor.house_id)


def visible_reports(actor: Actor) -> QuerySet[SteeringReport]:
    if actor.house_id is None or not can_use(actor, Function.VIEW_STEERING_REPORTS):
        return SteeringReport.objects.none()
    if can_use(actor, Function.MANAGE_STEERING_REPORTS):
        return SteeringReport.objects.filter(house_id=actor.house_id)
    return SteeringReport.objects.filter(house_id=actor.house_id, status=ReportStatus.FINAL)
