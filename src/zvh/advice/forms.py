from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from zvh.cases.forms import DATE_ERRORS, DATE_FORMATS, DATE_WIDGET
from zvh.core.concurrency import VersionFormMixin
from zvh.network.models import Municipality, Organisation

from .models import MAX_ADVICE_TEXT, MAX_MINUTES, MAX_REQUESTER_NAME, Advice, AdviceTopic

NO_PERSONS = _(
    "Noem geen personen, ook niet met initialen of geboortedatum: het adviesregister bevat geen "
    "persoonsgegevens. Gaat het om een persoon die hulp nodig heeft, meld die dan aan."
)


def _date(label: Any, *, required: bool) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DATE_WIDGET,
        input_formats=DATE_FORMATS,
        error_messages={**DATE_ERRORS, "required": _("Vul de datum van het advies in.")},
    )


class AdviceForm(forms.Form):
    requester_organisation = forms.ModelChoiceField(
        label=_("Organisatie van de vrager"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Geen partnerorganisatie"),
        error_messages={"invalid_choice": _("Kies een partnerorganisatie van het huis.")},
    )
    requester_name = forms.CharField(
        label=_("Andere organisatie"),
        max_length=MAX_REQUESTER_NAME,
        required=False,
        help_text=_("Alleen als de vrager niet bij een partnerorganisatie werkt."),
    )
    municipality = forms.ModelChoiceField(
        label=_("Gemeente"),
        queryset=Municipality.objects.none(),
        empty_label=None,
        error_messages={
            "required": _("Kies een gemeente van het huis."),
            "invalid_choice": _("Kies een gemeente van het huis."),
        },
    )
    topic = forms.ChoiceField(
        label=_("Onderwerp"),
        choices=AdviceTopic.choices,
        error_messages={
            "required": _("Kies een onderwerp."),
            "invalid_choice": _("Kies een onderwerp."),
        },
    )
    given_on = _date(_("Datum"), required=True)
    advice_text = forms.CharField(
        label=_("Gegeven advies"),
        max_length=MAX_ADVICE_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=NO_PERSONS,
        error_messages={"required": _("Beschrijf het gegeven advies.")},
    )
    minutes = forms.IntegerField(
        label=_("Tijdsbesteding (minuten)"),
        min_value=1,
        max_value=MAX_MINUTES,
        error_messages={
            "required": _("Vul de tijdsbesteding in minuten in."),
            "invalid": _("Vul een heel aantal minuten in."),
            "min_value": _("Vul minstens 1 minuut in."),
            "max_value": _("Vul hoogstens %(limit_value)s minuten in."),
        },
    )

    def __init__(
        self,
        *args: Any,
        organisations: QuerySet[Organisation],
        municipalities: QuerySet[Municipality],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["requester_organisation"].queryset = organisations.order_by("name")  # type: ignore[attr-defined]
        self.fields["municipality"].queryset = municipalities.order_by("name")  # type: ignore[attr-defined]


class AdviceEditForm(VersionFormMixin, AdviceForm):
    @staticmethod
    def initial_for(advice: Advice) -> dict[str, Any]:
        return {
            "version": advice.version,
            "requester_organisation": advice.requester_organisation_id,
            "requester_name": advice.requester_name,
            "municipality": advice.municipality_id,
            "topic": advice.topic,
            "given_on": advice.given_on,
            "advice_text": advice.advice_text,
            "minutes": advice.minutes,
        }


class AdviceFilterForm(forms.Form):
    start = forms.DateField(
        label=_("Vanaf"),
        required=False,
        widget=DATE_WIDGET,
        input_formats=DATE_FORMATS,
        error_messages=DATE_ERRORS,
    )
    end = forms.DateField(
        label=_("Tot en met"),
        required=False,
        widget=DATE_WIDGET,
        input_formats=DATE_FORMATS,
        error_messages=DATE_ERRORS,
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisatie"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Alle organisaties"),
        error_messages={"invalid_choice": _("Kies een partnerorganisatie van het huis.")},
    )
    topic = forms.ChoiceField(
        label=_("Onderwerp"),
        choices=[("", _("Alle onderwerpen")), *AdviceTopic.choices],
        required=False,
        error_messages={"invalid_choice": _("Kies een onderwerp.")},
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations.order_by("name")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("De einddatum ligt vóór de begindatum."))
        return data
