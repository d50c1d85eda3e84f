from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EscalationConfig(AppConfig):
    """Escalation of a case that is stuck (decision 0196: split out of the case core). Its model
    stays in `cases` (table and migrations unchanged); this app holds the work above plans."""

    name = "zvh.escalation"
    label = "escalation"
    verbose_name = _("Opschaling")
