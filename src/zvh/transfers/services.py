"""Transfer of a case to another house (the person moved into its region).

The sending house's staff request it; the receiving house's staff accept (naming one of their
process coordinators) or refuse it with a reason; the sending house may withdraw it while it
is open. On acceptance the case moves, in one transaction, with its history: plan,
agreements, journal, notes, reviews and escalations stay with the case, which now lies in the
receiving house (`Case.house`). What belongs to a house is remapped or cleared; see
`_move` and docs/decisions/0141-case-transfer.md for every relation.

Who sees what: cases/transfer_policy.py. Until it accepts, the receiving house sees only the
transfer page (`transfer_page_context`); afterwards the sending house keeps the transfer row,
its own audit events and its intake history, and gets a 404 on the case.

Every write is logged in both houses' access logs (`_audit_both`) and journaled on the case.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zvh.accounts.models import User
from zvh.audit.models import Action
from zvh.audit.reads import audited_get
from zvh.audit.services import audit_record
from zvh.authz import policy
from zvh.authz.actor import Actor
from zvh.authz.functions import Function
from zvh.cases.journal import JournalKind, journal_record
from zvh.cases.models import (
    Case,
    CaseJournalEntry,
    CaseParticipant,
    CasePerson,
    CaseTransfer,
    Escalation,
    EscalationStatus,
    Theme,
    TransferReason,
    TransferStatus,
)
from zvh.cases.selectors import PERSON_FIELDS, coordinator_candidates, director_candidates
from zvh.cases.services import (
    _notify_assignment,
    _person_ids,
    _require_manage,
    _require_open,
    _review_date_from_today,
    _text,
)
from zvh.conferences.models import ConferenceStatus
from zvh.core.concurrency import StaleObjectError, update_versioned
from zvh.core.keyset import Page, keyset_page
from zvh.core.numbering import next_number
from zvh.intake.models import Referral
from zvh.network import policy as network_policy
from zvh.network.models import House, Membership, Municipality, Organisation, Partnership, Role
from zvh.notifications import titles
from zvh.notifications.services import notify
from zvh.people.models import Person
from zvh.people.selectors import person_matches
from zvh.plans.models import Agreement, AgreementStatus
from zvh.plans.services import agreement_cancel
from zvh.transfers.policy import (
    can_decide_transfer,
    can_withdraw_transfer,
    visible_transfers,
)

INCOMING = "in"
OUTGOING = "out"

# What is copied when the receiving house does not know a person yet: the whole registration.
PERSON_COPY_FIELDS = (
    "given_names",
    "surname_prefix",
    "surname",
    "date_of_birth",
    "bsn",
    "street",
    "house_number",
    "postcode",
    "city",
    "municipality_id",
)


class TransferJournalKind(models.TextChoices):
    """Journal kinds of a transfer, registered in CasesConfig.ready()."""

    REQUESTED = "transfer_requested", gettext_lazy("Overdracht aangevraagd")
    WITHDRAWN = "transfer_withdrawn", gettext_lazy("Verzoek tot overdracht ingetrokken")
    REFUSED = "transfer_refused", gettext_lazy("Overdracht geweigerd")
    TRANSFERRED = "transferred", gettext_lazy("Casus overgedragen aan een ander huis")
    MINUTES = "transfer_minutes", gettext_lazy("Verslag casusoverleg (meegenomen bij overdracht)")


def describe(entry: CaseJournalEntry) -> str:
    """One line for a transfer entry; house names are stored in `data` (no query here)."""
    data = entry.data
    if entry.kind == TransferJournalKind.REQUESTED:
        return _("Aan %(house)s. Reden: %(reason)s.") % {
            "house": data.get("to_house", ""),
            "reason": dict(TransferReason.choices).get(data.get("reason", ""), ""),
        }
    if entry.kind == TransferJournalKind.WITHDRAWN:
        return _("Het verzoek aan %(house)s is ingetrokken.") % {"house": data.get("to_house", "")}
    if entry.kind == TransferJournalKind.REFUSED:
        return _("Geweigerd door %(house)s.") % {"house": data.get("to_house", "")}
    if entry.kind == TransferJournalKind.TRANSFERRED:
        return _("Van %(from)s naar %(to)s. Casusnummer bij %(from)s: %(number)s.") % {
            "from": data.get("from_house", ""),
            "to": data.get("to_house", ""),
            "number": data.get("from_number", ""),
        }
    return _("Overleg %(number)s van %(house)s.") % {
        "number": data.get("conference", ""),
        "house": data.get("from_house", ""),
    }


# --- reads ------------------------------------------------------------------------------------


def transfer_list(
    *, actor: Actor, direction: str = INCOMING, cursor: str | None = None, size: int = 50
) -> Page[CaseTransfer]:
    """Requests to this house (incoming) or from it (outgoing), newest first. The list names
    no persons: numbers, houses, dates and status only."""
    queryset = visible_transfers(actor)
    if direction == OUTGOING:
        queryset = queryset.filter(from_house_id=actor.house_id)
    else:
        queryset = queryset.filter(to_house_id=actor.house_id)
    queryset = queryset.select_related("from_house", "to_house").only(
        "id",
        "status",
        "from_number",
        "to_number",
        "requested_at",
        "decided_at",
        "case_id",
        "from_house__id",
        "from_house__name",
        "to_house__id",
        "to_house__name",
    )
    page = keyset_page(queryset, order=("-requested_at", "-id"), cursor=cursor, size=size)
    audit_record(
        actor=actor,
        action=Action.LIST,
        object_type="case_transfer",
        detail={"list": direction, "count": len(page.rows)},
    )
    return page


def transfer_get(*, actor: Actor, transfer_id: uuid.UUID) -> CaseTransfer:
    """One transfer of the actor's house, as sender or receiver (audited; a hidden or unknown
    id is a 404). While it is open its page names the persons: the event says so."""
    return audited_get(
        actor=actor,
        queryset=visible_transfers(actor).select_related(
            "case", "from_house", "to_house", "requested_by", "decided_by"
        ),
        pk=transfer_id,
        object_type="case_transfer",
        person_ids=lambda transfer: _person_ids(transfer.case) if transfer.is_pending else [],
    )


@dataclass(frozen=True)
class TransferEffects:
    """What accepting would do to the case now: shown to the sending house while it waits."""

    ending_organisations: list[Organisation]
    cancelled_agreements: int
    dropped_themes: list[str]


def transfer_effects(case: Case, to_house_id: uuid.UUID) -> TransferEffects:
    return TransferEffects(
        ending_organisations=[
            participant.organisation
            for participant in _leaving_participants(case, to_house_id).select_related(
                "organisation"
            )
        ],
        cancelled_agreements=_agreements_to_cancel(case, to_house_id).count(),
        dropped_themes=_map_themes(case, to_house_id)[1],
    )


def transfer_page_context(*, actor: Actor, transfer: CaseTransfer) -> dict[str, Any]:
    """What the transfer page shows, read through `transfer_get`.

    While the request is open, both houses see the minimum the receiving house needs to
    decide: case number, type, status, themes, opening date, and the persons' names and dates
    of birth (to recognise them and match them to its own registration) — no BSN, address,
    plan, journal, participants or notes. Once decided, the page is a record only. The
    case itself is linked only for the house that holds it now."""
    case = transfer.case
    receiving = transfer.to_house_id == actor.house_id
    context: dict[str, Any] = {
        "transfer": transfer,
        "receiving": receiving,
        "can_decide": can_decide_transfer(actor, transfer),
        "can_withdraw": can_withdraw_transfer(actor, transfer),
        "case_here": case.house_id == actor.house_id,
    }
    if transfer.is_pending:
        context["persons"] = list(
            Person.objects.filter(case_links__case=case)
            .only(*PERSON_FIELDS)
            .order_by("surname_normalised", "id")
        )
        context["themes"] = [theme.name for theme in case.themes.order_by("position", "name")]
        if not receiving:
            context["effects"] = transfer_effects(case, transfer.to_house_id)
    return context


def case_transfer_records(case: Case) -> dict[str, CaseTransfer | None]:
    """For the case page (read through the policy), in one query: the open request, and the
    transfer that brought the case into its present house."""
    rows = list(
        case.transfers.filter(
            Q(status=TransferStatus.REQUESTED)
            | Q(status=TransferStatus.ACCEPTED, to_house_id=case.house_id)
        )
        .select_related("from_house", "to_house")
        .order_by("-requested_at")[:2]
    )
    return {
        "pending_transfer": next((row for row in rows if row.is_pending), None),
        "transferred_in": next(
            (row for row in rows if row.status == TransferStatus.ACCEPTED), None
        ),
    }


def receiving_coordinators(transfer: CaseTransfer) -> QuerySet[User]:
    """The receiving house's process coordinators: the same rule as for a case of that house
    (the unsaved case only carries the house)."""
    return coordinator_candidates(Case(house_id=transfer.to_house_id)).select_related(
        "organisation"
    )


# --- writes -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TransferInput:
    to_house: House | None
    reason: str
    explanation: str


@dataclass(frozen=True)
class Acceptance:
    process_coordinator: User | None
    # The new municipality of residence, from the receiving house's municipalities; empty
    # keeps the case's municipality only if the receiving house serves it.
    municipality: Municipality | None = None


def transfer_request(
    *,
    actor: Actor,
    case: Case,
    data: TransferInput,
    transfer_id: uuid.UUID | None = None,
) -> CaseTransfer:
    """House staff of the case's house ask another house to take the case over. One open
    request per case. `transfer_id` is chosen when the form is shown: submitting it twice
    returns the request created the first time."""
    _require_manage(actor, case)
    if transfer_id is not None:
        existing = CaseTransfer.objects.filter(pk=transfer_id).first()
        if existing is not None:
            if _is_own_request(existing, actor, case):
                return existing
            transfer_id = None  # not this form's request: never touch someone else's
    _require_open(case)
    errors: dict[str, str] = {}
    if data.to_house is None:
        errors["to_house"] = _("Kies het huis dat de casus overneemt.")
    elif data.to_house.pk == case.house_id:
        errors["to_house"] = _("Kies een ander huis dan het huis van de casus.")
    if data.reason not in TransferReason.values:
        errors["reason"] = _("Kies de reden van de overdracht.")
    try:
        explanation = _text(
            data.explanation,
            "explanation",
            _("Licht toe waarom het andere huis de casus overneemt."),
        )
    except ValidationError as error:
        errors.update({key: value[0] for key, value in error.message_dict.items()})
    if errors or data.to_house is None:
        raise ValidationError(errors)
    _require_transferable(case)
    try:
        with transaction.atomic():
            return _create_request(
                actor, case, data.to_house, data.reason, explanation, transfer_id
            )
    except IntegrityError:
        # A second request for the case at the same moment (or the same form twice): the
        # partial unique index let only the first one in.
        winner = CaseTransfer.objects.filter(pk=transfer_id).first() if transfer_id else None
        if winner is not None and _is_own_request(winner, actor, case):
            return winner
        raise ValidationError(_("Voor deze casus loopt al een verzoek tot overdracht.")) from None


def _is_own_request(transfer: CaseTransfer, actor: Actor, case: Case) -> bool:
    return transfer.case_id == case.pk and transfer.requested_by_id == actor.user_id


def _require_transferable(case: Case) -> None:
    if case.transfers.filter(status=TransferStatus.REQUESTED).exists():
        raise ValidationError(_("Voor deze casus loopt al een verzoek tot overdracht."))
    if case.conference_items.filter(conference__status=ConferenceStatus.PLANNED).exists():
        # A planned meeting of this house would discuss a case it no longer holds.
        raise ValidationError(
            _(
                "De casus staat op de agenda van een gepland casusoverleg. Haal de casus eerst "
                "van de agenda, of rond het overleg eerst af."
            )
        )


def _create_request(
    actor: Actor,
    case: Case,
    to_house: House,
    reason: str,
    explanation: str,
    transfer_id: uuid.UUID | None,
) -> CaseTransfer:
    transfer = CaseTransfer.objects.create(
        id=transfer_id or uuid.uuid4(),
        case=case,
        from_house_id=case.house_id,
        to_house=to_house,
        reason=reason,
        explanation=explanation,
        from_number=case.number,
        origin_referral_number=case.origin_referral.number if case.origin_referral else "",
        requested_by_id=actor.person_user_id,
        requested_at=timezone.now(),
    )
    journal_record(
        case=case,
        kind=TransferJournalKind.REQUESTED,
        actor=actor,
        text=explanation,
        data={"transfer": str(transfer.id), "to_house": to_house.name, "reason": reason},
    )
    persons = _person_ids(case)
    _audit_both(actor, transfer, Action.CREATE, {"reason": reason}, persons, persons)
    link = reverse("cases:transfer-detail", kwargs={"transfer_id": transfer.id})
    for user in _house_staff(to_house.pk):
        notify(
            user=user,
            house_id=to_house.pk,
            subject=titles.gettext(
                "Verzoek tot overdracht van een casus door %(house)s", house=case.house.name
            ),
            body=_("Bekijk het verzoek en accepteer of weiger het."),
            link=link,
        )
    return transfer


def transfer_withdraw(
    *, actor: Actor, transfer: CaseTransfer, expected_version: int
) -> CaseTransfer:
    """The sending house takes its open request back."""
    if _decided_by(actor, transfer, TransferStatus.WITHDRAWN):
        return transfer  # the same form submitted twice
    if not can_withdraw_transfer(actor, transfer):
        if transfer.from_house_id == actor.house_id:
            raise ValidationError(_already_decided_message(transfer))
        raise PermissionDenied
    _check_version(transfer, expected_version)
    try:
        with transaction.atomic():
            _decide(actor, transfer, expected_version, status=TransferStatus.WITHDRAWN)
            journal_record(
                case=transfer.case,
                kind=TransferJournalKind.WITHDRAWN,
                actor=actor,
                data={"transfer": str(transfer.id), "to_house": transfer.to_house.name},
            )
            persons = _person_ids(transfer.case)
            _audit_both(actor, transfer, Action.UPDATE, {"status": "withdrawn"}, persons, persons)
    except StaleObjectError:
        return _after_conflict(actor, transfer, TransferStatus.WITHDRAWN)
    return transfer


def transfer_refuse(
    *, actor: Actor, transfer: CaseTransfer, expected_version: int, reason: str
) -> CaseTransfer:
    """The receiving house declines, with a reason the sending house reads."""
    if _decided_by(actor, transfer, TransferStatus.REFUSED):
        return transfer
    _require_decide(actor, transfer)
    _check_version(transfer, expected_version)
    reason = _text(reason, "reason", _("Geef de reden van weigeren."))
    try:
        with transaction.atomic():
            _decide(
                actor,
                transfer,
                expected_version,
                status=TransferStatus.REFUSED,
                refusal_reason=reason,
            )
            journal_record(
                case=transfer.case,
                kind=TransferJournalKind.REFUSED,
                actor=actor,
                text=reason,
                data={"transfer": str(transfer.id), "to_house": transfer.to_house.name},
            )
            persons = _person_ids(transfer.case)
            _audit_both(actor, transfer, Action.UPDATE, {"status": "refused"}, persons, persons)
            _notify_sending(
                transfer,
                titles.gettext_noop("%(house)s heeft de overdracht van casus %(number)s geweigerd"),
            )
    except StaleObjectError:
        return _after_conflict(actor, transfer, TransferStatus.REFUSED)
    return transfer


def transfer_accept(
    *, actor: Actor, transfer: CaseTransfer, expected_version: int, acceptance: Acceptance
) -> Case:
    """The receiving house takes the case over: it moves with its history, in one
    transaction, and gets a number of the receiving house. Returns the moved case."""
    case_id = transfer.case_id
    if _decided_by(actor, transfer, TransferStatus.ACCEPTED):
        return Case.objects.get(pk=case_id)  # the same form submitted twice
    _require_decide(actor, transfer)
    _check_version(transfer, expected_version)
    coordinator = acceptance.process_coordinator
    errors: dict[str, str] = {}
    if (
        coordinator is None
        or not receiving_coordinators(transfer).filter(pk=coordinator.pk).exists()
    ):
        errors["process_coordinator"] = _("Kies een procesregisseur van uw huis.")
    municipality = acceptance.municipality
    if (
        municipality is not None
        and not network_policy.visible_municipalities(actor).filter(pk=municipality.pk).exists()
    ):
        errors["municipality"] = _("Kies een gemeente van uw huis.")
    if errors or coordinator is None:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            # Locks in one order for every act on a transfer: the transfer row (the
            # conditional update, which a concurrent refusal or withdrawal also takes first),
            # then the case. NO KEY: the case's row lock keeps the sending house's edits of
            # the case out until the move is done (their forms then meet a new version), but
            # not the inserts that merely reference it, which would otherwise deadlock against
            # the plan lock of an agreement being written at this moment.
            _decide(actor, transfer, expected_version, status=TransferStatus.ACCEPTED)
            case = Case.objects.select_for_update(no_key=True).get(pk=case_id)
            _require_still_transferable(case, transfer)
            number = next_number(house_id=transfer.to_house_id, name="case", prefix="C")
            CaseTransfer.objects.filter(pk=transfer.pk).update(to_number=number)
            transfer.to_number = number
            _move(
                actor,
                transfer,
                case,
                number=number,
                coordinator=coordinator,
                municipality=municipality,
            )
    except StaleObjectError:
        _after_conflict(actor, transfer, TransferStatus.ACCEPTED)
        return Case.objects.get(pk=case_id)
    except ValidationError:
        # Refused after the decision was written in memory (the case closed meanwhile): the
        # rollback undid it in the database; the caller shows this object again.
        transfer.refresh_from_db()
        raise
    return case


# --- helpers of the decisions -----------------------------------------------------------------


def _decided_by(actor: Actor, transfer: CaseTransfer, status: str) -> bool:
    """Whether this actor already took this decision, from one of the two houses."""
    return (
        transfer.status == status
        and transfer.decided_by_id == actor.user_id
        and actor.house_id in (transfer.from_house_id, transfer.to_house_id)
    )


def _already_decided_message(transfer: CaseTransfer) -> str:
    if transfer.status == TransferStatus.WITHDRAWN:
        return _("Het verzoek tot overdracht is ingetrokken.")
    return _("Over dit verzoek tot overdracht is al besloten.")


def _require_decide(actor: Actor, transfer: CaseTransfer) -> None:
    if can_decide_transfer(actor, transfer):
        return
    if transfer.to_house_id == actor.house_id and policy.can_use(actor, Function.MANAGE_CASES):
        raise ValidationError(_already_decided_message(transfer))
    raise PermissionDenied


def _check_version(transfer: CaseTransfer, expected_version: int) -> None:
    if transfer.version != expected_version:
        raise StaleObjectError


def _decide(
    actor: Actor, transfer: CaseTransfer, expected_version: int, *, status: str, **values: Any
) -> None:
    """The conditional update that settles a race: of two decisions on the same version,
    the second meets StaleObjectError and writes nothing."""
    update_versioned(
        transfer,
        expected_version=expected_version,
        values={
            "status": status,
            "decided_by_id": actor.person_user_id,
            "decided_at": timezone.now(),
            **values,
        },
    )


def _after_conflict(actor: Actor, transfer: CaseTransfer, status: str) -> CaseTransfer:
    """Someone decided first. If it was this actor with the same decision (a double submit
    racing itself), that is the answer; otherwise the conflict stands."""
    transfer.refresh_from_db()
    if _decided_by(actor, transfer, status):
        return transfer
    raise StaleObjectError


def _require_still_transferable(case: Case, transfer: CaseTransfer) -> None:
    if case.house_id != transfer.from_house_id:
        raise ValidationError(_("De casus ligt niet meer bij het huis dat de overdracht vroeg."))
    if case.is_closed:
        raise ValidationError(
            _(
                "Het verzendende huis heeft de casus intussen afgesloten. Weiger het verzoek, "
                "of vraag dat huis de casus eerst te heropenen."
            )
        )
    if case.conference_items.filter(conference__status=ConferenceStatus.PLANNED).exists():
        raise ValidationError(
            _(
                "De casus staat op de agenda van een gepland casusoverleg van het verzendende "
                "huis. Vraag dat huis de casus eerst van de agenda te halen."
            )
        )


def _house_staff(house_id: uuid.UUID) -> QuerySet[User]:
    return User.objects.filter(
        Exists(
            Membership.objects.filter(
                user_id=OuterRef("pk"),
                house_id=house_id,
                role__in=[Role.CHAIN_MANAGER, Role.PROCESS_COORDINATOR],
            )
        ),
        is_active=True,
    ).order_by("pk")


def _notify_sending(
    transfer: CaseTransfer, subject: str, *, coordinator_id: int | None = None
) -> None:
    """The requester, and the case's process coordinator in the sending house if that is
    someone else, hear the outcome. The link is the transfer page, which they keep seeing."""
    link = reverse("cases:transfer-detail", kwargs={"transfer_id": transfer.id})
    ids = {transfer.requested_by_id}
    if coordinator_id is None:
        coordinator_id = transfer.case.process_coordinator_id
    if coordinator_id is not None:
        ids.add(coordinator_id)
    text = titles.gettext(subject, house=transfer.to_house.name, number=transfer.from_number)
    for user in User.objects.filter(pk__in=ids, is_active=True).order_by("pk"):
        notify(user=user, house_id=transfer.from_house_id, subject=text, link=link)


def _audit_both(
    actor: Actor,
    transfer: CaseTransfer,
    action: Action,
    detail: dict[str, Any],
    sending_persons: list[uuid.UUID],
    receiving_persons: list[uuid.UUID],
) -> None:
    """One event in each house's log: a transfer is an act between two houses, and each keeps
    its own trail. The acting house's event carries the actor as always; the other house's
    event names the same user, recorded under that house. Ids and codes only."""
    sending = transfer.from_house_id == actor.house_id
    other_house = transfer.to_house_id if sending else transfer.from_house_id
    common = {
        "case": str(transfer.case_id),
        "from_house": str(transfer.from_house_id),
        "to_house": str(transfer.to_house_id),
        **detail,
    }
    for event_actor, persons in (
        (actor, sending_persons if sending else receiving_persons),
        (replace(actor, house_id=other_house), receiving_persons if sending else sending_persons),
    ):
        audit_record(
            actor=event_actor,
            action=action,
            object_type="case_transfer",
            object_id=transfer.id,
            person_ids=persons,
            detail=common,
        )


# --- the move ---------------------------------------------------------------------------------


def _move(
    actor: Actor,
    transfer: CaseTransfer,
    case: Case,
    *,
    number: str,
    coordinator: User,
    municipality: Municipality | None,
) -> None:
    """Everything on and under the case that belongs to a house, in the order that keeps each
    step's rule true. Called inside the acceptance's transaction, with the case locked."""
    to_house = transfer.to_house
    from_house = transfer.from_house
    now = timezone.now()
    sending_persons = _person_ids(case)
    previous_coordinator_id = case.process_coordinator_id

    # Persons are held per house: match each in the receiving house, or register them there,
    # and relink the case and the subjects of its items.
    mapping, created = _receiving_persons(case, to_house.pk)
    for old_id, new_id in mapping.items():
        CasePerson.objects.filter(case=case, person_id=old_id).update(person_id=new_id)
        # The item lives in `sharing`, above this app: reached by name (decision 0196).
        item_subjects = apps.get_model("sharing", "InformationItemSubject")
        item_subjects.objects.filter(note__case=case, person_id=old_id).update(person_id=new_id)

    # Decided on the case as it was: whose agreements and participations do not continue.
    themes, dropped_themes = _map_themes(case, to_house.pk)
    cancel_ids = list(_agreements_to_cancel(case, to_house.pk).values_list("pk", flat=True))
    leaving = list(_leaving_participants(case, to_house.pk))
    end_reason = _("Geen partner van %(house)s: deelname beëindigd bij de overdracht.") % {
        "house": to_house.name
    }
    CaseParticipant.objects.filter(pk__in=[p.pk for p in leaving]).update(
        ended_at=now, ended_by_id=actor.user_id, end_reason=end_reason
    )

    # The case: new house and number; the referral stays in the sending house's intake
    # history; the receiving house's coordinator; a review on the receiving house's cadence.
    if municipality is None and case.municipality_id is not None:
        served = to_house.municipalities.filter(pk=case.municipality_id).exists()
        municipality_id = case.municipality_id if served else None
    else:
        municipality_id = municipality.pk if municipality else None
    director_id = case.case_director_id
    update_versioned(
        case,
        expected_version=case.version,
        values={
            "house_id": to_house.pk,
            "number": number,
            "origin_referral_id": None,
            "process_coordinator_id": coordinator.pk,
            "municipality_id": municipality_id,
            "next_review_date": _review_date_from_today(to_house.pk),
        },
    )
    case.themes.set(themes)
    director_cleared = (
        director_id is not None and not director_candidates(case).filter(pk=director_id).exists()
    )
    if director_cleared:
        Case.objects.filter(pk=case.pk).update(case_director_id=None)
        case.case_director_id = None

    # Escalations follow the case; one raised to the sending house's chain manager or an
    # administrator is back to "proposed", for the receiving house to raise if still needed.
    Escalation.objects.filter(case=case).update(house_id=to_house.pk)
    reopened = Escalation.objects.filter(case=case, status=EscalationStatus.RAISED).update(
        status=EscalationStatus.PROPOSED, addressee_id=None, raised_by_id=None, raised_at=None
    )
    Agreement.objects.filter(case=case).update(house_id=to_house.pk)
    # The sending house's referrals that pointed at the case as a duplicate let go of it.
    Referral.objects.filter(linked_case=case).update(linked_case=None)

    journal_record(
        case=case,
        kind=TransferJournalKind.TRANSFERRED,
        actor=actor,
        data={
            "transfer": str(transfer.id),
            "from_house": from_house.name,
            "to_house": to_house.name,
            "from_number": transfer.from_number,
            "to_number": number,
            "persons_registered": created,
            "themes_dropped": dropped_themes,
            "escalations_back_to_proposed": reopened,
        },
    )
    _copy_minutes(actor, case, from_house.name)
    for participant in leaving:
        journal_record(
            case=case,
            kind=JournalKind.PARTICIPANT_ENDED,
            actor=actor,
            organisation_id=participant.organisation_id,
            text=end_reason,
        )
    journal_record(
        case=case,
        kind=JournalKind.ROLE_ASSIGNED,
        actor=actor,
        user_id=coordinator.pk,
        data={"role": "process_coordinator"},
    )
    if director_cleared:
        journal_record(
            case=case, kind=JournalKind.ROLE_ASSIGNED, actor=actor, data={"role": "case_director"}
        )
    # Owners who do not work in the receiving house cannot deliver there, and would otherwise
    # be reminded of a case they can no longer open: the plans service cancels their agreements
    # (each with its plan version, journal line and audit event), now in the receiving house.
    cancel_note = _("Vervallen bij de overdracht aan %(house)s: de eigenaar werkt daar niet.") % {
        "house": to_house.name
    }
    for agreement in Agreement.objects.filter(pk__in=cancel_ids).select_related("case"):
        agreement_cancel(
            actor=actor, agreement=agreement, expected_version=agreement.version, note=cancel_note
        )

    receiving_persons = _person_ids(case)
    _audit_both(
        actor,
        transfer,
        Action.UPDATE,
        {
            "status": "accepted",
            "persons_registered": created,
            "participations_ended": len(leaving),
            "agreements_cancelled": len(cancel_ids),
        },
        sending_persons,
        receiving_persons,
    )
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        object_type="case",
        object_id=case.id,
        person_ids=receiving_persons,
        detail={"transferred_from": str(from_house.pk), "transfer": str(transfer.id)},
    )
    _notify_sending(
        transfer,
        titles.gettext_noop("%(house)s heeft casus %(number)s overgenomen"),
        coordinator_id=previous_coordinator_id,
    )
    if coordinator.pk != actor.user_id:
        _notify_assignment(case=case, user=coordinator, role="process_coordinator")


def _receiving_persons(case: Case, house_id: uuid.UUID) -> tuple[dict[uuid.UUID, uuid.UUID], int]:
    """{sending person id: receiving person id}, and how many were registered anew. Persons
    with a BSN go first, so that a BSN match is never taken by a name match."""
    persons = sorted(
        Person.objects.filter(case_links__case=case), key=lambda p: (not p.bsn, str(p.pk))
    )
    mapping: dict[uuid.UUID, uuid.UUID] = {}
    created = 0
    for person in persons:
        match = _same_person(person, house_id, taken=set(mapping.values()))
        if match is None:
            match = Person(
                house_id=house_id, **{name: getattr(person, name) for name in PERSON_COPY_FIELDS}
            )
            match.save(force_insert=True)
            created += 1
        mapping[person.pk] = match.pk
    return mapping, created


def _same_person(person: Person, house_id: uuid.UUID, *, taken: set[uuid.UUID]) -> Person | None:
    """The matching of a new referral (`person_matches`: the same BSN, or the same surname
    and date of birth), with two safeguards for moving a whole case: a match with another BSN
    is someone else, and more than one candidate (or one already matched to another person of
    the case) means a new registration rather than a guess."""
    matches = [
        match
        for match in person_matches(
            house_id=house_id,
            bsn=person.bsn,
            surname=person.surname,
            surname_prefix=person.surname_prefix,
            date_of_birth=person.date_of_birth,
        )
        if not (match.bsn and person.bsn and match.bsn != person.bsn)
    ]
    if len(matches) == 1 and matches[0].pk not in taken:
        return matches[0]
    return None


def _map_themes(case: Case, house_id: uuid.UUID) -> tuple[list[Theme], list[str]]:
    """The receiving house's active theme with the same code (the defaults carry one), or else
    the same name; themes without a counterpart are dropped and named in the journal."""
    receiving = list(Theme.objects.filter(house_id=house_id, active=True))
    by_code = {theme.code: theme for theme in receiving if theme.code}
    by_name = {theme.name.casefold(): theme for theme in receiving}
    kept: list[Theme] = []
    dropped: list[str] = []
    for theme in case.themes.order_by("position", "name"):
        match = (by_code.get(theme.code) if theme.code else None) or by_name.get(
            theme.name.casefold()
        )
        if match is None:
            dropped.append(theme.name)
        elif match not in kept:
            kept.append(match)
    return kept, dropped


def _leaving_participants(case: Case, house_id: uuid.UUID) -> QuerySet[CaseParticipant]:
    """Active participations of organisations that are no partner of the receiving house."""
    return case.participants.active().exclude(
        Exists(
            Partnership.objects.filter(
                house_id=house_id, organisation_id=OuterRef("organisation_id")
            )
        )
    )


def _agreements_to_cancel(case: Case, house_id: uuid.UUID) -> QuerySet[Agreement]:
    """Open agreements whose owner does not continue: the owning organisation's participation
    ends, or the owner holds no role in the receiving house (or is no longer active)."""
    continuing = CaseParticipant.objects.active().filter(
        Exists(
            Partnership.objects.filter(
                house_id=house_id, organisation_id=OuterRef("organisation_id")
            )
        ),
        case_id=case.pk,
        organisation_id=OuterRef("owner_organisation_id"),
    )
    works_there = Membership.objects.filter(user_id=OuterRef("owner_user_id"), house_id=house_id)
    return Agreement.objects.filter(case_id=case.pk, status=AgreementStatus.OPEN).exclude(
        Exists(continuing), Exists(works_there), owner_user__is_active=True
    )


def _copy_minutes(actor: Actor, case: Case, from_house: str) -> None:
    """The minutes of the sending house's held conferences are case content, but they live in
    that house's conference records, which the receiving house cannot open. They travel as
    journal entries, at the time they were written; the decisions are in the journal already.
    Like the decisions, each entry stays behind its conference's confidentiality declaration
    (`conference_id`): in the receiving house only its staff and covenant parties read it."""
    items = (
        case.conference_items.filter(conference__status=ConferenceStatus.HELD)
        .exclude(minutes="")
        .select_related("conference")
        .order_by("conference__starts_at", "id")
    )
    for item in items:
        at: datetime = item.minutes_at or item.conference.held_at or timezone.now()
        journal_record(
            case=case,
            kind=TransferJournalKind.MINUTES,
            actor=actor,
            at=at,
            by_user_id=item.minutes_by_id,
            text=item.minutes,
            data={"conference": item.conference.number, "from_house": from_house},
            conference_id=item.conference_id,
        )
