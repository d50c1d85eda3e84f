"""Referral reads, through the access policy, audited."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.http import Http404

from zvh.audit.models import Action, Result
from zvh.audit.services import audit_record
from zvh.authz.actor import Actor
from zvh.authz.referral_policy import visible_referrals
from zvh.core.keyset import Page, keyset_page

from .models import Referral, ReferralPerson

MY_REFERRAL_FIELDS = ("id", "number", "received_at", "status", "urgency", "channel")


def referral_get(*, actor: Actor, referral_id: uuid.UUID) -> Referral:
    referral = (
        visible_referrals(actor)
        .select_related("referring_organisation", "municipality", "referring_user")
        .filter(pk=referral_id)
        .first()
    )
    if referral is None:
        audit_record(
            actor=actor,
            action=Action.VIEW,
            object_type="referral",
            object_id=referral_id,
            result=Result.DENIED,
        )
        raise Http404
    audit_record(
        actor=actor,
        action=Action.VIEW,
        object_type="referral",
        object_id=referral.id,
        person_ids=referral.referral_persons.values_list("person_id", flat=True),
    )
    return referral


def my_referrals(*, actor: Actor, cursor: str | None = None, size: int = 50) -> Page[Referral]:
    """The referrer's own referrals, newest first in pages. Shows status, never case content."""
    queryset = visible_referrals(actor).filter(referring_user_id=actor.user_id)
    page = keyset_page(
        queryset.only(*MY_REFERRAL_FIELDS), order=("-received_at", "-id"), cursor=cursor, size=size
    )
    audit_record(
        actor=actor,
        action=Action.LIST,
        object_type="referral",
        detail={"list": "mine", "count": len(page.rows)},
    )
    return page


def referral_by_external_id(*, actor: Actor, channel: str, external_id: str) -> Referral:
    """A sender's referral by its own registration number; 404 (audited) when not theirs."""
    referral = visible_referrals(actor).filter(channel=channel, external_id=external_id).first()
    if referral is None:
        audit_record(actor=actor, action=Action.VIEW, object_type="referral", result=Result.DENIED)
        raise Http404
    audit_record(
        actor=actor,
        action=Action.VIEW,
        object_type="referral",
        object_id=referral.id,
        person_ids=referral.referral_persons.values_list("person_id", flat=True),
    )
    return referral


def referrals_sent_by_application(
    *, actor: Actor, channel: str, limit: int = 100
) -> list[Referral]:
    """The newest referrals a partner application sent through a channel."""
    rows = list(
        visible_referrals(actor)
        .filter(channel=channel, referring_user__isnull=True)
        .order_by("-received_at")[:limit]
    )
    audit_record(
        actor=actor,
        action=Action.LIST,
        object_type="referral",
        person_ids=ReferralPerson.objects.filter(
            referral_id__in=[row.id for row in rows]
        ).values_list("person_id", flat=True),
        detail={"channel": channel, "count": len(rows)},
    )
    return rows


def _with_current_assessment(queryset: QuerySet[Referral]) -> QuerySet[Referral]:
    from django.db.models import Prefetch

    from zvh.triage.models import Assessment

    return queryset.prefetch_related(
        Prefetch(
            "assessments",
            queryset=Assessment.objects.filter(is_current=True).only(
                "id", "referral_id", "decision", "decided_at", "advice", "referred_to", "questions"
            ),
            to_attr="current_assessments",
        )
    )


def referrals_of_referrer(
    *, actor: Actor, cursor: str | None = None, size: int = 50
) -> Page[Referral]:
    """What a referrer (a professional, or a partner application) sent, with the outcome:
    status and decision, never case content."""
    queryset = visible_referrals(actor)
    if actor.api_token_id is None:
        queryset = queryset.filter(referring_user_id=actor.user_id)
    page = keyset_page(
        _with_current_assessment(queryset), order=("-received_at", "-id"), cursor=cursor, size=size
    )
    audit_record(
        actor=actor,
        action=Action.LIST,
        object_type="referral",
        person_ids=ReferralPerson.objects.filter(
            referral_id__in=[row.id for row in page.rows]
        ).values_list("person_id", flat=True),
        detail={"list": "referrer"},
    )
    return page


def referral_status_get(*, actor: Actor, referral_id: uuid.UUID) -> Referral:
    """One referral with its current outcome, for its referrer or house staff."""
    referral = _with_current_assessment(visible_referrals(actor).filter(pk=referral_id)).first()
    if referral is None:
        audit_record(
            actor=actor,
            action=Action.VIEW,
            object_type="referral",
            object_id=referral_id,
            result=Result.DENIED,
        )
        raise Http404
    audit_record(
        actor=actor,
        action=Action.VIEW,
        object_type="referral",
        object_id=referral.id,
        person_ids=referral.referral_persons.values_list("person_id", flat=True),
    )
    return referral
