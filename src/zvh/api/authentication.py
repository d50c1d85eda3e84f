"""API authentication: a partner application's bearer token, or a fully logged-in session."""

from __future__ import annotations

import hmac

from rest_framework import authentication, exceptions
from rest_framework.request import Request

from .models import ApiToken, hash_token_secret


class ApiClient:
    """Stands in for request.user when a partner application calls with a token."""

    is_authenticated = True
    is_active = True
    pk = None

    def __init__(self, token: ApiToken) -> None:
        self.token = token

    def __str__(self) -> str:
        return f"api:{self.token.name}"


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[ApiClient, ApiToken] | None:
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        parts = header.split()
        if len(parts) != 2 or parts[0] != self.keyword:
            return None
        prefix, _, secret = parts[1].partition(".")
        if not prefix or not secret:
            raise exceptions.AuthenticationFailed("Invalid token.")
        token = ApiToken.objects.filter(prefix=prefix, is_active=True).first()
        expected = token.secret_hash if token else hash_token_secret("unused")
        # Compare even when no token matched, so timing does not reveal which prefixes exist.
        matches = hmac.compare_digest(expected, hash_token_secret(parts[1]))
        if token is None or not matches:
            raise exceptions.AuthenticationFailed("Invalid token.")
        return ApiClient(token), token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class VerifiedSessionAuthentication(authentication.SessionAuthentication):
    """A browser session counts only once the second factor is done (or SSO vouched for it)."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        from zvh.accounts.second_factor import is_fully_authenticated

        if not is_fully_authenticated(request._request):
            return None
        return result
