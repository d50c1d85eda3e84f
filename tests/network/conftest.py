"""Fixtures for the reference-data screens: the own house's functional administrator."""

from __future__ import annotations

import pytest

from zvh.authz.actor import Actor
from zvh.network.models import Role


@pytest.fixture
def admin(world):
    return world.user(Role.FUNCTIONAL_ADMIN)


@pytest.fixture
def admin_client(admin, client_for):
    return client_for(admin)


@pytest.fixture
def admin_actor(world, admin) -> Actor:
    return Actor(
        user_id=admin.pk,
        organisation_id=admin.organisation_id,
        house_id=world.house.pk,
        roles=frozenset({Role.FUNCTIONAL_ADMIN}),
    )
