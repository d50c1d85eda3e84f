"""Triage writes: sessions, agendas, decisions with feedback to the referrer, reopening."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zvh.audit.models import Action
from zvh.audit.services import audit_record
from zvh.authz.actor import Actor
from zvh.intake.models import EventKind, Referral, ReferralStatus, Urgency
from zvh.intake.services import record_event
from zvh.notifications.services import notify

from .criteria import CRITERIA, CriteriaAnswers, Derivation, ReferralFacts, derive, is_complex
from .models import (
    AgendaItem,
    Assessment,
    Decision,
    OtherTable,
    SessionStatus,
    TriageSession,
    TriageTable,
)
from .selectors import active_local_criteria

AWAITING_TRIAGE = (ReferralStatus.RECEIVED,)


def referral_facts(referral: Referral) -> ReferralFacts:
    return ReferralFacts(
        life_domains=frozenset(referral.life_domains),
        behaviour=referral.behaviour,
        chain_domains=frozenset(referral.chains_involved),
        orientation=referral.orientation,
        local_approach_stuck=referral.local_approach_stuck,
    )


def derive_for(referral: Referral) -> Derivation:
    return derive(referral_facts(referral))


# --- sessions and agenda -----------------------------------------------------------------------


def triage_session_create(
    *, actor: Actor, table: TriageTable, starts_at: datetime
) -> TriageSession:
    if table.house_id != actor.house_id:
        raise ValidationError({"table": _("Deze weegtafel hoort niet bij uw huis.")})
    with transaction.atomic():
        session = TriageSession.objects.create(
            house_id=table.house_id,
            table=table,
            starts_at=starts_at,
            agenda_cutoff_at=starts_at - timedelta(hours=table.agenda_cutoff_hours),
        )
        session.participant_organisations.set(table.organisations.all())
        audit_record(
            actor=actor, action=Action.CREATE, object_type="triage_session", object_id=session.id
        )
    return session


def agenda_build(*, actor: Actor, session: TriageSession) -> int:
    """Puts every referral received before the agenda's cut-off, and not yet on an open
    agenda or decided, on this session's agenda. Safe to repeat. Returns how many were added."""
    if session.status != SessionStatus.PLANNED:
        raise ValidationError(_("Deze sessie is al afgesloten."))
    with transaction.atomic():
        pending = list(
            Referral.objects.filter(
                house_id=session.house_id,
                status__in=AWAITING_TRIAGE,
                received_at__lte=session.agenda_cutoff_at,
                entered_without_triage=False,
            )
            .exclude(agenda_items__session__status=SessionStatus.PLANNED)
            .order_by("-urgency", "received_at")
            .values_list("id", flat=True)
        )
        start = session.items.count()
        AgendaItem.objects.bulk_create(
            [
                AgendaItem(session=session, referral_id=referral_id, position=start + index)
                for index, referral_id in enumerate(pending)
            ]
        )
        Referral.objects.filter(pk__in=pending).update(status=ReferralStatus.ON_AGENDA)
        now = timezone.now()
        from zvh.intake.models import ReferralEvent

        ReferralEvent.objects.bulk_create(
            [
                ReferralEvent(
                    referral_id=rid, kind=EventKind.ON_AGENDA, at=now, user_id=actor.user_id
                )
                for rid in pending
            ]
        )
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            object_type="triage_session",
            object_id=session.id,
            detail={"added": len(pending)},
        )
    return len(pending)


def triage_session_close(*, actor: Actor, session: TriageSession) -> None:
    """Closing ends the participants' access to the agenda items."""
    with transaction.atomic():
        session.status = SessionStatus.CLOSED
        session.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor, action=Action.UPDATE, object_type="triage_session", object_id=session.id
        )


# --- decisions ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DecisionInput:
    answers: CriteriaAnswers
    decision: Decision
    motivation: str
    local_answers: dict[str, bool] = field(default_factory=dict)
    advice: str = ""
    referred_to: str = ""
    questions: str = ""
    session_id: uuid.UUID | None = None
    reopen_reason: str = ""


def departs_from_rule(decision: Decision, complex_case: bool) -> bool:
    """Accepting a non-complex case, or declining a complex one, departs from the rule.
    Asking for more information or consulting once decides nothing about complexity."""
    if decision == Decision.ACCEPTED:
        return not complex_case
    if decision in (Decision.NOT_ACCEPTED, Decision.REFERRED_ELSEWHERE):
        return complex_case
    return False


def validate_decision(
    *, referral: Referral, data: DecisionInput, required_local: list[str]
) -> None:
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if not data.motivation.strip():
        add("motivation", _("Een motivering is verplicht."))
    if data.decision == Decision.NOT_ACCEPTED and not data.advice.strip():
        add("advice", _("Geef de melder advies: wat te doen en wie te betrekken."))
    if data.decision == Decision.REFERRED_ELSEWHERE and data.referred_to not in OtherTable.values:
        add("referred_to", _("Kies naar welke tafel wordt doorverwezen."))
    if data.decision == Decision.MORE_INFORMATION and not data.questions.strip():
        add("questions", _("Schrijf op welke informatie de melder moet aanvullen."))
    if data.session_id is None and referral.urgency != Urgency.ACUTE:
        add("session", _("Buiten een sessie kan alleen over een acute aanmelding worden besloten."))
    if data.decision == Decision.ACCEPTED:
        unmet = [cid for cid in required_local if not data.local_answers.get(cid, False)]
        if unmet:
            add("local_answers", _("Niet alle verplichte lokale criteria zijn vervuld."))
    if errors:
        raise ValidationError(errors)


def triage_decide(*, actor: Actor, referral: Referral, data: DecisionInput) -> Assessment:
    """Records one assessment and its decision, then tells the referrer.

    A referral has one current decision; a second one is refused unless it is a documented
    reopening (`reopen_reason`)."""
    criteria = {str(c.id): c for c in active_local_criteria(referral.house_id)}
    required = [cid for cid, c in criteria.items() if c.required]
    local_answers = {cid: bool(v) for cid, v in data.local_answers.items() if cid in criteria}
    validate_decision(referral=referral, data=data, required_local=required)
    complex_case = is_complex(data.answers)
    now = timezone.now()
    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        current = locked.assessments.filter(is_current=True).first()
        reopening = False
        if current is not None and current.decision != Decision.MORE_INFORMATION:
            if not data.reopen_reason.strip():
                raise ValidationError(
                    {
                        "reopen_reason": _(
                            "Over deze aanmelding is al besloten. Heropenen vraagt om een reden."
                        )
                    }
                )
            reopening = True
        if current is not None:
            current.is_current = False
            current.save(update_fields=["is_current", "updated_at"])
        if (
            data.session_id is not None
            and not AgendaItem.objects.filter(
                session_id=data.session_id, referral=locked, session__status=SessionStatus.PLANNED
            ).exists()
        ):
            raise ValidationError(
                {"session": _("Deze aanmelding staat niet op de agenda van deze sessie.")}
            )
        derivation = derive_for(locked)
        assessment = Assessment.objects.create(
            referral=locked,
            session_id=data.session_id,
            acute=data.session_id is None,
            decided_by_id=actor.person_user_id,
            decided_at=now,
            **{name: getattr(data.answers, name) for name in CRITERIA},
            derived={
                "answers": {name: getattr(derivation.answers, name) for name in CRITERIA},
                "reasons": derivation.reasons,
            },
            local_answers=local_answers,
            rule_outcome=complex_case,
            decision=data.decision,
            departs_from_rule=departs_from_rule(data.decision, complex_case),
            motivation=data.motivation,
            advice=data.advice,
            referred_to=data.referred_to if data.decision == Decision.REFERRED_ELSEWHERE else "",
            questions=data.questions,
        )
        if reopening:
            record_event(
                referral=locked,
                kind=EventKind.REOPENED,
                user_id=actor.user_id,
                note=data.reopen_reason,
            )
        locked.status = (
            ReferralStatus.MORE_INFORMATION
            if data.decision == Decision.MORE_INFORMATION
            else ReferralStatus.DECIDED
        )
        locked.version += 1
        locked.save(update_fields=["status", "version", "updated_at"])
        record_event(referral=locked, kind=EventKind.DECIDED, user_id=actor.user_id)
        person_ids = list(locked.referral_persons.values_list("person_id", flat=True))
        audit_record(
            actor=actor,
            action=Action.CREATE,
            object_type="assessment",
            object_id=assessment.id,
            person_ids=person_ids,
            detail={"referral": str(locked.id), "decision": data.decision, "reopening": reopening},
        )
        if data.decision == Decision.ACCEPTED and not hasattr(locked, "case"):
            from zvh.cases.services import case_open_from_referral

            case_open_from_referral(actor=actor, referral=locked)
        _feed_back(actor=actor, referral=locked, assessment=assessment)
    return assessment


def _feed_back(*, actor: Actor, referral: Referral, assessment: Assessment) -> None:
    """The referrer hears the outcome in the app and by e-mail. API and JZV senders read it
    from their outcome endpoint. Either way the moment is recorded."""
    if referral.referring_user is not None:
        notify(
            user=referral.referring_user,
            house_id=referral.house_id,
            subject=_("Besluit over uw aanmelding %(number)s: %(decision)s")
            % {"number": referral.number, "decision": assessment.get_decision_display()},
            body=_("Bekijk het besluit en het advies in ZVH."),
            link=reverse("intake:detail", kwargs={"referral_id": referral.id}),
        )
    record_event(referral=referral, kind=EventKind.FED_BACK, user_id=actor.user_id)
