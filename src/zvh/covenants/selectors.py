"""Covenant reads: the registry for the chain manager, and who is a covenant party. The
chain manager's warnings are in `warning_selectors`."""

from __future__ import annotations

import uuid
from datetime import date

from django.db.models import Prefetch
from django.http import Http404

from zvh.audit.denials import record_denial
from zvh.audit.models import Action
from zvh.audit.services import audit_record
from zvh.authz.actor import Actor
from zvh.covenants import policy as covenant_policy
from zvh.covenants.policy import covenant_party_links
from zvh.network.models import Organisation

from .models import Covenant, CovenantKind


def covenant_party_ids(
    house_id: uuid.UUID, kind: str = CovenantKind.PRIVACY, *, on: date | None = None
) -> set[uuid.UUID]:
    """The organisations party to such a covenant. One query."""
    return set(
        covenant_party_links(house_id, kind, on=on).values_list("organisation_id", flat=True)
    )


def covenant_list(*, actor: Actor) -> list[Covenant]:
    """All covenants of the house with their parties (a house has a handful): two queries."""
    return list(
        covenant_policy.manageable_covenants(actor).prefetch_related(
            Prefetch("parties", queryset=Organisation.objects.only("id", "name").order_by("name"))
        )
    )


def covenant_get(*, actor: Actor, covenant_id: uuid.UUID) -> Covenant:
    covenant = covenant_policy.manageable_covenants(actor).filter(pk=covenant_id).first()
    if covenant is None:
        record_denial(actor, object_type="covenant", object_id=covenant_id)
        raise Http404
    return covenant


def covenant_document_get(*, actor: Actor, covenant_id: uuid.UUID) -> Covenant:
    """A covenant with a document, its download audited as an export."""
    covenant = covenant_get(actor=actor, covenant_id=covenant_id)
    if not covenant.document:
        raise Http404
    audit_record(
        actor=actor, action=Action.EXPORT, object_type="covenant_document", object_id=covenant.id
    )
    return covenant
