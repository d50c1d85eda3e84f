from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "zvh.notifications"
    label = "notifications"
    verbose_name = _("Meldingen")

    def ready(self) -> None:
        from zvh.jobs.outbox import on_delivered

        from .services import EMAIL_KIND, notification_emailed

        on_delivered(EMAIL_KIND, notification_emailed)
