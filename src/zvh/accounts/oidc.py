"""Optional single sign-on (ZVH_OIDC_ENABLED). The identity provider vouches for both factors;
ZVH only maps its e-mail claim onto an existing, active account and never creates one."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import SuspiciousOperation
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import resolve_url
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView

from .models import User
from .second_factor import AUTH_METHOD_OIDC, SESSION_AUTH_METHOD_KEY
from .services import login_failure_record


class ZvhOIDCBackend(OIDCAuthenticationBackend):
    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[User]:
        email = claims.get("email")
        # An address the provider itself has not verified proves nothing about who logs in.
        if not isinstance(email, str) or not email.strip() or claims.get("email_verified") is False:
            return User.objects.none()
        # More than one match makes the library refuse the login (SuspiciousOperation).
        return User.objects.filter(email__iexact=email.strip(), is_active=True)

    def create_user(self, claims: dict[str, Any]) -> User:
        # Accounts are made by the functional administrator, whatever OIDC_CREATE_USER says.
        raise SuspiciousOperation("ZVH does not create accounts from single sign-on claims")

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        return user


class ZvhOIDCCallbackView(OIDCAuthenticationCallbackView):
    """The provider's redirect back to ZVH. Marks the session as single sign-on after login.

    The mark is set here, after django.contrib.auth.login(): login may flush the session (when
    another user was logged in), which would drop a mark set any earlier.
    """

    @property
    def failure_url(self) -> str:
        return resolve_url(self.get_settings("LOGIN_REDIRECT_URL_FAILURE", "accounts:login"))

    def login_success(self) -> HttpResponse:
        response = super().login_success()
        self.request.session[SESSION_AUTH_METHOD_KEY] = AUTH_METHOD_OIDC
        return response

    def login_failure(self) -> HttpResponse:
        login_failure_record(request=self.request, user=None, reason="oidc")
        return super().login_failure()
