"""The technical log's shape: every line names its level, logger, request id and house.

JSON (ZVH_LOG_FORMAT=json, the default in production) keeps a fixed set of fields and drops
whatever else a caller put on the record: Django's request logger attaches the request object,
whose text holds the query string (search terms are names of people), and other libraries add
their own extras. What an operator needs is the message, which names ids, not people
(docs/decisions/0189).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from pythonjsonlogger.json import JsonFormatter as _LibraryJsonFormatter

from .request_context import current_house, current_request_id

# Extras that are safe to keep: numbers and fixed words, never text from a request.
_KEPT_EXTRAS = ("status_code",)


class RequestContextFilter(logging.Filter):
    """Adds `request_id` and `house` from the request context to every record (empty outside a
    request), so that the plain and the JSON format can both name them."""

    def filter(self, record: logging.LogRecord) -> bool:
        # Django logs a 4xx answer after the middleware has left the request's context; its
        # record carries the request, which carries both.
        request = getattr(record, "request", None)
        actor = getattr(request, "_zvh_actor", None)
        record.request_id = current_request_id() or getattr(request, "request_id", "")
        record.house = current_house() or str(getattr(actor, "house_id", None) or "")
        return True


class JsonFormatter(_LibraryJsonFormatter):
    """One JSON object per line with a fixed set of fields (see the module docstring)."""

    def add_fields(
        self,
        log_data: dict[str, Any],
        record: logging.LogRecord,
        message_dict: dict[str, Any],
    ) -> None:
        log_data["timestamp"] = datetime.fromtimestamp(record.created, tz=UTC).isoformat()
        log_data["level"] = record.levelname
        log_data["logger"] = record.name
        log_data["message"] = record.message
        log_data["request_id"] = getattr(record, "request_id", "") or _access_request_id(record)
        log_data["house"] = getattr(record, "house", "")
        for key in _KEPT_EXTRAS:
            value = record.__dict__.get(key)
            if isinstance(value, int):
                log_data[key] = value
        for key in ("exc_info", "stack_info"):
            if message_dict.get(key):
                log_data[key] = message_dict[key]


def _access_request_id(record: logging.LogRecord) -> str:
    """gunicorn's access line is logged after the request's context is gone; its arguments hold
    the response's X-Request-ID."""
    if record.name == "gunicorn.access" and isinstance(record.args, dict):
        return str(record.args.get("{x-request-id}o", "") or "")
    return ""
