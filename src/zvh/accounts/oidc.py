"""Optional single sign-on (ZVH_OIDC_ENABLED), decision 0185.

- An account is bound to the provider's issuer and subject (`iss`, `sub` of the verified
  identity token). The first single sign-on binds it, by an e-mail address the provider says it
  has verified (`email_verified` must be true); after that only the binding counts, so a changed
  or reused address at the provider cannot reach another account.
- ZVH never creates an account: the functional administrator does.
- The provider's login counts as the second factor only when its `amr` or `acr` claims name an
  accepted method (settings ZVH_OIDC_SECOND_FACTOR_AMR / _ACR); otherwise ZVH asks for the TOTP
  code of the account's authenticator app before any page opens.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import SuspiciousOperation
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, resolve_url
from django_otp import user_has_device
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView

from zvh.audit.models import Action
from zvh.audit.services import audit_record

from .models import OidcIdentity, User
from .second_factor import (
    AUTH_METHOD_OIDC,
    AUTH_METHOD_OIDC_SINGLE_FACTOR,
    SESSION_AUTH_METHOD_KEY,
)
from .services import login_failure_record

# Set on the user object the backend returns, read by the callback view after login.
SECOND_FACTOR_ATTRIBUTE = "zvh_oidc_second_factor"


def provider_vouches_for_second_factor(payload: dict[str, Any]) -> bool:
    """Whether the identity token says the provider checked a second factor."""
    amr = payload.get("amr")
    methods = set(amr) if isinstance(amr, list) else set()
    if methods & set(settings.ZVH_OIDC_SECOND_FACTOR_AMR):
        return True
    acr = payload.get("acr")
    return isinstance(acr, str) and acr in settings.ZVH_OIDC_SECOND_FACTOR_ACR


def _text_claim(claims: dict[str, Any], name: str) -> str:
    value = claims.get(name)
    if not isinstance(value, str) or not value.strip():
        raise SuspiciousOperation(f"the identity token has no usable '{name}' claim")
    return value


class ZvhOIDCBackend(OIDCAuthenticationBackend):
    def get_or_create_user(
        self, access_token: str, id_token: str, payload: dict[str, Any]
    ) -> User | None:
        issuer = _text_claim(payload, "iss")
        subject = _text_claim(payload, "sub")
        if issuer != settings.ZVH_OIDC_ISSUER:
            raise SuspiciousOperation("the identity token comes from another issuer")
        user_info = self.get_userinfo(access_token, id_token, payload)
        # OpenID Connect Core 5.3.2: the userinfo subject must be the token's.
        if user_info.get("sub", subject) != subject:
            raise SuspiciousOperation("the userinfo answer is about another subject")
        user = self._bound_user(issuer, subject) or self._bind_by_email(issuer, subject, user_info)
        if user is None:
            return None
        setattr(user, SECOND_FACTOR_ATTRIBUTE, provider_vouches_for_second_factor(payload))
        return user

    def _bound_user(self, issuer: str, subject: str) -> User | None:
        identity = (
            OidcIdentity.objects.select_related("user")
            .filter(issuer=issuer, subject=subject)
            .first()
        )
        if identity is None:
            return None
        if not identity.user.is_active:
            raise SuspiciousOperation("the bound account is deactivated")
        return identity.user

    def _bind_by_email(self, issuer: str, subject: str, claims: dict[str, Any]) -> User | None:
        users = list(self.filter_users_by_claims(claims))
        if len(users) != 1:
            return None
        user = users[0]
        if OidcIdentity.objects.filter(user=user, issuer=issuer).exists():
            # The account is bound to another subject of this provider already.
            raise SuspiciousOperation("the account is bound to another identity")
        try:
            oidc_identity_bind(user=user, issuer=issuer, subject=subject)
        except IntegrityError as exc:  # a concurrent first login bound it meanwhile
            raise SuspiciousOperation("the identity was bound concurrently") from exc
        return user

    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[User]:
        """A first binding only by an address the provider has verified (the claim must be
        present and true: a missing claim proves nothing)."""
        email = claims.get("email")
        if not isinstance(email, str) or not email.strip():
            return User.objects.none()
        if claims.get("email_verified") is not True:
            return User.objects.none()
        # Only accounts without a binding can be bound; one match or none.
        return User.objects.filter(email__iexact=email.strip(), is_active=True)

    def create_user(self, claims: dict[str, Any]) -> User:
        # Accounts are made by the functional administrator, whatever OIDC_CREATE_USER says.
        raise SuspiciousOperation("ZVH does not create accounts from single sign-on claims")

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        return user


def oidc_identity_bind(*, user: User, issuer: str, subject: str) -> OidcIdentity:
    with transaction.atomic():
        identity = OidcIdentity.objects.create(user=user, issuer=issuer, subject=subject)
        audit_record(
            actor=None,
            action=Action.CREATE,
            object_type="oidc_identity",
            object_id=identity.pk,
            user_id=user.pk,
            organisation_id=user.organisation_id,
            detail={"issuer": issuer},
        )
    return identity


class ZvhOIDCCallbackView(OIDCAuthenticationCallbackView):
    """The provider's redirect back to ZVH. Marks the session after login: as fully
    authenticated when the provider vouches for a second factor, otherwise as waiting for the
    TOTP code (or, without an authenticator app, not at all: logged out again).

    The mark is set here, after django.contrib.auth.login(): login may flush the session (when
    another user was logged in), which would drop a mark set any earlier.
    """

    @property
    def failure_url(self) -> str:
        return resolve_url(self.get_settings("LOGIN_REDIRECT_URL_FAILURE", "accounts:login"))

    def login_success(self) -> HttpResponse:
        response = super().login_success()
        if getattr(self.user, SECOND_FACTOR_ATTRIBUTE, False):
            self.request.session[SESSION_AUTH_METHOD_KEY] = AUTH_METHOD_OIDC
            return response
        if not user_has_device(self.user, confirmed=True):
            login_failure_record(request=self.request, user=self.user, reason="oidc_no_totp")
            logout(self.request)
            return redirect("accounts:login")
        self.request.session[SESSION_AUTH_METHOD_KEY] = AUTH_METHOD_OIDC_SINGLE_FACTOR
        return redirect("accounts:second_factor")

    def login_failure(self) -> HttpResponse:
        login_failure_record(request=self.request, user=None, reason="oidc")
        return super().login_failure()
