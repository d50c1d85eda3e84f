"""Steering-group report reads, always through the access policy (authz.report_policy). A
denied or unknown id is a 404. Opening a report is an access-log event like every figure page."""

from __future__ import annotations

import uuid

from django.http import Http404

from zvh.audit.denials import record_denial
from zvh.audit.models import Action
from zvh.audit.services import audit_record
from zvh.authz.actor import Actor
from zvh.reports import policy as report_policy

from .models import ReportStatus, SteeringReport

# The list shows no figures: leave the snapshots in the database.
LIST_FIELDS = (
    "id",
    "house_id",
    "kind",
    "period_start",
    "period_end",
    "number",
    "status",
    "computed_at",
    "finalised_at",
    "version",
)


def report_list(*, actor: Actor) -> list[SteeringReport]:
    reports = list(report_policy.visible_reports(actor).only(*LIST_FIELDS))
    audit_record(actor=actor, action=Action.LIST, object_type="steering_report")
    return reports


def report_get(*, actor: Actor, report_id: uuid.UUID, audit: bool = True) -> SteeringReport:
    report = report_policy.visible_reports(actor).filter(pk=report_id).first()
    if report is None:
        record_denial(actor, object_type="steering_report", object_id=report_id)
        raise Http404
    if audit:
        audit_record(
            actor=actor, action=Action.VIEW, object_type="steering_report", object_id=report.id
        )
    return report


def report_for_editing(*, actor: Actor, report_id: uuid.UUID) -> SteeringReport:
    report = report_policy.manageable_reports(actor).filter(pk=report_id).first()
    if report is None:
        record_denial(actor, object_type="steering_report", object_id=report_id)
        raise Http404
    return report


def latest_final_report(*, actor: Actor) -> SteeringReport | None:
    """The newest final report of the actor's house, for the start page (no event: it shows
    the period and a link, no figures)."""
    return (
        report_policy.visible_reports(actor)
        .filter(status=ReportStatus.FINAL)
        .only(*LIST_FIELDS)
        .order_by("-period_end", "-finalised_at")
        .first()
    )
