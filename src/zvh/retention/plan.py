"""What retention removes on a given day. The dry run lists this plan; the run carries it out,
checking each item again in its own transaction (the same queries, narrowed to the item).

- A closed case past its term goes, with everything hanging off it (see deletion.py), and
  the referrals that belong to it: the one that opened it, and those linked to it that are
  neither open nor the origin of another case.
- A referral not accepted past its term goes: decided otherwise than "accepted", withdrawn, or
  forwarded to another house (the term counts from that moment). Accepted referrals go with
  their case.
- A person goes when nothing holds them any more: freed by the cases and referrals above, or
  registered and held by no case or referral for longer than the house's referral term.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import DateTimeField, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from zvh.cases.models import Case, CasePerson, CaseStatus
from zvh.intake.models import Referral, ReferralPerson, ReferralStatus
from zvh.intake.services import OPEN_REFERRAL_STATUSES
from zvh.people.models import Person
from zvh.triage.models import Assessment, Decision

from .audit_expiry import AuditExpiry, audit_expiry_plan
from .models import DeletedObject, RetentionKind
from .terms import expiry_cutoff

NOT_ACCEPTED = (Decision.NOT_ACCEPTED, Decision.REFERRED_ELSEWHERE, Decision.CONSULTATION)
# Ended without a triage decision; the referral does not change after that.
ENDED_UNDECIDED = (ReferralStatus.WITHDRAWN, ReferralStatus.FORWARDED)

Terms = dict[uuid.UUID, dict[str, int]]


@dataclass(frozen=True)
class Item:
    object_type: DeletedObject
    object_id: uuid.UUID
    house_id: uuid.UUID
    term: RetentionKind
    term_months: int
    term_started_on: datetime.date

    def for_(self, object_type: DeletedObject, object_id: uuid.UUID) -> Item:
        """Another object that goes under this item's term (a case's referral, a person)."""
        return Item(
            object_type, object_id, self.house_id, self.term, self.term_months, self.term_started_on
        )


@dataclass
class RetentionPlan:
    today: datetime.date
    cases: list[Item] = field(default_factory=list)
    # The referrals that go with each case, removed in the case's transaction.
    case_referrals: dict[uuid.UUID, list[Item]] = field(default_factory=dict)
    referrals: list[Item] = field(default_factory=list)
    persons: list[Item] = field(default_factory=list)
    audit: AuditExpiry | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.cases or self.referrals or self.persons or self.audit)

    def items(self) -> list[Item]:
        with_cases = [item for items in self.case_referrals.values() for item in items]
        return [*self.cases, *with_cases, *self.referrals, *self.persons]


def retention_plan(*, today: datetime.date, terms: Terms) -> RetentionPlan:
    plan = RetentionPlan(today=today)
    for house_id, months in terms.items():
        plan.cases += _items(
            closed_cases(house_id, today, months[RetentionKind.CLOSED_CASE]),
            DeletedObject.CASE,
            house_id,
            RetentionKind.CLOSED_CASE,
            months[RetentionKind.CLOSED_CASE],
        )
    plan.case_referrals = _referrals_of(plan.cases)
    going = {item.object_id for items in plan.case_referrals.values() for item in items}
    for house_id, months in terms.items():
        term = months[RetentionKind.REFERRAL_NOT_ACCEPTED]
        plan.referrals += [
            item
            for item in _items(
                not_accepted_referrals(house_id, today, term),
                DeletedObject.REFERRAL,
                house_id,
                RetentionKind.REFERRAL_NOT_ACCEPTED,
                term,
            )
            if item.object_id not in going
        ]
    plan.persons = _freed_persons(plan)
    freed = {item.object_id for item in plan.persons}
    for house_id, months in terms.items():
        term = months[RetentionKind.REFERRAL_NOT_ACCEPTED]
        plan.persons += [
            item
            for item in _items(
                unheld_persons(house_id, today, term),
                DeletedObject.PERSON,
                house_id,
                RetentionKind.REFERRAL_NOT_ACCEPTED,
                term,
            )
            if item.object_id not in freed
        ]
    plan.audit = audit_expiry_plan(today=today, terms=terms)
    return plan


# --- the queries, also used to check an item again just before it goes ------------------------


def closed_cases(house_id: uuid.UUID, today: datetime.date, months: int) -> QuerySet[Case]:
    """Closed past the term. A case closed before closing was recorded counts from its last
    change."""
    return (
        Case.objects.filter(house_id=house_id, status=CaseStatus.CLOSED)
        .annotate(term_start=Coalesce("closed_at", "updated_at"))
        .filter(term_start__lt=expiry_cutoff(today, months))
    )


def not_accepted_referrals(
    house_id: uuid.UUID, today: datetime.date, months: int
) -> QuerySet[Referral]:
    cutoff = expiry_cutoff(today, months)
    current = Assessment.objects.filter(referral=OuterRef("pk"), is_current=True)
    decided = Q(
        status=ReferralStatus.DECIDED,
        decision__in=NOT_ACCEPTED,
        decided_at__lt=cutoff,
    )
    ended = Q(status__in=ENDED_UNDECIDED, updated_at__lt=cutoff)
    return (
        Referral.objects.filter(house_id=house_id, case__isnull=True)
        .annotate(
            decision=Subquery(current.values("decision")[:1]),
            decided_at=Subquery(current.values("decided_at")[:1], output_field=DateTimeField()),
        )
        .filter(decided | ended)
        .annotate(term_start=Coalesce("decided_at", "updated_at", output_field=DateTimeField()))
    )


def unheld_persons(house_id: uuid.UUID, today: datetime.date, months: int) -> QuerySet[Person]:
    """Registered, unchanged for the referral term, and in no case or referral."""
    return (
        Person.objects.filter(house_id=house_id, updated_at__lt=expiry_cutoff(today, months))
        .filter(
            ~Exists(CasePerson.objects.filter(person_id=OuterRef("pk"))),
            ~Exists(ReferralPerson.objects.filter(person_id=OuterRef("pk"))),
        )
        .annotate(term_start=F("updated_at"))
    )


def _items(
    queryset: QuerySet,
    object_type: DeletedObject,
    house_id: uuid.UUID,
    term: RetentionKind,
    months: int,
) -> list[Item]:
    rows = queryset.order_by("term_start", "id").values_list("id", "term_start")
    return [
        Item(object_type, object_id, house_id, term, months, timezone.localdate(start))
        for object_id, start in rows
    ]


def _referrals_of(cases: list[Item]) -> dict[uuid.UUID, list[Item]]:
    by_id = {item.object_id: item for item in cases}
    if not by_id:
        return {}
    pairs: list[tuple[uuid.UUID, uuid.UUID]] = list(
        Case.objects.filter(pk__in=by_id, origin_referral__isnull=False).values_list(
            "id", "origin_referral_id"
        )
    )
    pairs += (
        Referral.objects.filter(linked_case_id__in=by_id)
        .exclude(status__in=OPEN_REFERRAL_STATUSES)
        .filter(Q(case__isnull=True) | Q(case__in=list(by_id)))
        .order_by("received_at", "id")
        .values_list("linked_case_id", "id")
    )
    result: dict[uuid.UUID, list[Item]] = {}
    seen: set[uuid.UUID] = set()
    for case_id, referral_id in pairs:
        if referral_id not in seen:
            seen.add(referral_id)
            item = by_id[case_id].for_(DeletedObject.REFERRAL, referral_id)
            result.setdefault(case_id, []).append(item)
    return result


def _freed_persons(plan: RetentionPlan) -> list[Item]:
    """The persons of the plan's cases and referrals whom nothing else holds."""
    cases = {item.object_id: item for item in plan.cases}
    referrals = {
        item.object_id: item for item in plan.items() if item.object_type == DeletedObject.REFERRAL
    }
    origin: dict[uuid.UUID, Item] = {}
    links: Iterable[tuple[uuid.UUID, uuid.UUID]] = CasePerson.objects.filter(
        case_id__in=list(cases)
    ).values_list("case_id", "person_id")
    for case_id, person_id in links:
        origin.setdefault(person_id, cases[case_id])
    links = ReferralPerson.objects.filter(referral_id__in=list(referrals)).values_list(
        "referral_id", "person_id"
    )
    for referral_id, person_id in links:
        origin.setdefault(person_id, referrals[referral_id])
    held = set(
        CasePerson.objects.filter(person_id__in=list(origin))
        .exclude(case_id__in=list(cases))
        .values_list("person_id", flat=True)
    ) | set(
        ReferralPerson.objects.filter(person_id__in=list(origin))
        .exclude(referral_id__in=list(referrals))
        .values_list("person_id", flat=True)
    )
    return sorted(
        (
            item.for_(DeletedObject.PERSON, person_id)
            for person_id, item in origin.items()
            if person_id not in held
        ),
        key=lambda item: (str(item.house_id), item.term_started_on, str(item.object_id)),
    )
