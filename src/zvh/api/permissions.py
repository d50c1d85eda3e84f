from rest_framework.permissions import BasePermission


class IsAuthenticatedActor(BasePermission):
    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated)


class HasScope(BasePermission):
    """Token callers need the view's `required_scope`; session users are checked by the policy."""

    def has_permission(self, request, view) -> bool:
        from .models import ApiToken

        token = request.auth
        if not isinstance(token, ApiToken):
            return True
        return getattr(view, "required_scope", None) in token.scopes
