"""authz.policy.can_use: a function is open to the roles that hold it, and only within a house."""

from __future__ import annotations

import uuid

from zvh.authz.actor import Actor
from zvh.authz.functions import FUNCTION_ROLES, Function
from zvh.authz.policy import can_use
from zvh.network.models import Role

HOUSE = uuid.uuid4()


def _actor(roles: frozenset[str], house_id: uuid.UUID | None = HOUSE) -> Actor:
    return Actor(user_id=1, organisation_id=uuid.uuid4(), house_id=house_id, roles=roles)


def test_each_function_is_open_to_its_roles_and_closed_to_the_others():
    for function in Function:
        holders = FUNCTION_ROLES[function]
        for role in holders:
            assert can_use(_actor(frozenset({role})), function), (function, role)
        others = frozenset(Role) - holders
        assert not can_use(_actor(others), function), function


def test_without_a_house_no_role_opens_a_function():
    """Roles are held per house: an actor between houses (or none) uses nothing."""
    every_role = frozenset(Role)
    for function in Function:
        assert not can_use(_actor(every_role, house_id=None), function), function
