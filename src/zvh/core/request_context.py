"""Per-request values that the audit log and the technical log need without threading them
through every call: the request id, and the house the actor works in (once it is known)."""

import contextvars
import uuid

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("zvh_request_id", default="")
_house: contextvars.ContextVar[str] = contextvars.ContextVar("zvh_house", default="")


def current_request_id() -> str:
    return _request_id.get() or ""


def set_request_id(value: str) -> contextvars.Token[str]:
    return _request_id.set(value)


def reset_request_id(token: contextvars.Token[str]) -> None:
    _request_id.reset(token)


def new_request_id() -> str:
    return uuid.uuid4().hex


def current_house() -> str:
    """The id of the house the request's actor works in; empty before the actor is known."""
    return _house.get() or ""


def set_house(value: uuid.UUID | str | None) -> contextvars.Token[str]:
    return _house.set(str(value) if value else "")


def reset_house(token: contextvars.Token[str]) -> None:
    _house.reset(token)
