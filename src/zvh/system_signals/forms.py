from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zvh.cases.forms import DATE_ERRORS, DATE_FORMATS, DATE_WIDGET
from zvh.core.concurrency import VersionFormMixin

from .models import MAX_ADDRESSEE, MAX_TEXT, MAX_TITLE, SignalCategory, SignalStatus, SystemSignal

NO_PERSONS = _(
    "Beschrijf de belemmering in de regel, procedure of samenwerking, niet de persoon: noem geen "
    "namen of andere persoonsgegevens. De stuurgroep leest deze tekst."
)
CASE_NUMBERS_HELP = _(
    "Casusnummers als bewijs, gescheiden door komma's. Alleen de ketenmanager ziet ze later."
)


def _date(label: Any, *, required: bool, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=DATE_WIDGET,
        input_formats=DATE_FORMATS,
        error_messages={**DATE_ERRORS, "required": _("Vul de datum in.")},
    )


class SignalForm(forms.Form):
    title = forms.CharField(
        label=_("Titel"),
        max_length=MAX_TITLE,
        error_messages={"required": _("Geef het signaal een titel.")},
    )
    category = forms.ChoiceField(
        label=_("Soort belemmering"),
        choices=SignalCategory.choices,
        error_messages={
            "required": _("Kies de soort belemmering."),
            "invalid_choice": _("Kies de soort belemmering."),
        },
    )
    description = forms.CharField(
        label=_("Beschrijving"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=NO_PERSONS,
        error_messages={"required": _("Beschrijf de belemmering.")},
    )
    found_on = _date(_("Gevonden op"), required=True)


class SignalCreateForm(SignalForm):
    case_numbers = forms.CharField(
        label=_("Bewijscasussen"),
        required=False,
        max_length=2000,
        help_text=CASE_NUMBERS_HELP,
    )


class SignalEditForm(VersionFormMixin, SignalForm):
    @staticmethod
    def initial_for(signal: SystemSignal) -> dict[str, Any]:
        return {
            "version": signal.version,
            "title": signal.title,
            "category": signal.category,
            "description": signal.description,
            "found_on": signal.found_on,
        }


class EvidenceForm(VersionFormMixin, forms.Form):
    case_numbers = forms.CharField(
        label=_("Bewijscasussen"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Alle casusnummers die bewijs zijn, gescheiden door komma's."),
    )


class HandlingForm(VersionFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=SignalStatus.choices,
        error_messages={"required": _("Kies een status."), "invalid_choice": _("Kies een status.")},
    )
    addressee = forms.CharField(
        label=_("Geadresseerde"),
        max_length=MAX_ADDRESSEE,
        required=False,
        help_text=_("Welke partij of organisatie in de stuurgroep het signaal oppakt."),
    )
    raised_on = _date(_("Voorgelegd op"), required=False)
    response = forms.CharField(
        label=_("Antwoord"),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    response_on = _date(_("Antwoord ontvangen op"), required=False)

    @staticmethod
    def initial_for(signal: SystemSignal) -> dict[str, Any]:
        return {
            "version": signal.version,
            "status": signal.status,
            "addressee": signal.addressee,
            "raised_on": signal.raised_on,
            "response": signal.response,
            "response_on": signal.response_on,
        }


class SignalFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Alle statussen")), *SignalStatus.choices],
        required=False,
        error_messages={"invalid_choice": _("Kies een status.")},
    )
    category = forms.ChoiceField(
        label=_("Soort belemmering"),
        choices=[("", _("Alle soorten")), *SignalCategory.choices],
        required=False,
        error_messages={"invalid_choice": _("Kies de soort belemmering.")},
    )
