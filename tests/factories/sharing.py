"""Information items and consent for tests, through the real services."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from zvh.authz.actor import Actor
from zvh.cases.models import Case
from zvh.network.models import House
from zvh.sharing.models import InformationItem, LegalBasis
from zvh.sharing.services import NewItem, item_add


def legal_basis_for(house: House) -> LegalBasis:
    basis, _ = LegalBasis.objects.get_or_create(
        house=house, name="Publieke taak", defaults={"gdpr_basis": "e", "framework": "WGS"}
    )
    return basis


def add_item(actor: Actor, case: Case, **fields: Any) -> InformationItem:
    """An item with valid defaults (general, today, the house's legal basis); `fields`
    override NewItem's fields, and `item_id` is passed on."""
    item_id = fields.pop("item_id", None)
    values: dict[str, Any] = {
        "contact_date": timezone.localdate(),
        "text": "Huisbezoek afgelegd",
        "category": "general",
        "legal_basis_id": legal_basis_for(case.house).id,
        "purpose": "coordination",
        **fields,
    }
    return item_add(actor=actor, case=case, item=NewItem(**values), item_id=item_id)
