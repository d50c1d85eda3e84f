"""Reads for the chain manager's retention screen: the house's terms, with the defaults shown
for the terms it has not confirmed."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.http import Http404

from zvh.authz.actor import Actor
from zvh.retention.policy import manageable_retention_terms, retention_house

from .models import DEFAULT_MONTHS, TERM_STARTS, RetentionKind


@dataclass(frozen=True)
class TermRow:
    kind: RetentionKind
    months: int  # as confirmed, or else the default
    default_months: int
    starts: str  # from when the term counts
    confirmed_at: datetime.datetime | None
    confirmed_by: str
    version: int  # 0: not configured

    @property
    def label(self) -> str:
        return str(self.kind.label)

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None


def retention_terms_for(*, actor: Actor) -> list[TermRow]:
    """One row per kind of data, in a fixed order. Two queries, however many kinds."""
    if retention_house(actor) is None:
        raise Http404
    stored = {
        term.kind: term for term in manageable_retention_terms(actor).select_related("confirmed_by")
    }
    rows = []
    for kind in RetentionKind:
        term = stored.get(kind)
        rows.append(
            TermRow(
                kind=kind,
                months=term.months if term else DEFAULT_MONTHS[kind],
                default_months=DEFAULT_MONTHS[kind],
                starts=str(TERM_STARTS[kind]),
                confirmed_at=term.confirmed_at if term else None,
                confirmed_by=str(term.confirmed_by) if term and term.confirmed_by else "",
                version=term.version if term else 0,
            )
        )
    return rows
