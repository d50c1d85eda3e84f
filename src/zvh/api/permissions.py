"""Who gets through an API view's door. Which rows they then see is the policy's business."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from zvh.audit.denials import door_opens, record_denial
from zvh.authz.doors import DOORS, Kind
from zvh.network.request import actor_for_request

from .models import ApiToken


class InsufficientScope(PermissionDenied):
    """403, not 404: the token's scopes are the caller's own configuration and the endpoint is
    in the published spec, so saying which scope is missing reveals nothing about data."""

    default_code = "insufficient_scope"


class IsAuthenticatedActor(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated)


class HasScope(BasePermission):
    """Token callers need the view's `required_scope`; a view without one is closed to tokens.
    Session users are checked by the function table instead (HasFunction)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        token = request.auth
        if not isinstance(token, ApiToken):
            return True
        scope = getattr(view, "required_scope", None)
        if scope is None or scope not in token.scopes:
            record_denial(actor_for_request(request), object_type=f"scope:{scope}", object_id="")
            raise InsufficientScope(
                _("Deze API-sleutel heeft de scope %(scope)s niet.") % {"scope": scope}
            )
        return True


class HasFunction(BasePermission):
    """The view's door in the one table (zvh/authz/doors.py), looked up by the URL's name: one
    of its functions, or a token for an interface of partner applications; otherwise 404, as in
    the UI. A URL without a door is a 404 too (the middleware says so first)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        match = request.resolver_match
        door = DOORS.get(match.view_name) if match is not None else None
        if door is None:
            raise NotFound
        if door.kind is Kind.APPLICATIONS:
            if not isinstance(request.auth, ApiToken):
                raise NotFound
            return True
        if door.kind is not Kind.FUNCTIONS:
            return True
        if door.applications and isinstance(request.auth, ApiToken):
            return True  # its scope: HasScope
        if door_opens(actor_for_request(request), door, request.method or ""):
            return True
        raise NotFound


class PersonRequired(PermissionDenied):
    """403, for the same reason as InsufficientScope: the kind of credential is the caller's
    own business, and saying so reveals nothing about data."""

    default_code = "person_required"


class RequiresPerson(BasePermission):
    """Acts that the system records in a person's name (an escalation proposed, raised or
    answered) need a logged-in user; a token stands for an organisation, not a person."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if isinstance(request.auth, ApiToken):
            raise PersonRequired(
                _(
                    "Deze handeling wordt op naam van een persoon vastgelegd: doe haar als "
                    "ingelogde gebruiker, niet met een API-sleutel."
                )
            )
        return True
