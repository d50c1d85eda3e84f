"""Who sees and who decides which case transfer (part of the access policy; see policy.py).

A transfer is the one row that two houses share:
- house staff of the sending house (Function.MANAGE_CASES) request it and may withdraw it
  while it is open; they keep seeing the row after the case has left;
- house staff of the receiving house see it and accept or refuse it while it is open. Until
  they accept, the case itself stays invisible to them (`policy.visible_cases` is per house);
  the transfer page shows them the minimum to decide (cases/transfer.py).
Nobody else sees a transfer: not partner professionals, not other houses.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from zvh.authz.actor import Actor
from zvh.authz.functions import Function
from zvh.authz.policy import can_use
from zvh.cases.models import CaseTransfer, TransferStatus
from zvh.network.models import House, HouseKind


def visible_transfers(actor: Actor) -> QuerySet[CaseTransfer]:
    if actor.house_id is None or not can_use(actor, Function.MANAGE_CASES):
        return CaseTransfer.objects.none()
    return CaseTransfer.objects.filter(
        Q(from_house_id=actor.house_id) | Q(to_house_id=actor.house_id)
    )


def can_decide_transfer(actor: Actor, transfer: CaseTransfer) -> bool:
    """Accept or refuse: the receiving house's staff, while the request is open."""
    return (
        transfer.status == TransferStatus.REQUESTED
        and actor.house_id is not None
        and transfer.to_house_id == actor.house_id
        and can_use(actor, Function.MANAGE_CASES)
    )


def can_withdraw_transfer(actor: Actor, transfer: CaseTransfer) -> bool:
    """The sending house's staff, while the request is open."""
    return (
        transfer.status == TransferStatus.REQUESTED
        and actor.house_id is not None
        and transfer.from_house_id == actor.house_id
        and can_use(actor, Function.MANAGE_CASES)
    )


def transfer_target_houses(actor: Actor) -> QuerySet[House]:
    """Every other house on the installation (not the national monitor's office, which takes no
    cases). House names are public reference data."""
    if actor.house_id is None or not can_use(actor, Function.MANAGE_CASES):
        return House.objects.none()
    houses = House.objects.filter(kind=HouseKind.HOUSE)
    return houses.exclude(pk=actor.house_id).order_by("name")
