"""Builds the Actor for a request: the user's roles in the house chosen in the session."""

from __future__ import annotations

import uuid

from django.http import HttpRequest

from zvh.authz.actor import ANONYMOUS, Actor
from zvh.core.request_context import set_house

from .models import Membership

SESSION_HOUSE_KEY = "zvh_house_id"


def _memberships_by_house(user_id: int) -> dict[uuid.UUID, set[str]]:
    houses: dict[uuid.UUID, set[str]] = {}
    for house_id, role in Membership.objects.filter(user_id=user_id).values_list(
        "house_id", "role"
    ):
        houses.setdefault(house_id, set()).add(role)
    return houses


def actor_for_request(request: HttpRequest) -> Actor:
    cached = getattr(request, "_zvh_actor", None)
    if cached is not None:
        return cached
    actor = _build_actor(request)
    request._zvh_actor = actor  # type: ignore[attr-defined]
    # The technical log's lines of this request name the house from here on.
    set_house(actor.house_id)
    return actor


def _build_actor(request: HttpRequest) -> Actor:
    # A partner application's token (zvh.api, a higher layer) says itself whom it acts as.
    token_actor = getattr(getattr(request, "auth", None), "as_actor", None)
    if callable(token_actor):
        actor = token_actor()
        if isinstance(actor, Actor):
            return actor
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    houses = _memberships_by_house(user.pk)
    chosen = request.session.get(SESSION_HOUSE_KEY)
    house_id: uuid.UUID | None = None
    if chosen:
        try:
            candidate = uuid.UUID(str(chosen))
        except ValueError:
            candidate = None
        if candidate in houses:
            house_id = candidate
    if house_id is None and houses:
        house_id = sorted(houses, key=str)[0]
    return Actor(
        user_id=user.pk,
        organisation_id=user.organisation_id,
        house_id=house_id,
        roles=frozenset(houses.get(house_id, set())) if house_id else frozenset(),
    )
