"""Writes for API tokens: create (the secret is returned once), revoke, and note their use."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zvh.audit.models import Action, Result
from zvh.audit.services import audit_record
from zvh.network.models import House, Organisation, Partnership

from . import token_cache
from .models import TOKEN_NAME_MAX_LENGTH, ApiToken, Scope, hash_token_secret, new_token_parts

# `last_used_at` is bookkeeping for the operator ("is this key still in use?"), not an access log
# (every read is audited already), so a minute's precision saves a write on nearly every request.
LAST_USED_PRECISION = timedelta(minutes=1)


def api_token_create(
    *, house: House, organisation: Organisation, name: str, scopes: Iterable[str]
) -> tuple[ApiToken, str]:
    """Creates a token and returns it with the full "<prefix>.<secret>", which is never stored."""
    name = name.strip()
    scope_list = sorted(set(scopes))
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [str(_("Geef de sleutel een naam."))]
    elif len(name) > TOKEN_NAME_MAX_LENGTH:
        errors["name"] = [str(_("De naam is te lang (hoogstens 100 tekens)."))]
    unknown = [scope for scope in scope_list if scope not in Scope.values]
    if not scope_list:
        errors["scopes"] = [str(_("Geef minstens één scope."))]
    elif unknown:
        errors["scopes"] = [
            str(_("Onbekende scope: %(scopes)s. Kies uit: %(known)s."))
            % {"scopes": ", ".join(unknown), "known": ", ".join(Scope.values)}
        ]
    if not Partnership.objects.filter(house=house, organisation=organisation).exists():
        errors["organisation"] = [
            str(_("%(organisation)s is geen partner van %(house)s."))
            % {"organisation": organisation.name, "house": house.name}
        ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        prefix, secret = new_token_parts()
        while ApiToken.objects.filter(prefix=prefix).exists():  # 32 bits: rare, but possible
            prefix, secret = new_token_parts()
        token = ApiToken.objects.create(
            name=name,
            house=house,
            organisation=organisation,
            scopes=scope_list,
            prefix=prefix,
            secret_hash=hash_token_secret(secret),
        )
        _audit(token, Action.CREATE, detail={"prefix": prefix, "scopes": scope_list})
    return token, f"{prefix}.{secret}"


def api_token_revoke(*, prefix: str) -> ApiToken:
    """Deactivates the token for good. Raises ApiToken.DoesNotExist for no active token."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(prefix=prefix, is_active=True)
        token.is_active = False
        token.save(update_fields=["is_active", "updated_at"])
        _audit(token, Action.UPDATE, detail={"prefix": prefix, "revoked": True})
        transaction.on_commit(token_cache.forget_all)
    return token


def api_token_mark_used(*, token: ApiToken, now: datetime | None = None) -> None:
    """Records the use, at most once per LAST_USED_PRECISION (and never twice under a race)."""
    now = now or timezone.now()
    threshold = now - LAST_USED_PRECISION
    if token.last_used_at is not None and token.last_used_at > threshold:
        return
    ApiToken.objects.filter(pk=token.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lte=threshold)
    ).update(last_used_at=now)
    token.last_used_at = now


def api_token_record_failure(*, token: ApiToken) -> None:
    """A call with a known prefix but a wrong secret, or with a revoked token: like a failed
    login on a known account, it belongs in the access log."""
    _audit(token, Action.LOGIN_FAILED, result=Result.FAILED, detail={"prefix": token.prefix})


def _audit(
    token: ApiToken, action: Action, *, detail: dict[str, object], result: Result = Result.OK
) -> None:
    audit_record(
        actor=None,
        action=action,
        object_type="api_token",
        object_id=token.pk,
        house_id=token.house_id,
        organisation_id=token.organisation_id,
        result=result,
        detail=detail,
    )
