"""What the start page shows the chain manager and the process coordinator: a few counts,
computed cheaply (a fixed number of aggregate queries, independent of the house's size), no
persons. The definitions match the figure groups': see docs/decisions/0165."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from zvh.authz.actor import Actor
from zvh.cases.models import Case, CaseStatus, Escalation, EscalationStatus
from zvh.intake.models import Referral, ReferralStatus, Urgency
from zvh.plans.models import Agreement
from zvh.triage.models import Assessment, Decision

from .filters import last_12_months
from .scope import FigureScope
from .settings import figure_settings

WAITING_FOR_TRIAGE = (
    ReferralStatus.RECEIVED,
    ReferralStatus.ON_AGENDA,
    ReferralStatus.MORE_INFORMATION,
)


@dataclass(frozen=True)
class ChainManagerStart:
    start: date
    end: date
    inflow: int  # referrals received in the last 12 whole months
    decided: int  # current decisions taken in them
    accepted: int
    open_cases: int  # today
    overdue_agreements: int  # today
    escalations_waiting: int  # raised to this user, not yet answered
    beyond_norm: int  # open longer than the house's norm
    norm_days: int
    acute_waiting: int  # acute referrals not yet decided

    @property
    def acceptance_rate(self) -> float | None:
        return None if not self.decided else self.accepted / self.decided


@dataclass(frozen=True)
class CoordinatorStart:
    caseload: int  # open cases they coordinate
    triage_waiting: int  # referrals of the house received or on the agenda
    reviews_overdue: int  # their open cases with the next review date past
    agreements_overdue: int  # open agreements past due in their cases


def chain_manager_start(*, actor: Actor, today: date | None = None) -> ChainManagerStart:
    """Seven queries: settings, referrals, decisions, cases, agreements, escalations (and
    nothing per row)."""
    assert actor.house_id is not None  # noqa: S101 - the start page asks with a house
    today = today or timezone.localdate()
    start, end = last_12_months(today)
    scope = FigureScope(house_id=actor.house_id, start=start, end=end, today=today)
    norm = figure_settings(actor.house_id).open_case_norm_days
    referrals = Referral.objects.filter(house_id=actor.house_id).aggregate(
        inflow=Count(
            "id", filter=Q(received_at__gte=scope.start_at, received_at__lt=scope.end_before)
        ),
        acute_waiting=Count("id", filter=Q(urgency=Urgency.ACUTE, status__in=WAITING_FOR_TRIAGE)),
    )
    decisions = Assessment.objects.filter(
        referral__house_id=actor.house_id,
        is_current=True,
        referral__received_at__gte=scope.start_at,
        referral__received_at__lt=scope.end_before,
    ).aggregate(
        decided=Count("id", filter=~Q(decision=Decision.MORE_INFORMATION)),
        accepted=Count("id", filter=Q(decision=Decision.ACCEPTED)),
    )
    norm_start = timezone.make_aware(datetime.combine(today - timedelta(days=norm), time.min))
    cases = (
        Case.objects.filter(house_id=actor.house_id)
        .exclude(status=CaseStatus.CLOSED)
        .aggregate(
            open_cases=Count("id"),
            beyond_norm=Count(
                "id",
                filter=Q(opened_at__lt=norm_start)
                | Q(opened_at__isnull=True, created_at__lt=norm_start),
            ),
        )
    )
    overdue = Agreement.objects.filter(house_id=actor.house_id).overdue(today).count()
    escalations = Escalation.objects.filter(
        house_id=actor.house_id, status=EscalationStatus.RAISED, addressee_id=actor.user_id
    ).count()
    return ChainManagerStart(
        start=start,
        end=end,
        inflow=referrals["inflow"],
        decided=decisions["decided"],
        accepted=decisions["accepted"],
        open_cases=cases["open_cases"],
        overdue_agreements=overdue,
        escalations_waiting=escalations,
        beyond_norm=cases["beyond_norm"],
        norm_days=norm,
        acute_waiting=referrals["acute_waiting"],
    )


def coordinator_start(*, actor: Actor, today: date | None = None) -> CoordinatorStart:
    """Three aggregate queries."""
    assert actor.house_id is not None  # noqa: S101 - the start page asks with a house
    today = today or timezone.localdate()
    mine = Case.objects.filter(
        house_id=actor.house_id, process_coordinator_id=actor.user_id
    ).exclude(status=CaseStatus.CLOSED)
    cases = mine.aggregate(
        caseload=Count("id"),
        reviews_overdue=Count("id", filter=Q(next_review_date__lt=today)),
    )
    waiting = Referral.objects.filter(
        house_id=actor.house_id,
        status__in=(ReferralStatus.RECEIVED, ReferralStatus.ON_AGENDA),
    ).count()
    overdue = (
        Agreement.objects.filter(house_id=actor.house_id, case__in=mine.values("pk"))
        .overdue(today)
        .count()
    )
    return CoordinatorStart(
        caseload=cases["caseload"],
        triage_waiting=waiting,
        reviews_overdue=cases["reviews_overdue"],
        agreements_overdue=overdue,
    )
