"""RFC 9457 problem+json for every API error.

`title` (the HTTP reason phrase) and `code` are English and stable: programs branch on them.
`detail` and the `reason` of each invalid parameter are for the humans who read logs; they follow
the request's language (Dutch by default, English with `Accept-Language: en`).
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler, set_rollback

from zvh.core import errors as web_errors
from zvh.core.concurrency import STALE_MESSAGE, StaleObjectError
from zvh.core.request_context import current_request_id

PROBLEM_CONTENT_TYPE = "application/problem+json"
API_PATH_PREFIX = "/api/"
INVALID_DETAIL = _("Een of meer velden zijn ongeldig.")
SERVER_ERROR_DETAIL = _(
    "Er ging aan onze kant iets mis. Vermeld het request_id als u contact opneemt."
)

logger = logging.getLogger("django.request")


class VersionConflict(exceptions.APIException):
    """409: the object changed since the client read the `version` it sent; nothing was saved."""

    status_code = 409
    default_detail = STALE_MESSAGE
    default_code = "version_conflict"


class ContentTooLarge(exceptions.APIException):
    """413: the body is larger than DATA_UPLOAD_MAX_MEMORY_SIZE (Django refuses to read it, going
    by its Content-Length); nothing was read or stored."""

    status_code = 413
    default_code = "content_too_large"  # RFC 9110's name for 413

    def __init__(self) -> None:
        limit = number_format(settings.DATA_UPLOAD_MAX_MEMORY_SIZE, force_grouping=True)
        super().__init__(
            gettext("Het verzoek is te groot: ten hoogste %(limit)s bytes.") % {"limit": limit}
        )


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's EXCEPTION_HANDLER: every error of an API view becomes a problem document."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, DjangoValidationError):
        # A service or model refused the input: the client's fault, not ours.
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, StaleObjectError):
        exc = VersionConflict(str(exc.message))
    elif isinstance(exc, RequestDataTooBig):
        # Raised where the view first reads request.data: a SuspiciousOperation, which DRF would
        # leave to become a 500.
        exc = ContentTooLarge()
    request = context.get("request")
    response = exception_handler(exc, context)
    if response is None:
        if settings.DEBUG:
            return None  # Django's technical page is more use to a developer
        logger.error(
            "Internal Server Error: %s",
            request.path if request is not None else "",
            exc_info=exc,
            extra={"status_code": 500, "request": getattr(request, "_request", None)},
        )
        set_rollback()
        body = problem(500, path=_path(request))
        return Response(body, status=500, content_type=PROBLEM_CONTENT_TYPE)
    body = problem(response.status_code, path=_path(request), code=_code(exc))
    if isinstance(exc, exceptions.ValidationError):
        body["detail"] = str(INVALID_DETAIL)
        body["invalid_params"] = _invalid_params(exc.detail)
    elif isinstance(exc, exceptions.APIException):
        body["detail"] = str(exc.detail)
    response.data = body
    response.content_type = PROBLEM_CONTENT_TYPE
    return response


def problem(status: int, *, path: str, code: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": _title(status),
        "status": status,
        "code": code or _default_code(status),
        "instance": path,
        "request_id": current_request_id(),
    }
    if status >= 500:
        body["detail"] = str(SERVER_ERROR_DETAIL)
    return body


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler404: a URL under /api/ that matches nothing is a problem too; the rest of the site
    gets the project's 404 page (templates 404.html)."""
    if request.path.startswith(API_PATH_PREFIX):
        body = problem(404, path=request.path)
        body["detail"] = str(exceptions.NotFound.default_detail)
        return JsonResponse(body, status=404, content_type=PROBLEM_CONTENT_TYPE)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500, for errors outside an API view's own handling (middleware, say)."""
    if request.path.startswith(API_PATH_PREFIX):
        body = problem(500, path=request.path)
        return JsonResponse(body, status=500, content_type=PROBLEM_CONTENT_TYPE)
    return web_errors.server_error(request)


def _path(request: Any) -> str:
    # The path only: a query string may hold search terms, which do not belong in error reports.
    return request.path if request is not None else ""


def _title(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _default_code(status: int) -> str:
    try:
        return HTTPStatus(status).name.lower()
    except ValueError:
        return "error"


def _code(exc: Exception) -> str | None:
    if not isinstance(exc, exceptions.APIException):
        return None
    codes = exc.get_codes()
    return codes if isinstance(codes, str) else "invalid"


def _invalid_params(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    """Flattens DRF's nested error detail into RFC 9457 `invalid_params`, one entry per message,
    with a dotted name (`address.city`, `items[0].name`)."""
    params: list[dict[str, str]] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            # DRF keys the errors of list items by their index.
            if isinstance(key, int):
                name = f"{prefix}[{key}]"
            else:
                name = f"{prefix}.{key}" if prefix else str(key)
            params.extend(_invalid_params(value, name))
    elif isinstance(detail, list):
        for index, value in enumerate(detail):
            if isinstance(value, (dict, list)):
                params.extend(_invalid_params(value, f"{prefix}[{index}]"))
            else:
                params.extend(_invalid_params(value, prefix))
    else:
        params.append(
            {
                "name": prefix or "non_field_errors",
                "reason": str(detail),
                "code": getattr(detail, "code", None) or "invalid",
            }
        )
    return params
