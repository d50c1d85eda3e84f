"""Writes of retention: the chain manager confirms the house's terms; `apply_retention`
carries out a plan (plan.py), each case, referral and person in its own transaction with its
deletion-log entry and its access-log event."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zvh.audit.models import Action
from zvh.audit.services import audit_record
from zvh.authz.actor import Actor
from zvh.cases.models import CasePerson
from zvh.core.concurrency import StaleObjectError, update_versioned
from zvh.intake.models import Referral, ReferralPerson
from zvh.people.models import Person
from zvh.retention.policy import retention_house

from .audit_expiry import audit_expiry_apply, may_prune
from .deletion import case_delete, person_delete, referral_delete
from .models import (
    MAX_MONTHS,
    MIN_MONTHS,
    DeletedObject,
    DeletionLogEntry,
    RetentionKind,
    RetentionRun,
    RetentionTerm,
)
from .plan import Item, RetentionPlan, closed_cases, not_accepted_referrals


def months_field(kind: str) -> str:
    """The form field of a term, so that a service error lands on it."""
    return f"months_{kind}"


def retention_terms_confirm(
    *, actor: Actor, months: dict[str, int], versions: dict[str, int]
) -> None:
    """Stores and confirms all terms of the actor's house at once. `versions` holds the version
    of each term as the form showed it (0: not configured then); a term changed meanwhile
    makes the whole confirmation stale."""
    house_id = retention_house(actor)
    if house_id is None:
        raise PermissionDenied
    errors = {
        months_field(kind): _("Kies een termijn van %(min)d tot en met %(max)d maanden.")
        % {"min": MIN_MONTHS, "max": MAX_MONTHS}
        for kind in RetentionKind
        if not MIN_MONTHS <= months.get(kind, 0) <= MAX_MONTHS
    }
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    with transaction.atomic():
        current = {
            term.kind: term
            for term in RetentionTerm.objects.select_for_update().filter(house_id=house_id)
        }
        for kind in RetentionKind:
            values = {"months": months[kind], "confirmed_at": now, "confirmed_by_id": actor.user_id}
            term = current.get(kind)
            if term is not None:
                update_versioned(term, expected_version=versions.get(kind, 0), values=values)
            elif versions.get(kind, 0) != 0:
                raise StaleObjectError
            else:
                _create_term(house_id, kind, values)
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            object_type="retention_terms",
            object_id=house_id,
            detail={"months": {kind.value: months[kind] for kind in RetentionKind}},
        )


def _create_term(house_id: uuid.UUID, kind: str, values: dict[str, object]) -> None:
    try:
        with transaction.atomic():
            RetentionTerm.objects.create(house_id=house_id, kind=kind, **values)
    except IntegrityError:
        # Someone confirmed the same term a moment ago.
        raise StaleObjectError from None


# --- the run -------------------------------------------------------------------------------------


@dataclass
class RunOutcome:
    run: RetentionRun | None = None
    removed: list[Item] = field(default_factory=list)
    audit_events: int = 0
    # Protected by something retention does not handle: kept, and reported.
    kept: list[tuple[Item, str]] = field(default_factory=list)
    # The access log's expired events stayed: this database role may not remove them.
    audit_needs_owner: bool = False


def retention_apply(*, plan: RetentionPlan) -> RunOutcome:
    """Carries out the plan. Each item is checked again as it goes; what changed meanwhile
    (a case reopened, a person referred again) is left alone. Writes nothing when the plan is
    empty, so a second run on the same day changes nothing."""
    outcome = RunOutcome()
    prune = plan.audit is not None and may_prune()
    outcome.audit_needs_owner = plan.audit is not None and not prune
    if not plan.items() and not prune:
        return outcome
    run = RetentionRun.objects.create(reference_date=plan.today, started_at=timezone.now())
    outcome.run = run
    for item in plan.cases:
        _guarded(outcome, item, partial(_remove_case, run, plan, item, outcome))
    for item in plan.referrals:
        _guarded(outcome, item, partial(_remove_referral, run, plan, item, outcome))
    for item in plan.persons:
        _guarded(outcome, item, partial(_remove_person, run, item, outcome))
    if prune and plan.audit is not None:
        outcome.audit_events = audit_expiry_apply(run=run, expiry=plan.audit)
        if outcome.audit_events:
            DeletionLogEntry.objects.create(
                run=run,
                deleted_at=timezone.now(),
                house_id=None,
                object_type=DeletedObject.AUDIT_EVENTS,
                object_id=f"{plan.audit.first_id}-{plan.audit.through_id}",
                term=RetentionKind.AUDIT_EVENT,
                count=outcome.audit_events,
            )
    run.finished_at = timezone.now()
    run.summary = _summary(outcome)
    run.save(update_fields=["finished_at", "summary", "updated_at"])
    return outcome


def _guarded(outcome: RunOutcome, item: Item, remove: Callable[[], None]) -> None:
    try:
        with transaction.atomic():
            remove()
    except ProtectedError as error:
        labels = sorted({obj._meta.label for obj in error.protected_objects})
        outcome.kept.append((item, ", ".join(labels)))


def _remove_case(run: RetentionRun, plan: RetentionPlan, item: Item, outcome: RunOutcome) -> None:
    case = (
        closed_cases(item.house_id, plan.today, item.term_months)
        .select_for_update(of=("self",))
        .filter(pk=item.object_id)
        .first()
    )
    if case is None:  # reopened or removed since the plan was made
        return
    person_ids = list(CasePerson.objects.filter(case=case).values_list("person_id", flat=True))
    case_delete(case)
    _log(run, item, person_ids, outcome)
    for referral_item in plan.case_referrals.get(item.object_id, []):
        referral = Referral.objects.filter(pk=referral_item.object_id).first()
        if referral is not None:
            _remove_one_referral(run, referral, referral_item, outcome)


def _remove_referral(
    run: RetentionRun, plan: RetentionPlan, item: Item, outcome: RunOutcome
) -> None:
    referral = (
        not_accepted_referrals(item.house_id, plan.today, item.term_months)
        .select_for_update(of=("self",))
        .filter(pk=item.object_id)
        .first()
    )
    if referral is not None:
        _remove_one_referral(run, referral, item, outcome)


def _remove_one_referral(
    run: RetentionRun, referral: Referral, item: Item, outcome: RunOutcome
) -> None:
    person_ids = list(
        ReferralPerson.objects.filter(referral=referral).values_list("person_id", flat=True)
    )
    referral_delete(referral)
    _log(run, item, person_ids, outcome)


def _remove_person(run: RetentionRun, item: Item, outcome: RunOutcome) -> None:
    person = Person.objects.select_for_update().filter(pk=item.object_id).first()
    if person is None:
        return
    if (
        CasePerson.objects.filter(person=person).exists()
        or ReferralPerson.objects.filter(person=person).exists()
    ):
        return  # held again since the plan was made
    person_delete(person)
    _log(run, item, [item.object_id], outcome)


def _log(run: RetentionRun, item: Item, person_ids: list[uuid.UUID], outcome: RunOutcome) -> None:
    """The deletion log entry (metadata only) and the access-log event, in the same
    transaction as the deletion."""
    DeletionLogEntry.objects.create(
        run=run,
        deleted_at=timezone.now(),
        house_id=item.house_id,
        object_type=item.object_type,
        object_id=str(item.object_id),
        term=item.term,
        term_months=item.term_months,
        term_started_on=item.term_started_on,
    )
    audit_record(
        actor=None,
        action=Action.DELETE,
        object_type=item.object_type,
        object_id=item.object_id,
        person_ids=person_ids,
        house_id=item.house_id,
        detail={
            "retention_run": str(run.id),
            "term": item.term.value,
            "term_months": item.term_months,
        },
    )
    outcome.removed.append(item)


def _summary(outcome: RunOutcome) -> dict[str, dict[str, int]]:
    counts: Counter[tuple[str, str]] = Counter(
        (str(item.house_id), item.object_type.value) for item in outcome.removed
    )
    summary: dict[str, dict[str, int]] = {}
    for (house_id, object_type), count in sorted(counts.items()):
        summary.setdefault(house_id, {})[object_type] = count
    if outcome.audit_events:
        summary[""] = {DeletedObject.AUDIT_EVENTS.value: outcome.audit_events}
    return summary
