"""The chain manager's figure-settings form (optimistic locking: zvh.core.concurrency)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zvh.core.concurrency import VersionFormMixin

from .models import BriefingNames


class FigureSettingsForm(VersionFormMixin, forms.Form):
    suppression_threshold = forms.IntegerField(
        label=_("Drempel kleine aantallen"),
        min_value=2,
        max_value=50,
        help_text=_(
            "Aantallen onder deze drempel tonen buiten uw scherm als „<drempel”: in exports, "
            "voor de stuurgroep en in de API. Standaard 5."
        ),
        error_messages={
            "required": _("Vul een drempel in."),
            "invalid": _("Vul een heel getal in."),
            "min_value": _("Kies een drempel van 2 tot en met 50."),
            "max_value": _("Kies een drempel van 2 tot en met 50."),
        },
    )
    open_case_norm_days = forms.IntegerField(
        label=_("Norm doorlooptijd casus (dagen)"),
        min_value=1,
        max_value=3650,
        help_text=_("Een casus die langer open is, staat bij „open langer dan de norm”."),
        error_messages={
            "required": _("Vul een norm in."),
            "invalid": _("Vul een heel getal in."),
            "min_value": _("Kies een norm van 1 tot en met 3650 dagen."),
            "max_value": _("Kies een norm van 1 tot en met 3650 dagen."),
        },
    )
    mayor_briefing_enabled = forms.BooleanField(
        label=_("Burgemeestersbriefing aan"), required=False
    )
    mayor_briefing_names = forms.ChoiceField(
        label=_("Wat de briefing van de persoon toont"),
        choices=BriefingNames.choices,
        error_messages={"invalid_choice": _("Kies wat de briefing van de persoon toont.")},
    )
