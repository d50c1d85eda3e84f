"""Which information items an actor sees (part of the access policy; principles in policy.py).

An item is visible when its case is (`visible_cases`: house staff and active participants) and
the actor is in the audience of the item's category as the house configured it. The
contributing organisation always sees its own items. Every condition ends up in one WHERE
clause of one query, so an item outside the audience is absent: never listed, never counted.
The defaults are the table in docs/information-sharing.md.
"""

from __future__ import annotations

import operator
from functools import reduce

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from zvh.authz.actor import Actor
from zvh.cases.policy import visible_cases
from zvh.conferences.models import ConferenceKind, ConferenceStatus, Invitation
from zvh.covenants.policy import covenant_party_links
from zvh.network.models import Organisation, OrganisationKind
from zvh.sharing.categories import RADICALISATION_THEME, Audience
from zvh.sharing.models import ConsentGrant, InformationItem, InformationItemSubject, ItemRelease
from zvh.sharing.rules import category_audiences


def visible_items(actor: Actor) -> QuerySet[InformationItem]:
    if actor.house_id is None:
        return InformationItem.objects.none()
    conditions = [Q(organisation_id=actor.organisation_id)] if actor.organisation_id else []
    for audience, categories in _by_audience(category_audiences(actor.house_id)).items():
        condition = _audience_condition(actor, audience)
        if condition is not None:
            conditions.append(Q(category__in=categories) & condition)
    if not conditions:
        return InformationItem.objects.none()
    return InformationItem.objects.filter(
        reduce(operator.or_, conditions),
        Exists(visible_cases(actor).filter(pk=OuterRef("case_id"))),
    )


def _by_audience(rules: dict[str, str]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for category, audience in rules.items():
        grouped.setdefault(audience, []).append(category)
    return grouped


def _audience_condition(actor: Actor, audience: str) -> Q | None:
    """The condition an item of a category with this audience adds; None when the actor can
    never be in it (then the categories drop out of the query). The actor's standing (covenant
    party, Veilig Thuis, conference member) is an uncorrelated subquery: no extra round trip."""
    if audience == Audience.ALL_PARTICIPANTS:
        return Q()
    if audience == Audience.COVENANT_PARTIES:
        return _covenant_party(actor)
    if audience == Audience.CONTRIBUTOR_STAFF_VEILIG_THUIS:
        return Q() if actor.is_house_staff else _veilig_thuis(actor)
    if audience == Audience.STAFF_AND_RADICALISATION_CONFERENCE:
        return Q() if actor.is_house_staff else _radicalisation_member(actor)
    if audience == Audience.CONTRIBUTOR_AND_COORDINATOR:
        return _coordinator_consent_or_release(actor)
    raise ValueError(f"unknown audience {audience!r}")


def _coordinator_consent_or_release(actor: Actor) -> Q:
    condition = Q(case__process_coordinator_id=actor.user_id) if actor.user_id else Q(pk__in=[])
    if actor.organisation_id is None:
        return condition
    released = ItemRelease.objects.filter(
        item_id=OuterRef("pk"), organisation_id=actor.organisation_id
    )
    # Consent must cover every person the item is about, for this organisation and category.
    today = timezone.localdate()
    covering = ConsentGrant.objects.filter(
        Q(consent__expires_on__isnull=True) | Q(consent__expires_on__gte=today),
        consent__person_id=OuterRef("person_id"),
        consent__given_on__lte=today,
        consent__withdrawn_at__isnull=True,
        organisation_id=actor.organisation_id,
        category=OuterRef(OuterRef("category")),
    )
    subjects = InformationItemSubject.objects.filter(note_id=OuterRef("pk"))
    consented = Exists(subjects) & ~Exists(subjects.filter(~Exists(covering)))
    return condition | Exists(released) | consented


def _covenant_party(actor: Actor) -> Q | None:
    if actor.house_id is None or actor.organisation_id is None:
        return None
    return Q(
        Exists(covenant_party_links(actor.house_id).filter(organisation_id=actor.organisation_id))
    )


def _veilig_thuis(actor: Actor) -> Q | None:
    if actor.organisation_id is None:
        return None
    return Q(
        Exists(
            Organisation.objects.filter(
                pk=actor.organisation_id, kind=OrganisationKind.VEILIG_THUIS
            )
        )
    )


def _radicalisation_member(actor: Actor) -> Q | None:
    """Invited to a target-group conference of the house on the radicalisation theme."""
    if actor.user_id is None or actor.house_id is None:
        return None
    return Q(
        Exists(
            Invitation.objects.filter(
                user_id=actor.user_id,
                conference__house_id=actor.house_id,
                conference__kind=ConferenceKind.TARGET_GROUP,
                conference__theme__code=RADICALISATION_THEME,
            ).exclude(conference__status=ConferenceStatus.CANCELLED)
        )
    )
