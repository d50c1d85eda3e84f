""" "Mijn werk" for every role (issue 12, decision 0179): the case work of plans.selectors.my_work
plus what waits for the bestuurder, the privacy officer, the functional administrator and the
process coordinator's triage. It lives here, at the top of the layers, because it reads from
apps that lie above plans (subject requests) and beside it (network, triage).

Each section comes from the access policy's own queryset or the app's own audited selector, is
one bounded query (a keyset page or a fixed limit) and links to the page where the work is done.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Case as SqlCase
from django.db.models import IntegerField, Value, When
from django.utils import timezone

from zvh.audit.models import Action
from zvh.audit.services import audit_record
from zvh.authz import policy
from zvh.authz.actor import Actor
from zvh.authz.functions import Function
from zvh.cases.models import Escalation, EscalationStatus
from zvh.core.keyset import Page
from zvh.escalation.policy import addressed_escalations
from zvh.escalation.services import ADDRESSEE_ROLES
from zvh.intake.models import Referral, ReferralPerson, Urgency
from zvh.intake.policy import visible_referrals
from zvh.network import selectors as network_selectors
from zvh.network.models import NetworkImport, RoleGrant
from zvh.plans.selectors import MyWork, my_work
from zvh.subject_requests import selectors as request_selectors
from zvh.subject_requests.models import SubjectRequest
from zvh.triage.selectors import AWAITING, DASHBOARD_REFERRAL_FIELDS

SECTION_LIMIT = 25
# A refused import stays on the list this long, unless a later import of the house succeeded.
FAILED_IMPORT_DAYS = 30


@dataclass
class RoleWork:
    """None: the section is not the actor's; a list or page (maybe empty): it is."""

    case_work: MyWork
    escalations: list[Escalation] | None = None
    escalations_more: bool = False
    subject_requests: Page[SubjectRequest] | None = None
    role_grants: Page[RoleGrant] | None = None
    failed_imports: list[NetworkImport] | None = None
    triage: list[Referral] | None = None
    triage_more: bool = False

    @property
    def empty(self) -> bool:
        """No section at all for the actor's roles (not: sections without rows)."""
        case = self.case_work
        return all(
            section is None
            for section in (
                case.coordinated,
                case.my_agreements,
                case.delivery,
                self.escalations,
                self.subject_requests,
                self.role_grants,
                self.failed_imports,
                self.triage,
            )
        )


def role_work(
    *,
    actor: Actor,
    cases_cursor: str | None = None,
    overdue_cursor: str | None = None,
    mine_cursor: str | None = None,
) -> RoleWork:
    work = RoleWork(
        case_work=my_work(
            actor=actor,
            cases_cursor=cases_cursor,
            overdue_cursor=overdue_cursor,
            mine_cursor=mine_cursor,
        )
    )
    if actor.user_id is None or actor.house_id is None:
        return work
    # Escalations are raised to the chain manager or a bestuurder (cases.escalation); the
    # coordinators and partners who can see them raise and follow them, they do not answer.
    if policy.can_use(actor, Function.VIEW_ESCALATIONS) and actor.has_role(*ADDRESSEE_ROLES):
        work.escalations, work.escalations_more = _escalations_waiting(actor)
    if policy.can_use(actor, Function.HANDLE_SUBJECT_REQUESTS):
        work.subject_requests = request_selectors.request_list(actor=actor)
    if policy.can_use(actor, Function.MANAGE_USERS):
        work.role_grants = network_selectors.role_grant_list(actor=actor)
        work.failed_imports = network_selectors.failed_imports(
            actor=actor, since=timezone.now() - timedelta(days=FAILED_IMPORT_DAYS)
        )
    if policy.can_use(actor, Function.TRIAGE):
        work.triage, work.triage_more = _triage_waiting(actor)
    return work


def _escalations_waiting(actor: Actor) -> tuple[list[Escalation], bool]:
    """Raised to the actor and not yet answered, longest waiting first. The case number only,
    as on the escalation list; logged like that list."""
    rows = list(
        addressed_escalations(actor)
        .filter(status=EscalationStatus.RAISED)
        .select_related("case")
        .only("id", "reason", "raised_at", "case__number")
        .order_by("raised_at", "id")[: SECTION_LIMIT + 1]
    )
    if rows:
        audit_record(
            actor=actor,
            action=Action.LIST,
            object_type="escalation",
            detail={"list": "my_work", "count": min(len(rows), SECTION_LIMIT)},
        )
    return rows[:SECTION_LIMIT], len(rows) > SECTION_LIMIT


def _triage_waiting(actor: Actor) -> tuple[list[Referral], bool]:
    """Referrals of the house awaiting triage: acute first, then the longest waiting. Numbers,
    dates and the referring organisation, no names; the persons are logged all the same."""
    rows: list[Referral] = list(
        visible_referrals(actor)
        .filter(status__in=AWAITING)
        .select_related("referring_organisation")
        .only(*DASHBOARD_REFERRAL_FIELDS)
        .annotate(
            acute_first=SqlCase(
                When(urgency=Urgency.ACUTE, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("acute_first", "received_at", "id")[: SECTION_LIMIT + 1]
    )
    shown = rows[:SECTION_LIMIT]
    if shown:
        audit_record(
            actor=actor,
            action=Action.LIST,
            object_type="referral",
            person_ids=ReferralPerson.objects.filter(referral__in=shown)
            .values_list("person_id", flat=True)
            .distinct(),
            detail={"list": "my_work_triage", "count": len(shown)},
        )
    return shown, len(rows) > SECTION_LIMIT
