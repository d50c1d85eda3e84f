import hashlib
import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from zvh.core.models import BaseModel

TOKEN_PREFIX_LENGTH = 8


class Scope(models.TextChoices):
    PERSONS_READ = "persons:read", _("Betrokkenen lezen")
    NETWORK_READ = "network:read", _("Netwerk lezen")
    REFERRALS_WRITE = "referrals:write", _("Aanmeldingen versturen")
    SIGNAL_LOOKUP = "signal-lookup", _("Hit/no-hit-signaal opvragen")


def hash_token_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class ApiToken(BaseModel):
    """A partner application's key: bound to one organisation and one house, with scopes.

    Only the SHA-256 of the secret is stored; the secret is shown once, at creation.
    """

    name = models.CharField(_("naam"), max_length=100)
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
        return self.name

    @staticmethod
    def generate_secret() -> tuple[str, str]:
        """Returns (prefix, full token). The prefix finds the row; the rest is the secret."""
        prefix = secrets.token_hex(TOKEN_PREFIX_LENGTH // 2)
        return prefix, f"{prefix}.{secrets.token_urlsafe(32)}"

    @property
    def is_authenticated(self) -> bool:
        return True
