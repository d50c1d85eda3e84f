"""System-signal reads, always from the access policy's queryset and each in the access log.
The evidence cases shown to the chain manager are an audited read of those cases (with the
persons they concern). `signals_for_report` serves the steering-group report."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from zvh.audit.models import Action
from zvh.audit.reads import audited_export, audited_get, audited_page, filter_detail
from zvh.audit.services import audit_record
from zvh.authz.actor import Actor
from zvh.cases.models import Case, CasePerson
from zvh.core.keyset import Page
from zvh.system_signals import policy as system_signal_policy

from .models import SignalStatus, SystemSignal

PAGE_SIZE = 50
EXPORT_LIMIT = 10_000
ORDER = ("-found_on", "-id")  # newest first


@dataclass(frozen=True)
class SignalFilters:
    status: str = ""
    category: str = ""

    def detail(self) -> dict[str, str]:
        return filter_detail(status=self.status, category=self.category)


def _filtered(actor: Actor, filters: SignalFilters) -> QuerySet[SystemSignal]:
    queryset = system_signal_policy.visible_signals(actor)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.category:
        queryset = queryset.filter(category=filters.category)
    return queryset


def signal_list(
    *, actor: Actor, filters: SignalFilters, cursor: str | None = None, size: int = PAGE_SIZE
) -> Page[SystemSignal]:
    """Newest first (the day it was found), a page at a time."""
    return audited_page(
        actor=actor,
        queryset=_filtered(actor, filters),
        order=ORDER,
        cursor=cursor,
        size=size,
        object_type="system_signal",
        list_name="system_signals",
        filters=filters.detail(),
    )


def signal_export(*, actor: Actor, filters: SignalFilters) -> list[SystemSignal]:
    """The list's rows for a download, without any case link (for every reader)."""
    return audited_export(
        actor=actor,
        queryset=_filtered(actor, filters),
        order=ORDER,
        limit=EXPORT_LIMIT,
        object_type="system_signal",
        list_name="system_signals",
        filters=filters.detail(),
    )


def signal_get(*, actor: Actor, signal_id: uuid.UUID) -> SystemSignal:
    return audited_get(
        actor=actor,
        queryset=system_signal_policy.visible_signals(actor).select_related("found_by"),
        pk=signal_id,
        object_type="system_signal",
    )


def signal_for_edit(*, actor: Actor, signal_id: uuid.UUID) -> SystemSignal:
    return audited_get(
        actor=actor,
        queryset=system_signal_policy.editable_signals(actor),
        pk=signal_id,
        object_type="system_signal",
    )


def signal_for_management(*, actor: Actor, signal_id: uuid.UUID) -> SystemSignal:
    return audited_get(
        actor=actor,
        queryset=system_signal_policy.manageable_signals(actor),
        pk=signal_id,
        object_type="system_signal",
    )


def signal_evidence(*, actor: Actor, signal: SystemSignal) -> list[Case] | None:
    """The evidence cases for the chain manager (an audited read of those cases, naming their
    persons); None for everyone else, who is not told which cases they are."""
    if not system_signal_policy.sees_evidence(actor):
        return None
    cases = list(
        system_signal_policy.evidence_cases(actor, signal).only("id", "number").order_by("number")
    )
    if cases:
        audit_record(
            actor=actor,
            action=Action.LIST,
            object_type="case",
            person_ids=CasePerson.objects.filter(case__in=cases)
            .values_list("person_id", flat=True)
            .distinct(),
            detail={"list": "system_signal_evidence", "system_signal": str(signal.pk)},
        )
    return cases


# --- for the steering-group report ----------------------------------------------------------


@dataclass(frozen=True)
class ReportedSignal:
    """A raised signal as the steering group sees it: no case link, no person."""

    id: uuid.UUID
    title: str
    category: str
    category_label: str
    description: str
    status: str
    status_label: str
    addressee: str
    found_on: date
    raised_on: date
    response: str
    response_on: date | None


def signals_for_report(house_id: uuid.UUID, start: date, end: date) -> list[ReportedSignal]:
    """The signals of the house that were before the steering group in the period [start, end]:
    raised on or before `end`, and raised in the period, or still waiting for an answer at its
    start, or answered in it. Oldest raised first. One query; no audit event here: the report
    that shows them is audited where it is made or read. Case links are never read."""
    rows = (
        SystemSignal.objects.filter(house_id=house_id, raised_on__isnull=False, raised_on__lte=end)
        .filter(
            Q(raised_on__gte=start)
            | Q(response_on__isnull=True, status=SignalStatus.RAISED)
            | Q(response_on__gte=start)
        )
        .order_by("raised_on", "title", "id")
    )
    return [
        ReportedSignal(
            id=signal.id,
            title=signal.title,
            category=signal.category,
            category_label=str(signal.get_category_display()),
            description=signal.description,
            status=signal.status,
            status_label=str(signal.get_status_display()),
            addressee=signal.addressee,
            found_on=signal.found_on,
            raised_on=signal.raised_on,  # type: ignore[arg-type]
            response=signal.response,
            response_on=signal.response_on,
        )
        for signal in rows
    ]
