from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "zvh.jobs"
    label = "jobs"
    verbose_name = _("Achtergrondtaken")

    def ready(self) -> None:
        from . import metrics

        metrics.install()
