from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from zvh.cases.forms import DATE_ERRORS, DATE_FORMATS, DATE_WIDGET
from zvh.core.concurrency import VersionFormMixin
from zvh.network.models import Organisation
from zvh.triage.forms import GroupCheckboxSelectMultiple, GroupRadioSelect

from .models import MAX_TITLE, Covenant, CovenantKind, CovenantStatus


def _date(label: Any, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        help_text=help_text,
        widget=DATE_WIDGET,
        input_formats=DATE_FORMATS,
        error_messages=DATE_ERRORS,
    )


class CovenantForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Soort"),
        choices=CovenantKind.choices,
        widget=GroupRadioSelect,
        error_messages={
            "required": _("Kies de soort convenant."),
            "invalid_choice": _("Kies de soort convenant."),
        },
    )
    title = forms.CharField(
        label=_("Titel"),
        max_length=MAX_TITLE,
        error_messages={"required": _("Geef het convenant een titel.")},
    )
    document_version = forms.CharField(
        label=_("Versie"), max_length=20, required=False, help_text=_("Bijvoorbeeld 2.1")
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=CovenantStatus.choices,
        widget=GroupRadioSelect,
        error_messages={
            "required": _("Kies een status."),
            "invalid_choice": _("Kies een status."),
        },
    )
    signed_on = _date(_("Ondertekend op"), _("Verplicht bij een ondertekend convenant."))
    expires_on = _date(
        _("Geldig tot en met"), _("Leeg laten als het convenant geen einddatum heeft.")
    )
    parties = forms.ModelMultipleChoiceField(
        label=_("Partijen"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=GroupCheckboxSelectMultiple,
    )
    document = forms.FileField(
        label=_("Document (PDF)"),
        required=False,
        help_text=_(
            "Hoogstens de grootte die het huis voor bijlagen instelt. "
            "Een nieuw document vervangt het opgeslagen document."
        ),
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parties"].queryset = organisations.order_by("name")  # type: ignore[attr-defined]


class CovenantEditForm(VersionFormMixin, CovenantForm):
    @staticmethod
    def initial_for(covenant: Covenant) -> dict[str, Any]:
        return {
            "version": covenant.version,
            "kind": covenant.kind,
            "title": covenant.title,
            "document_version": covenant.document_version,
            "status": covenant.status,
            "signed_on": covenant.signed_on,
            "expires_on": covenant.expires_on,
            "parties": [party.pk for party in covenant.parties.all()],
        }
