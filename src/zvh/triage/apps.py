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

        from zvh.intake.policy import register_open_agenda_condition
        from zvh.network.events import house_seeding

        from .referral_policy import open_agenda_condition

        # Who sits at an open session sees the referrals on its agenda (intake's rule).
        register_open_agenda_condition(open_agenda_condition)

        from .receivers import seed_local_criteria

        house_seeding.connect(seed_local_criteria, dispatch_uid="zvh.triage.seed_local_criteria")
