"""Whether a session has passed the second factor (TOTP here, or the identity provider's)."""

from django.conf import settings
from django.http import HttpRequest

SESSION_AUTH_METHOD_KEY = "zvh_auth_method"
AUTH_METHOD_OIDC = "oidc"
# Logged in through single sign-on without a second factor the provider vouched for: the TOTP
# code is still to come (accounts:second_factor).
AUTH_METHOD_OIDC_SINGLE_FACTOR = "oidc_single_factor"


def is_fully_authenticated(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    # Single sign-on whose provider vouched for a second factor; switching single sign-on off
    # in the settings also stops the sessions it started from counting.
    if (
        settings.ZVH_OIDC_ENABLED
        and request.session.get(SESSION_AUTH_METHOD_KEY) == AUTH_METHOD_OIDC
    ):
        return True
    return bool(getattr(user, "is_verified", lambda: False)())


def awaits_second_factor(request: HttpRequest) -> bool:
    """A single sign-on login whose provider did not vouch for a second factor, before the
    TOTP code."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or is_fully_authenticated(request):
        return False
    if not settings.ZVH_OIDC_ENABLED:
        return False
    return request.session.get(SESSION_AUTH_METHOD_KEY) == AUTH_METHOD_OIDC_SINGLE_FACTOR
