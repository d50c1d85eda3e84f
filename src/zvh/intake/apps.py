from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "zvh.intake"
    label = "intake"
    verbose_name = _("Aanmeldingen")

    def ready(self) -> None:
        from zvh.audit.references import register_references

        from . import checks  # noqa: F401 - registers the system check
        from .models import Referral

        # The access log names a referral by its number (decision 0181).
        register_references(
            "referral",
            lambda ids: {
                str(pk): number
                for pk, number in Referral.objects.filter(pk__in=ids).values_list("id", "number")
            },
        )
