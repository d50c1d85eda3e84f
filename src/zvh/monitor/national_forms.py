"""The import form of the national side: a year and the year's file of house records."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_IMPORT_BYTES = 5 * 1024 * 1024


class RecordsImportForm(forms.Form):
    year = forms.IntegerField(
        label=_("Jaar"),
        min_value=2000,
        max_value=2100,
        error_messages={"required": _("Vul het jaar in.")},
    )
    file = forms.FileField(
        label=_("Bestand met de records van het jaar (JSON)"),
        help_text=_(
            "Een JSON-lijst met één record per huis (uitwisselingsformaat versie 1). Het hele "
            "bestand wordt eerst gecontroleerd: bij één fout wordt niets geïmporteerd."
        ),
        error_messages={"required": _("Kies een bestand."), "empty": _("Het bestand is leeg.")},
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if not self.is_bound:
            self.fields["year"].initial = timezone.localdate().year - 1

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("Het bestand is groter dan 5 MB."))
        return upload
