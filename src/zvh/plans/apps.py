from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "zvh.plans"
    label = "plans"
    verbose_name = _("Plannen van aanpak")

    def ready(self) -> None:
        from zvh.audit.references import register_references
        from zvh.cases.audit_references import numbers_of_their_case, of_case_numbers

        from .models import Agreement

        # The access log names these by their case's number (decision 0181).
        register_references("plan", of_case_numbers)  # recorded under the case's id
        register_references("agreement", numbers_of_their_case(Agreement))
