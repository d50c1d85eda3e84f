"""Plan reads, through the access policy, audited; "my work" and the delivery view.

Each page costs a fixed number of queries however many agreements exist: lists are keyset
pages, figures are one aggregate query with conditional counts.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, TruncDate
from django.http import Http404
from django.utils import timezone

from zvh.accounts.models import User
from zvh.audit.models import Action, Result
from zvh.audit.reads import audited_get
from zvh.audit.services import audit_record
from zvh.authz import policy
from zvh.authz.actor import Actor
from zvh.authz.functions import Function
from zvh.cases import policy as case_policy
from zvh.cases.models import Case, CasePerson, CaseStatus
from zvh.core.keyset import Page, encode_cursor, keyset_page
from zvh.core.life_domains import LifeDomain
from zvh.network.models import Membership, Partnership, Role
from zvh.plans.policy import may_report_in_visible_case, visible_agreements

from .models import (
    Agreement,
    AgreementStatus,
    Goal,
    InterventionDomain,
    Plan,
    PlanStatus,
    PlanVersion,
)

WORK_PAGE_SIZE = 25
VERSION_LIST_SIZE = 20
UNDATED_LIMIT = 10
CASE_WORKERS = (Role.PARTNER_PROFESSIONAL, Role.PROCESS_COORDINATOR, Role.CHAIN_MANAGER)


# --- one case's plan --------------------------------------------------------------------------


def _audited_case(actor: Actor, case_id: uuid.UUID, queryset: QuerySet[Case]) -> Case:
    return audited_get(
        actor=actor,
        queryset=queryset.select_related("case_director"),
        pk=case_id,
        object_type="plan",
        person_ids=lambda case: case.case_persons.values_list("person_id", flat=True),
    )


def plan_case_get(*, actor: Actor, case_id: uuid.UUID) -> Case:
    """The case whose plan the actor wants to see; a hidden or unknown id is a 404."""
    return _audited_case(actor, case_id, case_policy.visible_cases(actor))


def plan_case_get_for_management(*, actor: Actor, case_id: uuid.UUID) -> Case:
    return _audited_case(actor, case_id, case_policy.manageable_cases(actor))


def plan_of(case: Case) -> Plan | None:
    return Plan.objects.filter(case=case).first()


def agreement_get(*, actor: Actor, case: Case, agreement_id: uuid.UUID) -> Agreement:
    """An agreement of this case (which the caller read through the policy)."""
    agreement = (
        visible_agreements(actor)
        .select_related("owner_organisation", "owner_user")
        .filter(case_id=case.pk, pk=agreement_id)
        .first()
    )
    if agreement is None:
        audit_record(
            actor=actor,
            action=Action.VIEW,
            object_type="agreement",
            object_id=agreement_id,
            result=Result.DENIED,
        )
        raise Http404
    agreement.case = case
    audit_record(
        actor=actor,
        action=Action.VIEW,
        object_type="agreement",
        object_id=agreement.id,
        person_ids=case.case_persons.values_list("person_id", flat=True),
        detail={"case": str(case.id)},
    )
    return agreement


def ordered_goals(goals: list[Goal]) -> list[Goal]:
    order = {value: index for index, value in enumerate(LifeDomain.values)}
    return sorted(goals, key=lambda goal: order.get(goal.life_domain, len(order)))


def plan_page_context(*, actor: Actor, case: Case) -> dict[str, Any]:
    """The plan, its goals, its agreements (each marked with whether the actor may report on
    it) and the latest versions, in a fixed number of queries."""
    plan = plan_of(case)
    goals: list[Goal] = []
    versions: list[PlanVersion] = []
    agreements = list(
        case.agreements.select_related("owner_organisation", "owner_user").order_by(
            "due_date", "created_at", "id"
        )
    )
    for agreement in agreements:
        agreement.may_report = may_report_in_visible_case(actor, agreement)  # type: ignore[attr-defined]
    if plan is not None:
        goals = ordered_goals(list(plan.goals.all()))
        # `plan` must be loaded too: the related manager sets each version's plan from it,
        # and a deferred `plan_id` would cost one query per version.
        versions = list(
            plan.versions.select_related("author")
            .only(
                "id",
                "plan",
                "number",
                "created_at",
                "change",
                "author__first_name",
                "author__last_name",
            )
            .order_by("-number")[:VERSION_LIST_SIZE]
        )
    return {
        "plan": plan,
        "goals": goals,
        "agreements": agreements,
        "versions": versions,
        "can_manage": policy.can_use(actor, Function.MANAGE_CASES) and not case.is_closed,
        "can_set": policy.can_use(actor, Function.SET_PLAN) and not case.is_closed,
    }


def version_get(*, case: Case, number: int) -> PlanVersion:
    version = (
        PlanVersion.objects.select_related("author", "plan")
        .filter(plan__case=case, number=number)
        .first()
    )
    if version is None:
        raise Http404
    return version


# --- snapshots as the reader sees them --------------------------------------------------------


@dataclass(frozen=True)
class SnapshotAgreement:
    what: str
    domain: str
    owner_organisation: str
    owner_user: str
    due_date: date
    status: str
    note: str


@dataclass(frozen=True)
class SnapshotView:
    status: str
    goals: list[tuple[str, str]]
    agreements: list[SnapshotAgreement]


def snapshot_view(snapshot: dict[str, Any]) -> SnapshotView:
    """A stored snapshot with its codes turned into labels in the reader's language."""
    domains = dict(LifeDomain.choices)
    interventions = dict(InterventionDomain.choices)
    statuses = dict(AgreementStatus.choices)
    return SnapshotView(
        status=str(dict(PlanStatus.choices).get(snapshot.get("status", ""), "")),
        goals=[
            (str(domains.get(goal["life_domain"], goal["life_domain"])), goal["description"])
            for goal in snapshot.get("goals", [])
        ],
        agreements=[
            SnapshotAgreement(
                what=item["what"],
                domain=str(interventions.get(item["domain"], item["domain"])),
                owner_organisation=item["owner_organisation"],
                owner_user=item["owner_user"],
                due_date=date.fromisoformat(item["due_date"]),
                status=str(statuses.get(item["status"], item["status"])),
                note=item.get("note", ""),
            )
            for item in snapshot.get("agreements", [])
        ],
    )


# --- choices for the forms --------------------------------------------------------------------


def owner_candidates(case: Case) -> QuerySet[User]:
    """Active users who work on cases in the case's house (partner professionals and house
    staff) for one of its partner organisations. Whether that organisation takes part in the
    case is checked when saving (it may be added then)."""
    return (
        User.objects.filter(
            Exists(
                Membership.objects.filter(
                    user_id=OuterRef("pk"), house_id=case.house_id, role__in=CASE_WORKERS
                )
            ),
            Exists(
                Partnership.objects.filter(
                    organisation_id=OuterRef("organisation_id"), house_id=case.house_id
                )
            ),
            is_active=True,
        )
        .select_related("organisation")
        .order_by("organisation__name", "sort_name", "id")
    )


# --- my work ----------------------------------------------------------------------------------


@dataclass
class MyWork:
    today: date
    coordinated: Page[Case] | None = None
    undated: list[Case] = field(default_factory=list)
    overdue_in_my_cases: Page[Agreement] | None = None
    my_agreements: Page[Agreement] | None = None
    delivery: Delivery | None = None


def _overdue_count(today: date) -> Any:
    overdue = (
        Agreement.objects.overdue(today)
        .filter(case_id=OuterRef("pk"))
        .order_by()
        .values("case_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(overdue, output_field=IntegerField()), Value(0))


def _agreement_rows(queryset: QuerySet[Agreement]) -> QuerySet[Agreement]:
    return queryset.select_related("case", "owner_organisation", "owner_user").only(
        "id",
        "what",
        "due_date",
        "status",
        "case__id",
        "case__number",
        "owner_organisation__name",
        "owner_user__first_name",
        "owner_user__last_name",
        "owner_user__username",
    )


def _merged_page(querysets: list[QuerySet[Agreement]], *, cursor: str | None) -> Page[Agreement]:
    """One keyset page by (due date, id) over the union of the querysets: one page of each,
    merged. Each walks its own index in due-date order; one query with OR made SQLite collect
    and sort every due-soon agreement of the organisation first (most of a second in a house
    of 500,000 agreements)."""
    pages = [
        keyset_page(queryset, order=("due_date", "id"), cursor=cursor, size=WORK_PAGE_SIZE)
        for queryset in querysets
    ]
    if len(pages) == 1:
        return pages[0]
    rows = sorted(
        {row.pk: row for page in pages for row in page.rows}.values(),
        key=lambda row: (row.due_date, row.pk),
    )
    more = len(rows) > WORK_PAGE_SIZE or any(page.next_cursor for page in pages)
    rows = rows[:WORK_PAGE_SIZE]
    last = rows[-1] if rows else None
    return Page(
        rows=rows,
        next_cursor=encode_cursor([last.due_date, last.pk]) if more and last else None,
    )


def my_work(
    *,
    actor: Actor,
    cases_cursor: str | None = None,
    overdue_cursor: str | None = None,
    mine_cursor: str | None = None,
) -> MyWork:
    """What needs the actor's attention, per role:

    - a process coordinator: the open cases they coordinate, by next review date, with the
      number of overdue agreements each; and the overdue agreements in those cases;
    - a partner professional: open agreements they or their organisation own, due within
      14 days or overdue (house staff: those they own themselves);
    - the chain manager: the house's figures per organisation.
    """
    today = timezone.localdate()
    work = MyWork(today=today)
    if actor.has_role(Role.PROCESS_COORDINATOR) and actor.user_id is not None:
        mine = (
            case_policy.visible_cases(actor)
            .filter(process_coordinator_id=actor.user_id)
            .exclude(status=CaseStatus.CLOSED)
            .only("id", "number", "status", "next_review_date")
            .annotate(overdue_count=_overdue_count(today))
        )
        work.coordinated = keyset_page(
            mine.filter(next_review_date__isnull=False),
            order=("next_review_date", "id"),
            cursor=cases_cursor,
            size=WORK_PAGE_SIZE,
        )
        # Cases without a review date need one: listed above the first page.
        work.undated = (
            []
            if cases_cursor
            else list(
                mine.filter(next_review_date__isnull=True).order_by("created_at", "id")[
                    :UNDATED_LIMIT
                ]
            )
        )
        work.overdue_in_my_cases = keyset_page(
            _agreement_rows(
                visible_agreements(actor)
                .overdue(today)
                .filter(case__process_coordinator_id=actor.user_id)
                .exclude(case__status=CaseStatus.CLOSED)
            ),
            order=("due_date", "id"),
            cursor=overdue_cursor,
            size=WORK_PAGE_SIZE,
        )
    if policy.can_use(actor, Function.VIEW_CASES) and actor.user_id is not None:
        owners = [Q(owner_user_id=actor.user_id)]
        if actor.has_role(Role.PARTNER_PROFESSIONAL) and actor.organisation_id is not None:
            owners.append(Q(owner_organisation_id=actor.organisation_id))
        attention = (
            visible_agreements(actor).needs_attention(today).exclude(case__status=CaseStatus.CLOSED)
        )
        work.my_agreements = _merged_page(
            [_agreement_rows(attention.filter(owner)) for owner in owners], cursor=mine_cursor
        )
    if policy.can_use(actor, Function.VIEW_DELIVERY):
        work.delivery = delivery(actor=actor, today=today)
    _audit_work(actor, work)
    return work


def _audit_work(actor: Actor, work: MyWork) -> None:
    """Agreements are case content: the list is logged with the persons of the cases shown."""
    case_ids: set[uuid.UUID] = set()
    if work.coordinated is not None:
        case_ids |= {case.pk for case in work.coordinated.rows}
    case_ids |= {case.pk for case in work.undated}
    for page in (work.overdue_in_my_cases, work.my_agreements):
        if page is not None:
            case_ids |= {agreement.case_id for agreement in page.rows}
    if not case_ids:
        return
    audit_record(
        actor=actor,
        action=Action.LIST,
        object_type="agreement",
        person_ids=CasePerson.objects.filter(case_id__in=case_ids)
        .values_list("person_id", flat=True)
        .distinct(),
        detail={"list": "my_work", "cases": len(case_ids)},
    )


# --- delivery per organisation ----------------------------------------------------------------


@dataclass(frozen=True)
class DeliveryRow:
    organisation_id: uuid.UUID
    organisation: str
    open: int
    overdue: int
    done_on_time: int
    done_late: int
    not_delivered: int
    cancelled: int

    @property
    def total(self) -> int:
        return (
            self.open
            + self.overdue
            + self.done_on_time
            + self.done_late
            + self.not_delivered
            + self.cancelled
        )


@dataclass(frozen=True)
class Delivery:
    rows: list[DeliveryRow]
    totals: DeliveryRow

    @property
    def by_overdue(self) -> list[DeliveryRow]:
        return sorted(
            (row for row in self.rows if row.overdue),
            key=lambda row: (-row.overdue, row.organisation),
        )


COUNTED = ("open", "overdue", "done_on_time", "done_late", "not_delivered", "cancelled")


# Where a group of agreements counts: (status, flagged) → figure. Flagged means overdue for
# an open agreement and on time for a done one (see `delivery`).
FIGURES: dict[tuple[str, bool], str] = {
    (AgreementStatus.OPEN, False): "open",
    (AgreementStatus.OPEN, True): "overdue",
    (AgreementStatus.DONE, True): "done_on_time",
    (AgreementStatus.DONE, False): "done_late",
    (AgreementStatus.NOT_DELIVERED, False): "not_delivered",
    (AgreementStatus.CANCELLED, False): "cancelled",
}


class LocalDate(TruncDate):
    """The local day of a timestamp. On SQLite, Django converts through a Python function
    called for every row (seconds over a house's agreements); SQLite's own 'localtime'
    modifier gives the same day in C while the process's time zone is the current one
    (Django sets TZ from TIME_ZONE on Unix). Elsewhere it is TruncDate."""

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        if os.environ.get("TZ") != self.get_tzname():
            return self.as_sql(compiler, connection, **extra_context)
        sql, params = compiler.compile(self.lhs)
        return f"date({sql}, 'localtime')", params


def delivery_counts(
    agreements: QuerySet[Agreement], *, today: date, by: tuple[str, ...]
) -> dict[tuple[Any, ...], dict[str, int]]:
    """The agreements counted into the delivery categories (`COUNTED`), per value of the
    fields `by` (e.g. the owning organisation, or an annotated month of the due date): open
    (not yet due on `today`), overdue (open, due before `today`), done on time, done late, not
    delivered, cancelled ("vervallen"). "On time" compares the local day of completion with the
    due date. The one definition, shared by the delivery view and the house's delivery figures
    (zvh.figures.definitions.delivery).

    One aggregate query: per group and status the number of agreements and how many of them are
    flagged (overdue, or done on time). The flagged are counted by `status`, which the index
    `agreement_delivery` holds (`id` would fetch every row; Django allows no filter on
    COUNT(*)); the local day is converted only for agreements completed on or after their due
    date's day in UTC (earlier ones are on time in any time zone)."""
    on_time = Q(completed_at__lt=F("due_date")) | Q(completed_on__lte=F("due_date"))
    flagged = Q(status=AgreementStatus.OPEN, due_date__lt=today) | (
        Q(status=AgreementStatus.DONE) & on_time
    )
    grouped = (
        agreements.order_by()
        .alias(completed_on=LocalDate("completed_at"))
        .values(*by, "status")
        .annotate(count=Count("*"), flagged=Count("status", filter=flagged))
    )
    figures: dict[tuple[Any, ...], dict[str, int]] = {}
    for item in grouped:
        counts = figures.setdefault(tuple(item[name] for name in by), dict.fromkeys(COUNTED, 0))
        for is_flagged, number in (
            (True, item["flagged"]),
            (False, item["count"] - item["flagged"]),
        ):
            if number:
                counts[FIGURES[item["status"], is_flagged]] += number
    return figures


def delivery(*, actor: Actor, today: date | None = None) -> Delivery:
    """Per owning organisation, the house's agreements in the categories of
    `delivery_counts`, in one aggregate query (one pass over the index `agreement_delivery`,
    no table rows)."""
    if not policy.can_use(actor, Function.VIEW_DELIVERY):
        return Delivery(rows=[], totals=DeliveryRow(uuid.UUID(int=0), "", 0, 0, 0, 0, 0, 0))
    figures = delivery_counts(
        visible_agreements(actor),
        today=today or timezone.localdate(),
        by=("owner_organisation_id", "owner_organisation__name"),
    )
    rows = sorted(
        (
            DeliveryRow(organisation_id=org, organisation=name, **counts)
            for (org, name), counts in figures.items()
        ),
        key=lambda row: (row.organisation, str(row.organisation_id)),
    )
    totals = DeliveryRow(
        organisation_id=uuid.UUID(int=0),
        organisation="",
        **{name: sum(getattr(row, name) for row in rows) for name in COUNTED},
    )
    return Delivery(rows=rows, totals=totals)
