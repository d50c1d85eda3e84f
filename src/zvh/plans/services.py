"""Plan writes: goals, agreements and their outcome, setting the plan.

Every write checks the access policy, runs in one transaction with its audit event, and adds
a snapshot of the whole plan (`PlanVersion`) under a row lock on the plan, so versions are
numbered without gaps and none is lost. Edits carry the version the form was opened with; a
concurrent change raises StaleObjectError and nothing is written. A second submit of the same
form finds its own result and changes nothing (see each service).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zvh.accounts.models import User
from zvh.audit.models import Action
from zvh.audit.services import audit_record
from zvh.authz import policy
from zvh.authz.actor import Actor
from zvh.authz.functions import Function
from zvh.cases.journal import journal_record
from zvh.cases.models import Case
from zvh.cases.selectors import case_settings_for
from zvh.cases.services import case_start_execution, participant_add
from zvh.core.concurrency import StaleObjectError, update_versioned
from zvh.core.life_domains import LifeDomain
from zvh.core.validation import future_date_error
from zvh.network.models import Membership, Organisation
from zvh.notifications import titles
from zvh.notifications.services import notify
from zvh.plans.policy import can_report_on_agreement

from .models import (
    MAX_GOAL,
    MAX_NOTE,
    MAX_WHAT,
    Agreement,
    AgreementStatus,
    Goal,
    InterventionDomain,
    Plan,
    PlanStatus,
    PlanVersion,
)


class PlanJournalKind:
    """Journal kinds written by this app (`CaseJournalEntry.kind` is free text by design)."""

    PLAN_SET = "plan_set"
    AGREEMENT_CREATED = "agreement_created"
    AGREEMENT_DONE = "agreement_done"
    AGREEMENT_NOT_DELIVERED = "agreement_not_delivered"
    AGREEMENT_CANCELLED = "agreement_cancelled"


class Change:
    """What a plan version records as its cause."""

    GOALS = "goals_set"
    AGREEMENT_CREATED = "agreement_created"
    AGREEMENT_UPDATED = "agreement_updated"
    AGREEMENT_DONE = "agreement_done"
    AGREEMENT_NOT_DELIVERED = "agreement_not_delivered"
    AGREEMENT_CANCELLED = "agreement_cancelled"
    PLAN_SET = "plan_set"


CASE_CLOSED_MESSAGE = gettext_lazy(
    "De casus is afgesloten: het plan kan niet meer worden gewijzigd."
)
NOT_OPEN_MESSAGE = gettext_lazy(
    "Deze afspraak is al afgehandeld en kan niet meer worden gewijzigd."
)


# --- helpers ----------------------------------------------------------------------------------


def _require_manage(actor: Actor, case: Case) -> None:
    if not policy.can_use(actor, Function.MANAGE_CASES) or case.house_id != actor.house_id:
        raise PermissionDenied


def _require_open_case(case: Case) -> None:
    if case.is_closed:
        raise ValidationError(CASE_CLOSED_MESSAGE, code="case_closed")


def _person_ids(case: Case) -> list[uuid.UUID]:
    return list(case.case_persons.values_list("person_id", flat=True))


def case_start(case: Case) -> date:
    """The day the case started: when it was opened (or, for older rows, created)."""
    return timezone.localdate(case.opened_at or case.created_at)


def _locked_plan(case: Case) -> Plan:
    """The case's plan, created on first use, locked until the end of the transaction."""
    plan = Plan.objects.select_for_update().filter(case=case).first()
    if plan is None:
        try:
            with transaction.atomic():
                Plan.objects.create(case=case)
        except IntegrityError:  # created concurrently: lock the winner's row
            pass
        plan = Plan.objects.select_for_update().get(case=case)
    return plan


def _user_name(user: User | None) -> str:
    return (user.get_full_name() or user.username) if user else ""


def snapshot_of(plan: Plan) -> dict[str, Any]:
    """The whole plan as it is now: codes, dates and the names of the owners at this time."""
    order = {value: index for index, value in enumerate(LifeDomain.values)}
    goals = sorted(
        plan.goals.values("life_domain", "description"),
        key=lambda goal: order.get(goal["life_domain"], len(order)),
    )
    agreements = [
        {
            "id": str(agreement.id),
            "what": agreement.what,
            "domain": agreement.domain,
            "owner_organisation": agreement.owner_organisation.name,
            "owner_organisation_id": str(agreement.owner_organisation_id),
            "owner_user": _user_name(agreement.owner_user),
            "owner_user_id": agreement.owner_user_id,
            "due_date": agreement.due_date.isoformat(),
            "status": agreement.status,
            "note": agreement.note,
            "completed_at": agreement.completed_at.isoformat() if agreement.completed_at else "",
        }
        for agreement in plan.agreements.select_related("owner_organisation", "owner_user")
        .order_by("due_date", "created_at", "id")
        .only(
            "id",
            "what",
            "domain",
            "owner_organisation__name",
            "owner_user__first_name",
            "owner_user__last_name",
            "owner_user__username",
            "due_date",
            "status",
            "note",
            "completed_at",
        )
    ]
    return {"status": plan.status, "goals": goals, "agreements": agreements}


def _write_version(*, plan: Plan, actor: Actor, change: str) -> PlanVersion:
    """Appends the next snapshot. The caller holds the plan's row lock (`_locked_plan`)."""
    number = plan.revision + 1
    Plan.objects.filter(pk=plan.pk).update(revision=number)
    plan.revision = number
    return PlanVersion.objects.create(
        plan=plan,
        number=number,
        author_id=actor.user_id,
        change=change,
        snapshot=snapshot_of(plan),
    )


def _back_to_draft(plan: Plan) -> None:
    """A change of content makes a set plan a draft again; the set version stays exportable."""
    if plan.status == PlanStatus.SET:
        Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.DRAFT)
        plan.status = PlanStatus.DRAFT


def _audit_plan(actor: Actor, case: Case, action: Action, detail: dict[str, Any]) -> None:
    """The plan is named by its case. Codes and ids only: texts may name people."""
    audit_record(
        actor=actor,
        action=action,
        object_type="plan",
        object_id=case.id,
        person_ids=_person_ids(case),
        detail=detail,
    )


def _audit_agreement(
    actor: Actor, agreement: Agreement, action: Action, detail: dict[str, Any]
) -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type="agreement",
        object_id=agreement.id,
        person_ids=_person_ids(agreement.case),
        detail={"case": str(agreement.case_id), **detail},
    )


def _text(value: str, *, field: str, limit: int, required_message: str | None) -> str:
    value = value.strip()
    if required_message is not None and not value:
        raise ValidationError({field: required_message})
    if len(value) > limit:
        raise ValidationError({field: _("Gebruik maximaal %(max)d tekens.") % {"max": limit}})
    return value


# --- goals ------------------------------------------------------------------------------------


def plan_goal_set(
    *, actor: Actor, case: Case, expected_version: int, goals: Mapping[str, str]
) -> Plan:
    """Sets the goals: per life domain a short description of the desired situation. A domain
    left empty has no goal. `expected_version` is the plan's version when the form was opened
    (1 for a case without a plan yet). Submitting the same goals again changes nothing."""
    _require_manage(actor, case)
    _require_open_case(case)
    unknown = set(goals) - set(LifeDomain.values)
    if unknown:
        raise ValidationError(_("Onbekend leefgebied."), code="unknown_domain")
    errors: dict[str, str] = {}
    wanted: dict[str, str] = {}
    for domain, description in goals.items():
        description = description.strip()
        if len(description) > MAX_GOAL:
            errors[domain] = _("Gebruik maximaal %(max)d tekens.") % {"max": MAX_GOAL}
        elif description:
            wanted[domain] = description
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        plan = _locked_plan(case)
        current = dict(plan.goals.values_list("life_domain", "description"))
        if current == wanted:
            return plan  # nothing changed: a repeated submit, or saved without edits
        if plan.version != expected_version:
            raise StaleObjectError
        update_versioned(plan, expected_version=expected_version, values={})
        Goal.objects.filter(plan=plan).exclude(life_domain__in=list(wanted)).delete()
        for domain, description in wanted.items():
            if domain not in current:
                Goal.objects.create(plan=plan, life_domain=domain, description=description)
            elif current[domain] != description:
                Goal.objects.filter(plan=plan, life_domain=domain).update(
                    description=description, updated_at=timezone.now()
                )
        _back_to_draft(plan)
        version = _write_version(plan=plan, actor=actor, change=Change.GOALS)
        _audit_plan(
            actor, case, Action.UPDATE, {"goals": sorted(wanted), "revision": version.number}
        )
    return plan


# --- agreements -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgreementInput:
    what: str
    domain: str
    owner: User
    due_date: date


def _is_participating(case: Case, organisation_id: uuid.UUID) -> bool:
    return case.participants.active().filter(organisation_id=organisation_id).exists()


def _validate(case: Case, data: AgreementInput) -> AgreementInput:
    """The owner's organisation is checked separately (it may be added as a participant)."""
    errors: dict[str, str] = {}
    what = data.what.strip()
    if not what:
        errors["what"] = _("Beschrijf de afspraak.")
    elif len(what) > MAX_WHAT:
        errors["what"] = _("Gebruik maximaal %(max)d tekens.") % {"max": MAX_WHAT}
    if data.domain not in InterventionDomain.values:
        errors["domain"] = _("Kies het domein van de interventie.")
    owner = data.owner
    if (
        not owner.is_active
        or owner.organisation_id is None
        or not Membership.objects.filter(user_id=owner.pk, house_id=case.house_id).exists()
    ):
        errors["owner"] = _("Kies een eigenaar die in dit huis werkt, bij een organisatie.")
    start = case_start(case)
    if data.due_date < start:
        errors["due_date"] = _(
            "De streefdatum ligt vóór de start van de casus (%(start)s). Kies een latere datum."
        ) % {"start": date_format(start)}
    else:
        too_far = future_date_error(
            data.due_date, years=case_settings_for(case.house_id).planning_horizon_years
        )
        if too_far:
            errors["due_date"] = too_far
    if errors:
        raise ValidationError(errors)
    return AgreementInput(what=what, domain=data.domain, owner=owner, due_date=data.due_date)


def _ensure_participating(
    *, actor: Actor, case: Case, owner: User, add_participant_reason: str
) -> Organisation:
    """The owner's organisation must take part in the case. If not, the agreement is refused,
    unless the user asked to add the organisation (an audited act of the case, with a reason)."""
    organisation = owner.organisation
    if organisation is None:  # refused by _validate already
        raise ValidationError({"owner": _("Kies een eigenaar die bij een organisatie werkt.")})
    if _is_participating(case, organisation.pk):
        return organisation
    reason = add_participant_reason.strip()
    if not reason:
        raise ValidationError(
            {
                "owner": ValidationError(
                    _(
                        "%(organisation)s neemt niet deel aan de casus. Voeg de organisatie "
                        "toe als deelnemer (met een reden) of kies een andere eigenaar."
                    )
                    % {"organisation": organisation.name},
                    code="not_participating",
                )
            }
        )
    case.refresh_from_db(fields=["version"])
    participant_add(
        actor=actor,
        case=case,
        expected_version=case.version,
        organisation=organisation,
        reason=reason,
    )
    return organisation


def _notify_owner(agreement: Agreement, actor: Actor) -> None:
    """A new assignment as agreement owner. The text names the case number only."""
    if agreement.owner_user_id == actor.user_id:
        return
    notify(
        user=agreement.owner_user,
        house_id=agreement.house_id,
        subject=titles.gettext(
            "U bent eigenaar van een afspraak in casus %(number)s", number=agreement.case.number
        ),
        body=_("Bekijk de afspraak in het plan van aanpak."),
        link=reverse("plans:plan", kwargs={"case_id": agreement.case_id}),
    )


def agreement_create(
    *,
    actor: Actor,
    case: Case,
    data: AgreementInput,
    agreement_id: uuid.UUID | None = None,
    add_participant_reason: str = "",
) -> Agreement:
    """A new open agreement in the case's plan. `agreement_id` is chosen when the form is
    shown: submitting the same form twice returns the agreement created the first time.

    The owner's organisation must take part in the case; with `add_participant_reason` it is
    added first (same transaction). A due date before the start of the case is refused."""
    _require_manage(actor, case)
    if agreement_id is not None:
        existing = Agreement.objects.filter(pk=agreement_id).first()
        if existing is not None:
            if existing.case_id == case.pk and existing.created_by_id == actor.user_id:
                return existing
            agreement_id = None  # not this form's agreement: never touch someone else's
    _require_open_case(case)
    data = _validate(case, data)
    with transaction.atomic():
        organisation = _ensure_participating(
            actor=actor, case=case, owner=data.owner, add_participant_reason=add_participant_reason
        )
        plan = _locked_plan(case)
        agreement = Agreement.objects.create(
            id=agreement_id or uuid.uuid4(),
            plan=plan,
            case=case,
            house_id=case.house_id,
            what=data.what,
            domain=data.domain,
            owner_organisation=organisation,
            owner_user=data.owner,
            due_date=data.due_date,
            created_by_id=actor.user_id,
        )
        _back_to_draft(plan)
        version = _write_version(plan=plan, actor=actor, change=Change.AGREEMENT_CREATED)
        journal_record(
            case=case,
            kind=PlanJournalKind.AGREEMENT_CREATED,
            actor=actor,
            organisation_id=agreement.owner_organisation_id,
            user_id=agreement.owner_user_id,
            text=agreement.what,
            data={"agreement": str(agreement.id), "due_date": agreement.due_date.isoformat()},
        )
        _audit_agreement(
            actor,
            agreement,
            Action.CREATE,
            {
                "owner_organisation": str(agreement.owner_organisation_id),
                "revision": version.number,
            },
        )
        _notify_owner(agreement, actor)
    return agreement


def agreement_update(
    *,
    actor: Actor,
    agreement: Agreement,
    expected_version: int,
    data: AgreementInput,
    add_participant_reason: str = "",
) -> Agreement:
    """What, domain, owner and due date of an open agreement. Saving the same values again
    (a second submit) changes nothing."""
    case = agreement.case
    _require_manage(actor, case)
    _require_open_case(case)
    data = _validate(case, data)
    values = {
        "what": data.what,
        "domain": data.domain,
        "owner_organisation_id": data.owner.organisation_id,
        "owner_user_id": data.owner.pk,
        "due_date": data.due_date,
    }
    if all(getattr(agreement, name) == value for name, value in values.items()):
        return agreement
    if agreement.version != expected_version:
        raise StaleObjectError
    if not agreement.is_open:
        raise ValidationError(NOT_OPEN_MESSAGE, code="not_open")
    new_owner = data.owner.pk != agreement.owner_user_id
    with transaction.atomic():
        _ensure_participating(
            actor=actor, case=case, owner=data.owner, add_participant_reason=add_participant_reason
        )
        plan = _locked_plan(case)
        update_versioned(agreement, expected_version=expected_version, values=values)
        agreement.owner_user = data.owner
        agreement.owner_organisation = data.owner.organisation  # type: ignore[assignment]
        _back_to_draft(plan)
        version = _write_version(plan=plan, actor=actor, change=Change.AGREEMENT_UPDATED)
        _audit_agreement(
            actor,
            agreement,
            Action.UPDATE,
            {"fields": sorted(values), "revision": version.number},
        )
        if new_owner:
            _notify_owner(agreement, actor)
    return agreement


@dataclass(frozen=True)
class _Outcome:
    status: str
    change: str
    journal_kind: str
    note_required: Any


OUTCOMES: dict[str, _Outcome] = {
    AgreementStatus.DONE: _Outcome(
        AgreementStatus.DONE,
        Change.AGREEMENT_DONE,
        PlanJournalKind.AGREEMENT_DONE,
        lambda: _("Beschrijf kort wat er is gedaan."),
    ),
    AgreementStatus.NOT_DELIVERED: _Outcome(
        AgreementStatus.NOT_DELIVERED,
        Change.AGREEMENT_NOT_DELIVERED,
        PlanJournalKind.AGREEMENT_NOT_DELIVERED,
        lambda: _("Licht kort toe waarom de afspraak niet is geleverd."),
    ),
    AgreementStatus.CANCELLED: _Outcome(
        AgreementStatus.CANCELLED,
        Change.AGREEMENT_CANCELLED,
        PlanJournalKind.AGREEMENT_CANCELLED,
        lambda: _("Licht kort toe waarom de afspraak vervalt."),
    ),
}


def _close_agreement(
    *, actor: Actor, agreement: Agreement, expected_version: int, status: str, note: str
) -> Agreement:
    outcome = OUTCOMES[status]
    case = agreement.case
    _require_open_case(case)
    if agreement.status == status and agreement.completed_by_id == actor.user_id:
        return agreement  # a second submit of the same form
    if agreement.version != expected_version:
        raise StaleObjectError
    if not agreement.is_open:
        raise ValidationError(
            _("Deze afspraak is al afgehandeld (%(status)s).")
            % {"status": agreement.get_status_display()},
            code="not_open",
        )
    note = _text(note, field="note", limit=MAX_NOTE, required_message=outcome.note_required())
    with transaction.atomic():
        plan = _locked_plan(case)
        update_versioned(
            agreement,
            expected_version=expected_version,
            values={
                "status": status,
                "note": note,
                "completed_at": timezone.now(),
                "completed_by_id": actor.user_id,
            },
        )
        version = _write_version(plan=plan, actor=actor, change=outcome.change)
        journal_record(
            case=case,
            kind=outcome.journal_kind,
            actor=actor,
            organisation_id=agreement.owner_organisation_id,
            text=note,
            data={"agreement": str(agreement.id)},
        )
        _audit_agreement(
            actor, agreement, Action.UPDATE, {"status": status, "revision": version.number}
        )
    return agreement


def agreement_complete(
    *, actor: Actor, agreement: Agreement, expected_version: int, note: str
) -> Agreement:
    """Done, with a short note on what was done."""
    if not can_report_on_agreement(actor, agreement):
        raise PermissionDenied
    return _close_agreement(
        actor=actor,
        agreement=agreement,
        expected_version=expected_version,
        status=AgreementStatus.DONE,
        note=note,
    )


def agreement_mark_not_delivered(
    *, actor: Actor, agreement: Agreement, expected_version: int, note: str
) -> Agreement:
    """Refused or not delivered, with the reason. Counts as "not delivered" for the owner."""
    if not can_report_on_agreement(actor, agreement):
        raise PermissionDenied
    return _close_agreement(
        actor=actor,
        agreement=agreement,
        expected_version=expected_version,
        status=AgreementStatus.NOT_DELIVERED,
        note=note,
    )


def agreement_cancel(
    *, actor: Actor, agreement: Agreement, expected_version: int, note: str
) -> Agreement:
    """No longer needed (a change of plan, not a failure of the owner): the house decides."""
    _require_manage(actor, agreement.case)
    return _close_agreement(
        actor=actor,
        agreement=agreement,
        expected_version=expected_version,
        status=AgreementStatus.CANCELLED,
        note=note,
    )


# --- setting the plan -------------------------------------------------------------------------


def plan_set(*, actor: Actor, case: Case, expected_revision: int) -> Plan:
    """The process coordinator sets the plan exactly as they saw it (`expected_revision`, the
    number of the version shown). A plan needs at least one goal. A case that was accepted or
    had its plan in preparation moves to "in execution" with it."""
    if not policy.can_use(actor, Function.SET_PLAN) or case.house_id != actor.house_id:
        raise PermissionDenied
    _require_open_case(case)
    with transaction.atomic():
        plan = (
            Plan.objects.select_for_update()
            .filter(case=case)
            .annotate(has_goals=Exists(Goal.objects.filter(plan_id=OuterRef("pk"))))
            .first()
        )
        if plan is None or not plan.has_goals:
            raise ValidationError(
                _("Het plan heeft nog geen doelen. Leg eerst ten minste één doel vast."),
                code="no_goals",
            )
        if plan.is_set and plan.revision == plan.set_revision:
            return plan  # set, and unchanged since: a second submit, or nothing to do
        if plan.revision != expected_revision:
            raise StaleObjectError
        now = timezone.now()
        update_versioned(
            plan,
            expected_version=plan.version,
            values={
                "status": PlanStatus.SET,
                "set_at": now,
                "set_by_id": actor.user_id,
                "set_revision": plan.revision + 1,
                "first_set_at": plan.first_set_at or now,
            },
        )
        version = _write_version(plan=plan, actor=actor, change=Change.PLAN_SET)
        journal_record(
            case=case,
            kind=PlanJournalKind.PLAN_SET,
            actor=actor,
            at=now,
            data={"revision": version.number},
        )
        _audit_plan(actor, case, Action.UPDATE, {"status": "set", "revision": version.number})
        case_start_execution(
            actor=actor,
            case=case,
            note=_("Plan van aanpak vastgesteld (versie %(number)d).") % {"number": version.number},
        )
    return plan
