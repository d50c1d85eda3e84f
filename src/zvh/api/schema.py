"""OpenAPI: how the two ways in are described, and the problem responses of every operation.

Imported by ApiConfig.ready() so drf-spectacular finds the extensions.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse

from .permissions import HasScope, IsAuthenticatedActor, RequiresPerson
from .problems import PROBLEM_CONTENT_TYPE
from .serializers import ProblemSerializer


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "zvh.api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "<prefix>.<secret>",
            "description": "A partner application's API token, bound to one organisation and "
            "one house, with scopes. Issued by the house's operator.",
        }


class VerifiedSessionScheme(OpenApiAuthenticationExtension):
    target_class = "zvh.api.authentication.VerifiedSessionAuthentication"
    name = "cookieAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": settings.SESSION_COOKIE_NAME,
            "description": "The session of a user logged in with both factors (password and "
            "TOTP, or single sign-on). Unsafe methods also need the CSRF token.",
        }


PROBLEM_DESCRIPTIONS = {
    400: "Invalid input; `invalid_params` names each field.",
    401: "No credentials, or an unknown, wrong or revoked token, or a session without the "
    "second factor.",
    403: "The token lacks the scope this operation needs (`insufficient_scope`).",
    404: "Not found, or not visible to this caller (the two are not told apart).",
    409: "The object changed since the `version` sent was read (`version_conflict`); nothing "
    "was saved. Read it again and decide whether the change is still wanted.",
    413: "The request body is larger than the installation accepts (2.5 MiB by default, "
    "`content_too_large`); nothing was read or stored.",
    415: "The request body is not JSON.",
    429: "Too many requests; the Retry-After header says when to try again.",
}

# A body can also fail before any field is looked at.
BODY_PARSE_DESCRIPTION = (
    "A body that is not well-formed JSON (`parse_error`), is nested deeper than 64 levels "
    "(`nesting_too_deep`) or holds a lone surrogate, `\\ud800` to `\\udfff` not in a pair "
    "(`invalid_unicode`), is refused whole, without `invalid_params`."
)

PERSON_REQUIRED_DESCRIPTION = (
    "Also for any API token (`person_required`): this act is recorded in a person's name, so "
    "it needs a logged-in user."
)


class ProblemAutoSchema(AutoSchema):
    """Adds to every operation the problem+json responses it can give, so no view can forget
    them: 401/404 behind authentication, 403 behind a token scope, 400 with input, 409 for a
    view with `may_conflict` (optimistic locking), 413 and 415 with a body, 429 when throttled.
    A view that declares a status itself keeps its own."""

    def get_operation(self, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        responses = operation["responses"]
        has_body = "requestBody" in operation
        for status in self._problem_statuses(operation):
            if str(status) not in responses:
                problem = OpenApiResponse(ProblemSerializer, self._description(status, has_body))
                responses[str(status)] = self._get_response_for_code(
                    problem, str(status), [PROBLEM_CONTENT_TYPE]
                )
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def _description(self, status: int, has_body: bool) -> str:
        permissions = getattr(self.view, "permission_classes", [])
        if status == 400 and has_body:
            return f"{PROBLEM_DESCRIPTIONS[400]} {BODY_PARSE_DESCRIPTION}"
        if status == 403 and any(issubclass(p, RequiresPerson) for p in permissions):
            return f"{PROBLEM_DESCRIPTIONS[403]} {PERSON_REQUIRED_DESCRIPTION}"
        return PROBLEM_DESCRIPTIONS[status]

    def _problem_statuses(self, operation: dict[str, Any]) -> list[int]:
        permissions = getattr(self.view, "permission_classes", [])
        has_body = "requestBody" in operation
        has_query = any(p["in"] == "query" for p in operation.get("parameters", []))
        statuses = []
        if has_body or has_query:
            statuses.append(400)
        if any(issubclass(p, IsAuthenticatedActor) for p in permissions):
            statuses += [401, 404]
        if any(issubclass(p, HasScope) for p in permissions):
            statuses.append(403)
        if getattr(self.view, "may_conflict", False):
            statuses.append(409)
        if has_body:
            statuses += [413, 415]
        if getattr(self.view, "throttle_classes", None):
            statuses.append(429)
        return statuses
