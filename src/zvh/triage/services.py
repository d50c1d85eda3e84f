"""Triage writes: sessions, agendas, decisions with feedback to the referrer, reopening."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zvh.accounts.models import User
from zvh.audit.models import Action
from zvh.audit.services import audit_record
from zvh.authz.actor import Actor
from zvh.authz.functions import Function
from zvh.authz.policy import can_use
from zvh.core.moments import note_earliest
from zvh.intake.models import (
    EventKind,
    Referral,
    ReferralEvent,
    ReferralStatus,
    TriageSettings,
    Urgency,
)
from zvh.intake.selectors import triage_settings_for
from zvh.intake.services import record_event
from zvh.network.models import House, Membership, Organisation, Partnership
from zvh.notifications import titles
from zvh.notifications.services import notify

from .criteria import CRITERIA, CriteriaAnswers, Derivation, ReferralFacts, derive, is_complex
from .defaults import DEFAULT_LOCAL_CRITERIA
from .events import referral_accepted
from .models import (
    AgendaItem,
    Assessment,
    Decision,
    LocalCriterion,
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
        system_impact=referral.system_impact,
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


def _put_on_agenda(*, actor: Actor, session: TriageSession, referral_ids: list[uuid.UUID]) -> None:
    """Appends the referrals to the session's agenda, marks them "on agenda" and records the
    event on each. The caller holds the transaction and chose referrals awaiting triage."""
    start = session.items.count()
    AgendaItem.objects.bulk_create(
        [
            AgendaItem(session=session, referral_id=referral_id, position=start + index)
            for index, referral_id in enumerate(referral_ids)
        ]
    )
    Referral.objects.filter(pk__in=referral_ids).update(
        status=ReferralStatus.ON_AGENDA, version=F("version") + 1, updated_at=timezone.now()
    )
    now = timezone.now()
    ReferralEvent.objects.bulk_create(
        [
            ReferralEvent(referral_id=rid, kind=EventKind.ON_AGENDA, at=now, user_id=actor.user_id)
            for rid in referral_ids
        ]
    )


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
        _put_on_agenda(actor=actor, session=session, referral_ids=pending)
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            object_type="triage_session",
            object_id=session.id,
            detail={"added": len(pending)},
        )
    return len(pending)


def agenda_add(*, actor: Actor, session: TriageSession, referral: Referral) -> None:
    """Puts one referral on an open session's agenda, from the referral's page: also one that
    came in after the agenda's cut-off (the coordinator chooses to take it along)."""
    if not can_use(actor, Function.TRIAGE) or session.house_id != actor.house_id:
        raise PermissionDenied
    if session.status != SessionStatus.PLANNED:
        raise ValidationError({"session": _("Deze sessie is al afgesloten.")})
    if referral.house_id != session.house_id:
        raise ValidationError({"session": _("Deze sessie hoort niet bij dit huis.")})
    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        if locked.status not in AWAITING_TRIAGE or locked.entered_without_triage:
            raise ValidationError(
                _("Deze aanmelding wacht niet op triage (%(status)s).")
                % {"status": locked.get_status_display()},
                code="not_awaiting",
            )
        if AgendaItem.objects.filter(
            referral=locked, session__status=SessionStatus.PLANNED
        ).exists():
            raise ValidationError(
                _("Deze aanmelding staat al op de agenda van een open sessie."), code="on_agenda"
            )
        _put_on_agenda(actor=actor, session=session, referral_ids=[locked.pk])
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            object_type="triage_session",
            object_id=session.id,
            person_ids=list(locked.referral_persons.values_list("person_id", flat=True)),
            detail={"added": 1, "referral": str(locked.pk)},
        )


def triage_session_close(*, actor: Actor, session: TriageSession) -> None:
    """Closing ends the participants' access to the agenda items. Referrals left undecided go
    back to the queue, so that the next session's agenda picks them up again."""
    with transaction.atomic():
        session.status = SessionStatus.CLOSED
        session.save(update_fields=["status", "updated_at"])
        returned = (
            Referral.objects.filter(agenda_items__session=session, status=ReferralStatus.ON_AGENDA)
            .exclude(agenda_items__session__status=SessionStatus.PLANNED)
            .update(status=ReferralStatus.RECEIVED)
        )
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            object_type="triage_session",
            object_id=session.id,
            detail={"closed": True, "returned_to_queue": returned},
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
    # The current assessment the decider saw (NO_DECISION: none). When given, a decision
    # taken meanwhile (a double submit, a colleague) is refused instead of stacked on top.
    expected_current_id: uuid.UUID | None = None


NO_DECISION = uuid.UUID(int=0)
UNDECIDABLE = (ReferralStatus.FORWARDED, ReferralStatus.WITHDRAWN)


def already_decided_error() -> ValidationError:
    return ValidationError(
        _(
            "Over deze aanmelding is intussen al een besluit vastgelegd, bijvoorbeeld doordat "
            "het formulier twee keer is verstuurd. Uw invoer is niet opgeslagen."
        ),
        code="already_decided",
    )


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


def first_decision_note(referral_id: uuid.UUID, decided_at: datetime) -> None:
    """A final decision on the referral at `decided_at`: the earliest is its first decision,
    read by the triage figures (decision 0175)."""
    note_earliest(Referral.objects.filter(pk=referral_id), "first_decided_at", decided_at)


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
        if locked.status in UNDECIDABLE:
            raise ValidationError(
                _("Over deze aanmelding kan niet meer worden besloten: %(status)s.")
                % {"status": locked.get_status_display()},
                code="undecidable",
            )
        current = locked.assessments.filter(is_current=True).first()
        if data.expected_current_id is not None and data.expected_current_id != (
            current.id if current is not None else NO_DECISION
        ):
            raise already_decided_error()
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
        if data.decision != Decision.MORE_INFORMATION:
            first_decision_note(locked.pk, now)
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
            # The case app opens the case (decision 0195).
            referral_accepted.send(sender=Assessment, actor=actor, referral=locked)
        _feed_back(actor=actor, referral=locked, assessment=assessment)
    return assessment


def _feed_back(*, actor: Actor, referral: Referral, assessment: Assessment) -> None:
    """The referrer hears the outcome in the app and by e-mail. API and JZV senders read it
    from their outcome endpoint. Either way the moment is recorded."""
    if referral.referring_user is not None:
        notify(
            user=referral.referring_user,
            house_id=referral.house_id,
            subject=titles.gettext(
                "Besluit over uw aanmelding %(number)s: %(decision)s",
                number=referral.number,
                decision=Decision(assessment.decision).label,
            ),
            body=_("Bekijk het besluit en het advies in ZVH."),
            link=reverse("intake:detail", kwargs={"referral_id": referral.id}),
        )
    record_event(referral=referral, kind=EventKind.FED_BACK, user_id=actor.user_id)


# --- session participants ----------------------------------------------------------------------


def triage_session_plan(
    *,
    actor: Actor,
    table: TriageTable,
    starts_at: datetime,
    organisations: Iterable[Organisation],
    users: Iterable[User],
) -> TriageSession:
    """A new session with its participants: by default the table's organisations, as the
    process coordinator confirmed or changed them, and any persons invited by name."""
    with transaction.atomic():
        session = triage_session_create(actor=actor, table=table, starts_at=starts_at)
        triage_session_participants_set(
            actor=actor, session=session, organisations=organisations, users=users
        )
    return session


def triage_session_participants_set(
    *,
    actor: Actor,
    session: TriageSession,
    organisations: Iterable[Organisation],
    users: Iterable[User],
) -> None:
    """Participants see the agenda while the session is open, so only partners of the house
    and users of the house can be participants."""
    if session.house_id != actor.house_id:
        raise ValidationError(_("Deze sessie hoort niet bij uw huis."))
    if session.status != SessionStatus.PLANNED:
        raise ValidationError(_("Deze sessie is al afgesloten."))
    organisations, users = list(organisations), list(users)
    organisation_ids = {organisation.pk for organisation in organisations}
    user_ids = {user.pk for user in users}
    partners = Partnership.objects.filter(
        house_id=session.house_id, organisation_id__in=organisation_ids
    ).count()
    if partners != len(organisation_ids):
        raise ValidationError(
            {"organisations": _("Alleen partnerorganisaties van het huis kunnen deelnemen.")}
        )
    members = (
        Membership.objects.filter(house_id=session.house_id, user_id__in=user_ids)
        .values("user_id")
        .distinct()
        .count()
    )
    if members != len(user_ids):
        raise ValidationError({"users": _("Alleen gebruikers van het huis kunnen deelnemen.")})
    with transaction.atomic():
        session.participant_organisations.set(organisations)
        session.participant_users.set(users)
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            object_type="triage_session",
            object_id=session.id,
            detail={
                "participant_organisations": sorted(str(pk) for pk in organisation_ids),
                "participant_users": sorted(user_ids),
            },
        )


# --- configuration (functional administrator) --------------------------------------------------


def _require_configuration(actor: Actor) -> uuid.UUID:
    if actor.house_id is None or not can_use(actor, Function.CONFIGURE_TRIAGE):
        raise PermissionDenied
    return actor.house_id


def _check_criterion_name(
    house_id: uuid.UUID, name: str, exclude_id: uuid.UUID | None = None
) -> str:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Geef het criterium een naam.")})
    same = LocalCriterion.objects.filter(house_id=house_id, name__iexact=name)
    if exclude_id is not None:
        same = same.exclude(pk=exclude_id)
    if same.exists():
        raise _name_taken()
    return name


def _name_taken() -> ValidationError:
    return ValidationError({"name": _("Dit huis heeft al een lokaal criterium met deze naam.")})


def local_criterion_create(
    *, actor: Actor, name: str, explanation: str, required: bool, position: int = 0
) -> LocalCriterion:
    house_id = _require_configuration(actor)
    name = _check_criterion_name(house_id, name)
    try:
        with transaction.atomic():
            criterion = LocalCriterion.objects.create(
                house_id=house_id,
                name=name,
                explanation=explanation.strip(),
                required=required,
                position=position,
            )
            audit_record(
                actor=actor,
                action=Action.CREATE,
                object_type="local_criterion",
                object_id=criterion.id,
                detail={"required": required},
            )
    except IntegrityError as error:  # the same name saved at the same moment
        raise _name_taken() from error
    return criterion


def local_criterion_update(
    *,
    actor: Actor,
    criterion: LocalCriterion,
    name: str,
    explanation: str,
    required: bool,
    position: int,
) -> None:
    house_id = _require_configuration(actor)
    if criterion.house_id != house_id:
        raise PermissionDenied
    criterion.name = _check_criterion_name(house_id, name, exclude_id=criterion.id)
    criterion.explanation = explanation.strip()
    criterion.required = required
    criterion.position = position
    try:
        with transaction.atomic():
            criterion.save(
                update_fields=["name", "explanation", "required", "position", "updated_at"]
            )
            audit_record(
                actor=actor,
                action=Action.UPDATE,
                object_type="local_criterion",
                object_id=criterion.id,
                detail={"required": required},
            )
    except IntegrityError as error:
        raise _name_taken() from error


def local_criterion_set_active(*, actor: Actor, criterion: LocalCriterion, active: bool) -> None:
    """A criterion is switched off, never deleted: earlier assessments refer to its id."""
    house_id = _require_configuration(actor)
    if criterion.house_id != house_id:
        raise PermissionDenied
    with transaction.atomic():
        criterion.active = active
        criterion.save(update_fields=["active", "updated_at"])
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            object_type="local_criterion",
            object_id=criterion.id,
            detail={"active": active},
        )


def local_criteria_seed_defaults(*, house: House) -> int:
    """Gives a house the five default local criteria it lacks (by name, ignoring case; a
    switched-off one counts as present). Safe to repeat. Returns how many were created."""
    with transaction.atomic():
        existing = {
            name.lower()
            for name in LocalCriterion.objects.filter(house=house).values_list("name", flat=True)
        }
        missing = [
            LocalCriterion(house=house, name=name, explanation=explanation, position=position)
            for position, (name, explanation) in enumerate(DEFAULT_LOCAL_CRITERIA, start=1)
            if name.lower() not in existing
        ]
        LocalCriterion.objects.bulk_create(missing)
        if missing:
            audit_record(
                actor=None,
                action=Action.CREATE,
                object_type="local_criterion",
                house_id=house.id,
                detail={"seeded_defaults": len(missing)},
            )
    return len(missing)


def triage_settings_update(
    *, actor: Actor, acute_deadline_hours: int, priority_list_bypass: bool
) -> TriageSettings:
    """New values count from now on: acute deadlines already set are kept."""
    house_id = _require_configuration(actor)
    if not 1 <= acute_deadline_hours <= 24 * 14:
        raise ValidationError(
            {"acute_deadline_hours": _("Kies een beslistermijn van 1 tot 336 uur.")}
        )
    with transaction.atomic():
        settings = triage_settings_for(house_id)
        settings.acute_deadline_hours = acute_deadline_hours
        settings.priority_list_bypass = priority_list_bypass
        settings.save()
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            object_type="triage_settings",
            object_id=house_id,
            detail={
                "acute_deadline_hours": acute_deadline_hours,
                "priority_list_bypass": priority_list_bypass,
            },
        )
    return settings


@dataclass(frozen=True)
class TableInput:
    name: str
    weekday: int
    start_time: time
    agenda_cutoff_hours: int
    organisations: list[Organisation]


def _validate_table(house_id: uuid.UUID, data: TableInput, table_id: uuid.UUID | None) -> None:
    errors: dict[str, list[str]] = {}
    if not data.name.strip():
        errors["name"] = [_("Geef de weegtafel een naam.")]
    elif (
        TriageTable.objects.filter(house_id=house_id, name__iexact=data.name.strip())
        .exclude(pk__in=[table_id] if table_id else [])
        .exists()
    ):
        errors["name"] = [_("Dit huis heeft al een weegtafel met deze naam.")]
    if not 0 <= data.weekday <= 6:
        errors["weekday"] = [_("Kies een dag van de week.")]
    if not 0 <= data.agenda_cutoff_hours <= 24 * 14:
        errors["agenda_cutoff_hours"] = [_("Kies 0 tot 336 uur.")]
    organisation_ids = {organisation.pk for organisation in data.organisations}
    partners = Partnership.objects.filter(
        house_id=house_id, organisation_id__in=organisation_ids
    ).count()
    if partners != len(organisation_ids):
        errors["organisations"] = [_("Alleen partnerorganisaties van het huis kunnen deelnemen.")]
    if errors:
        raise ValidationError(errors)


def triage_table_create(*, actor: Actor, data: TableInput) -> TriageTable:
    house_id = _require_configuration(actor)
    _validate_table(house_id, data, None)
    with transaction.atomic():
        table = TriageTable.objects.create(
            house_id=house_id,
            name=data.name.strip(),
            weekday=data.weekday,
            start_time=data.start_time,
            agenda_cutoff_hours=data.agenda_cutoff_hours,
        )
        table.organisations.set(data.organisations)
        audit_record(
            actor=actor, action=Action.CREATE, object_type="triage_table", object_id=table.id
        )
    return table


def triage_table_update(*, actor: Actor, table: TriageTable, data: TableInput) -> None:
    """Changes apply to sessions planned from now on; planned sessions keep their time and
    participants."""
    house_id = _require_configuration(actor)
    if table.house_id != house_id:
        raise PermissionDenied
    _validate_table(house_id, data, table.id)
    with transaction.atomic():
        table.name = data.name.strip()
        table.weekday = data.weekday
        table.start_time = data.start_time
        table.agenda_cutoff_hours = data.agenda_cutoff_hours
        table.save()
        table.organisations.set(data.organisations)
        audit_record(
            actor=actor, action=Action.UPDATE, object_type="triage_table", object_id=table.id
        )
