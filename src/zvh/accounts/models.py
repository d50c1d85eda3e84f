from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


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

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class UserSession(models.Model):
    """Which session belongs to which user, so deactivation can end them all at once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tracked_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"session of user {self.user_id}"
