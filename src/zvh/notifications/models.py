from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import titles


class Notification(models.Model):
    """An in-app message to one user. The text names no person: the link leads to the page,
    where the access policy decides what the reader sees."""

    id = models.BigAutoField(primary_key=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    house = models.ForeignKey("network.House", on_delete=models.CASCADE, related_name="+")
    # The title as its message id and parameters, rendered in the reader's language when shown
    # (notifications.titles, decision 0179). `subject` keeps the text in the house's language:
    # the e-mail's subject, and what is shown of a title stored before keys were (one the
    # migration did not recognise).
    title = models.JSONField(default=dict, blank=True)
    subject = models.CharField(_("onderwerp"), max_length=200)
    body = models.TextField(_("bericht"), blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed = models.BooleanField(default=False)
    # Set by `notify_once`: what the message is about (e.g. one review date of one case), so
    # that a job run again, or twice at once, tells each user at most once.
    dedupe_key = models.CharField(max_length=100, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "read_at", "id"], name="notification_inbox")]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "dedupe_key"],
                condition=~models.Q(dedupe_key=""),
                name="notification_once_per_key",
            )
        ]

    @property
    def shown_title(self) -> str:
        return titles.render(self.title, fallback=self.subject)
