"""The access rules for persons that need no case (decision 0194)."""

from __future__ import annotations

from django.db.models import QuerySet

from zvh.authz.actor import Actor
from zvh.authz.roles import Role

from .models import Person


def persons_for_access_report(actor: Actor) -> QuerySet[Person]:
    """The privacy officer may pick any person of the house to report who accessed them.
    This opens identity only, never case content."""
    if actor.house_id is None or not actor.has_role(Role.PRIVACY_OFFICER):
        return Person.objects.none()
    return Person.objects.filter(house_id=actor.house_id)
