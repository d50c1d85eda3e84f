from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "zvh.cases"
    label = "cases"
    verbose_name = _("Casussen")

    def ready(self) -> None:
        from zvh.network.events import house_seeding

        from .receivers import seed_themes

        house_seeding.connect(seed_themes, dispatch_uid="zvh.cases.seed_themes")

        from .audit_references import register

        register()

        from .receivers import connect

        connect()

        from zvh.intake.selectors import referral_page_sections

        from .selectors import referral_page_section

        referral_page_sections.register(self.label, referral_page_section)
