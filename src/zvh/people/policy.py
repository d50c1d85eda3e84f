"""The access rules for persons that need no case (decision 0194)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from zvh.authz.actor import Actor
from zvh.authz.roles import Role

from .models import Person


def persons_for_access_report(actor: Actor) -> QuerySet[Person]:
    """The privacy officer may pick any person of the house to report who accessed them.
    This opens identity only, never case content."""
    if actor.house_id is None or not actor.has_role(Role.PRIVACY_OFFICER):
        return Person.objects.none()
    return Person.objects.filter(house_id=actor.house_id)


def visible_persons(actor: Actor) -> QuerySet[Person]:
    """House staff see every person of the house; partner professionals only the persons of
    cases their organisation takes part in now. Other roles see no person."""
    if actor.house_id is None:
        return Person.objects.none()
    in_house = Person.objects.filter(house_id=actor.house_id)
    if actor.is_house_staff:
        return in_house
    if actor.has_role(Role.PARTNER_PROFESSIONAL) and actor.organisation_id is not None:
        return in_house.filter(
            Exists(
                # Through the cases' links to their persons (declared in the cases app, above
                # this one); one filter call, so both conditions hold for the same participation.
                Person.objects.filter(
                    pk=OuterRef("pk"),
                    case_links__case__participants__organisation_id=actor.organisation_id,
                    case_links__case__participants__ended_at__isnull=True,
                )
            )
        )
    return Person.objects.none()
