"""RFC 9457 problem+json for every API error."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    problem: dict[str, Any] = {
        "type": "about:blank",
        "title": _title(response.status_code),
        "status": response.status_code,
    }
    request = context.get("request")
    if request is not None:
        problem["instance"] = request.get_full_path()
    if isinstance(exc, exceptions.ValidationError):
        problem["detail"] = "Een of meer velden zijn ongeldig."
        problem["invalid_params"] = _invalid_params(exc.detail)
    elif isinstance(exc, exceptions.APIException):
        problem["detail"] = str(exc.detail)
        problem["code"] = exc.get_codes() if isinstance(exc.get_codes(), str) else "error"
    response.data = problem
    response.content_type = PROBLEM_CONTENT_TYPE
    return response


def _title(status_code: int) -> str:
    try:
        return HTTPStatus(status_code).phrase
    except ValueError:
        return "Error"


def _invalid_params(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    params: list[dict[str, str]] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            params.extend(_invalid_params(value, name))
    elif isinstance(detail, list):
        for index, value in enumerate(detail):
            if isinstance(value, (dict, list)):
                params.extend(_invalid_params(value, f"{prefix}[{index}]"))
            else:
                params.append(
                    {
                        "name": prefix or "non_field_errors",
                        "reason": str(value),
                        "code": getattr(value, "code", "invalid"),
                    }
                )
    else:
        params.append({"name": prefix or "non_field_errors", "reason": str(detail)})
    return params
