"""The mayor's briefing: which cases of the bestuurder's municipality need their attention, and
how they are doing, in a traffic light, without the content of the case.

Which cases: zvh.briefing.policy. What is shown of each: the case number, the light, the
date of the last review and, only where the house's FigureSettings.mayor_briefing_names allows
it, the initials of the case's persons. Every view is one access-log event that names the
persons of the cases shown. See docs/decisions/0168.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from django.db.models import Exists, Max, OuterRef, Prefetch, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zvh.audit.models import Action
from zvh.audit.services import audit_record
from zvh.authz.actor import Actor
from zvh.briefing.policy import briefing_cases, briefing_municipality_id
from zvh.cases.models import (
    Case,
    CasePerson,
    CaseReview,
    Escalation,
    EscalationStatus,
)
from zvh.escalation.policy import addressed_escalations
from zvh.figures.models import BriefingNames
from zvh.figures.settings import figure_settings
from zvh.network.models import Municipality
from zvh.plans.models import Agreement, AgreementStatus

# More would not be a briefing; the page says so when the list is cut.
BRIEFING_LIMIT = 200
WAITING_LIMIT = 20

# Escalations still open: proposed (not yet raised) or raised (not yet answered).
OPEN_ESCALATION = (EscalationStatus.PROPOSED, EscalationStatus.RAISED)


class Light(StrEnum):
    """The traffic light, worst first (the rule: decision 0168 and the page's explanation)."""

    STUCK = "stuck"
    ATTENTION = "attention"
    ON_TRACK = "on_track"

    @property
    def label(self) -> str:
        return str(LIGHT_LABELS[self])


LIGHT_LABELS = {
    Light.STUCK: _("Vastgelopen"),
    Light.ATTENTION: _("Aandacht"),
    Light.ON_TRACK: _("Op koers"),
}
LIGHT_ORDER = {Light.STUCK: 0, Light.ATTENTION: 1, Light.ON_TRACK: 2}


def traffic_light(*, open_escalation: bool, overdue_agreement: bool, review_overdue: bool) -> Light:
    """Stuck: an open escalation, or an overdue agreement and a passed review date together.
    Attention: one of an overdue agreement or a passed review date. On track: neither."""
    if open_escalation:
        return Light.STUCK
    if overdue_agreement and review_overdue:
        return Light.STUCK
    if overdue_agreement or review_overdue:
        return Light.ATTENTION
    return Light.ON_TRACK


def initials(given_names: str, surname_prefix: str, surname: str) -> str:
    """ "Kevin Bakker" -> "K.B."; "Bram van den Heuvel" -> "B.v.d.H." (no full name leaves)."""
    parts = [*given_names.split(), *surname_prefix.split(), *surname.split()]
    return "".join(f"{part[0]}." for part in parts if part)


@dataclass(frozen=True)
class BriefingRow:
    case_id: uuid.UUID
    number: str
    light: Light
    last_review: date | None
    initials: list[str] = field(default_factory=list)


@dataclass
class Briefing:
    enabled: bool
    municipality: str = ""  # the bestuurder's municipality; "" when they have none
    rows: list[BriefingRow] = field(default_factory=list)
    truncated: bool = False
    with_initials: bool = False

    def count(self, light: Light) -> int:
        return sum(1 for row in self.rows if row.light == light)

    @property
    def counts(self) -> list[tuple[Light, int]]:
        return [(light, self.count(light)) for light in Light]


def _municipality_name(municipality_id: uuid.UUID | None) -> str:
    if municipality_id is None:
        return ""
    return (
        Municipality.objects.filter(pk=municipality_id).values_list("name", flat=True).first() or ""
    )


def _rows(actor: Actor, municipality_id: uuid.UUID, today: date, with_initials: bool) -> list[Case]:
    open_escalation = Exists(
        Escalation.objects.filter(case_id=OuterRef("pk"), status__in=OPEN_ESCALATION)
    )
    overdue_agreement = Exists(
        Agreement.objects.filter(
            case_id=OuterRef("pk"), status=AgreementStatus.OPEN, due_date__lt=today
        )
    )
    last_review = Subquery(
        CaseReview.objects.filter(case_id=OuterRef("pk"))
        .order_by()
        .values("case_id")
        .annotate(last=Max("held_on"))
        .values("last")[:1]
    )
    persons = CasePerson.objects.only("case_id", "person_id")
    if with_initials:
        persons = CasePerson.objects.select_related("person").only(
            "case_id",
            "person_id",
            "person__given_names",
            "person__surname_prefix",
            "person__surname",
        )
    queryset = (
        briefing_cases(actor, municipality_id=municipality_id)
        .annotate(
            has_open_escalation=open_escalation,
            has_overdue_agreement=overdue_agreement,
            last_review_on=last_review,
        )
        .only("id", "number", "next_review_date")
        .prefetch_related(Prefetch("case_persons", queryset=persons.order_by("person_id")))
        .order_by("number", "id")
    )
    return list(queryset[: BRIEFING_LIMIT + 1])


def mayor_briefing(*, actor: Actor, today: date | None = None) -> Briefing:
    """The actor's briefing, audited; `enabled=False` (and nothing else) when the house did not
    enable it."""
    if actor.house_id is None:  # the door needs a house: never reached without one
        raise Http404
    settings = figure_settings(actor.house_id)
    if not settings.mayor_briefing_enabled:
        audit_record(
            actor=actor,
            action=Action.VIEW,
            object_type="mayor_briefing",
            detail={"enabled": False},
        )
        return Briefing(enabled=False)
    today = today or timezone.localdate()
    municipality_id = briefing_municipality_id(actor)
    with_initials = settings.mayor_briefing_names == BriefingNames.INITIALS
    briefing = Briefing(
        enabled=True,
        municipality=_municipality_name(municipality_id),
        with_initials=with_initials,
    )
    cases = _rows(actor, municipality_id, today, with_initials) if municipality_id else []
    briefing.truncated = len(cases) > BRIEFING_LIMIT
    cases = cases[:BRIEFING_LIMIT]
    person_ids: list[uuid.UUID] = []
    for case in cases:
        links = list(case.case_persons.all())
        person_ids.extend(link.person_id for link in links)
        review_overdue = case.next_review_date is not None and case.next_review_date < today
        briefing.rows.append(
            BriefingRow(
                case_id=case.id,
                number=case.number,
                light=traffic_light(
                    open_escalation=case.has_open_escalation,  # type: ignore[attr-defined]
                    overdue_agreement=case.has_overdue_agreement,  # type: ignore[attr-defined]
                    review_overdue=review_overdue,
                ),
                last_review=case.last_review_on,  # type: ignore[attr-defined]
                initials=(
                    [
                        initials(
                            link.person.given_names,
                            link.person.surname_prefix,
                            link.person.surname,
                        )
                        for link in links
                    ]
                    if with_initials
                    else []
                ),
            )
        )
    briefing.rows.sort(key=lambda row: (LIGHT_ORDER[row.light], row.number))
    audit_record(
        actor=actor,
        action=Action.VIEW,
        object_type="mayor_briefing",
        person_ids=person_ids,
        detail={
            "enabled": True,
            "municipality": str(municipality_id or ""),
            "count": len(briefing.rows),
            "initials": with_initials,
        },
    )
    return briefing


@dataclass
class StartSection:
    """The bestuurder's start page: the briefing in numbers, and the escalations waiting for
    their answer."""

    briefing: Briefing
    waiting: list[Escalation]


def start_section(*, actor: Actor, today: date | None = None) -> StartSection:
    """Audited twice: the briefing (mayor_briefing) and the waiting escalations it names."""
    briefing = mayor_briefing(actor=actor, today=today)
    waiting = list(
        addressed_escalations(actor)
        .filter(status=EscalationStatus.RAISED)
        .select_related("case")
        .only("id", "reason", "raised_at", "case__number")
        .order_by("raised_at", "id")[:WAITING_LIMIT]
    )
    audit_record(
        actor=actor,
        action=Action.LIST,
        object_type="escalation_list",
        person_ids=CasePerson.objects.filter(
            case_id__in=[escalation.case_id for escalation in waiting]
        ).values_list("person_id", flat=True),
        detail={"list": "waiting_for_addressee", "count": len(waiting)},
    )
    return StartSection(briefing=briefing, waiting=waiting)
