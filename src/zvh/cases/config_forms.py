"""Forms for the functional administrator's case configuration (see config_views.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zvh.core.filetypes import FileType
from zvh.core.uploads import MAX_UPLOAD_MB
from zvh.core.validation import MAX_PLANNING_HORIZON_YEARS

from .models import StepDownCriterion, Theme

UPLOAD_RANGE = _("Kies een grootte van 1 tot 100 MB.")  # MAX_UPLOAD_MB
MAX_LENGTH = _("Gebruik hoogstens %(limit_value)d tekens.")


def _position() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Volgorde"),
        min_value=0,
        max_value=999,
        initial=0,
        help_text=_("Een lager nummer staat hoger in de lijst."),
        error_messages={
            "required": _("Vul een volgnummer in (0 of hoger)."),
            "invalid": _("Vul een geheel getal in."),
            "min_value": _("Vul 0 of hoger in."),
            "max_value": _("Vul hoogstens 999 in."),
        },
    )


class CaseSettingsForm(forms.Form):
    coordinators_may_direct = forms.BooleanField(
        label=_("Procesregisseurs mogen ook casusregisseur zijn"),
        required=False,
        help_text=_(
            "Aan: een procesregisseur van het huis kan ook als casusregisseur worden aangewezen."
        ),
    )
    review_cadence_weeks = forms.IntegerField(
        label=_("Evaluatiefrequentie (weken)"),
        min_value=1,
        max_value=52,
        help_text=_("Om de zoveel weken wordt een casus geëvalueerd."),
        error_messages={
            "required": _("Vul de evaluatiefrequentie in."),
            "invalid": _("Vul een geheel aantal weken in."),
            "min_value": _("Kies een evaluatiefrequentie van 1 tot 52 weken."),
            "max_value": _("Kies een evaluatiefrequentie van 1 tot 52 weken."),
        },
    )
    planning_horizon_years = forms.IntegerField(
        label=_("Planningshorizon (jaren)"),
        min_value=1,
        max_value=MAX_PLANNING_HORIZON_YEARS,
        required=False,
        help_text=_(
            "Streefdatums van afspraken en evaluatiedatums mogen zo ver vooruit liggen. "
            "Leeg laten: ongewijzigd."
        ),
        error_messages={
            "invalid": _("Vul een geheel aantal jaren in."),
            "min_value": _("Kies een planningshorizon van 1 tot 10 jaar."),
            "max_value": _("Kies een planningshorizon van 1 tot 10 jaar."),
        },
    )
    upload_max_mb = forms.IntegerField(
        label=_("Grootste bijlage (MB)"),
        min_value=1,
        max_value=MAX_UPLOAD_MB,
        help_text=_("Een groter bestand wordt geweigerd."),
        error_messages={
            "required": _("Vul de grootste bijlage in megabytes in."),
            "invalid": _("Vul een geheel aantal megabytes in."),
            "min_value": UPLOAD_RANGE,
            "max_value": UPLOAD_RANGE,
        },
    )
    upload_types = forms.MultipleChoiceField(
        label=_("Toegestane bestandssoorten"),
        choices=FileType.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "De soort wordt vastgesteld aan de inhoud van het bestand, niet aan de naam. "
            "Een convenant is altijd een PDF."
        ),
        error_messages={"required": _("Kies minstens één bestandssoort.")},
    )


class ThemeForm(forms.Form):
    name = forms.CharField(
        label=_("Naam"),
        max_length=100,
        error_messages={"required": _("Geef het thema een naam."), "max_length": MAX_LENGTH},
    )
    position = _position()

    @staticmethod
    def initial_for(theme: Theme) -> dict[str, Any]:
        return {"name": theme.name, "position": theme.position}


class StepDownCriterionForm(forms.Form):
    text = forms.CharField(
        label=_("Criterium"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Beschrijf het criterium."), "max_length": MAX_LENGTH},
    )
    position = _position()

    @staticmethod
    def initial_for(criterion: StepDownCriterion) -> dict[str, Any]:
        return {"text": criterion.text, "position": criterion.position}
