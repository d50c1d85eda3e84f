"""Referral reads, through the access policy, audited."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from zvh.audit.models import Action, Result
from zvh.audit.reads import audited_export, audited_get
from zvh.audit.services import audit_record
from zvh.authz.actor import Actor
from zvh.core.keyset import Page, keyset_page
from zvh.core.life_domains import LifeDomain
from zvh.core.listing import ListFilters, Sorting
from zvh.core.page_sections import PageSections
from zvh.network.models import Domain, House

from .models import (
    Referral,
    ReferralPerson,
    ReferralStatus,
    ReferralTransfer,
    TriageSettings,
    Urgency,
)
from .policy import own_referrals, visible_referrals

EXPORT_LIMIT = 10_000
# Not yet decided: an acute referral past its deadline in one of these is overdue.
UNDECIDED = (ReferralStatus.RECEIVED, ReferralStatus.ON_AGENDA, ReferralStatus.MORE_INFORMATION)
LIST_FIELDS = (
    "id",
    "number",
    "received_at",
    "status",
    "urgency",
    "channel",
    "acute_deadline",
    "outside_region",
    "entered_without_triage",
    "referring_organisation",
)


def _with_persons(queryset: QuerySet[Referral]) -> QuerySet[Referral]:
    """The names of each listed referral's persons, in one extra query for the whole page."""
    return queryset.prefetch_related(
        Prefetch(
            "referral_persons",
            queryset=ReferralPerson.objects.select_related("person").only(
                "referral_id",
                "entered",
                "person__id",
                "person__given_names",
                "person__surname_prefix",
                "person__surname",
            ),
        )
    )


def _referral_person_ids(referral: Referral) -> Iterable[uuid.UUID]:
    return referral.referral_persons.values_list("person_id", flat=True)


def referral_get(*, actor: Actor, referral_id: uuid.UUID) -> Referral:
    return audited_get(
        actor=actor,
        queryset=visible_referrals(actor).select_related(
            "referring_organisation", "municipality", "referring_user"
        ),
        pk=referral_id,
        object_type="referral",
        person_ids=_referral_person_ids,
    )


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


# The triage outcome shown beside a referral to its referrer (the `current_assessments`
# attribute): triage registers, in its ready(), the prefetch that reads it (decision 0195).
_outcome_prefetches: list[Callable[[], Prefetch[Any]]] = []


def register_outcome_prefetch(make: Callable[[], Prefetch[Any]]) -> None:
    _outcome_prefetches.append(make)


def _with_current_assessment(queryset: QuerySet[Referral]) -> QuerySet[Referral]:
    return queryset.prefetch_related(*(make() for make in _outcome_prefetches))


def referrals_of_referrer(
    *, actor: Actor, cursor: str | None = None, size: int = 50
) -> Page[Referral]:
    """What a referrer (a professional, or a partner application) sent, with the outcome:
    status and decision, never case content."""
    queryset = own_referrals(actor).only(*LIST_FIELDS)
    page = keyset_page(
        _with_persons(_with_current_assessment(queryset)),
        order=("-received_at", "-id"),
        cursor=cursor,
        size=size,
    )
    audit_record(
        actor=actor,
        action=Action.LIST,
        object_type="referral",
        person_ids=_listed_person_ids(page.rows),
        detail={"list": "referrer"},
    )
    return page


def referral_status_get(*, actor: Actor, referral_id: uuid.UUID) -> Referral:
    """One referral with its current outcome, for its referrer or house staff."""
    return audited_get(
        actor=actor,
        queryset=_with_current_assessment(visible_referrals(actor)),
        pk=referral_id,
        object_type="referral",
        person_ids=_referral_person_ids,
    )


# The referral page's sections from apps above intake, such as the triage outcome and next
# steps (decision 0195): they register in ready().
referral_page_sections = PageSections()


def referral_page_context(*, actor: Actor, referral: Referral) -> dict[str, object]:
    """What the referral page shows beside the referral itself, in a fixed number of queries.
    The caller has already read the referral through the policy (and audited it)."""
    links = list(
        referral.referral_persons.select_related("person").order_by(
            "person__surname_normalised", "id"
        )
    )
    events = list(referral.events.select_related("user").order_by("at", "id"))
    transfer = getattr(referral, "transfer", None) if referral.status == "forwarded" else None
    return {
        "life_domain_labels": [LifeDomain(v).label for v in referral.life_domains],
        "chain_labels": [Domain(v).label for v in referral.chains_involved],
        # Each person as the house registered them (`link.person`, for its staff) and as the
        # referrer entered them (`link.entered_name`, for everyone else: decision 0157).
        "person_links": links,
        "events": events,
        "transfer": transfer,
        "transferred_from": ReferralTransfer.objects.filter(new_referral=referral)
        .select_related("from_house")
        .first(),
        **referral_page_sections.context(actor=actor, referral=referral),
    }


def _house_filtered(actor: Actor, filters: ListFilters) -> QuerySet[Referral]:
    """The access policy's referrals, narrowed by the list's filters (decision 0180)."""
    queryset = visible_referrals(actor).select_related("referring_organisation")
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.municipality_id:
        queryset = queryset.filter(municipality_id=filters.municipality_id)
    if filters.organisation_id:
        queryset = queryset.filter(referring_organisation_id=filters.organisation_id)
    if filters.overdue:
        queryset = queryset.filter(
            urgency=Urgency.ACUTE, status__in=UNDECIDED, acute_deadline__lt=timezone.now()
        )
    if filters.start:
        queryset = queryset.filter(received_at__date__gte=filters.start)
    if filters.end:
        queryset = queryset.filter(received_at__date__lte=filters.end)
    return _with_persons(queryset.only(*LIST_FIELDS, "referring_organisation__name"))


def _listed_person_ids(rows: list[Referral]) -> list[uuid.UUID]:
    return [link.person_id for row in rows for link in row.referral_persons.all()]


def house_referrals(
    *,
    actor: Actor,
    filters: ListFilters | None = None,
    sorting: Sorting | None = None,
    cursor: str | None = None,
    size: int = 50,
) -> Page[Referral]:
    """The house's referrals for its staff, newest first unless sorted otherwise, with the
    persons' names."""
    filters = filters or ListFilters()
    order = sorting.order(filters.sort) if sorting else ("-received_at", "-id")
    page = keyset_page(_house_filtered(actor, filters), order=order, cursor=cursor, size=size)
    audit_record(
        actor=actor,
        action=Action.LIST,
        object_type="referral",
        person_ids=_listed_person_ids(page.rows),
        detail={"list": "house", **filters.detail()},
    )
    return page


def house_referrals_export(
    *, actor: Actor, filters: ListFilters, sorting: Sorting
) -> list[Referral]:
    """Every referral the list's filters select (at most EXPORT_LIMIT), in the list's order."""
    return audited_export(
        actor=actor,
        queryset=_house_filtered(actor, filters),
        order=sorting.order(filters.sort),
        limit=EXPORT_LIMIT,
        object_type="referral",
        list_name="house",
        filters=filters.detail(),
        person_ids=_listed_person_ids,
    )


def current_house(actor: Actor) -> House:
    """The house the actor works in now (every actor that reaches a form has one)."""
    if actor.house_id is None:
        raise Http404
    return House.objects.get(pk=actor.house_id)


def triage_settings_for(house_id: uuid.UUID) -> TriageSettings:
    settings, _ = TriageSettings.objects.get_or_create(house_id=house_id)
    return settings
