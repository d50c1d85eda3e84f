"""Per-request values that the audit log needs without threading them through every call."""

import contextvars
import uuid

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("zvh_request_id", default="")


def current_request_id() -> str:
    return _request_id.get() or ""


def set_request_id(value: str) -> contextvars.Token[str]:
    return _request_id.set(value)


def reset_request_id(token: contextvars.Token[str]) -> None:
    _request_id.reset(token)


def new_request_id() -> str:
    return uuid.uuid4().hex
