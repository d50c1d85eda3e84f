"""Advice reads, always from the access policy's queryset, each one in the access log (the
register holds no personal data, but every view of the house's records is logged alike)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from zvh.advice import policy as advice_policy
from zvh.audit.reads import audited_export, audited_get, audited_page, filter_detail
from zvh.authz.actor import Actor
from zvh.core.keyset import Page

from .models import Advice

PAGE_SIZE = 50
EXPORT_LIMIT = 10_000
ORDER = ("-given_on", "-id")  # newest first


@dataclass(frozen=True)
class AdviceFilters:
    start: date | None = None
    end: date | None = None
    organisation_id: uuid.UUID | None = None
    topic: str = ""

    def detail(self) -> dict[str, str]:
        return filter_detail(
            start=self.start, end=self.end, organisation=self.organisation_id, topic=self.topic
        )


def _filtered(actor: Actor, filters: AdviceFilters) -> QuerySet[Advice]:
    queryset = advice_policy.visible_advice(actor)
    if filters.start is not None:
        queryset = queryset.filter(given_on__gte=filters.start)
    if filters.end is not None:
        queryset = queryset.filter(given_on__lte=filters.end)
    if filters.organisation_id is not None:
        queryset = queryset.filter(requester_organisation_id=filters.organisation_id)
    if filters.topic:
        queryset = queryset.filter(topic=filters.topic)
    return queryset.select_related("requester_organisation", "municipality")


def advice_list(
    *, actor: Actor, filters: AdviceFilters, cursor: str | None = None, size: int = PAGE_SIZE
) -> Page[Advice]:
    """Newest first, a page at a time (keyset). Three queries whatever the register holds."""
    return audited_page(
        actor=actor,
        queryset=_filtered(actor, filters),
        order=ORDER,
        cursor=cursor,
        size=size,
        object_type="advice",
        list_name="advice",
        filters=filters.detail(),
    )


def advice_export(*, actor: Actor, filters: AdviceFilters) -> list[Advice]:
    """Every record that the list's filters select (at most EXPORT_LIMIT), as an export."""
    return audited_export(
        actor=actor,
        queryset=_filtered(actor, filters),
        order=ORDER,
        limit=EXPORT_LIMIT,
        object_type="advice",
        list_name="advice",
        filters=filters.detail(),
    )


def advice_get(*, actor: Actor, advice_id: uuid.UUID) -> Advice:
    return audited_get(
        actor=actor,
        queryset=advice_policy.visible_advice(actor).select_related(
            "requester_organisation", "municipality", "recorded_by"
        ),
        pk=advice_id,
        object_type="advice",
    )


def advice_for_edit(*, actor: Actor, advice_id: uuid.UUID) -> Advice:
    return audited_get(
        actor=actor,
        queryset=advice_policy.editable_advice(actor),
        pk=advice_id,
        object_type="advice",
    )
