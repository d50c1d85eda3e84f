"""Who sees which figures of the house (issue 11, docs/decisions/0165).

The chain manager sees the house's figures exactly, with the list behind each number (through
the need-to-know rules of policy.py and referral_policy.py). Everyone else who gets figures (the
steering group, every export, the API) gets them with small cells suppressed, and without the
tables marked for the chain manager's screen only (`FigureTable.chain_manager_only`, dropped by
zvh.figures.suppression). One condition a line, so that coverage shows every branch.
"""

from __future__ import annotations

from zvh.authz.actor import Actor
from zvh.authz.functions import Function
from zvh.authz.policy import can_use
from zvh.network.models import Role


def sees_exact_figures(actor: Actor) -> bool:
    """Exact (unsuppressed) figures on the screen: a logged-in chain manager of the house.
    A token never does, whatever its scopes: what an application reads leaves the screen."""
    if actor.house_id is None:
        return False
    if actor.user_id is None:
        return False
    return actor.has_role(Role.CHAIN_MANAGER)


def figure_lists_visible(actor: Actor) -> bool:
    """The list of cases or referrals behind a number, and drill links to it."""
    if not sees_exact_figures(actor):
        return False
    return can_use(actor, Function.VIEW_FIGURE_LISTS)
