from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zvh.core.concurrency import VersionFormMixin
from zvh.triage.forms import GroupRadioSelect

from .models import MAX_NARRATIVE, NARRATIVE_FIELDS, NARRATIVE_LABELS, ReportKind, SteeringReport
from .services import FIRST_YEAR, Narrative

QUARTERS = [
    (1, _("1e kwartaal")),
    (2, _("2e kwartaal")),
    (3, _("3e kwartaal")),
    (4, _("4e kwartaal")),
]


def _narrative_field(name: str) -> forms.CharField:
    return forms.CharField(
        label=NARRATIVE_LABELS[name],
        required=False,
        max_length=MAX_NARRATIVE,
        error_messages={"max_length": _("Gebruik maximaal %(limit_value)d tekens.")},
        help_text=_("Noem geen personen: de rapportage gaat naar de stuurgroep."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class NarrativeForm(forms.Form):
    summary = _narrative_field("summary")
    developments = _narrative_field("developments")
    signals_commentary = _narrative_field("signals_commentary")
    outlook = _narrative_field("outlook")

    def narrative(self) -> Narrative:
        return Narrative(**{name: self.cleaned_data.get(name, "") for name in NARRATIVE_FIELDS})

    @staticmethod
    def initial_for(report: SteeringReport) -> dict[str, Any]:
        return {name: getattr(report, name) for name in NARRATIVE_FIELDS}


class GenerateForm(NarrativeForm):
    kind = forms.ChoiceField(
        label=_("Soort rapportage"),
        choices=ReportKind.choices,
        widget=GroupRadioSelect,
        error_messages={
            "required": _("Kies een kwartaal- of jaarrapportage."),
            "invalid_choice": _("Kies een kwartaal- of jaarrapportage."),
        },
    )
    year = forms.IntegerField(
        label=_("Jaar"),
        min_value=FIRST_YEAR,
        max_value=9999,
        error_messages={
            "required": _("Vul het jaar in."),
            "invalid": _("Vul het jaar in als getal, bijvoorbeeld 2026."),
            "min_value": _("Kies een jaar vanaf %(limit_value)s."),
            "max_value": _("Vul het jaar in als getal, bijvoorbeeld 2026."),
        },
    )
    quarter = forms.TypedChoiceField(
        label=_("Kwartaal"),
        choices=[("", _("(alleen bij een kwartaalrapportage)")), *QUARTERS],
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": _("Kies het kwartaal.")},
    )

    field_order = ["kind", "year", "quarter", *NARRATIVE_FIELDS]


class NarrativeEditForm(VersionFormMixin, NarrativeForm):
    pass


class FinaliseForm(VersionFormMixin, forms.Form):
    pass
