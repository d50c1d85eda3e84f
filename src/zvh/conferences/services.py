"""Conference writes: planning, agenda, invitations (e-mail with a calendar attachment), the
confidentiality declaration and its acceptance, minutes, decisions (which may create the
plan's agreements), closing and cancelling.

Every write checks the access policy, validates with a Dutch message per field, and writes in
one transaction with its audit event (and, where a case is concerned, its journal entry).
Ids and codes go into the audit log, never minutes or decision texts.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from zvh.accounts.models import User
from zvh.audit.models import Action
from zvh.audit.services import audit_record
from zvh.authz.actor import Actor
from zvh.authz.functions import Function
from zvh.authz.policy import can_use
from zvh.cases.journal import journal_record
from zvh.cases.models import Case, CasePerson, Theme
from zvh.conferences import policy as conference_policy
from zvh.core.concurrency import update_versioned
from zvh.core.moments import note_earliest
from zvh.core.numbering import next_number
from zvh.covenants.selectors import covenant_party_ids
from zvh.plans.services import AgreementInput, agreement_create

from . import ics, mail
from .journal import ConferenceJournalKind
from .models import (
    MAX_DECLARATION,
    MAX_TEXT,
    AgendaItem,
    Conference,
    ConferenceDecision,
    ConferenceKind,
    ConferenceStatus,
    ConfidentialityDeclaration,
    DeclarationAcceptance,
    Invitation,
)

MAX_MINUTES = 20000
MAX_DURATION = timedelta(hours=12)
PLANNING_HORIZON = timedelta(days=2 * 366)


@dataclass(frozen=True)
class Schedule:
    starts_at: datetime
    ends_at: datetime
    location: str = ""
    video_link: str = ""


@dataclass(frozen=True)
class ConferenceInput:
    kind: str
    schedule: Schedule
    theme: Theme | None = None
    case: Case | None = None
    invitees: Sequence[User] = ()
    # Chosen when the form is shown: a second submit returns the conference already created.
    conference_id: uuid.UUID | None = None


@dataclass(frozen=True)
class DecisionInput:
    text: str
    agreements: Sequence[AgreementInput] = field(default_factory=tuple)
    decision_id: uuid.UUID | None = None


# --- helpers ----------------------------------------------------------------------------------


def _require_plan(actor: Actor, conference: Conference | None = None) -> uuid.UUID:
    """The actor's house, if they plan its conferences (and this conference lies there)."""
    if actor.house_id is None or not can_use(actor, Function.PLAN_CONFERENCES):
        raise PermissionDenied
    if conference is not None and conference.house_id != actor.house_id:
        raise PermissionDenied
    return actor.house_id


def _require_planned(conference: Conference) -> None:
    if conference.status == ConferenceStatus.CANCELLED:
        raise ValidationError(_("Het overleg is geannuleerd."), code="cancelled")
    if conference.status == ConferenceStatus.HELD:
        raise ValidationError(_("Het overleg is afgerond; het verslag ligt vast."), code="held")


def _require_started(conference: Conference) -> None:
    if conference.starts_at > timezone.now():
        raise ValidationError(
            _(
                "Het overleg is nog niet begonnen. Verslag en besluiten legt u vast vanaf "
                "de aanvang."
            ),
            code="not_started",
        )


def _text(value: str, name: str, required_message: str, *, limit: int = MAX_TEXT) -> str:
    value = value.strip()
    if not value and required_message:
        raise ValidationError({name: required_message})
    if len(value) > limit:
        raise ValidationError({name: _("Gebruik maximaal %(max)d tekens.") % {"max": limit}})
    return value


def _person_ids(case_ids: Iterable[uuid.UUID]) -> list[uuid.UUID]:
    return list(
        CasePerson.objects.filter(case_id__in=list(case_ids)).values_list("person_id", flat=True)
    )


def _agenda_case_ids(conference: Conference) -> list[uuid.UUID]:
    return list(conference.items.values_list("case_id", flat=True))


def _audit(
    actor: Actor,
    conference: Conference,
    action: Action,
    detail: dict[str, Any],
    *,
    case_ids: Iterable[uuid.UUID] | None = None,
) -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type="conference",
        object_id=conference.id,
        person_ids=_person_ids(_agenda_case_ids(conference) if case_ids is None else case_ids),
        detail=detail,
    )


def schedule_errors(schedule: Schedule, *, now: datetime | None = None) -> dict[str, str]:
    """Every rule of a date, time and place, with its message."""
    now = now or timezone.now()
    errors: dict[str, str] = {}
    if schedule.starts_at <= now:
        errors["starts_at"] = _(
            "Het overleg kan niet in het verleden liggen. Kies een later tijdstip."
        )
    elif schedule.starts_at > now + PLANNING_HORIZON:
        errors["starts_at"] = _("Plan het overleg binnen twee jaar.")
    if schedule.ends_at <= schedule.starts_at:
        errors["ends_at"] = _("Het einde moet na de aanvang liggen.")
    elif schedule.ends_at - schedule.starts_at > MAX_DURATION:
        errors["ends_at"] = _("Een overleg duurt hoogstens twaalf uur.")
    location, video_link = schedule.location.strip(), schedule.video_link.strip()
    if not location and not video_link:
        errors["location"] = _("Vul een plaats of een videoverbinding in.")
    if len(location) > 200:
        errors["location"] = _("Gebruik maximaal %(max)d tekens.") % {"max": 200}
    if video_link:
        try:
            URLValidator(schemes=["https"])(video_link)
        except ValidationError:
            errors["video_link"] = _(
                "Vul een volledige beveiligde link in, beginnend met https://."
            )
        if len(video_link) > 500:
            errors["video_link"] = _("Gebruik maximaal %(max)d tekens.") % {"max": 500}
    return errors


def _schedule_values(schedule: Schedule) -> dict[str, Any]:
    return {
        "starts_at": schedule.starts_at,
        "ends_at": schedule.ends_at,
        "location": schedule.location.strip(),
        "video_link": schedule.video_link.strip(),
    }


def _invitee_errors(
    actor: Actor, users: Sequence[User], case_ids: list[uuid.UUID] | None
) -> dict[str, str]:
    if not users:
        return {}
    allowed = set(
        conference_policy.invitee_candidates(actor, case_ids)
        .filter(pk__in=[user.pk for user in users])
        .values_list("pk", flat=True)
    )
    if any(user.pk not in allowed for user in users):
        if case_ids is not None:
            return {
                "invitees": _(
                    "Nodig voor een Casus op Maat alleen medewerkers van het huis en "
                    "professionals van deelnemende organisaties uit. Voeg de organisatie zo "
                    "nodig eerst toe als deelnemer aan de casus."
                )
            }
        return {"invitees": _("Kies alleen personen met een rol in dit huis.")}
    return {}


def _invite(actor: Actor, conference: Conference, users: Iterable[User]) -> None:
    Invitation.objects.bulk_create(
        [
            Invitation(
                conference=conference,
                user=user,
                organisation_id=user.organisation_id,
                invited_by_id=actor.user_id,
            )
            for user in users
        ]
    )


# --- planning ---------------------------------------------------------------------------------


def conference_create(*, actor: Actor, data: ConferenceInput) -> Conference:
    """A Casus op Maat puts its one case on the agenda at once; a target-group conference
    gets its cases afterwards (`agenda_add`)."""
    house_id = _require_plan(actor)
    if data.conference_id is not None:
        existing = Conference.objects.filter(
            pk=data.conference_id, house_id=house_id, created_by_id=actor.user_id
        ).first()
        if existing is not None:
            return existing
    errors = schedule_errors(data.schedule)
    case_ids: list[uuid.UUID] | None = None
    if data.kind == ConferenceKind.CASE:
        if data.case is None:
            errors["case"] = _("Kies de casus voor de Casus op Maat.")
        elif not conference_policy.agenda_candidate_cases(actor).filter(pk=data.case.pk).exists():
            errors["case"] = _(
                "Deze casus bestaat niet, is afgesloten of u mag er geen overleg voor plannen."
            )
        else:
            case_ids = [data.case.pk]
    elif data.kind == ConferenceKind.TARGET_GROUP:
        if data.theme is None:
            errors["theme"] = _("Kies de doelgroep van het overleg.")
        elif data.theme.house_id != house_id:
            errors["theme"] = _("Kies een doelgroep van dit huis.")
    else:
        errors["kind"] = _("Kies de soort overleg.")
    if not (data.kind == ConferenceKind.CASE and case_ids is None):
        # (Without a valid case the case error says enough.)
        errors.update(_invitee_errors(actor, data.invitees, case_ids))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        conference = Conference.objects.create(
            id=data.conference_id or uuid.uuid4(),
            house_id=house_id,
            number=next_number(house_id=house_id, name="conference", prefix="O"),
            kind=data.kind,
            theme=data.theme if data.kind == ConferenceKind.TARGET_GROUP else None,
            created_by_id=actor.user_id,
            **_schedule_values(data.schedule),
        )
        if data.case is not None and data.kind == ConferenceKind.CASE:
            AgendaItem.objects.create(conference=conference, case=data.case, position=1)
        _invite(actor, conference, data.invitees)
        _audit(
            actor,
            conference,
            Action.CREATE,
            {"kind": conference.kind, "invited": len(data.invitees)},
        )
    return conference


def conference_reschedule(
    *, actor: Actor, conference: Conference, expected_version: int, schedule: Schedule
) -> Conference:
    """A new date, time or place. Whoever already received the invitation gets the update
    (same calendar UID, higher SEQUENCE) by e-mail."""
    _require_plan(actor, conference)
    _require_planned(conference)
    errors = schedule_errors(schedule)
    if errors:
        raise ValidationError(errors)
    values = _schedule_values(schedule)
    changed = any(getattr(conference, name) != value for name, value in values.items())
    with transaction.atomic():
        if changed:
            values["sequence"] = conference.sequence + 1
        update_versioned(conference, expected_version=expected_version, values=values)
        if changed:
            mailed = list(
                conference.invitations.filter(queued_sequence__isnull=False).select_related("user")
            )
            _mark_queued(conference, mailed)
            mail.queue(conference, mailed, ics.Method.REQUEST)
        _audit(actor, conference, Action.UPDATE, {"rescheduled": changed})
    return conference


def invitations_set(
    *, actor: Actor, conference: Conference, expected_version: int, users: Sequence[User]
) -> Conference:
    """Who is invited. Someone taken off the list after their invitation was sent gets a
    cancellation for their calendar, and loses access to the conference at once."""
    _require_plan(actor, conference)
    _require_planned(conference)
    case_ids = _agenda_case_ids(conference) if conference.is_case_conference else None
    errors = _invitee_errors(actor, users, case_ids)
    if errors:
        raise ValidationError(errors)
    wanted = {user.pk: user for user in users}
    current = {inv.user_id: inv for inv in conference.invitations.select_related("user")}
    removed = [inv for user_id, inv in current.items() if user_id not in wanted]
    added = [user for user_id, user in wanted.items() if user_id not in current]
    with transaction.atomic():
        update_versioned(conference, expected_version=expected_version, values={})
        mail.queue(
            conference,
            [inv for inv in removed if inv.queued_sequence is not None],
            ics.Method.CANCEL,
        )
        Invitation.objects.filter(pk__in=[inv.pk for inv in removed]).delete()
        _invite(actor, conference, added)
        _audit(
            actor,
            conference,
            Action.UPDATE,
            {
                "invited": sorted(user.pk for user in added),
                "uninvited": sorted(inv.user_id for inv in removed),
            },
        )
    return conference


def agenda_add(*, actor: Actor, conference: Conference, cases: Sequence[Case]) -> int:
    """Puts cases on a target-group conference's agenda; returns how many were new."""
    _require_plan(actor, conference)
    _require_planned(conference)
    if conference.is_case_conference:
        raise ValidationError(
            {"cases": _("Een Casus op Maat gaat over één casus. Plan een nieuw overleg.")}
        )
    if not cases:
        raise ValidationError({"cases": _("Kies ten minste één casus.")})
    allowed = set(
        conference_policy.agenda_candidate_cases(actor)
        .filter(pk__in=[case.pk for case in cases])
        .values_list("pk", flat=True)
    )
    refused = sorted(case.number for case in cases if case.pk not in allowed)
    if refused:
        raise ValidationError(
            {
                "cases": _(
                    "Deze casussen kunt u niet op de agenda zetten (afgesloten, of niet van "
                    "dit huis): %(numbers)s."
                )
                % {"numbers": ", ".join(refused)}
            }
        )
    present = set(_agenda_case_ids(conference))
    new = [case for case in dict.fromkeys(cases) if case.pk not in present]
    if not new:
        raise ValidationError({"cases": _("Deze casussen staan al op de agenda.")})
    with transaction.atomic():
        last = conference.items.aggregate(last=Max("position"))["last"] or 0
        try:
            with transaction.atomic():
                AgendaItem.objects.bulk_create(
                    [
                        AgendaItem(conference=conference, case=case, position=last + offset)
                        for offset, case in enumerate(new, start=1)
                    ]
                )
        except IntegrityError:  # the same case added at the same moment by someone else
            raise ValidationError(
                {"cases": _("De agenda is intussen gewijzigd. Probeer het opnieuw.")}
            ) from None
        _audit(
            actor,
            conference,
            Action.UPDATE,
            {"agenda_added": sorted(str(case.pk) for case in new)},
            case_ids=[case.pk for case in new],
        )
    return len(new)


def agenda_remove(*, actor: Actor, conference: Conference, item: AgendaItem) -> None:
    _require_plan(actor, conference)
    _require_planned(conference)
    if item.conference_id != conference.pk:
        raise PermissionDenied
    if conference.is_case_conference:
        raise ValidationError(
            _("De casus van een Casus op Maat blijft op de agenda. Annuleer zo nodig het overleg.")
        )
    if item.minutes or item.decisions.exists():
        raise ValidationError(
            _("Bij dit agendapunt staan al verslag of besluiten. Het blijft op de agenda.")
        )
    with transaction.atomic():
        item.delete()
        _audit(
            actor,
            conference,
            Action.UPDATE,
            {"agenda_removed": str(item.case_id)},
            case_ids=[item.case_id],
        )


def _mark_queued(conference: Conference, invitations: Sequence[Invitation]) -> None:
    """The conference's current sequence is in the outbox for these invitations; they count as
    sent once the mail server accepted it (mail.invitation_delivered, decision 0187)."""
    Invitation.objects.filter(pk__in=[inv.pk for inv in invitations]).update(
        queued_sequence=conference.sequence
    )
    for invitation in invitations:
        invitation.queued_sequence = conference.sequence


def invitations_send(*, actor: Actor, conference: Conference) -> int:
    """Puts the invitation (with the calendar attachment) in the outbox for everyone who has
    not yet been sent the current one. Returns how many were queued; repeating queues nothing
    twice. The worker delivers them; an invitation counts as sent once the mail server
    accepted it."""
    _require_plan(actor, conference)
    _require_planned(conference)
    if conference.starts_at <= timezone.now():
        raise ValidationError(_("Het overleg is al begonnen. Uitnodigen kan niet meer."))
    if not conference.items.exists():
        raise ValidationError(_("De agenda is leeg. Zet eerst een casus op de agenda."))
    with transaction.atomic():
        # Under the conference's row lock: two clicks at once send each invitation once.
        Conference.objects.select_for_update().filter(pk=conference.pk).first()
        invitations = list(conference.invitations.select_related("user"))
        if not invitations:
            raise ValidationError(_("Er is nog niemand uitgenodigd. Kies eerst de genodigden."))
        due = [
            inv
            for inv in invitations
            if inv.queued_sequence is None or inv.queued_sequence < conference.sequence
        ]
        _mark_queued(conference, due)
        mail.queue(conference, due, ics.Method.REQUEST)
        _audit(actor, conference, Action.UPDATE, {"invitations_sent": len(due)})
    return len(due)


def conference_cancel(*, actor: Actor, conference: Conference, reason: str) -> Conference:
    _require_plan(actor, conference)
    _require_planned(conference)
    reason = _text(reason, "reason", _("Geef de reden om het overleg te annuleren."))
    with transaction.atomic():
        updated = Conference.objects.filter(
            pk=conference.pk, status=ConferenceStatus.PLANNED
        ).update(
            status=ConferenceStatus.CANCELLED,
            cancelled_at=timezone.now(),
            cancel_reason=reason,
            sequence=F("sequence") + 1,
            version=F("version") + 1,
            updated_at=timezone.now(),
        )
        if updated != 1:
            raise ValidationError(_("Het overleg is intussen afgerond of geannuleerd."))
        conference.refresh_from_db()
        mailed = list(
            conference.invitations.filter(queued_sequence__isnull=False).select_related("user")
        )
        mail.queue(conference, mailed, ics.Method.CANCEL)
        _audit(actor, conference, Action.UPDATE, {"status": ConferenceStatus.CANCELLED})
    return conference


def first_conference_note(case_ids: Iterable[uuid.UUID] | Any, starts_at: datetime) -> None:
    """A conference that started at `starts_at` was held with these cases on its agenda: where
    it is their earliest, it becomes their first conference (read by the throughput figures,
    decision 0175)."""
    note_earliest(Case.objects.filter(pk__in=case_ids), "first_conference_at", starts_at)


def conference_close(*, actor: Actor, conference: Conference) -> Conference:
    """The conference was held: its minutes are final, and each case's journal says so."""
    _require_plan(actor, conference)
    _require_planned(conference)
    _require_started(conference)
    with transaction.atomic():
        now = timezone.now()
        updated = Conference.objects.filter(
            pk=conference.pk, status=ConferenceStatus.PLANNED
        ).update(
            status=ConferenceStatus.HELD,
            held_at=now,
            updated_at=now,
            version=F("version") + 1,
        )
        if updated != 1:
            raise ValidationError(_("Het overleg is intussen afgerond of geannuleerd."))
        conference.refresh_from_db()
        first_conference_note(conference.items.values("case_id"), conference.starts_at)
        for item in conference.items.select_related("case"):
            journal_record(
                case=item.case,
                kind=ConferenceJournalKind.CONFERENCE_HELD,
                actor=actor,
                at=now,
                data={"conference": str(conference.id), "number": conference.number},
            )
        _audit(actor, conference, Action.UPDATE, {"status": ConferenceStatus.HELD})
    return conference


# --- minutes and decisions --------------------------------------------------------------------


def _require_item_writable(actor: Actor, item: AgendaItem) -> None:
    _require_plan(actor, item.conference)
    _require_planned(item.conference)
    _require_started(item.conference)


def minutes_save(*, actor: Actor, item: AgendaItem, expected_version: int, text: str) -> None:
    _require_item_writable(actor, item)
    text = _text(text, "minutes", "", limit=MAX_MINUTES)
    with transaction.atomic():
        update_versioned(
            item,
            expected_version=expected_version,
            values={"minutes": text, "minutes_by_id": actor.user_id, "minutes_at": timezone.now()},
        )
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            object_type="conference_item",
            object_id=item.id,
            person_ids=_person_ids([item.case_id]),
            detail={"conference": str(item.conference_id), "minutes": True},
        )


def decision_record(*, actor: Actor, item: AgendaItem, data: DecisionInput) -> ConferenceDecision:
    """A decision on an agenda item, with the agreements it makes. The agreements are the
    plan's (`plans.services.agreement_create`, which requires the owning organisation to take
    part in the case); if one is refused, nothing is stored."""
    _require_item_writable(actor, item)
    if data.decision_id is not None:
        existing = ConferenceDecision.objects.filter(pk=data.decision_id).first()
        if existing is not None:
            if existing.item_id == item.pk and existing.decided_by_id == actor.user_id:
                return existing
            data = DecisionInput(text=data.text, agreements=data.agreements)
    text = _text(data.text, "text", _("Schrijf het besluit op."))
    with transaction.atomic():
        decision = ConferenceDecision.objects.create(
            id=data.decision_id or uuid.uuid4(),
            item=item,
            text=text,
            decided_by_id=actor.person_user_id,
            decided_at=timezone.now(),
        )
        # The plan validates each agreement (owner of a participating organisation, due date
        # not before the case's start); a refusal rolls the decision back with it.
        agreements = [
            agreement_create(actor=actor, case=item.case, data=agreement)
            for agreement in data.agreements
        ]
        decision.agreements.set(agreements)
        agreement_ids = [str(agreement.pk) for agreement in agreements]
        journal_record(
            case=item.case,
            kind=ConferenceJournalKind.CONFERENCE_DECISION,
            actor=actor,
            text=text,
            data={
                "conference": str(item.conference_id),
                "number": item.conference.number,
                "agreements": agreement_ids,
            },
            conference_id=item.conference_id,
        )
        audit_record(
            actor=actor,
            action=Action.CREATE,
            object_type="conference_decision",
            object_id=decision.id,
            person_ids=_person_ids([item.case_id]),
            detail={
                "conference": str(item.conference_id),
                "item": str(item.id),
                "agreements": agreement_ids,
            },
        )
    return decision


# --- the confidentiality declaration ----------------------------------------------------------


def declaration_create(*, actor: Actor, text: str) -> ConfidentialityDeclaration:
    """A new version of the house's declaration; it replaces the active one from now on.
    Acceptances keep the version that was accepted."""
    if actor.house_id is None or not can_use(actor, Function.MANAGE_COVENANTS):
        raise PermissionDenied
    text = _text(text, "text", _("Schrijf de tekst van de verklaring."), limit=MAX_DECLARATION)
    try:
        with transaction.atomic():
            current = ConfidentialityDeclaration.objects.filter(house_id=actor.house_id)
            version = (current.aggregate(last=Max("version"))["last"] or 0) + 1
            current.filter(active=True).update(active=False, updated_at=timezone.now())
            declaration = ConfidentialityDeclaration.objects.create(
                house_id=actor.house_id,
                version=version,
                text=text,
                active=True,
                created_by_id=actor.user_id,
            )
            audit_record(
                actor=actor,
                action=Action.CREATE,
                object_type="confidentiality_declaration",
                object_id=declaration.id,
                detail={"version": version},
            )
    except IntegrityError:  # another version saved at the same moment
        raise ValidationError(
            {"text": _("Er is tegelijk een andere versie opgeslagen. Bekijk de huidige tekst.")}
        ) from None
    return declaration


def active_declaration(house_id: uuid.UUID) -> ConfidentialityDeclaration | None:
    return ConfidentialityDeclaration.objects.filter(house_id=house_id, active=True).first()


def declaration_accept(
    *, actor: Actor, conference: Conference, declaration_id: uuid.UUID | None
) -> DeclarationAcceptance | None:
    """The attendee accepts the active declaration for this conference: recorded with time
    and version. None when the attendee needs no declaration. `declaration_id` is the
    version the attendee read: if it changed meanwhile, they must read the new one."""
    if not conference_policy.visible_conferences(actor).filter(pk=conference.pk).exists():
        raise PermissionDenied
    if not conference_policy.declaration_required(actor, covenant_party_ids(conference.house_id)):
        return None
    existing = DeclarationAcceptance.objects.filter(
        conference=conference, user_id=actor.person_user_id
    ).first()
    if existing is not None:
        return existing
    declaration = active_declaration(conference.house_id)
    if declaration is None:
        raise ValidationError(
            _(
                "Het huis heeft nog geen geheimhoudingsverklaring vastgesteld. Neem contact op "
                "met de procesregisseur."
            )
        )
    if declaration.pk != declaration_id:
        raise ValidationError(
            _("De verklaring is intussen gewijzigd. Lees de nieuwe tekst en bevestig opnieuw.")
        )
    try:
        with transaction.atomic():
            acceptance = DeclarationAcceptance.objects.create(
                conference=conference,
                user_id=actor.person_user_id,
                organisation_id=actor.organisation_id,
                declaration=declaration,
                accepted_at=timezone.now(),
            )
            audit_record(
                actor=actor,
                action=Action.CREATE,
                object_type="confidentiality_acceptance",
                object_id=conference.id,
                detail={"declaration": str(declaration.id), "version": declaration.version},
            )
    except IntegrityError:  # a double submit that raced the first
        return DeclarationAcceptance.objects.get(
            conference=conference, user_id=actor.person_user_id
        )
    return acceptance
