from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "zvh.api"
    label = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from . import checks, schema  # noqa: F401 - registers the system check and extensions
