"""Steering-group report writes, by the chain manager: generating a version (the frozen
snapshot), editing its narrative while it is a draft, and setting it ("vaststellen"). Each one
checks the policy, validates, and writes in one transaction with its audit event."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from zvh.audit.models import Action
from zvh.audit.services import audit_record
from zvh.authz.actor import Actor
from zvh.authz.functions import Function
from zvh.authz.policy import can_use
from zvh.core.concurrency import StaleObjectError, update_versioned
from zvh.figures.settings import figure_settings
from zvh.network.models import House

from .models import MAX_NARRATIVE, NARRATIVE_FIELDS, ReportKind, ReportStatus, SteeringReport
from .snapshot import frozen_figures, frozen_signals

FIRST_YEAR = 2000


@dataclass(frozen=True)
class Narrative:
    summary: str = ""
    developments: str = ""
    signals_commentary: str = ""
    outlook: str = ""

    def cleaned(self) -> dict[str, str]:
        return {name: value.strip() for name, value in asdict(self).items()}


@dataclass(frozen=True)
class Period:
    kind: str
    start: date
    end: date


def _require(actor: Actor) -> uuid.UUID:
    if actor.house_id is None or not can_use(actor, Function.MANAGE_STEERING_REPORTS):
        raise PermissionDenied
    return actor.house_id


def report_period(*, kind: str, year: int | None, quarter: int | None, today: date) -> Period:
    """The quarter or year asked for; it must have ended: a report is about a closed period.
    Raises ValidationError with a Dutch message per field."""
    if kind not in ReportKind.values:
        raise ValidationError({"kind": _("Kies een kwartaal- of jaarrapportage.")})
    if year is None or not FIRST_YEAR <= year <= today.year:
        raise ValidationError(
            {
                "year": _("Kies een jaar van %(first)d tot en met %(last)d.")
                % {"first": FIRST_YEAR, "last": today.year}
            }
        )
    if kind == ReportKind.QUARTER:
        if quarter not in (1, 2, 3, 4):
            raise ValidationError({"quarter": _("Kies het kwartaal.")})
        start = date(year, 3 * quarter - 2, 1)
        end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
        end = date.fromordinal(end.toordinal() - 1)
    else:
        start, end = date(year, 1, 1), date(year, 12, 31)
    if end >= today:
        raise ValidationError(
            _("Deze periode is nog niet voorbij. Een rapportage gaat over een afgesloten periode.")
        )
    return Period(kind=kind, start=start, end=end)


def _validate_narrative(narrative: Narrative) -> dict[str, str]:
    values = narrative.cleaned()
    errors = {
        name: _("Gebruik maximaal %(max)d tekens.") % {"max": MAX_NARRATIVE}
        for name, value in values.items()
        if len(value) > MAX_NARRATIVE
    }
    if errors:
        raise ValidationError(errors)
    return values


def report_generate(
    *,
    actor: Actor,
    kind: str,
    year: int | None,
    quarter: int | None,
    narrative: Narrative,
) -> SteeringReport:
    """A new version of the house's report for the period: the figures and signals frozen now.
    Earlier versions of the period stay as they were."""
    house_id = _require(actor)
    period = report_period(kind=kind, year=year, quarter=quarter, today=timezone.localdate())
    values = _validate_narrative(narrative)
    threshold = figure_settings(house_id).suppression_threshold
    # Computed before the write: reads only, and the lock below is then held briefly.
    computed_at = timezone.now()
    figures = frozen_figures(
        house_id=house_id, start=period.start, end=period.end, threshold=threshold
    )
    signals = frozen_signals(house_id=house_id, start=period.start, end=period.end)
    with transaction.atomic():
        # One generation per house at a time: the next version number is then certain.
        House.objects.select_for_update().filter(pk=house_id).first()
        latest = SteeringReport.objects.filter(
            house_id=house_id, kind=period.kind, period_start=period.start
        ).aggregate(n=Max("number"))["n"]
        report = SteeringReport.objects.create(
            house_id=house_id,
            kind=period.kind,
            period_start=period.start,
            period_end=period.end,
            number=(latest or 0) + 1,
            figures=figures,
            system_signals=signals,
            suppression_threshold=threshold,
            computed_at=computed_at,
            generated_by_id=actor.person_user_id,
            **values,
        )
        audit_record(
            actor=actor,
            action=Action.CREATE,
            object_type="steering_report",
            object_id=report.id,
            detail={"period": report.period_label, "number": report.number},
        )
    return report


def _require_draft(report: SteeringReport) -> None:
    if report.is_final:
        raise ValidationError(
            _("Deze rapportage is vastgesteld en verandert niet meer. Genereer een nieuwe versie.")
        )


def report_update_narrative(
    *, actor: Actor, report: SteeringReport, expected_version: int, narrative: Narrative
) -> SteeringReport:
    """The narrative of a draft; the figures never change."""
    house_id = _require(actor)
    if report.house_id != house_id:
        raise PermissionDenied
    _require_draft(report)
    values = _validate_narrative(narrative)
    with transaction.atomic():
        update_versioned(report, expected_version=expected_version, values=values)
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            object_type="steering_report",
            object_id=report.id,
            detail={"fields": sorted(NARRATIVE_FIELDS)},
        )
    return report


def report_finalise(
    *, actor: Actor, report: SteeringReport, expected_version: int
) -> SteeringReport:
    """Sets the report: from now on nothing of it changes and the steering group sees it."""
    house_id = _require(actor)
    if report.house_id != house_id:
        raise PermissionDenied
    _require_draft(report)
    with transaction.atomic():
        update_versioned(
            report,
            expected_version=expected_version,
            values={
                "status": ReportStatus.FINAL,
                "finalised_at": timezone.now(),
                "finalised_by_id": actor.person_user_id,
            },
        )
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            object_type="steering_report",
            object_id=report.id,
            detail={"status": ReportStatus.FINAL.value},
        )
    return report


__all__ = [
    "Narrative",
    "StaleObjectError",
    "report_finalise",
    "report_generate",
    "report_period",
    "report_update_narrative",
]
