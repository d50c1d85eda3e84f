from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TriageConfig(AppConfig):
    name = "zvh.triage"
    label = "triage"
    verbose_name = _("Triage")

    def ready(self) -> None:
        from zvh.network.events import house_seeding

        from .receivers import seed_local_criteria

        house_seeding.connect(seed_local_criteria, dispatch_uid="zvh.triage.seed_local_criteria")
