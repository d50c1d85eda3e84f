"""The access policy's base: whether an actor may use a function. The row rules ("which Y may
this actor see") are built on it and live beside their models, one `policy.py` per app
(decision 0194). Principles for all of them: house isolation is the first condition of every
rule, nothing crosses houses; each rule is one condition per line so coverage shows every branch.
"""

from __future__ import annotations

from .actor import Actor
from .functions import FUNCTION_ROLES, Function


def can_use(actor: Actor, function: Function) -> bool:
    if actor.house_id is None:
        return False
    return any(role in actor.roles for role in FUNCTION_ROLES[function])
