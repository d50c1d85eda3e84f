from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "zvh.api"
    label = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from zvh.network.events import partnership_ended

        from .receivers import forget_tokens

        partnership_ended.connect(forget_tokens, dispatch_uid="zvh.api.forget_tokens")

        from . import checks, schema  # noqa: F401 - registers the system check and extensions
