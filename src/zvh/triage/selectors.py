"""Triage reads."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from zvh.accounts.models import User
from zvh.audit.models import Action, Result
from zvh.audit.services import audit_record
from zvh.authz.actor import Actor
from zvh.authz.functions import Function
from zvh.authz.policy import can_use
from zvh.core.keyset import Page, keyset_page
from zvh.core.life_domains import LifeDomain
from zvh.intake.models import Referral, ReferralPerson, ReferralStatus, TriageSettings, Urgency
from zvh.intake.policy import visible_referrals
from zvh.intake.selectors import referral_get, triage_settings_for
from zvh.network.models import Domain, Organisation
from zvh.people.models import Person
from zvh.triage.policy import (
    configurable_local_criteria,
    configurable_triage_tables,
    plannable_triage_tables,
)
from zvh.triage.referral_policy import visible_triage_sessions

from .models import (
    AgendaItem,
    Assessment,
    Decision,
    LocalCriterion,
    SessionStatus,
    TriageSession,
    TriageTable,
)


def active_local_criteria(house_id: uuid.UUID) -> QuerySet[LocalCriterion]:
    return LocalCriterion.objects.filter(house_id=house_id, active=True)


# --- the coordinator's dashboard ---------------------------------------------------------------

UNDECIDED = (
    ReferralStatus.RECEIVED,
    ReferralStatus.ON_AGENDA,
    ReferralStatus.MORE_INFORMATION,
)
AWAITING = (ReferralStatus.RECEIVED, ReferralStatus.ON_AGENDA)
DASHBOARD_REFERRAL_FIELDS = (
    "id",
    "number",
    "received_at",
    "status",
    "urgency",
    "acute_deadline",
    "referring_organisation__name",
)
UPCOMING_SESSIONS = 20
ACUTE_SHOWN = 100


@dataclass(frozen=True)
class Dashboard:
    sessions: list[TriageSession]
    acute_overdue: list[Referral]
    acute_due: list[Referral]
    acute_more: bool  # more open acute referrals than shown
    awaiting: Page[Referral]
    now: datetime


def _denied(actor: Actor, object_type: str, object_id: object) -> Http404:
    audit_record(
        actor=actor,
        action=Action.VIEW,
        object_type=object_type,
        object_id=object_id,
        result=Result.DENIED,
    )
    return Http404()


def _attach_person_names(referrals: list[Referral]) -> list[uuid.UUID]:
    """Sets `person_names` on each referral in one query; returns the persons' ids (to audit)."""
    names: dict[uuid.UUID, list[str]] = {referral.id: [] for referral in referrals}
    person_ids: list[uuid.UUID] = []
    links = (
        ReferralPerson.objects.filter(referral_id__in=names)
        .order_by("person__surname_normalised")
        .values_list(
            "referral_id",
            "person_id",
            "person__given_names",
            "person__surname_prefix",
            "person__surname",
        )
    )
    for referral_id, person_id, *parts in links:
        names[referral_id].append(_full_name(*parts))
        person_ids.append(person_id)
    for referral in referrals:
        referral.person_names = names[referral.id]  # type: ignore[attr-defined]
    return person_ids


def _full_name(given_names: str, surname_prefix: str, surname: str) -> str:
    return " ".join(part for part in (given_names, surname_prefix, surname) if part)


def triage_dashboard(
    *, actor: Actor, cursor: str | None = None, now: datetime | None = None
) -> Dashboard:
    """Upcoming sessions, open acute referrals by deadline (overdue first), and the referrals
    awaiting triage, newest first in pages. A fixed number of queries, however many rows."""
    now = now or timezone.now()
    sessions = list(
        visible_triage_sessions(actor)
        .filter(status=SessionStatus.PLANNED)
        .select_related("table")
        .only("id", "starts_at", "agenda_cutoff_at", "status", "table__name")
        .order_by("starts_at", "id")[:UPCOMING_SESSIONS]
    )
    referrals = visible_referrals(actor).select_related("referring_organisation")
    acute = list(
        referrals.filter(urgency=Urgency.ACUTE, status__in=UNDECIDED)
        .only(*DASHBOARD_REFERRAL_FIELDS)
        .order_by("acute_deadline", "id")[: ACUTE_SHOWN + 1]
    )
    acute_more = len(acute) > ACUTE_SHOWN
    acute = acute[:ACUTE_SHOWN]
    awaiting = keyset_page(
        referrals.filter(status__in=AWAITING).only(*DASHBOARD_REFERRAL_FIELDS),
        order=("-received_at", "-id"),
        cursor=cursor,
        size=50,
    )
    person_ids = _attach_person_names(acute + awaiting.rows)
    audit_record(
        actor=actor,
        action=Action.LIST,
        object_type="referral",
        person_ids=person_ids,
        detail={"list": "triage_dashboard"},
    )
    return Dashboard(
        sessions=sessions,
        acute_overdue=[r for r in acute if r.acute_deadline and r.acute_deadline < now],
        acute_due=[r for r in acute if not (r.acute_deadline and r.acute_deadline < now)],
        acute_more=acute_more,
        awaiting=awaiting,
        now=now,
    )


# --- sessions and their agenda -----------------------------------------------------------------


def triage_session_list(
    *, actor: Actor, cursor: str | None = None, size: int = 50
) -> Page[TriageSession]:
    """House staff: every session of the house; participants: the open ones they sit at."""
    queryset = (
        visible_triage_sessions(actor)
        .select_related("table")
        .only("id", "starts_at", "status", "table__name")
    )
    return keyset_page(queryset, order=("-starts_at", "-id"), cursor=cursor, size=size)


def triage_session_get(*, actor: Actor, session_id: uuid.UUID) -> TriageSession:
    """One session with its table and participants' names (no personal data of clients)."""
    session = (
        visible_triage_sessions(actor)
        .select_related("table")
        .prefetch_related(
            Prefetch(
                "participant_organisations",
                queryset=Organisation.objects.only("id", "name").order_by("name"),
            ),
            Prefetch(
                "participant_users",
                queryset=User.objects.select_related("organisation").only(
                    "id", "first_name", "last_name", "username", "organisation__name"
                ),
            ),
        )
        .filter(pk=session_id)
        .first()
    )
    if session is None:
        raise _denied(actor, "triage_session", session_id)
    return session


@dataclass(frozen=True)
class AgendaRow:
    position: int
    referral_id: uuid.UUID
    number: str
    urgency: str
    status: str
    received_at: datetime
    referring_organisation: str
    persons: list[str]
    decision: str | None  # the referral's current decision, if any
    departs_from_rule: bool

    @property
    def acute(self) -> bool:
        return self.urgency == Urgency.ACUTE

    @property
    def status_label(self) -> str:
        return str(ReferralStatus(self.status).label)

    @property
    def decision_label(self) -> str:
        return str(Decision(self.decision).label) if self.decision else ""


def session_agenda(*, actor: Actor, session: TriageSession) -> list[AgendaRow]:
    """The agenda items with their referrals and persons' names in one query, audited as a
    list with the persons' ids. `session` comes from `triage_session_get`: whoever may see the
    session may see its agenda (participants only while it is open, see the policy)."""
    current = Assessment.objects.filter(referral_id=OuterRef("referral_id"), is_current=True)
    lines = (
        AgendaItem.objects.filter(session_id=session.id)
        .annotate(
            current_decision=Subquery(current.values("decision")[:1]),
            current_departs=Subquery(current.values("departs_from_rule")[:1]),
        )
        .order_by("position", "id", "referral__referral_persons__person__surname_normalised")
        .values_list(
            "position",
            "referral_id",
            "referral__number",
            "referral__urgency",
            "referral__status",
            "referral__received_at",
            "referral__referring_organisation__name",
            "current_decision",
            "current_departs",
            "referral__referral_persons__person_id",
            "referral__referral_persons__person__given_names",
            "referral__referral_persons__person__surname_prefix",
            "referral__referral_persons__person__surname",
        )
    )
    rows: dict[uuid.UUID, AgendaRow] = {}
    person_ids: list[uuid.UUID] = []
    for (
        position,
        referral_id,
        number,
        urgency,
        status,
        received_at,
        organisation,
        decision,
        departs,
        person_id,
        *name,
    ) in lines:
        row = rows.get(referral_id)
        if row is None:
            row = rows[referral_id] = AgendaRow(
                position=position,
                referral_id=referral_id,
                number=number,
                urgency=urgency,
                status=status,
                received_at=received_at,
                referring_organisation=organisation,
                persons=[],
                decision=decision,
                departs_from_rule=bool(departs),
            )
        if person_id is not None:
            row.persons.append(_full_name(*name))
            person_ids.append(person_id)
    audit_record(
        actor=actor,
        action=Action.LIST,
        object_type="agenda_item",
        object_id=session.id,
        person_ids=person_ids,
        detail={"list": "triage_agenda", "items": len(rows)},
    )
    return list(rows.values())


# --- the decision form -------------------------------------------------------------------------


@dataclass(frozen=True)
class DecisionPage:
    referral: Referral
    persons: list[Person]
    life_domain_labels: list[str]
    chain_labels: list[str]
    local_criteria: list[LocalCriterion]
    current: Assessment | None
    session: TriageSession | None
    on_agenda: bool  # on the open agenda of `session`
    open_sessions: list[TriageSession]  # open sessions with this referral on the agenda


def decision_page(
    *, actor: Actor, referral_id: uuid.UUID, session_id: uuid.UUID | None
) -> DecisionPage:
    """What the decision form shows. The referral is read (and audited) through the policy."""
    session = None
    if session_id is not None:
        session = (
            visible_triage_sessions(actor).select_related("table").filter(pk=session_id).first()
        )
        if session is None:
            raise _denied(actor, "triage_session", session_id)
    referral = referral_get(actor=actor, referral_id=referral_id)
    open_sessions = list(
        visible_triage_sessions(actor)
        .filter(status=SessionStatus.PLANNED, items__referral_id=referral.id)
        .select_related("table")
        .order_by("starts_at")
    )
    current = (
        referral.assessments.filter(is_current=True)
        .select_related("decided_by", "session__table")
        .first()
    )
    return DecisionPage(
        referral=referral,
        persons=list(referral.persons.order_by("surname_normalised")),
        life_domain_labels=[str(LifeDomain(value).label) for value in referral.life_domains],
        chain_labels=[str(Domain(value).label) for value in referral.chains_involved],
        local_criteria=list(active_local_criteria(referral.house_id)),
        current=current,
        session=session,
        on_agenda=session is not None and any(s.id == session.id for s in open_sessions),
        open_sessions=open_sessions,
    )


# --- configuration -----------------------------------------------------------------------------


def configurable_triage_settings(*, actor: Actor) -> TriageSettings:
    if actor.house_id is None or not can_use(actor, Function.CONFIGURE_TRIAGE):
        raise Http404
    return triage_settings_for(actor.house_id)


def local_criteria_for_configuration(*, actor: Actor) -> list[LocalCriterion]:
    """A house has a handful of local criteria: all of them, active first."""
    return list(configurable_local_criteria(actor).order_by("-active", "position", "name"))


def local_criterion_get(*, actor: Actor, criterion_id: uuid.UUID) -> LocalCriterion:
    criterion = configurable_local_criteria(actor).filter(pk=criterion_id).first()
    if criterion is None:
        raise _denied(actor, "local_criterion", criterion_id)
    return criterion


def _with_organisation_names(queryset: QuerySet[TriageTable]) -> QuerySet[TriageTable]:
    return queryset.prefetch_related(
        Prefetch("organisations", queryset=Organisation.objects.only("id", "name").order_by("name"))
    )


def triage_tables_for_configuration(*, actor: Actor) -> list[TriageTable]:
    """A house has one to a few triage tables: all of them."""
    return list(
        _with_organisation_names(configurable_triage_tables(actor)).order_by("weekday", "name")
    )


def triage_table_get(*, actor: Actor, table_id: uuid.UUID) -> TriageTable:
    table = _with_organisation_names(configurable_triage_tables(actor)).filter(pk=table_id).first()
    if table is None:
        raise _denied(actor, "triage_table", table_id)
    return table


def tables_for_planning(*, actor: Actor) -> list[TriageTable]:
    return list(
        _with_organisation_names(plannable_triage_tables(actor)).order_by("weekday", "name")
    )


# --- what may be done next with one referral (its page's "Acties") -----------------------------


@dataclass(frozen=True)
class NextSteps:
    """What the viewer may do next with a referral, each only where the access policy lets
    this viewer do it and the referral's state allows it (decision 0178). Empty: the page
    shows no "Acties" heading at all."""

    agenda_sessions: list[TriageSession] = field(default_factory=list)  # to put it on
    plan_session: bool = False  # awaiting triage, but no open session to put it on
    decide_in: list[TriageSession] = field(default_factory=list)  # on these open agendas
    decide_acute: bool = False
    supply_information: bool = False
    forward: bool = False
    keep: bool = False  # outside the house's region: keep it after all

    def __bool__(self) -> bool:
        return bool(
            self.agenda_sessions
            or self.plan_session
            or self.decide_in
            or self.decide_acute
            or self.supply_information
            or self.forward
            or self.keep
        )


def referral_next_steps(*, actor: Actor, referral: Referral) -> NextSteps:
    """The caller has read the referral through the policy. Two queries at most (the open
    sessions), none for a viewer who may not triage. An open session that has begun still
    takes a referral: the coordinator may bring one to the table."""
    supply = (
        actor.user_id is not None
        and referral.referring_user_id == actor.user_id
        and referral.status == ReferralStatus.MORE_INFORMATION
    )
    if not can_use(actor, Function.TRIAGE) or referral.status not in UNDECIDED:
        return NextSteps(supply_information=supply)
    open_sessions = open_sessions_for_agenda(actor=actor)
    decide_in = list(
        open_sessions.filter(items__referral_id=referral.id)
        .select_related("table")
        .order_by("starts_at", "id")
    )
    awaiting = referral.status == ReferralStatus.RECEIVED and not referral.entered_without_triage
    agenda_sessions = (
        list(open_sessions.select_related("table").order_by("starts_at", "id"))
        if awaiting and not decide_in
        else []
    )
    return NextSteps(
        agenda_sessions=agenda_sessions,
        plan_session=awaiting and not decide_in and not agenda_sessions,
        decide_in=decide_in,
        decide_acute=referral.urgency == Urgency.ACUTE,
        supply_information=supply,
        forward=True,  # every undecided referral may go to another house
        keep=referral.outside_region and not referral.residence_kept_reason,
    )


def open_sessions_for_agenda(*, actor: Actor) -> QuerySet[TriageSession]:
    """The open sessions of the actor's house a referral may be put on."""
    if not can_use(actor, Function.TRIAGE):
        return TriageSession.objects.none()
    return visible_triage_sessions(actor).filter(status=SessionStatus.PLANNED)


def referral_page_section(*, actor: Actor, referral: Referral) -> dict[str, object]:
    """What the referral page shows of triage (decision 0195): the assessments, newest first,
    the current one, and the next steps for this viewer."""
    assessments = list(
        Assessment.objects.filter(referral=referral)
        .select_related("decided_by", "session")
        .order_by("-decided_at")
    )
    return {
        "assessments": assessments,
        "current": next((a for a in assessments if a.is_current), None),
        "next_steps": referral_next_steps(actor=actor, referral=referral),
    }


def current_assessment_prefetch() -> Prefetch[Any]:
    """A referral's current assessment, as `current_assessments` (a list of at most one), for
    the referrer's lists and status (registered with intake, decision 0195)."""
    return Prefetch(
        "assessments",
        queryset=Assessment.objects.filter(is_current=True).only(
            "id", "referral_id", "decision", "decided_at", "advice", "referred_to", "questions"
        ),
        to_attr="current_assessments",
    )
