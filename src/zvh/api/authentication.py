"""API authentication: a partner application's bearer token, or a fully logged-in session."""

from __future__ import annotations

import hmac
from functools import cache
from typing import Any

from django.db import connection
from django.db.models import BooleanField
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from zvh.accounts.second_factor import is_fully_authenticated
from zvh.core import hot_sql
from zvh.network.models import Partnership

from . import token_cache
from .models import TOKEN_PREFIX_LENGTH, ApiToken, hash_token_secret
from .services import api_token_mark_used, api_token_record_failure


@cache
def _token_sql(vendor: str) -> str:
    """The token with the given prefix, and whether its organisation is (still) a partner of
    its house. Written out (zvh/core/hot_sql.py): every API call runs it, and composing it with
    the ORM cost more than running it."""
    t, c = hot_sql.table, hot_sql.column
    columns = ", ".join(f"t.{c(ApiToken, field.name)}" for field in _TOKEN_FIELDS)
    return (
        f"SELECT {columns}, EXISTS (SELECT 1 FROM {t(Partnership)} p "  # noqa: S608
        f"WHERE p.{c(Partnership, 'house')} = t.{c(ApiToken, 'house')} "
        f"AND p.{c(Partnership, 'organisation')} = t.{c(ApiToken, 'organisation')}) "
        f"FROM {t(ApiToken)} t WHERE t.{c(ApiToken, 'prefix')} = %s"
    )


_TOKEN_FIELDS = tuple(ApiToken._meta.concrete_fields)
_IS_PARTNER = BooleanField()


def _token_with_partnership(prefix: str) -> tuple[ApiToken | None, bool]:
    rows = hot_sql.fetch(_token_sql(connection.vendor), [prefix], [*_TOKEN_FIELDS, _IS_PARTNER])
    if not rows:
        return None, False
    *values, is_partner = rows[0]
    return ApiToken.from_db("default", [field.attname for field in _TOKEN_FIELDS], values), bool(
        is_partner
    )


# Compared against when no token has the prefix, so both paths do the same work.
_NO_TOKEN_HASH = hash_token_secret("no token has this prefix")
_MAX_TOKEN_LENGTH = 200


class ApiClient:
    """Stands in for request.user when a partner application calls with a token."""

    is_authenticated = True
    is_active = True
    pk = None

    def __init__(self, token: ApiToken) -> None:
        self.token = token

    def __str__(self) -> str:
        return f"api:{self.token.prefix}"


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <prefix>.<secret>`. Unknown, wrong, revoked, or no longer a partner
    of the house: one answer (401), so the response says nothing about which it was."""

    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[ApiClient, ApiToken] | None:
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None  # no header, or another scheme: let the session have a go
        if len(parts) != 2 or len(parts[1]) > _MAX_TOKEN_LENGTH:
            raise self._invalid()
        prefix, dot, secret = parts[1].decode("latin-1").partition(".")
        if not dot or len(prefix) != TOKEN_PREFIX_LENGTH or not secret:
            raise self._invalid()
        secret_hash = hash_token_secret(secret)
        token = token_cache.recall(prefix, secret_hash)
        if token is None:
            token = self._verify(prefix, secret_hash)
            token_cache.remember(prefix, secret_hash, token)
        api_token_mark_used(token=token)
        return ApiClient(token), token

    def _verify(self, prefix: str, secret_hash: str) -> ApiToken:
        token, is_partner = _token_with_partnership(prefix)
        expected = token.secret_hash if token is not None else _NO_TOKEN_HASH
        matches = hmac.compare_digest(expected, secret_hash)
        if token is None:
            raise self._invalid()
        if not (matches and token.is_active and is_partner):
            api_token_record_failure(token=token)
            raise self._invalid()
        return token

    def authenticate_header(self, request: Request) -> str:
        return f'{self.keyword} realm="api"'

    @staticmethod
    def _invalid() -> exceptions.AuthenticationFailed:
        return exceptions.AuthenticationFailed(
            _("Ongeldige of ingetrokken API-sleutel."), code="invalid_token"
        )


class VerifiedSessionAuthentication(authentication.SessionAuthentication):
    """A browser session counts only once the second factor is done (or SSO vouched for it)."""

    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        result = super().authenticate(request)
        if result is None:
            return None
        if not is_fully_authenticated(request._request):
            return None
        return result
