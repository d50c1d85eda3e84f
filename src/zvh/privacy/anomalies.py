"""The privacy officer's anomaly report: what in the access log of the house over a period
deserves a second look. Aggregate queries over the events of the house and period (index
`audit_house_time`), joined to the per-person index where persons count. No content is read
and no person is named; the report names users and organisations.

What counts (docs/decisions/0146-covenant-warnings-and-privacy-officer-tools.md):

- **Reads outside one's cases**: a successful read of case or person data by an actor whose
  access is bound to participation (a partner professional without a house-staff role in the
  house, or a partner application), concerning a person of whom the actor's organisation, at
  that moment, took part in no case. The policy refuses such reads, so a hit means a gap in the
  policy or a participation ended in the same instant; next to them the denied reads of case or
  person data, by anyone: the attempts.
- **Denial spikes**: more than `denials_per_day` refused requests by one actor on one day.
- **Bulk reads**: more than `reads_per_hour` distinct persons read by one actor in one clock
  hour; and every export or print, listed one by one.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate, TruncHour
from django.utils import timezone

from zvh.audit.models import Action, AuditEvent, AuditEventPerson, Result
from zvh.audit.references import object_references, object_type_label
from zvh.audit.services import audit_record
from zvh.authz.actor import Actor
from zvh.cases.models import CaseParticipant
from zvh.core.keyset import keyset_page
from zvh.network.models import Membership, Role
from zvh.people.access_report import ActorNames, actor_names

REPORT = "anomaly_report"
DEFAULT_DENIALS_PER_DAY = 10
DEFAULT_READS_PER_HOUR = 100
DEFAULT_PERIOD_DAYS = 7
MAX_PERIOD_DAYS = 92
# Each aggregate shows its largest rows; more means: narrow the period or raise a threshold.
SECTION_LIMIT = 100
EXPORT_PAGE_SIZE = 50

READ_ACTIONS = (Action.VIEW, Action.LIST, Action.SEARCH, Action.EXPORT, Action.PRINT)
EXPORT_ACTIONS = (Action.EXPORT, Action.PRINT)
# Object types whose events show a case or the persons in it: what participation opens to a
# partner. Referrals, triage and conferences are opened otherwise (own referral, invitation).
CASE_DATA_TYPES = (
    "case",
    "case_note",
    "case_participant",
    "case_review",
    "plan",
    "agreement",
    "escalation",
    "person",
)
HOUSE_WIDE_ROLES = (Role.CHAIN_MANAGER, Role.PROCESS_COORDINATOR)
ACTOR_FIELDS = ("user_id", "api_token_id", "organisation_id")


@dataclass(frozen=True)
class Criteria:
    start: date
    end: date  # inclusive
    denials_per_day: int = DEFAULT_DENIALS_PER_DAY
    reads_per_hour: int = DEFAULT_READS_PER_HOUR

    @classmethod
    def default(cls, today: date) -> Criteria:
        return cls(start=today - timedelta(days=DEFAULT_PERIOD_DAYS - 1), end=today)

    def bounds(self) -> tuple[datetime, datetime]:
        """Start of the first day to start of the day after the last, in local time."""
        zone = timezone.get_current_timezone()
        return (
            datetime.combine(self.start, time.min, tzinfo=zone),
            datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=zone),
        )


@dataclass(frozen=True)
class OutsideRow:
    user: str
    organisation: str
    via_api: bool
    reads: int  # successful reads outside the actor's cases (events)
    persons: int  # distinct persons in them
    denied: int  # denied reads of case or person data
    first: datetime
    last: datetime


@dataclass(frozen=True)
class SpikeRow:
    user: str
    organisation: str
    via_api: bool
    day: date
    denials: int


@dataclass(frozen=True)
class BulkRow:
    user: str
    organisation: str
    via_api: bool
    hour: datetime
    persons: int


@dataclass(frozen=True)
class ExportRow:
    occurred_at: datetime
    user: str
    organisation: str
    via_api: bool
    action: str
    object_type: str
    object_id: str
    persons: int
    denied: bool
    reference: str = ""  # the object's case or referral number, or "" (decision 0181)


@dataclass(frozen=True)
class Section:
    rows: list[Any]
    truncated: bool


@dataclass(frozen=True)
class AnomalyReport:
    criteria: Criteria
    outside: Section
    spikes: Section
    bulk: Section
    exports: list[ExportRow]
    next_cursor: str | None


def _house_events(house_id: uuid.UUID, criteria: Criteria) -> QuerySet[AuditEvent]:
    start, end = criteria.bounds()
    return AuditEvent.objects.filter(
        house_id=house_id, occurred_at__gte=start, occurred_at__lt=end
    ).order_by()


def _house_links(house_id: uuid.UUID, criteria: Criteria) -> QuerySet[AuditEventPerson]:
    start, end = criteria.bounds()
    return AuditEventPerson.objects.filter(
        event__house_id=house_id, event__occurred_at__gte=start, event__occurred_at__lt=end
    ).order_by()


def _participation_bound(house_id: uuid.UUID) -> Q:
    """Events by actors whose access follows participation: partner applications, and users
    who are partner professionals of the house without a house-wide role (roles as now)."""
    staff = Membership.objects.filter(house_id=house_id, role__in=HOUSE_WIDE_ROLES)
    partners = Membership.objects.filter(house_id=house_id, role=Role.PARTNER_PROFESSIONAL).exclude(
        user_id__in=staff.values("user_id")
    )
    return Q(event__api_token_id__isnull=False) | Q(event__user_id__in=partners.values("user_id"))


def _outside(house_id: uuid.UUID, criteria: Criteria) -> list[dict[str, Any]]:
    # A participation of the actor's organisation in a case of the person, running at the
    # moment of the event.
    took_part = CaseParticipant.objects.filter(
        Q(ended_at__isnull=True) | Q(ended_at__gt=OuterRef("event__occurred_at")),
        case__case_persons__person_id=OuterRef("person_id"),
        organisation_id=OuterRef("event__organisation_id"),
        added_at__lte=OuterRef("event__occurred_at"),
    )
    return list(
        _house_links(house_id, criteria)
        .filter(
            _participation_bound(house_id),
            event__action__in=READ_ACTIONS,
            event__result=Result.OK,
            event__object_type__in=CASE_DATA_TYPES,
        )
        .exclude(Exists(took_part))
        .values(*(f"event__{name}" for name in ACTOR_FIELDS))
        .annotate(
            reads=Count("event", distinct=True),
            persons=Count("person_id", distinct=True),
            first=Min("event__occurred_at"),
            last=Max("event__occurred_at"),
        )
        .order_by("-reads", "event__user_id")[: SECTION_LIMIT + 1]
    )


def _denied_reads(house_id: uuid.UUID, criteria: Criteria) -> list[dict[str, Any]]:
    return list(
        _house_events(house_id, criteria)
        .filter(result=Result.DENIED, object_type__in=CASE_DATA_TYPES)
        .values(*ACTOR_FIELDS)
        .annotate(denied=Count("id"), first=Min("occurred_at"), last=Max("occurred_at"))
        .order_by("-denied", "user_id")[: SECTION_LIMIT + 1]
    )


def _outside_rows(house_id: uuid.UUID, criteria: Criteria) -> tuple[list[dict[str, Any]], bool]:
    """Both aggregates merged per actor, most reads outside first."""
    merged: dict[tuple[Any, ...], dict[str, Any]] = {}
    outside = _outside(house_id, criteria)
    denied = _denied_reads(house_id, criteria)
    for row in outside:
        key = tuple(row[f"event__{name}"] for name in ACTOR_FIELDS)
        merged[key] = {
            "reads": row["reads"],
            "persons": row["persons"],
            "denied": 0,
            "first": row["first"],
            "last": row["last"],
        }
    for row in denied:
        key = tuple(row[name] for name in ACTOR_FIELDS)
        entry = merged.setdefault(
            key, {"reads": 0, "persons": 0, "denied": 0, "first": row["first"], "last": row["last"]}
        )
        entry["denied"] = row["denied"]
        entry["first"] = min(entry["first"], row["first"])
        entry["last"] = max(entry["last"], row["last"])
    rows = [dict(zip(ACTOR_FIELDS, key, strict=True), **values) for key, values in merged.items()]
    rows.sort(key=lambda row: (-row["reads"], -row["denied"], str(row["user_id"])))
    truncated = len(outside) > SECTION_LIMIT or len(denied) > SECTION_LIMIT
    return rows[:SECTION_LIMIT], truncated


def _spikes(house_id: uuid.UUID, criteria: Criteria) -> list[dict[str, Any]]:
    day = TruncDate("occurred_at", tzinfo=timezone.get_current_timezone())
    return list(
        _house_events(house_id, criteria)
        .filter(result=Result.DENIED)
        .annotate(day=day)
        .values(*ACTOR_FIELDS, "day")
        .annotate(denials=Count("id"))
        .filter(denials__gt=criteria.denials_per_day)
        .order_by("-denials", "day", "user_id")[: SECTION_LIMIT + 1]
    )


def _bulk(house_id: uuid.UUID, criteria: Criteria) -> list[dict[str, Any]]:
    hour = TruncHour("event__occurred_at", tzinfo=timezone.get_current_timezone())
    return list(
        _house_links(house_id, criteria)
        .filter(event__action__in=READ_ACTIONS, event__result=Result.OK)
        .annotate(hour=hour)
        .values(*(f"event__{name}" for name in ACTOR_FIELDS), "hour")
        .annotate(persons=Count("person_id", distinct=True))
        .filter(persons__gt=criteria.reads_per_hour)
        .order_by("-persons", "hour", "event__user_id")[: SECTION_LIMIT + 1]
    )


def _actor(row: dict[str, Any], names: ActorNames, prefix: str = "") -> dict[str, Any]:
    user_id, token_id = row[f"{prefix}user_id"], row[f"{prefix}api_token_id"]
    return {
        "user": names.user(user_id, token_id),
        "organisation": names.organisation(row[f"{prefix}organisation_id"]),
        "via_api": token_id is not None,
    }


def anomaly_report(*, actor: Actor, criteria: Criteria, cursor: str | None = None) -> AnomalyReport:
    """The caller has checked the function (VIEW_ACCESS_LOG); the house is the actor's. The
    view of the report is itself recorded, after the read."""
    house_id = actor.house_id
    if house_id is None:
        raise PermissionError("the anomaly report needs a house")
    outside, outside_truncated = _outside_rows(house_id, criteria)
    spikes = _spikes(house_id, criteria)
    bulk = _bulk(house_id, criteria)
    page = keyset_page(
        _house_events(house_id, criteria)
        .filter(action__in=EXPORT_ACTIONS)
        .only(
            *ACTOR_FIELDS,
            "id",
            "occurred_at",
            "action",
            "object_type",
            "object_id",
            "person_ids",
            "result",
        ),
        order=("-occurred_at", "-id"),
        cursor=cursor,
        size=EXPORT_PAGE_SIZE,
    )
    names = actor_names(
        [row["user_id"] for row in outside + spikes]
        + [row["event__user_id"] for row in bulk]
        + [event.user_id for event in page.rows],
        [row["organisation_id"] for row in outside + spikes]
        + [row["event__organisation_id"] for row in bulk]
        + [event.organisation_id for event in page.rows],
    )
    references = object_references((event.object_type, event.object_id) for event in page.rows)
    report = AnomalyReport(
        criteria=criteria,
        outside=Section(
            rows=[
                OutsideRow(
                    **_actor(row, names),
                    reads=row["reads"],
                    persons=row["persons"],
                    denied=row["denied"],
                    first=row["first"],
                    last=row["last"],
                )
                for row in outside
            ],
            truncated=outside_truncated,
        ),
        spikes=Section(
            rows=[
                SpikeRow(**_actor(row, names), day=row["day"], denials=row["denials"])
                for row in spikes[:SECTION_LIMIT]
            ],
            truncated=len(spikes) > SECTION_LIMIT,
        ),
        bulk=Section(
            rows=[
                BulkRow(**_actor(row, names, "event__"), hour=row["hour"], persons=row["persons"])
                for row in bulk[:SECTION_LIMIT]
            ],
            truncated=len(bulk) > SECTION_LIMIT,
        ),
        exports=[
            ExportRow(
                occurred_at=event.occurred_at,
                user=names.user(event.user_id, event.api_token_id),
                organisation=names.organisation(event.organisation_id),
                via_api=event.api_token_id is not None,
                action=event.get_action_display(),
                object_type=object_type_label(event.object_type),
                object_id=event.object_id,
                persons=len(event.person_ids),
                denied=event.result == Result.DENIED,
                reference=references.get((event.object_type, event.object_id), ""),
            )
            for event in page.rows
        ],
        next_cursor=page.next_cursor,
    )
    audit_record(
        actor=actor,
        action=Action.VIEW,
        object_type=REPORT,
        detail={
            "from": criteria.start.isoformat(),
            "to": criteria.end.isoformat(),
            "denials_per_day": criteria.denials_per_day,
            "reads_per_hour": criteria.reads_per_hour,
        },
    )
    return report
