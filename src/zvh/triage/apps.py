from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TriageConfig(AppConfig):
    name = "zvh.triage"
    label = "triage"
    verbose_name = _("Triage")

    def ready(self) -> None:
        from zvh.intake.selectors import referral_page_sections, register_outcome_prefetch

        from .selectors import current_assessment_prefetch, referral_page_section

        # The referral page and the referrer's lists show triage's outcome (decision 0195).
        referral_page_sections.register(self.label, referral_page_section)
        register_outcome_prefetch(current_assessment_prefetch)
