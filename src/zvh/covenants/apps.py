from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CovenantsConfig(AppConfig):
    name = "zvh.covenants"
    label = "covenants"
    verbose_name = _("Convenanten")
