import hashlib
import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from zvh.authz.actor import Actor
from zvh.authz.roles import Role
from zvh.core.models import BaseModel

TOKEN_PREFIX_LENGTH = 8
TOKEN_NAME_MAX_LENGTH = 100
# The secret part of a token: 32 random bytes, URL-safe base64 (43 characters).
TOKEN_SECRET_BYTES = 32


class Scope(models.TextChoices):
    PERSONS_READ = "persons:read", _("Betrokkenen lezen")
    NETWORK_READ = "network:read", _("Netwerk lezen")
    REFERRALS_WRITE = "referrals:write", _("Aanmeldingen versturen")
    SIGNAL_LOOKUP = "signal-lookup", _("Hit/no-hit-signaal opvragen")
    CASES_READ = "cases:read", _("Casussen lezen")
    CASES_WRITE = "cases:write", _("Casuswerk vastleggen")
    # Management figures for a BI tool: aggregated, small cells suppressed (issue 11).
    FIGURES_READ = "figures:read", _("Cijfers lezen")


def hash_token_secret(secret: str) -> str:
    # A plain SHA-256 suffices: the secret is 256 random bits, so there is nothing to brute-force
    # that a slow password hash would protect (unlike a human-chosen password).
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_token_parts() -> tuple[str, str]:
    """A fresh (prefix, secret). The token handed out is "<prefix>.<secret>"."""
    prefix = secrets.token_hex(TOKEN_PREFIX_LENGTH // 2)
    return prefix, secrets.token_urlsafe(TOKEN_SECRET_BYTES)


class ApiToken(BaseModel):
    """A partner application's key: bound to one organisation and one house, with scopes.

    Only the SHA-256 of the secret is stored; the secret is shown once, at creation.
    The prefix is public (it names the token in logs and in `revoke_api_token`) and finds the row.
    """

    name = models.CharField(_("naam"), max_length=TOKEN_NAME_MAX_LENGTH)
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.PROTECT, related_name="api_tokens"
    )
    house = models.ForeignKey("network.House", on_delete=models.PROTECT, related_name="api_tokens")
    scopes = models.JSONField(_("scopes"), default=list)
    prefix = models.CharField(max_length=TOKEN_PREFIX_LENGTH, unique=True)
    secret_hash = models.CharField(max_length=64)
    is_active = models.BooleanField(_("actief"), default=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API-sleutel")
        verbose_name_plural = _("API-sleutels")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    def as_actor(self) -> Actor:
        """Whom the application acts as: a professional of its organisation, within its scopes."""
        return Actor(
            user_id=None,
            organisation_id=self.organisation_id,
            house_id=self.house_id,
            roles=frozenset({Role.PARTNER_PROFESSIONAL}),
            api_token_id=self.id,
            scopes=frozenset(self.scopes),
        )
