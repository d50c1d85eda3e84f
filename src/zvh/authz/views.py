"""View guards. Every URL's door is in the one table, zvh/authz/doors.py, enforced by
zvh.authz.middleware.DoorMiddleware (web) and zvh.api.permissions.HasFunction (API); no view of
the application declares its own (docs/decisions/0158).

`record_denial` is what both record a refused door with."""

from __future__ import annotations

from zvh.audit.models import Action, Result
from zvh.audit.services import audit_record

from .actor import Actor


def record_denial(actor: Actor, *, object_type: str, object_id: object) -> None:
    audit_record(
        actor=actor,
        action=Action.DENIED,
        object_type=object_type,
        object_id=object_id,
        result=Result.DENIED,
    )
