from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TriageConfig(AppConfig):
    name = "zvh.triage"
    label = "triage"
    verbose_name = _("Triage")

    def ready(self) -> None:
        from zvh.intake.selectors import referral_page_sections

        from .selectors import referral_page_section

        referral_page_sections.register(self.label, referral_page_section)
