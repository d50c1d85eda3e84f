from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SystemSignalsConfig(AppConfig):
    name = "zvh.system_signals"
    label = "system_signals"
    verbose_name = _("Systeemsignalen")
