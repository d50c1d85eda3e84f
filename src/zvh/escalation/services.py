"""Escalation: a stuck case put before someone with the mandate to unblock it.

Any participant proposes (reason, explanation, optionally the stuck agreement); a process
coordinator or the chain manager raises it to the chain manager or to an administrator of the
house (mayor, alderman, director, public prosecutor), and an escalation raised to the chain
manager may be raised on to an administrator. The addressee answers and closes it as resolved
or not. Every step writes a journal entry on the case and an audit event; the addressee is
notified. Who sees what: cases/escalation_policy.py; see docs/decisions/0130.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zvh.accounts.models import User
from zvh.audit.models import Action, Result
from zvh.audit.services import audit_record
from zvh.authz import policy
from zvh.authz.actor import Actor
from zvh.authz.functions import Function
from zvh.cases import policy as case_policy
from zvh.cases.journal import JournalKind, journal_record
from zvh.cases.models import Case, Escalation, EscalationReason, EscalationStatus
from zvh.cases.services import _person_ids, _require_open, _text
from zvh.escalation.policy import can_answer_escalation, visible_escalations
from zvh.network.models import Role
from zvh.notifications import titles
from zvh.notifications.services import notify
from zvh.people.models import Person
from zvh.plans.models import Agreement

ADDRESSEE_ROLES = (Role.CHAIN_MANAGER, Role.ADMINISTRATOR)


# --- reads ------------------------------------------------------------------------------------


def addressee_candidates(case: Case) -> QuerySet[User]:
    """The chain managers and administrators of the case's house."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__house_id=case.house_id,
            memberships__role__in=ADDRESSEE_ROLES,
        )
        .select_related("organisation")
        .distinct()
        .order_by("sort_name", "id")
    )


def _is_administrator(user_id: int | None, house_id: uuid.UUID) -> bool:
    if user_id is None:
        return False
    return User.objects.filter(
        pk=user_id, memberships__house_id=house_id, memberships__role=Role.ADMINISTRATOR
    ).exists()


def stuck_agreement_choices(case: Case) -> QuerySet[Agreement]:
    """The case's agreements that can be stuck: open ones (overdue or not)."""
    return Agreement.objects.filter(case=case).open().order_by("due_date")


def escalation_get(*, actor: Actor, escalation_id: uuid.UUID) -> Escalation:
    """One escalation the actor may see (audited: it names the persons concerned)."""
    escalation = (
        visible_escalations(actor)
        .select_related("case", "agreement__owner_organisation", "addressee", "proposed_by")
        .filter(pk=escalation_id)
        .first()
    )
    if escalation is None:
        audit_record(
            actor=actor,
            action=Action.VIEW,
            object_type="escalation",
            object_id=escalation_id,
            result=Result.DENIED,
        )
        raise Http404
    audit_record(
        actor=actor,
        action=Action.VIEW,
        object_type="escalation",
        object_id=escalation.id,
        person_ids=_person_ids(escalation.case),
        detail={"case": str(escalation.case_id)},
    )
    return escalation


def escalation_persons(escalation: Escalation) -> list[Person]:
    """The names the addressee needs: the persons of the case, and nothing else of them."""
    return list(Person.objects.filter(case_links__case_id=escalation.case_id).order_by("surname"))


def escalation_list(*, actor: Actor) -> list[Escalation]:
    """Open escalations first, then the closed ones; at most 200 (an inbox, not an archive).
    An administrator's list is exactly the escalations raised to them."""
    rows = (
        visible_escalations(actor)
        .select_related("case", "addressee")
        .only(
            "id",
            "status",
            "reason",
            "raised_at",
            "proposed_at",
            "case__number",
            "addressee__username",
            "addressee__first_name",
            "addressee__last_name",
        )
        .order_by("closed_at", "-proposed_at")[:200]
    )
    result = list(rows)
    audit_record(
        actor=actor,
        action=Action.VIEW,
        object_type="escalation_list",
        detail={"count": len(result)},
    )
    return result


def case_escalations(case: Case) -> list[Escalation]:
    """For the case page (the case was read through the policy)."""
    return list(case.escalations.select_related("addressee").order_by("-proposed_at")[:50])


# --- writes -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class EscalationInput:
    reason: str
    explanation: str
    agreement: Agreement | None = None


def _audit(actor: Actor, escalation: Escalation, action: Action, detail: dict[str, object]) -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type="escalation",
        object_id=escalation.id,
        person_ids=_person_ids(escalation.case),
        detail={"case": str(escalation.case_id), **detail},
    )


def escalation_propose(
    *,
    actor: Actor,
    case: Case,
    data: EscalationInput,
    escalation_id: uuid.UUID | None = None,
) -> Escalation:
    """Anyone who takes part in the case proposes; the process coordinator is told.
    `escalation_id` is chosen when the form is shown (or by the API client): submitting the
    same proposal twice returns the escalation created the first time, as for notes."""
    if not policy.can_use(actor, Function.VIEW_CASES) or not case_policy.can_view_case(actor, case):
        raise PermissionDenied
    if escalation_id is not None:
        existing = Escalation.objects.filter(pk=escalation_id).first()
        if existing is not None:
            if _is_own_proposal(existing, actor, case):
                return existing
            escalation_id = None  # not this form's escalation: never touch someone else's
    _require_open(case)
    errors: dict[str, str] = {}
    if data.reason not in EscalationReason.values:
        errors["reason"] = _("Kies de reden van de escalatie.")
    try:
        explanation = _text(
            data.explanation, "explanation", _("Beschrijf waarom de casus vastloopt.")
        )
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
    if data.agreement is not None and data.agreement.case_id != case.pk:
        errors["agreement"] = _("Kies een afspraak van deze casus.")
    if errors:
        raise ValidationError(errors)
    try:
        return _create_proposal(
            actor, case, data, explanation=explanation, escalation_id=escalation_id
        )
    except IntegrityError:
        # The same proposal submitted twice at the same moment: the first one won.
        winner = Escalation.objects.filter(pk=escalation_id).first() if escalation_id else None
        if winner is not None and _is_own_proposal(winner, actor, case):
            return winner
        raise


def _is_own_proposal(escalation: Escalation, actor: Actor, case: Case) -> bool:
    return escalation.case_id == case.pk and escalation.proposed_by_id == actor.user_id


def _create_proposal(
    actor: Actor,
    case: Case,
    data: EscalationInput,
    *,
    explanation: str,
    escalation_id: uuid.UUID | None,
) -> Escalation:
    with transaction.atomic():
        escalation = Escalation.objects.create(
            id=escalation_id or uuid.uuid4(),
            case=case,
            house_id=case.house_id,
            reason=data.reason,
            explanation=explanation,
            agreement=data.agreement,
            proposed_by_id=actor.person_user_id,
            proposed_at=timezone.now(),
        )
        journal_record(
            case=case,
            kind=JournalKind.ESCALATION_PROPOSED,
            actor=actor,
            data={"escalation": str(escalation.id), "reason": data.reason},
        )
        _audit(actor, escalation, Action.CREATE, {"reason": data.reason})
        coordinator = case.process_coordinator
        if coordinator is not None and coordinator.pk != actor.user_id:
            notify(
                user=coordinator,
                house_id=case.house_id,
                subject=titles.gettext(
                    "Escalatie voorgesteld in casus %(number)s", number=case.number
                ),
                link=reverse("cases:detail", kwargs={"case_id": case.id}),
            )
    return escalation


def escalation_raise(*, actor: Actor, escalation: Escalation, addressee: User | None) -> Escalation:
    """House staff put a proposed escalation before the chain manager or an administrator; one
    raised to the chain manager may be raised on to an administrator."""
    case = escalation.case
    if not policy.can_use(actor, Function.MANAGE_CASES) or case.house_id != actor.house_id:
        raise PermissionDenied
    if addressee is None or not addressee_candidates(case).filter(pk=addressee.pk).exists():
        raise ValidationError(
            {"addressee": _("Kies de ketenmanager of een bestuurder van dit huis.")}
        )
    to_administrator = _is_administrator(addressee.pk, case.house_id)
    if escalation.status == EscalationStatus.RAISED:
        if _is_administrator(escalation.addressee_id, case.house_id) or not to_administrator:
            raise ValidationError(
                {
                    "addressee": _(
                        "Deze escalatie is al opgeschaald. Verder opschalen kan alleen van de "
                        "ketenmanager naar een bestuurder."
                    )
                }
            )
    elif escalation.status != EscalationStatus.PROPOSED:
        raise ValidationError(_("Deze escalatie is afgesloten."))
    previous_status = escalation.status
    with transaction.atomic():
        # Conditional: two people raising at once cannot both succeed.
        updated = Escalation.objects.filter(
            pk=escalation.pk, status=previous_status, addressee_id=escalation.addressee_id
        ).update(
            status=EscalationStatus.RAISED,
            addressee_id=addressee.pk,
            raised_by_id=actor.person_user_id,
            raised_at=timezone.now(),
        )
        if updated != 1:
            raise ValidationError(_("Iemand anders heeft deze escalatie intussen gewijzigd."))
        escalation.refresh_from_db()
        journal_record(
            case=case,
            kind=JournalKind.ESCALATION_RAISED,
            actor=actor,
            user_id=addressee.pk,
            data={"escalation": str(escalation.id), "to_administrator": to_administrator},
        )
        _audit(actor, escalation, Action.UPDATE, {"raised_to": addressee.pk})
        notify(
            user=addressee,
            house_id=case.house_id,
            subject=titles.gettext("Er is een escalatie aan u gericht"),
            body=_("Bekijk de escalatie en leg uw reactie vast."),
            link=reverse("cases:escalation-detail", kwargs={"escalation_id": escalation.id}),
        )
    return escalation


def escalation_respond(
    *, actor: Actor, escalation: Escalation, response: str, resolved: bool
) -> Escalation:
    """The addressee records a response and closes the escalation as resolved or not. The
    process coordinator is told."""
    if not can_answer_escalation(actor, escalation):
        if escalation.is_closed and escalation.addressee_id == actor.user_id:
            raise ValidationError(_("Deze escalatie is al afgesloten."))
        raise PermissionDenied
    response = _text(response, "response", _("Schrijf uw reactie."))
    status = EscalationStatus.RESOLVED if resolved else EscalationStatus.UNRESOLVED
    with transaction.atomic():
        updated = Escalation.objects.filter(
            pk=escalation.pk, status=EscalationStatus.RAISED, addressee_id=actor.user_id
        ).update(status=status, response=response, closed_at=timezone.now())
        if updated != 1:
            raise ValidationError(_("Deze escalatie is al afgesloten."))
        escalation.refresh_from_db()
        case = escalation.case
        journal_record(
            case=case,
            kind=JournalKind.ESCALATION_CLOSED,
            actor=actor,
            text=response,
            data={"escalation": str(escalation.id), "resolved": resolved},
        )
        _audit(actor, escalation, Action.UPDATE, {"status": status})
        coordinator = case.process_coordinator
        if coordinator is not None and coordinator.pk != actor.user_id:
            notify(
                user=coordinator,
                house_id=case.house_id,
                subject=titles.gettext(
                    "Reactie op de escalatie in casus %(number)s", number=case.number
                ),
                link=reverse("cases:detail", kwargs={"case_id": case.id}),
            )
    return escalation
