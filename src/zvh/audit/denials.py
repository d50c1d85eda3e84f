"""View guards. Every URL's door is in the one table, zvh/authz/doors.py, enforced by
zvh.web.door_middleware.DoorMiddleware (web) and zvh.api.permissions.HasFunction (API); no view of
the application declares its own (docs/decisions/0158).

`door_opens` is the check both make, and records a refused door with `record_denial`."""

from __future__ import annotations

from zvh.audit.models import Action, Result
from zvh.audit.services import audit_record
from zvh.authz.actor import Actor
from zvh.authz.doors import Door
from zvh.authz.policy import can_use


def record_denial(actor: Actor, *, object_type: str, object_id: object) -> None:
    audit_record(
        actor=actor,
        action=Action.DENIED,
        object_type=object_type,
        object_id=object_id,
        result=Result.DENIED,
    )


def door_opens(actor: Actor, door: Door, method: str) -> bool:
    """Whether one of the door's functions (for this method) is the actor's; a refusal is
    recorded as a denial, for the web and the API alike."""
    if any(can_use(actor, function) for function in door.functions_for(method)):
        return True
    record_denial(actor, object_type=door.denial_object_type, object_id="")
    return False
