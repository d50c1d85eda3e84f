from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission

from zvh.authz.policy import can_use
from zvh.authz.request import actor_for_request
from zvh.authz.views import record_denial

from .models import ApiToken


class IsAuthenticatedActor(BasePermission):
    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated)


class HasScope(BasePermission):
    """Token callers need the view's `required_scope`; session users are checked by the policy."""

    def has_permission(self, request, view) -> bool:
        token = request.auth
        if not isinstance(token, ApiToken):
            return True
        return getattr(view, "required_scope", None) in token.scopes


class HasFunction(BasePermission):
    """The actor's roles must grant the view's `required_function`; otherwise 404, as in the UI."""

    def has_permission(self, request, view) -> bool:
        actor = actor_for_request(request)
        function = view.required_function
        if not can_use(actor, function):
            record_denial(actor, object_type=f"function:{function.value}", object_id="")
            raise NotFound
        return True
