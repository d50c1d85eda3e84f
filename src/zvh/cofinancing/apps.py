from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CofinancingConfig(AppConfig):
    name = "zvh.cofinancing"
    label = "cofinancing"
    verbose_name = _("Cofinanciering")
