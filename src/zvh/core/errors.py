"""The project's own error pages (400, 403, 404, 500), in the house style and the reader's
language, and the demo's guard against Django's technical pages (decision 0177)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.urls import get_resolver, get_urlconf
from django.utils import translation

from zvh.core.request_context import current_request_id


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500's page: rendered without the request's context (whatever broke may be in a
    context processor or the database), but with the request id, so that the reader can quote
    the one log line that tells what happened."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"request_id": current_request_id()}))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: the 403 page with what most likely happened (an old form or an ended
    session), instead of Django's English page."""
    template = loader.get_template("403.html")
    return HttpResponse(template.render({"csrf_failure": True}, request), status=403)


class OwnErrorPagesMiddleware:
    """For DEBUG only (the demo, config/settings/local.py). With DEBUG on, Django answers a 404
    and an unhandled exception with its technical page, which shows settings and code and is not
    the product. This swaps such an answer for the one the configured handler404/handler500
    gives (a page, or problem+json under /api/). Django has already logged the error by then
    (django.request, to the console), so the traceback is still there for the developer."""

    REPLACED = {404, 500}

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not settings.DEBUG or response.status_code not in self.REPLACED:
            return response
        if not response.get("Content-Type", "").startswith(("text/html", "text/plain")):
            return response  # a problem+json answer, or a file: already the product's own
        handler: Callable[..., HttpResponse] = get_resolver(get_urlconf()).resolve_error_handler(
            response.status_code
        )
        with translation.override(getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)):
            if response.status_code == 404:
                return handler(request, exception=None)
            return handler(request)
