"""View guards. Every URL's door is in the one table, zvh/authz/doors.py, enforced by
zvh.authz.middleware.DoorMiddleware (web) and zvh.api.permissions.HasFunction (API); no view of
the application declares its own (docs/decisions/0158).

`door_opens` is the check both make, and records a refused door with `record_denial`."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from zvh.audit.models import Action, Result
from zvh.audit.services import audit_record

from .actor import Actor
from .doors import Door
from .policy import can_use
from .request import actor_for_request


def record_denial(actor: Actor, *, object_type: str, object_id: object) -> None:
    audit_record(
        actor=actor,
        action=Action.DENIED,
        object_type=object_type,
        object_id=object_id,
        result=Result.DENIED,
    )


def record_malformed_id(sender: object, *, request: HttpRequest, name: str, **kwargs: Any) -> None:
    """Receiver of core's `malformed_id`: a malformed id in a query string is recorded like any
    unknown object (decision 0193)."""
    record_denial(actor_for_request(request), object_type=name, object_id="")


def door_opens(actor: Actor, door: Door, method: str) -> bool:
    """Whether one of the door's functions (for this method) is the actor's; a refusal is
    recorded as a denial, for the web and the API alike."""
    if any(can_use(actor, function) for function in door.functions_for(method)):
        return True
    record_denial(actor, object_type=door.denial_object_type, object_id="")
    return False
