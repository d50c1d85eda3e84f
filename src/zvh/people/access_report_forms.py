from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .bsn import normalise_bsn, validate_bsn


class AccessReportSearchForm(forms.Form):
    """Step 1 of the access report: find the person. At least one term; all given terms apply."""

    surname = forms.CharField(
        label=_("Achternaam"),
        max_length=200,
        required=False,
        help_text=_(
            "Zonder voorvoegsel; het begin is genoeg. Hoofdletters en accenten tellen niet."
        ),
    )
    bsn = forms.CharField(
        label=_("BSN"),
        max_length=20,
        required=False,
        help_text=_("9 cijfers"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    date_of_birth = forms.DateField(
        label=_("Geboortedatum"),
        required=False,
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        help_text=_("Bijvoorbeeld 31-12-1980"),
        error_messages={"invalid": _("Vul een geldige datum in, bijvoorbeeld 31-12-1980.")},
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean_bsn(self) -> str:
        value = normalise_bsn(self.cleaned_data["bsn"])
        if value:
            validate_bsn(value)
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors and not any(cleaned.get(name) for name in self.fields):
            raise forms.ValidationError(
                _("Vul een achternaam, een BSN of een geboortedatum in."), code="no_terms"
            )
        return cleaned
