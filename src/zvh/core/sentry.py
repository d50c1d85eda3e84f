"""Optional error reporting to Sentry (or a compatible service such as GlitchTip).

Only when a DSN is set. Nothing personal leaves the server: Sentry's own collection of user,
cookies and bodies is off (send_default_pii=False, no request bodies, no local variables), and
`scrub` removes whatever an integration added anyway before an event is sent. An event keeps
the exception, the stack's file and line numbers, the path, the view and the request id
(docs/decisions/0189).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit, urlunsplit

from .request_context import current_request_id

# Request fields kept: the method and the path (the URL without its query string).
_KEPT_REQUEST_FIELDS = ("method", "url")


def scrub(event: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """Sentry's before_send (and before_send_transaction): the event without personal data."""
    request = event.get("request")
    if isinstance(request, dict):
        kept = {key: request[key] for key in _KEPT_REQUEST_FIELDS if key in request}
        if isinstance(kept.get("url"), str):
            parts = urlsplit(kept["url"])
            kept["url"] = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
        event["request"] = kept
    for key in ("user", "extra"):
        event.pop(key, None)
    if isinstance(event.get("contexts"), dict):
        # Locals and the process's argument lists of integrations' contexts (not the runtime's).
        event["contexts"] = {
            name: value
            for name, value in event["contexts"].items()
            if name in {"runtime", "os", "trace", "response"}
        }
    for container in _stack_containers(event):
        for frame in container.get("stacktrace", {}).get("frames", []) or []:
            frame.pop("vars", None)
    breadcrumbs = event.get("breadcrumbs")
    values = breadcrumbs.get("values") if isinstance(breadcrumbs, dict) else breadcrumbs
    for crumb in values or []:
        # SQL parameters, HTTP query strings and log records' arguments live in `data`.
        crumb.pop("data", None)
    tags = event.setdefault("tags", {})
    if isinstance(tags, dict) and current_request_id():
        tags["request_id"] = current_request_id()
    return event


def _stack_containers(event: dict[str, Any]) -> list[dict[str, Any]]:
    containers: list[dict[str, Any]] = []
    for key in ("exception", "threads"):
        section = event.get(key)
        values = section.get("values") if isinstance(section, dict) else section
        containers.extend(value for value in values or [] if isinstance(value, dict))
    if isinstance(event.get("stacktrace"), dict):
        containers.append(event)
    return containers


def init_sentry(dsn: str, *, environment: str, release: str) -> None:
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        # Errors only: performance traces would carry every request's spans and queries.
        traces_sample_rate=0.0,
        before_send=scrub,  # type: ignore[arg-type]
        before_send_transaction=scrub,  # type: ignore[arg-type]
    )
