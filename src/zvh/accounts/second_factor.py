"""Whether a session has passed the second factor (TOTP here, or the identity provider's)."""

from django.conf import settings
from django.http import HttpRequest

SESSION_AUTH_METHOD_KEY = "zvh_auth_method"
AUTH_METHOD_OIDC = "oidc"


def is_fully_authenticated(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    # Single sign-on leaves the second factor to the identity provider; switching it off
    # in the settings also stops the sessions it started from counting.
    if (
        settings.ZVH_OIDC_ENABLED
        and request.session.get(SESSION_AUTH_METHOD_KEY) == AUTH_METHOD_OIDC
    ):
        return True
    return bool(getattr(user, "is_verified", lambda: False)())
