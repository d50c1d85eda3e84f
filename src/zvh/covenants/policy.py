"""Who manages the house's covenants and its confidentiality declaration (part of the access
policy; see policy.py for the principles): the chain manager, for their own house only.

Covenants hold no personal data of persons concerned; whether an organisation is a covenant
party is read by the system itself, for any actor: `covenant_party_links` is the one definition,
which the conference and sharing rules use as a subquery (and `covenants.selectors` reads).
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from zvh.authz.actor import Actor
from zvh.authz.functions import Function
from zvh.authz.policy import can_use
from zvh.covenants.models import Covenant, CovenantKind, CovenantStatus


def manageable_covenants(actor: Actor) -> QuerySet[Covenant]:
    if actor.house_id is None or not can_use(actor, Function.MANAGE_COVENANTS):
        return Covenant.objects.none()
    return Covenant.objects.filter(house_id=actor.house_id)


def covenant_party_links(
    house_id: uuid.UUID, kind: str = CovenantKind.PRIVACY, *, on: date | None = None
) -> QuerySet[Any]:
    """The party rows of the signed covenants of this kind of the house that have not expired
    (on `on`, default today): the one definition of "covenant party", usable as a subquery."""
    today = on or timezone.localdate()
    return Covenant.parties.through.objects.filter(
        Q(covenant__expires_on__isnull=True) | Q(covenant__expires_on__gte=today),
        covenant__house_id=house_id,
        covenant__kind=kind,
        covenant__status=CovenantStatus.SIGNED,
    )
