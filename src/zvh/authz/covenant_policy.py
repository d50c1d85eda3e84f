"""Who manages the house's covenants and its confidentiality declaration (part of the access
policy; see policy.py for the principles): the chain manager, for their own house only.

Covenants hold no personal data of persons concerned; whether an organisation is a covenant
party is read by the system itself (`covenants.selectors.covenant_party_ids`), for any actor.
"""

from __future__ import annotations

from django.db.models import QuerySet

from zvh.conferences.models import ConfidentialityDeclaration
from zvh.covenants.models import Covenant

from .actor import Actor
from .functions import Function
from .policy import can_use


def manageable_covenants(actor: Actor) -> QuerySet[Covenant]:
    if actor.house_id is None or not can_use(actor, Function.MANAGE_COVENANTS):
        return Covenant.objects.none()
    return Covenant.objects.filter(house_id=actor.house_id)


def manageable_declarations(actor: Actor) -> QuerySet[ConfidentialityDeclaration]:
    """The versions of the house's confidentiality declaration."""
    if actor.house_id is None or not can_use(actor, Function.MANAGE_COVENANTS):
        return ConfidentialityDeclaration.objects.none()
    return ConfidentialityDeclaration.objects.filter(house_id=actor.house_id)
