from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StepdownConfig(AppConfig):
    """Reviews of a case and its step-down and closing (decision 0196: split out of the case
    core). Their models stay in `cases` (tables and migrations unchanged)."""

    name = "zvh.stepdown"
    label = "stepdown"
    verbose_name = _("Evaluatie en afschaling")

    def ready(self) -> None:
        from zvh.network.events import house_seeding

        from .receivers import seed_step_down_criteria

        house_seeding.connect(seed_step_down_criteria, dispatch_uid="zvh.stepdown.seed_criteria")
