from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from zvh.core.names import person_sort_key


class User(AbstractUser):
    """A person who logs in. Belongs to exactly one organisation (none only for superusers)."""

    email = models.EmailField(_("e-mailadres"), unique=True)
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("organisatie"),
    )
    email_notifications = models.BooleanField(_("meldingen per e-mail"), default=True)
    # A process coordinator hears of every new referral in their house; acute ones always
    # (their deadline runs from receipt), the others unless they turn this off (decision 0179).
    notify_new_referrals = models.BooleanField(
        _("melding bij elke nieuwe aanmelding"), default=True
    )
    # What lists and choices of users sort on: surname without its prefix, then the prefix and
    # first name ("de Boer" under B). Kept in step with the name by save().
    sort_name = models.CharField(max_length=300, blank=True, editable=False, db_index=True)

    class Meta:
        ordering = ["sort_name", "id"]
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.sort_name = person_sort_key(self.last_name or self.username, self.first_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"first_name", "last_name"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "sort_name"}
        super().save(*args, **kwargs)


class UserSession(models.Model):
    """Which session belongs to which user, so deactivation can end them all at once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tracked_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"session of user {self.user_id}"


class OidcIdentity(models.Model):
    """An account's identity at a single sign-on provider: the provider's issuer and its
    subject (`sub`), which never changes for a person, unlike an e-mail address. Bound at the
    first single sign-on, by a verified e-mail address; every later login goes by this."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="oidc_identities"
    )
    issuer = models.CharField(max_length=255)
    subject = models.CharField(max_length=255)
    bound_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="oidc_identity_unique"),
            # One identity per provider per account: a second subject cannot take it over.
            models.UniqueConstraint(fields=["user", "issuer"], name="oidc_identity_one_per_user"),
        ]

    def __str__(self) -> str:
        return f"oidc identity of user {self.user_id}"
