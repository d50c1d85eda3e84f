"""Reads for the chain manager's covenant warnings: organisations taking part in cases of the
house without a signed, valid privacy covenant, and covenants about to end without a successor.
Shown on the covenant list, home and "my work" (`{% covenant_warnings %}`), and sent daily by
`warning_digest`. See docs/decisions/0146-covenant-warnings-and-privacy-officer-tools.md."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from zvh.authz.actor import Actor
from zvh.authz.functions import Function
from zvh.authz.policy import can_use
from zvh.covenants.policy import covenant_party_links
from zvh.network.models import Organisation

from .models import Covenant, CovenantKind, CovenantStatus

# How long before its end a covenant is warned about: renewing one takes the signatures of
# every party, often after a steering group, which meets two to four times a year.
EXPIRY_WARNING_DAYS = 90


@dataclass(frozen=True)
class UncoveredOrganisation:
    """Takes part in cases of the house, but is party to no signed, valid privacy covenant."""

    id: uuid.UUID
    name: str
    cases: int


@dataclass(frozen=True)
class ExpiringCovenant:
    id: uuid.UUID
    title: str
    kind: str
    expires_on: date
    days_left: int

    @property
    def kind_label(self) -> str:
        return str(CovenantKind(self.kind).label)


@dataclass(frozen=True)
class CovenantWarnings:
    uncovered: list[UncoveredOrganisation]
    expiring: list[ExpiringCovenant]

    def __bool__(self) -> bool:
        return bool(self.uncovered or self.expiring)

    def __len__(self) -> int:
        return len(self.uncovered) + len(self.expiring)


def house_covenant_warnings(house_id: uuid.UUID, *, today: date) -> CovenantWarnings:
    """Two queries, whatever the size of the house.

    - Organisations with an active participation in a case of the house (closed cases too:
      the participation still opens the case) that are not covenant parties today.
    - Signed covenants ending within EXPIRY_WARNING_DAYS (today included) that no successor
      covers: a later-ending signed covenant of the same kind with at least the same parties.
      One already renewed needs no warning."""
    uncovered = (
        Organisation.objects.filter(
            case_participations__ended_at__isnull=True,
            case_participations__case__house_id=house_id,
        )
        .exclude(pk__in=covenant_party_links(house_id, on=today).values("organisation_id"))
        .values("id", "name")
        # One active participation per case and organisation (a unique index): no DISTINCT.
        .annotate(cases=Count("case_participations"))
        .order_by("name", "id")
    )
    parties = Covenant.parties.through.objects
    successor = (
        Covenant.objects.filter(
            Q(expires_on__isnull=True) | Q(expires_on__gt=OuterRef("expires_on")),
            house_id=OuterRef("house_id"),
            kind=OuterRef("kind"),
            status=CovenantStatus.SIGNED,
        )
        .exclude(pk=OuterRef("pk"))
        .exclude(
            # A party of the ending covenant (two levels out) that this one (one level out)
            # lacks.
            Exists(
                parties.filter(covenant_id=OuterRef(OuterRef("pk"))).exclude(
                    Exists(
                        parties.filter(
                            covenant_id=OuterRef(OuterRef("pk")),
                            organisation_id=OuterRef("organisation_id"),
                        )
                    )
                )
            )
        )
    )
    expiring = (
        Covenant.objects.filter(
            house_id=house_id,
            status=CovenantStatus.SIGNED,
            expires_on__gte=today,
            expires_on__lte=today + timedelta(days=EXPIRY_WARNING_DAYS),
        )
        .exclude(Exists(successor))
        .values_list("id", "title", "kind", "expires_on")
        .order_by("expires_on", "title", "id")
    )
    return CovenantWarnings(
        uncovered=[UncoveredOrganisation(**row) for row in uncovered],
        expiring=[
            ExpiringCovenant(
                id=pk, title=title, kind=kind, expires_on=ends, days_left=(ends - today).days
            )
            for pk, title, kind, ends in expiring
            if ends is not None  # always: the filter asks for an end date
        ],
    )


def covenant_warnings(*, actor: Actor, today: date | None = None) -> CovenantWarnings | None:
    """The warnings of the actor's house, for the chain manager; None (and no query) for
    anyone else. Warnings name organisations and covenants, no person: not audited."""
    if actor.house_id is None or not can_use(actor, Function.MANAGE_COVENANTS):
        return None
    return house_covenant_warnings(actor.house_id, today=today or timezone.localdate())
