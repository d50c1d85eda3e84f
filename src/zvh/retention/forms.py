from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_MONTHS, MIN_MONTHS
from .selectors import TermRow
from .services import months_field

RANGE_MESSAGE = _("Kies een termijn van %(min)d tot en met %(max)d maanden.") % {
    "min": MIN_MONTHS,
    "max": MAX_MONTHS,
}


def version_field(kind: str) -> str:
    return f"version_{kind}"


class RetentionTermsForm(forms.Form):
    """All terms of the house at once, each with the version it was shown with, and an explicit
    confirmation: saving is confirming on behalf of the house."""

    def __init__(self, *args: Any, rows: list[TermRow], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            self.fields[months_field(row.kind)] = forms.IntegerField(
                label=_("%(kind)s: termijn in maanden") % {"kind": row.label},
                initial=row.months,
                min_value=MIN_MONTHS,
                max_value=MAX_MONTHS,
                help_text=_("Standaard %(months)d maanden, %(starts)s.")
                % {"months": row.default_months, "starts": row.starts},
                error_messages={
                    "required": _("Vul de termijn in maanden in."),
                    "invalid": _("Vul een heel aantal maanden in."),
                    "min_value": RANGE_MESSAGE,
                    "max_value": RANGE_MESSAGE,
                },
            )
            self.fields[version_field(row.kind)] = forms.IntegerField(
                widget=forms.HiddenInput, min_value=0, initial=row.version
            )
        self.fields["confirm"] = forms.BooleanField(
            label=_("Ik bevestig deze bewaartermijnen namens het huis"),
            help_text=_(
                "Pas na bevestiging verwijdert het systeem gegevens na afloop van deze termijnen."
            ),
            error_messages={"required": _("Vink aan dat u de bewaartermijnen bevestigt.")},
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for row in self.rows:
            if self.has_error(version_field(row.kind)):
                # Only a tampered form gets here; say so once, above the form.
                self.errors.pop(version_field(row.kind))
                raise forms.ValidationError(
                    _("Het formulier is niet volledig verstuurd. Open de pagina opnieuw.")
                )
        return cleaned

    def months(self) -> dict[str, int]:
        return {row.kind: self.cleaned_data[months_field(row.kind)] for row in self.rows}

    def versions(self) -> dict[str, int]:
        return {row.kind: self.cleaned_data[version_field(row.kind)] for row in self.rows}
