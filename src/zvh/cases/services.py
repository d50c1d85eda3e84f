"""Case writes: opening from a referral, roles, status, closing and reopening, participants,
the requested justice response, notes, and the house's themes and settings.

Every write checks the access policy, runs in one transaction with its audit event and its
journal entry, and (where it changes the case) takes the version the form was opened with:
a concurrent change raises StaleObjectError and nothing is written.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zvh.accounts.models import User
from zvh.audit.models import Action
from zvh.audit.services import audit_record
from zvh.authz import policy
from zvh.authz.actor import Actor
from zvh.authz.functions import Function
from zvh.core.concurrency import StaleObjectError, update_versioned
from zvh.core.numbering import next_number
from zvh.core.validation import future_date_error
from zvh.intake.models import Referral
from zvh.network.models import House, Membership, Organisation, Partnership, Role
from zvh.notifications import titles
from zvh.notifications.services import notify

from .defaults import DEFAULT_THEMES
from .journal import JournalKind, journal_record
from .models import (
    NEXT_STATUSES,
    Case,
    CaseParticipant,
    CasePerson,
    CaseStatus,
    CaseStatusChange,
    CaseType,
    ClosureReason,
    Theme,
)
from .selectors import case_settings_for, coordinator_candidates, director_candidates

MAX_TEXT = 5000


# --- helpers ----------------------------------------------------------------------------------


def _require_manage(actor: Actor, case: Case) -> None:
    """The actor manages cases and this case lies in their house."""
    if not policy.can_use(actor, Function.MANAGE_CASES) or case.house_id != actor.house_id:
        raise PermissionDenied


def _check_version(case: Case, expected_version: int) -> None:
    # Before validating: an answer about a state the user never saw would only confuse.
    # update_versioned checks again in its conditional UPDATE, against concurrent writers.
    if case.version != expected_version:
        raise StaleObjectError


def _require_open(case: Case) -> None:
    if case.is_closed:
        raise ValidationError(
            _("De casus is afgesloten. Heropen de casus eerst."), code="case_closed"
        )


def _person_ids(case: Case) -> list[uuid.UUID]:
    return list(case.case_persons.values_list("person_id", flat=True))


def _audit(actor: Actor, case: Case, action: Action, detail: dict[str, object]) -> None:
    """Ids and codes only: reasons, notes and the justice response are free text that may
    name people, so they stay in the case and out of the log."""
    audit_record(
        actor=actor,
        action=action,
        object_type="case",
        object_id=case.id,
        person_ids=_person_ids(case),
        detail=detail,
    )


def _text(value: str, field: str, message: str, *, required: bool = True) -> str:
    value = value.strip()
    if required and not value:
        raise ValidationError({field: message})
    if len(value) > MAX_TEXT:
        raise ValidationError({field: _("Gebruik maximaal %(max)d tekens.") % {"max": MAX_TEXT}})
    return value


def _review_date_from_today(house_id: uuid.UUID) -> date:
    weeks = case_settings_for(house_id).review_cadence_weeks
    return timezone.localdate() + timedelta(weeks=weeks)


def _record_status(
    *,
    actor: Actor,
    case: Case,
    from_status: str,
    to_status: str,
    note: str = "",
    closure_reason: str = "",
) -> CaseStatusChange:
    return CaseStatusChange.objects.create(
        case=case,
        from_status=from_status,
        to_status=to_status,
        at=timezone.now(),
        by_id=actor.user_id,
        note=note,
        closure_reason=closure_reason,
    )


# --- opening ----------------------------------------------------------------------------------


def case_open_from_referral(*, actor: Actor, referral: Referral) -> Case:
    """An accepted referral (or one that entered without triage) becomes a case with status
    "accepted", carrying over its persons, type, life domains, municipality and referrer.

    The deciding process coordinator becomes the case's process coordinator; a case that
    entered without triage gets one assigned later. No organisation takes part yet: the process
    coordinator adds them deliberately, each with a reason."""
    with transaction.atomic():
        now = timezone.now()
        coordinator_id = actor.user_id if actor.has_role(Role.PROCESS_COORDINATOR) else None
        case = Case.objects.create(
            house_id=referral.house_id,
            number=next_number(house_id=referral.house_id, name="case", prefix="C"),
            status=CaseStatus.ACCEPTED,
            case_type=referral.orientation
            if referral.orientation in CaseType.values
            else CaseType.PERSON,
            origin_referral=referral,
            opened_at=now,
            life_domains=list(referral.life_domains),
            municipality_id=referral.municipality_id,
            referring_organisation_id=referral.referring_organisation_id,
            process_coordinator_id=coordinator_id,
            next_review_date=_review_date_from_today(referral.house_id),
        )
        person_ids = list(referral.referral_persons.values_list("person_id", flat=True))
        CasePerson.objects.bulk_create(
            [CasePerson(case=case, person_id=person_id) for person_id in person_ids]
        )
        _record_status(actor=actor, case=case, from_status="", to_status=CaseStatus.ACCEPTED)
        assessment = referral.assessments.filter(is_current=True).first()
        if assessment is not None:
            journal_record(
                case=case,
                kind=JournalKind.TRIAGE_DECISION,
                actor=actor,
                at=assessment.decided_at,
                by_user_id=assessment.decided_by_id,
                data={
                    "decision": assessment.decision,
                    "departs_from_rule": assessment.departs_from_rule,
                },
            )
        journal_record(
            case=case,
            kind=JournalKind.OPENED,
            actor=actor,
            at=now,
            user_id=coordinator_id,
            data={"without_triage": assessment is None},
        )
        audit_record(
            actor=actor,
            action=Action.CREATE,
            object_type="case",
            object_id=case.id,
            person_ids=person_ids,
            detail={"from_referral": str(referral.id)},
        )
    return case


# --- details and roles ------------------------------------------------------------------------


def case_update_details(
    *,
    actor: Actor,
    case: Case,
    expected_version: int,
    case_type: str,
    themes: list[Theme],
    next_review_date: date | None,
) -> Case:
    """Type, themes and the next review date. A review date in the past is refused."""
    _require_manage(actor, case)
    _check_version(case, expected_version)
    _require_open(case)
    if case_type not in CaseType.values:
        raise ValidationError({"case_type": _("Kies een soort casus.")})
    if any(theme.house_id != case.house_id for theme in themes):
        raise ValidationError({"themes": _("Kies thema's van dit huis.")})
    if next_review_date is not None and next_review_date < timezone.localdate():
        raise ValidationError(
            {"next_review_date": _("De volgende evaluatie kan niet in het verleden liggen.")}
        )
    too_far = future_date_error(
        next_review_date, years=case_settings_for(case.house_id).planning_horizon_years
    )
    if too_far:
        raise ValidationError({"next_review_date": too_far})
    with transaction.atomic():
        before = set(case.themes.values_list("id", flat=True))
        update_versioned(
            case,
            expected_version=expected_version,
            values={"case_type": case_type, "next_review_date": next_review_date},
        )
        case.themes.set(themes)
        after = {theme.id for theme in themes}
        journal_record(
            case=case,
            kind=JournalKind.DETAILS_CHANGED,
            actor=actor,
            data={
                "case_type": case_type,
                "next_review_date": next_review_date.isoformat() if next_review_date else "",
                "themes_added": sorted(str(pk) for pk in after - before),
                "themes_removed": sorted(str(pk) for pk in before - after),
            },
        )
        _audit(actor, case, Action.UPDATE, {"fields": ["case_type", "themes", "next_review"]})
    return case


def case_assign_roles(
    *,
    actor: Actor,
    case: Case,
    expected_version: int,
    process_coordinator: User | None,
    case_director: User | None,
) -> Case:
    """Sets the process coordinator (a process coordinator of the house) and the case
    director (a professional of a participating organisation, or a process coordinator where
    the house allows it). Whoever is newly assigned is notified."""
    _require_manage(actor, case)
    _check_version(case, expected_version)
    _require_open(case)
    errors: dict[str, str] = {}
    if process_coordinator is None:
        errors["process_coordinator"] = _("Kies een procesregisseur.")
    elif not coordinator_candidates(case).filter(pk=process_coordinator.pk).exists():
        errors["process_coordinator"] = _("Kies een procesregisseur van dit huis.")
    if (
        case_director is not None
        and not director_candidates(case).filter(pk=case_director.pk).exists()
    ):
        errors["case_director"] = _(
            "Deze persoon kan geen casusregisseur zijn: kies een professional van een "
            "deelnemende organisatie (voeg de organisatie zo nodig eerst toe als deelnemer)."
        )
    if errors or process_coordinator is None:
        raise ValidationError(errors)
    changes = {
        role: user
        for role, user, current in (
            ("process_coordinator", process_coordinator, case.process_coordinator_id),
            ("case_director", case_director, case.case_director_id),
        )
        if (user.pk if user else None) != current
    }
    with transaction.atomic():
        update_versioned(
            case,
            expected_version=expected_version,
            values={
                "process_coordinator_id": process_coordinator.pk,
                "case_director_id": case_director.pk if case_director else None,
            },
        )
        for role, user in changes.items():
            journal_record(
                case=case,
                kind=JournalKind.ROLE_ASSIGNED,
                actor=actor,
                user_id=user.pk if user else None,
                data={"role": role},
            )
            if user is not None and user.pk != actor.user_id:
                _notify_assignment(case=case, user=user, role=role)
        _audit(
            actor,
            case,
            Action.UPDATE,
            {
                "roles": {
                    role: (user.pk if user else None) for role, user in sorted(changes.items())
                }
            },
        )
    return case


def _notify_assignment(*, case: Case, user: User, role: str) -> None:
    subject = (
        titles.gettext("U bent procesregisseur van casus %(number)s", number=case.number)
        if role == "process_coordinator"
        else titles.gettext("U bent casusregisseur van casus %(number)s", number=case.number)
    )
    notify(
        user=user,
        house_id=case.house_id,
        subject=subject,
        body=_("Bekijk de casus in ZVH."),
        link=reverse("cases:detail", kwargs={"case_id": case.id}),
    )


def case_set_justice_response(
    *, actor: Actor, case: Case, expected_version: int, text: str
) -> Case:
    """What the house asks of the justice partners (e.g. "a conditional sentence with
    probation supervision"). Empty clears it. The hit/no-hit signal returns this text."""
    _require_manage(actor, case)
    _check_version(case, expected_version)
    _require_open(case)
    text = _text(text, "requested_justice_response", "", required=False)
    with transaction.atomic():
        update_versioned(
            case, expected_version=expected_version, values={"requested_justice_response": text}
        )
        journal_record(case=case, kind=JournalKind.JUSTICE_RESPONSE_SET, actor=actor, text=text)
        _audit(actor, case, Action.UPDATE, {"fields": ["requested_justice_response"]})
    return case


# --- status -----------------------------------------------------------------------------------


def case_change_status(
    *, actor: Actor, case: Case, expected_version: int, to_status: str, note: str = ""
) -> Case:
    """One step along accepted → plan in preparation → in execution → step-down proposed,
    or back from a step-down proposal to execution. Closing and reopening have their own."""
    _require_manage(actor, case)
    _check_version(case, expected_version)
    note = _text(note, "note", "", required=False)
    if to_status == CaseStatus.CLOSED:
        raise ValidationError(
            {
                "to_status": _(
                    "Een casus sluit u af met 'Casus afsluiten': daar hoort een reden bij."
                )
            }
        )
    if case.is_closed:
        raise ValidationError(
            {"to_status": _("De casus is afgesloten. Heropen de casus eerst, met een reden.")}
        )
    if to_status == case.status:
        raise ValidationError({"to_status": _("De casus heeft deze status al.")})
    allowed = NEXT_STATUSES[case.status]
    if to_status not in allowed:
        labels = dict(CaseStatus.choices)
        raise ValidationError(
            {
                "to_status": _("Van '%(from)s' kan de casus alleen naar: %(allowed)s.")
                % {
                    "from": labels[case.status],
                    "allowed": ", ".join(f"'{labels[s]}'" for s in allowed),
                }
            }
        )
    _write_status(
        actor=actor, case=case, expected_version=expected_version, to_status=to_status, note=note
    )
    return case


def _write_status(
    *, actor: Actor, case: Case, expected_version: int, to_status: str, note: str
) -> None:
    """The status change itself: the row, the history (who, when), the journal, the audit."""
    from_status = case.status
    with transaction.atomic():
        update_versioned(case, expected_version=expected_version, values={"status": to_status})
        _record_status(
            actor=actor, case=case, from_status=from_status, to_status=to_status, note=note
        )
        journal_record(
            case=case,
            kind=JournalKind.STATUS_CHANGED,
            actor=actor,
            text=note,
            data={"from": from_status, "to": to_status},
        )
        _audit(actor, case, Action.UPDATE, {"status": {"from": from_status, "to": to_status}})


# Setting the plan starts its execution: the statuses before it move on by themselves.
BEFORE_EXECUTION = (CaseStatus.ACCEPTED, CaseStatus.PLAN_IN_PREPARATION)


def case_start_execution(*, actor: Actor, case: Case, note: str) -> bool:
    """Moves a case whose plan was just set to "in execution", in the caller's transaction,
    with the actor in the status history (decision 0178). A case already in execution, or
    with its step-down proposed, keeps its status: a plan set again changes nothing there.
    True when the status changed."""
    locked = Case.objects.select_for_update().only("id", "status", "version").get(pk=case.pk)
    if locked.status not in BEFORE_EXECUTION:
        return False
    case.status, case.version = locked.status, locked.version
    _write_status(
        actor=actor,
        case=case,
        expected_version=locked.version,
        to_status=CaseStatus.IN_EXECUTION,
        note=note,
    )
    return True


@dataclass(frozen=True)
class Closure:
    reason: str
    note: str = ""
    receiving_party: str = ""
    receiving_organisation: Organisation | None = None


STEP_DOWN_NEEDS_CHECKLIST = "step_down_checklist"


def case_close(*, actor: Actor, case: Case, expected_version: int, closure: Closure) -> Case:
    """Closes an open case with a reason; "other" needs a note. Closing with the reason
    "stepped down" goes through the step-down checklist (`stepdown.case_step_down`), on the
    web and in the API alike (decision 0178): here it is refused."""
    if closure.reason == ClosureReason.STEPPED_DOWN:
        _require_manage(actor, case)
        raise ValidationError(
            {
                "reason": ValidationError(
                    _(
                        "Afschalen gaat met de afschalingschecklist: beoordeel de criteria en "
                        "noem de overnemende partij."
                    ),
                    code=STEP_DOWN_NEEDS_CHECKLIST,
                )
            }
        )
    return close_with_reason(
        actor=actor, case=case, expected_version=expected_version, closure=closure
    )


def close_with_reason(*, actor: Actor, case: Case, expected_version: int, closure: Closure) -> Case:
    """The closure itself, for `case_close` and for the step-down (which checked its
    checklist first). "Stepped down" names the party that takes over."""
    _require_manage(actor, case)
    _check_version(case, expected_version)
    if case.is_closed:
        raise ValidationError(_("De casus is al afgesloten."), code="case_closed")
    errors: dict[str, str] = {}
    if closure.reason not in ClosureReason.values:
        errors["reason"] = _("Kies de reden van afsluiten.")
    note = closure.note.strip()
    receiving_party = closure.receiving_party.strip()
    if closure.reason == ClosureReason.OTHER and not note:
        errors["note"] = _("Licht de reden 'overig' toe.")
    if closure.reason == ClosureReason.STEPPED_DOWN and not receiving_party:
        errors["receiving_party"] = _(
            "Noem de partij die de zorg overneemt: organisatie en contactpersoon."
        )
    if len(note) > MAX_TEXT:
        errors["note"] = _("Gebruik maximaal %(max)d tekens.") % {"max": MAX_TEXT}
    organisation = closure.receiving_organisation
    if (
        organisation is not None
        and not Partnership.objects.filter(
            house_id=case.house_id, organisation_id=organisation.pk
        ).exists()
    ):
        errors["receiving_organisation"] = _("Kies een partnerorganisatie van het huis.")
    if errors:
        raise ValidationError(errors)
    stepped_down = closure.reason == ClosureReason.STEPPED_DOWN
    from_status = case.status
    with transaction.atomic():
        update_versioned(
            case,
            expected_version=expected_version,
            values={
                "status": CaseStatus.CLOSED,
                "closed_at": timezone.now(),
                "closure_reason": closure.reason,
                "closure_note": note,
                "receiving_party": receiving_party if stepped_down else "",
                "receiving_organisation_id": organisation.pk
                if stepped_down and organisation
                else None,
                # A closed case has no review ahead; reopening sets a new one.
                "next_review_date": None,
            },
        )
        _record_status(
            actor=actor,
            case=case,
            from_status=from_status,
            to_status=CaseStatus.CLOSED,
            note=note,
            closure_reason=closure.reason,
        )
        journal_record(
            case=case,
            kind=JournalKind.CLOSED,
            actor=actor,
            organisation_id=case.receiving_organisation_id,
            text=note,
            data={"reason": closure.reason, "receiving_party": case.receiving_party},
        )
        _audit(
            actor,
            case,
            Action.UPDATE,
            {"status": {"from": from_status, "to": CaseStatus.CLOSED}, "reason": closure.reason},
        )
    return case


def case_reopen(*, actor: Actor, case: Case, expected_version: int, reason: str) -> Case:
    """A documented act: back to the status the case had when it was closed, with a new
    review date. The closure stays in the history."""
    _require_manage(actor, case)
    _check_version(case, expected_version)
    if not case.is_closed:
        raise ValidationError(_("Alleen een afgesloten casus kan worden heropend."))
    reason = _text(reason, "reason", _("Geef de reden om de casus te heropenen."))
    last_closure = (
        case.status_changes.filter(to_status=CaseStatus.CLOSED).order_by("-at", "-id").first()
    )
    back_to = (
        last_closure.from_status
        if last_closure is not None and last_closure.from_status
        else CaseStatus.IN_EXECUTION
    )
    with transaction.atomic():
        update_versioned(
            case,
            expected_version=expected_version,
            values={
                "status": back_to,
                "closed_at": None,
                "closure_reason": "",
                "closure_note": "",
                "receiving_party": "",
                "receiving_organisation_id": None,
                "next_review_date": _review_date_from_today(case.house_id),
            },
        )
        _record_status(
            actor=actor, case=case, from_status=CaseStatus.CLOSED, to_status=back_to, note=reason
        )
        journal_record(
            case=case,
            kind=JournalKind.REOPENED,
            actor=actor,
            text=reason,
            data={"to": back_to},
        )
        _audit(actor, case, Action.UPDATE, {"status": {"from": CaseStatus.CLOSED, "to": back_to}})
    return case


# --- participants -----------------------------------------------------------------------------


def participant_add(
    *,
    actor: Actor,
    case: Case,
    expected_version: int,
    organisation: Organisation,
    reason: str,
) -> CaseParticipant:
    """An organisation takes part from now on: its professionals see the case. An audited
    act with a reason; only partners of the house can take part."""
    _require_manage(actor, case)
    _check_version(case, expected_version)
    _require_open(case)
    reason = _text(reason, "reason", _("Geef de reden om deze organisatie toe te voegen."))
    if not Partnership.objects.filter(
        house_id=case.house_id, organisation_id=organisation.pk
    ).exists():
        raise ValidationError(
            {"organisation": _("Alleen partnerorganisaties van het huis kunnen deelnemen.")}
        )
    if case.participants.active().filter(organisation_id=organisation.pk).exists():
        raise ValidationError({"organisation": _("Deze organisatie neemt al deel aan de casus.")})
    with transaction.atomic():
        # The participant set is part of the case: a form opened before this change is stale.
        update_versioned(case, expected_version=expected_version, values={})
        try:
            with transaction.atomic():
                participant = CaseParticipant.objects.create(
                    case=case,
                    organisation=organisation,
                    added_at=timezone.now(),
                    added_by_id=actor.user_id,
                    reason=reason,
                )
        except IntegrityError:  # added concurrently by someone else
            raise StaleObjectError from None
        journal_record(
            case=case,
            kind=JournalKind.PARTICIPANT_ADDED,
            actor=actor,
            organisation_id=organisation.pk,
            text=reason,
        )
        _audit(
            actor,
            case,
            Action.UPDATE,
            {"participant_added": str(organisation.pk), "participation": str(participant.id)},
        )
    return participant


def participant_end(
    *,
    actor: Actor,
    case: Case,
    expected_version: int,
    participant: CaseParticipant,
    reason: str,
) -> CaseParticipant:
    """The organisation no longer takes part: its professionals lose access at once. The
    participation stays as history. The case director's organisation cannot leave while
    they direct the case."""
    _require_manage(actor, case)
    _check_version(case, expected_version)
    if participant.case_id != case.pk:
        raise PermissionDenied
    if not participant.is_active:
        raise ValidationError(_("De deelname van deze organisatie is al beëindigd."))
    reason = _text(reason, "reason", _("Geef de reden om de deelname te beëindigen."))
    if _directs_through(case, participant.organisation_id):
        raise ValidationError(
            _(
                "De casusregisseur werkt bij deze organisatie. Wijs eerst een andere "
                "casusregisseur aan."
            )
        )
    with transaction.atomic():
        update_versioned(case, expected_version=expected_version, values={})
        ended = CaseParticipant.objects.filter(pk=participant.pk, ended_at__isnull=True).update(
            ended_at=timezone.now(), ended_by_id=actor.user_id, end_reason=reason
        )
        if ended != 1:
            raise StaleObjectError
        participant.refresh_from_db()
        journal_record(
            case=case,
            kind=JournalKind.PARTICIPANT_ENDED,
            actor=actor,
            organisation_id=participant.organisation_id,
            text=reason,
        )
        _audit(
            actor,
            case,
            Action.UPDATE,
            {
                "participant_ended": str(participant.organisation_id),
                "participation": str(participant.id),
            },
        )
    return participant


def _directs_through(case: Case, organisation_id: uuid.UUID) -> bool:
    """Whether the case director sees the case only through this organisation's participation
    (house staff who direct see every case anyway)."""
    director = case.case_director
    if director is None or director.organisation_id != organisation_id:
        return False
    return not Membership.objects.filter(
        user_id=director.pk,
        house_id=case.house_id,
        role__in=[Role.PROCESS_COORDINATOR, Role.CHAIN_MANAGER],
    ).exists()


# --- house configuration ----------------------------------------------------------------------


def themes_seed_defaults(*, house: House) -> int:
    """Gives a house the default themes it lacks (by code, or by name ignoring case; a
    switched-off theme counts as present). Safe to repeat. Returns how many were created."""
    with transaction.atomic():
        existing = Theme.objects.filter(house=house)
        codes = set(existing.values_list("code", flat=True))
        names = {name.lower() for name in existing.values_list("name", flat=True)}
        missing = [
            Theme(house=house, code=code, name=name, position=position)
            for position, (code, name) in enumerate(DEFAULT_THEMES, start=1)
            if code not in codes and name.lower() not in names
        ]
        Theme.objects.bulk_create(missing)
        if missing:
            audit_record(
                actor=None,
                action=Action.CREATE,
                object_type="theme",
                house_id=house.id,
                detail={"seeded_defaults": len(missing)},
            )
    return len(missing)
