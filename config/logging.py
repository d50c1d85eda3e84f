"""Django's LOGGING for the technical log (decision 0189): plain text in development, JSON lines
in production; the filter and the JSON formatter are in zvh/core/logs.py."""

from typing import Any

from django.core.exceptions import ImproperlyConfigured

PLAIN_FORMAT = (
    "%(asctime)s %(levelname)s %(name)s request_id=%(request_id)s house=%(house)s %(message)s"
)


def logging_settings(log_format: str, level: str) -> dict[str, Any]:
    """Django's LOGGING for `log_format` "plain" (development) or "json" (production)."""
    if log_format not in {"plain", "json"}:
        raise ImproperlyConfigured("ZVH_LOG_FORMAT must be plain or json")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_context": {"()": "zvh.core.logs.RequestContextFilter"}},
        "formatters": {
            "plain": {"format": PLAIN_FORMAT},
            "json": {"()": "zvh.core.logs.JsonFormatter"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_context"],
                "formatter": log_format,
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "axes": {"level": "WARNING"},
            # Its warnings name the failing check and its exception; /readyz shows only ok/failing.
            "health_check": {"level": "WARNING"},
        },
    }
