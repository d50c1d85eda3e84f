"""The list behind a number (the chain manager's drill-down): the referrals or cases a figure
counted, read ALWAYS through the need-to-know rules (policy.visible_cases,
referral_policy.visible_referrals), keyset-paginated, only the columns shown, and audited as the
house's own lists are (Action.LIST with the persons shown; an export as Action.EXPORT).

The vocabulary of the parameters is the drill vocabulary of docs/decisions/0165 (interfaces of
issue 11); an unknown key or a bad value is a Dutch message and no list, never a 500.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import (
    DateTimeField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from zvh.audit.models import Action
from zvh.audit.services import audit_record
from zvh.authz.actor import Actor
from zvh.cases.models import Case, CasePerson, CaseStatus, CaseType, ClosureReason
from zvh.cases.policy import visible_cases
from zvh.core.keyset import Page, keyset_page
from zvh.intake.models import Channel, Referral, ReferralPerson, Urgency
from zvh.intake.policy import visible_referrals
from zvh.triage.models import Assessment, Decision

PAGE_SIZE = 50
EXPORT_LIMIT = 10_000
LISTS = ("referrals", "cases")
CURSOR = "na"
FORMAT = "format"
# Keys each list understands (besides `list` itself, the cursor and the format).
_COMMON = ("from", "to", "date", "municipality", "referring_organisation")
KEYS = {
    "referrals": (*_COMMON, "channel", "urgency", "decision"),
    "cases": (
        *_COMMON,
        "open_on",
        "theme",
        "case_type",
        "process_coordinator",
        "closure_reason",
        "receiving_party",
        "status",
    ),
}
DATES = {"referrals": ("received",), "cases": ("opened", "closed")}
_CHOICES = {
    "channel": {str(value) for value in Channel.values} | {"entered_directly"},
    "urgency": set(Urgency.values),
    "decision": set(Decision.values),
    "case_type": set(CaseType.values),
    "closure_reason": set(ClosureReason.values),
    "status": set(CaseStatus.values) | {"open"},
}
_IDS = ("municipality", "referring_organisation", "theme")


@dataclass
class Drill:
    kind: str = ""  # "referrals" or "cases"
    params: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return bool(self.kind) and not self.errors


def parse_drill(query: Any) -> Drill:
    """The query string's drill parameters, checked; `errors` holds Dutch messages."""
    drill = Drill()
    list_name = query.get("list", "")
    if not list_name:
        return drill
    if list_name not in LISTS:
        drill.errors.append(_("Onbekende lijst: kies aanmeldingen of casussen."))
        return drill
    drill.kind = list_name
    allowed = set(KEYS[list_name]) | {"list", CURSOR, FORMAT}
    for key in sorted(set(query.keys()) - allowed):
        drill.errors.append(_("Onbekende parameter „%(key)s”.") % {"key": key[:40]})
    for key in KEYS[list_name]:
        value = query.get(key, "")
        if value == "":
            continue
        message = _check(list_name, key, value)
        if message:
            drill.errors.append(message)
        else:
            drill.params[key] = value
    start, end = drill.params.get("from"), drill.params.get("to")
    if start and end and date.fromisoformat(end) < date.fromisoformat(start):
        drill.errors.append(_("De einddatum ligt vóór de begindatum."))
    return drill


def _check(list_name: str, key: str, value: str) -> str:
    if key in ("from", "to", "open_on"):
        try:
            date.fromisoformat(value)
        except ValueError:
            return _("„%(key)s” is geen geldige datum (jjjj-mm-dd).") % {"key": key}
        return ""
    if key == "date":
        if value not in DATES[list_name]:
            return _("Onbekende datumsoort „%(value)s”.") % {"value": value[:40]}
        return ""
    if key in _IDS or (key == "receiving_party" and _is_uuid(value)):
        return "" if _is_uuid(value) else _("„%(key)s” is geen geldige sleutel.") % {"key": key}
    if key == "process_coordinator":
        return "" if value.isdigit() else _("„%(key)s” is geen geldige sleutel.") % {"key": key}
    if key in _CHOICES and value not in _CHOICES[key]:
        return _("Onbekende waarde voor „%(key)s”.") % {"key": key}
    return ""


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _day_start(value: str, *, after: bool = False) -> datetime:
    day = date.fromisoformat(value) + (timedelta(days=1) if after else timedelta())
    return timezone.make_aware(datetime.combine(day, time.min))


# --- referrals ---------------------------------------------------------------------------------


def _referrals(actor: Actor, params: dict[str, str]) -> QuerySet[Referral]:
    queryset = visible_referrals(actor)
    if "from" in params:
        queryset = queryset.filter(received_at__gte=_day_start(params["from"]))
    if "to" in params:
        queryset = queryset.filter(received_at__lt=_day_start(params["to"], after=True))
    if params.get("channel") == "entered_directly":
        queryset = queryset.filter(entered_without_triage=True)
    elif "channel" in params:
        queryset = queryset.filter(channel=params["channel"])
    if "urgency" in params:
        queryset = queryset.filter(urgency=params["urgency"])
    if "decision" in params:
        current = Assessment.objects.filter(
            referral_id=OuterRef("pk"), is_current=True, decision=params["decision"]
        )
        queryset = queryset.filter(Exists(current))
    if "municipality" in params:
        queryset = queryset.filter(municipality_id=uuid.UUID(params["municipality"]))
    if "referring_organisation" in params:
        queryset = queryset.filter(
            referring_organisation_id=uuid.UUID(params["referring_organisation"])
        )
    return queryset


def _listed_referrals(queryset: QuerySet[Referral]) -> QuerySet[Referral]:
    return (
        queryset.select_related("referring_organisation")
        .only(
            "id",
            "number",
            "received_at",
            "status",
            "urgency",
            "channel",
            "referring_organisation__name",
        )
        .prefetch_related(
            Prefetch(
                "referral_persons",
                queryset=ReferralPerson.objects.select_related("person").only(
                    "referral_id",
                    "person__id",
                    "person__given_names",
                    "person__surname_prefix",
                    "person__surname",
                ),
            )
        )
    )


# --- cases ---------------------------------------------------------------------------------------


def _cases(actor: Actor, params: dict[str, str]) -> QuerySet[Case]:
    queryset = visible_cases(actor).annotate(
        opened=Coalesce(F("opened_at"), F("created_at"), output_field=DateTimeField())
    )
    bound = "closed_at" if params.get("date") == "closed" else "opened"
    if "from" in params:
        queryset = queryset.filter(**{f"{bound}__gte": _day_start(params["from"])})
    if "to" in params:
        queryset = queryset.filter(**{f"{bound}__lt": _day_start(params["to"], after=True)})
    if "open_on" in params:
        day = params["open_on"]
        queryset = queryset.filter(opened__lt=_day_start(day, after=True)).filter(
            Q(closed_at__isnull=True) | Q(closed_at__gte=_day_start(day))
        )
    status = params.get("status")
    if status == "open":
        queryset = queryset.exclude(status=CaseStatus.CLOSED)
    elif status:
        queryset = queryset.filter(status=status)
    for key, lookup in (
        ("municipality", "municipality_id"),
        ("referring_organisation", "referring_organisation_id"),
        ("case_type", "case_type"),
        ("process_coordinator", "process_coordinator_id"),
        ("closure_reason", "closure_reason"),
    ):
        if key in params:
            queryset = queryset.filter(**{lookup: params[key]})
    if "theme" in params:
        queryset = queryset.filter(
            Exists(
                Case.themes.through.objects.filter(case_id=OuterRef("pk"), theme_id=params["theme"])
            )
        )
    receiving = params.get("receiving_party")
    if receiving and _is_uuid(receiving):
        queryset = queryset.filter(receiving_organisation_id=uuid.UUID(receiving))
    elif receiving:
        queryset = queryset.filter(receiving_party=receiving)
    return queryset


def _listed_cases(queryset: QuerySet[Case]) -> QuerySet[Case]:
    return (
        queryset.select_related("process_coordinator")
        .only(
            "id",
            "number",
            "status",
            "case_type",
            "opened_at",
            "created_at",
            "closed_at",
            "process_coordinator__id",
            "process_coordinator__first_name",
            "process_coordinator__last_name",
        )
        .prefetch_related(
            Prefetch(
                "case_persons",
                queryset=CasePerson.objects.select_related("person").only(
                    "case_id",
                    "person__id",
                    "person__given_names",
                    "person__surname_prefix",
                    "person__surname",
                ),
            )
        )
    )


def _person_ids(rows: list[Any], list_name: str) -> list[uuid.UUID]:
    links = "referral_persons" if list_name == "referrals" else "case_persons"
    return [link.person_id for row in rows for link in getattr(row, links).all()]


# --- the page and the export ---------------------------------------------------------------------


def figure_list(*, actor: Actor, drill: Drill, cursor: str | None) -> Page[Any]:
    """One page of the list, newest first, audited like the house's own lists."""
    if drill.kind == "referrals":
        page: Page[Any] = keyset_page(
            _listed_referrals(_referrals(actor, drill.params)),
            order=("-received_at", "-id"),
            cursor=cursor,
            size=PAGE_SIZE,
        )
        object_type = "referral"
    else:
        page = keyset_page(
            _listed_cases(_cases(actor, drill.params)),
            order=("-created_at", "-id"),
            cursor=cursor,
            size=PAGE_SIZE,
        )
        object_type = "case"
    audit_record(
        actor=actor,
        action=Action.LIST,
        object_type=object_type,
        person_ids=_person_ids(page.rows, drill.kind),
        detail={"list": f"figures:{drill.kind}", "drill": drill.params},
    )
    return page


def figure_list_export(*, actor: Actor, drill: Drill) -> tuple[list[str], list[list[str]]]:
    """The whole list (up to EXPORT_LIMIT rows) for a CSV: numbers, dates and codes, no names;
    audited as an export naming the persons of the rows."""
    ids: Iterable[uuid.UUID]
    if drill.kind == "referrals":
        referrals = _referrals(actor, drill.params).order_by("-received_at", "-id")[:EXPORT_LIMIT]
        header = ["aanmeldnummer", "ontvangen", "kanaal", "urgentie", "status"]
        rows = [
            [
                r.number,
                timezone.localtime(r.received_at).date().isoformat(),
                r.channel,
                r.urgency,
                r.status,
            ]
            for r in referrals.only("id", "number", "received_at", "channel", "urgency", "status")
        ]
        ids = ReferralPerson.objects.filter(referral__in=referrals.values("pk")).values_list(
            "person_id", flat=True
        )
        object_type = "referral"
    else:
        cases = _cases(actor, drill.params).order_by("-created_at", "-id")[:EXPORT_LIMIT]
        header = ["casusnummer", "geopend", "afgesloten", "soort", "status", "reden afsluiten"]
        rows = [
            [
                c.number,
                _day(c.opened_at or c.created_at),
                _day(c.closed_at),
                c.case_type,
                c.status,
                c.closure_reason,
            ]
            for c in cases.only(
                "id",
                "number",
                "case_type",
                "status",
                "closed_at",
                "closure_reason",
                "opened_at",
                "created_at",
            )
        ]
        ids = CasePerson.objects.filter(case__in=cases.values("pk")).values_list(
            "person_id", flat=True
        )
        object_type = "case"
    audit_record(
        actor=actor,
        action=Action.EXPORT,
        object_type=object_type,
        person_ids=list(ids),
        detail={
            "list": f"figures:{drill.kind}",
            "drill": drill.params,
            "format": "csv",
            "count": len(rows),
        },
    )
    return header, rows


def _day(value: datetime | None) -> str:
    return "" if value is None else timezone.localtime(value).date().isoformat()
