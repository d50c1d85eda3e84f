"""Case reviews (evaluaties): progress per goal, optional ZRM scores, and the next review date.

A review is recorded by house staff. It may not lie in the future; the next review date it
sets may not lie in the past and defaults to the review date plus the house's cadence. The
case's `next_review_date` follows the latest review. See docs/decisions/0132.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from zvh.audit.models import Action
from zvh.audit.services import audit_record
from zvh.authz.actor import Actor
from zvh.cases.journal import JournalKind, journal_record
from zvh.cases.models import Case, CaseReview
from zvh.cases.selectors import case_settings_for
from zvh.cases.services import MAX_TEXT, _person_ids, _require_manage, _require_open
from zvh.cases.zrm import ZRM_SCORES, zrm_changes_refresh
from zvh.core.life_domains import LifeDomain
from zvh.core.validation import future_date_error
from zvh.plans.models import Goal

# The key of the single progress text when the plan has no goals.
NO_GOAL = ""


def review_goals(case: Case) -> list[Goal]:
    """The goals of the case's plan, in domain order; empty without a plan."""
    order = {value: position for position, value in enumerate(LifeDomain.values)}
    goals = list(Goal.objects.filter(plan__case=case).only("id", "life_domain", "description"))
    return sorted(goals, key=lambda goal: order.get(goal.life_domain, len(order)))


def case_reviews(case: Case) -> QuerySet[CaseReview]:
    """The reviews of a case (read through the policy by the caller), newest first: one query."""
    return case.reviews.select_related("author").order_by("-held_on", "-created_at")


def _clean_progress(progress: dict[str, str] | str, goals: list[Goal]) -> dict[str, str]:
    if not goals:
        text = (progress if isinstance(progress, str) else progress.get(NO_GOAL, "")).strip()
        if not text:
            raise ValidationError({"progress": _("Beschrijf de voortgang.")})
        if len(text) > MAX_TEXT:
            raise ValidationError(
                {"progress": _("Gebruik maximaal %(max)d tekens.") % {"max": MAX_TEXT}}
            )
        return {NO_GOAL: text}
    if isinstance(progress, str):
        raise ValidationError({"progress": _("Beschrijf de voortgang per doel.")})
    goal_ids = {str(goal.id) for goal in goals}
    if set(progress) - goal_ids:
        raise ValidationError({"progress": _("De voortgang hoort bij een onbekend doel.")})
    cleaned = {key: text.strip() for key, text in progress.items() if text.strip()}
    for key, text in cleaned.items():
        if len(text) > MAX_TEXT:
            raise ValidationError(
                {f"progress_{key}": _("Gebruik maximaal %(max)d tekens.") % {"max": MAX_TEXT}}
            )
    if not cleaned:
        raise ValidationError({"progress": _("Beschrijf de voortgang bij ten minste één doel.")})
    return cleaned


def _clean_zrm(zrm_scores: dict[str, Any]) -> dict[str, int]:
    domains = set(LifeDomain.values)
    cleaned: dict[str, int] = {}
    for domain, score in zrm_scores.items():
        if domain not in domains:
            raise ValidationError({"zrm_scores": _("Onbekend leefgebied voor een ZRM-score.")})
        if score in (None, ""):
            continue
        if isinstance(score, bool) or not isinstance(score, int) or score not in ZRM_SCORES:
            raise ValidationError(
                {f"zrm_{domain}": _("Een ZRM-score is een getal van 1 tot en met 5.")}
            )
        cleaned[domain] = score
    return cleaned


def case_review_record(
    *,
    actor: Actor,
    case: Case,
    held_on: date,
    progress: dict[str, str] | str,
    zrm_scores: dict[str, Any] | None = None,
    next_review_date: date | None = None,
    review_id: uuid.UUID | None = None,
) -> CaseReview:
    """Records a review and moves the case's next review date. `review_id` comes from the
    form: submitting the same form twice returns the review created the first time."""
    _require_manage(actor, case)
    if review_id is not None:
        existing = CaseReview.objects.filter(pk=review_id).first()
        if existing is not None:
            if existing.case_id == case.pk and existing.author_id == actor.person_user_id:
                return existing
            review_id = None  # not this form's review: never touch someone else's
    _require_open(case)
    today = timezone.localdate()
    if held_on > today:
        raise ValidationError({"held_on": _("De evaluatie kan niet in de toekomst liggen.")})
    if next_review_date is not None and next_review_date < today:
        raise ValidationError(
            {"next_review_date": _("De volgende evaluatie kan niet in het verleden liggen.")}
        )
    too_far = future_date_error(
        next_review_date, years=case_settings_for(case.house_id).planning_horizon_years
    )
    if too_far:
        raise ValidationError({"next_review_date": too_far})
    goals = review_goals(case)
    cleaned_progress = _clean_progress(progress, goals)
    scores = _clean_zrm(zrm_scores or {})
    if next_review_date is None:
        weeks = case_settings_for(case.house_id).review_cadence_weeks
        # A review recorded late still leaves a date ahead, never one already past.
        next_review_date = max(held_on + timedelta(weeks=weeks), today)
    with transaction.atomic():
        review = CaseReview.objects.create(
            id=review_id or uuid.uuid4(),
            case=case,
            held_on=held_on,
            author_id=actor.person_user_id,
            progress=cleaned_progress,
            goal_domains={
                str(goal.id): goal.life_domain for goal in goals if str(goal.id) in cleaned_progress
            },
            zrm_scores=scores,
            next_review_date=next_review_date,
        )
        # Not a versioned edit of the case's details: bump the version all the same, so a
        # details form opened before this review sees the new date instead of overwriting it.
        Case.objects.filter(pk=case.pk).update(
            next_review_date=next_review_date, version=F("version") + 1
        )
        zrm_changes_refresh([case.pk])
        case.next_review_date = next_review_date
        case.version += 1
        journal_record(
            case=case,
            kind=JournalKind.REVIEW,
            actor=actor,
            data={
                "review": str(review.id),
                "held_on": held_on.isoformat(),
                "next_review_date": next_review_date.isoformat(),
                "zrm": bool(scores),
            },
        )
        audit_record(
            actor=actor,
            action=Action.CREATE,
            object_type="case_review",
            object_id=review.id,
            person_ids=_person_ids(case),
            detail={
                "case": str(case.id),
                "goals": len(cleaned_progress),
                "zrm_domains": sorted(scores),
                "next_review_date": next_review_date.isoformat(),
            },
        )
    return review
