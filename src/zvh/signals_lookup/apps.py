from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignalsLookupConfig(AppConfig):
    # Not "signals": that name is Django's own module, and a label clash would confuse both.
    name = "zvh.signals_lookup"
    label = "signals_lookup"
    verbose_name = _("Hit/no-hit-signaal")

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the rate check
