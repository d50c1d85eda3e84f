from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "zvh.intake"
    label = "intake"
    verbose_name = _("Aanmeldingen")

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the system check
