"""authz.figures_policy: exact figures only for a logged-in chain manager of the house."""

from __future__ import annotations

import uuid

from zvh.authz.actor import Actor
from zvh.figures import policy as figures_policy
from zvh.network.models import Role

HOUSE = uuid.uuid4()


def _actor(*roles: Role, user_id: int | None = 1, house_id=HOUSE, token=None) -> Actor:
    return Actor(
        user_id=user_id,
        organisation_id=None,
        house_id=house_id,
        roles=frozenset(roles),
        api_token_id=token,
    )


def test_only_the_chain_manager_sees_exact_figures():
    assert figures_policy.sees_exact_figures(_actor(Role.CHAIN_MANAGER))
    assert not figures_policy.sees_exact_figures(_actor(Role.STEERING_GROUP_MEMBER))
    assert not figures_policy.sees_exact_figures(_actor(Role.CHAIN_MANAGER, house_id=None))
    assert not figures_policy.sees_exact_figures(
        _actor(Role.CHAIN_MANAGER, user_id=None, token=uuid.uuid4())
    )


def test_only_the_chain_manager_sees_the_lists():
    manager, steering = _actor(Role.CHAIN_MANAGER), _actor(Role.STEERING_GROUP_MEMBER)
    assert figures_policy.figure_lists_visible(manager)
    assert not figures_policy.figure_lists_visible(steering)
