"""Forms of the request screens. The services validate again and say what is wrong in Dutch;
the forms only parse."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zvh.cases.forms import DATE_ERRORS, DATE_FORMATS, DATE_WIDGET
from zvh.core.concurrency import VersionFormMixin
from zvh.people.models import Person
from zvh.triage.forms import GroupRadioSelect

from .collect import PERSON_FIELDS
from .models import (
    MAX_NOTE,
    IdentityMethod,
    ReceivedVia,
    RequestKind,
    RequestStatus,
    WithholdingGround,
)


def _text(label: Any, *, required: bool, help_text: Any = "", rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=MAX_NOTE,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class RegisterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Soort verzoek"),
        choices=RequestKind.choices,
        widget=GroupRadioSelect,
        error_messages={
            "required": _("Kies de soort verzoek."),
            "invalid_choice": _("Kies de soort verzoek."),
        },
    )
    received_on = forms.DateField(
        label=_("Ontvangen op"),
        widget=DATE_WIDGET,
        input_formats=DATE_FORMATS,
        help_text=_("De termijn van een maand loopt vanaf deze datum."),
        error_messages={**DATE_ERRORS, "required": _("Vul de datum van ontvangst in.")},
    )
    received_via = forms.ChoiceField(
        label=_("Ontvangen via"),
        choices=[("", "—"), *ReceivedVia.choices],
        error_messages={
            "required": _("Kies hoe het verzoek binnenkwam."),
            "invalid_choice": _("Kies hoe het verzoek binnenkwam."),
        },
    )
    notes = _text(
        _("Notities"),
        required=False,
        help_text=_("Bijvoorbeeld hoe de identiteit van de verzoeker is vastgesteld."),
    )


class StartForm(VersionFormMixin):
    pass


class CloseForm(VersionFormMixin):
    outcome = forms.ChoiceField(
        label=_("Uitkomst"),
        choices=[
            (RequestStatus.ANSWERED.value, RequestStatus.ANSWERED.label),
            (RequestStatus.REFUSED.value, RequestStatus.REFUSED.label),
        ],
        widget=GroupRadioSelect,
        error_messages={
            "required": _("Kies of het verzoek is beantwoord of geweigerd."),
            "invalid_choice": _("Kies of het verzoek is beantwoord of geweigerd."),
        },
    )
    note = _text(
        _("Toelichting"),
        required=False,
        help_text=_("Verplicht bij een weigering: de reden, die de betrokkene te horen krijgt."),
    )


class ExtendForm(VersionFormMixin):
    reason = _text(
        _("Reden van verlenging"),
        required=True,
        help_text=_(
            "Bijvoorbeeld de complexiteit of het aantal verzoeken. Laat de betrokkene binnen "
            "de eerste maand weten dat de termijn is verlengd, en waarom."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = _("Geef de reden van de verlenging.")


class IdentityForm(VersionFormMixin):
    """How the requester's identity was established: the method, the day, a note."""

    method = forms.ChoiceField(
        label=_("Hoe is de identiteit vastgesteld?"),
        choices=IdentityMethod.choices,
        widget=GroupRadioSelect,
        error_messages={
            "required": _("Kies hoe de identiteit is vastgesteld."),
            "invalid_choice": _("Kies hoe de identiteit is vastgesteld."),
        },
    )
    checked_on = forms.DateField(
        label=_("Vastgesteld op"),
        widget=DATE_WIDGET,
        input_formats=DATE_FORMATS,
        error_messages={
            **DATE_ERRORS,
            "required": _("Vul de datum in waarop de identiteit is vastgesteld."),
        },
    )
    note = _text(
        _("Toelichting"),
        required=False,
        rows=2,
        help_text=_(
            "Verplicht bij 'anders'. Noteer hoe, niet het documentnummer of het BSN; maak "
            "geen kopie van het identiteitsbewijs."
        ),
    )


class ApproveForm(VersionFormMixin):
    pass


class WithholdForm(forms.Form):
    record = forms.ChoiceField(
        label=_("Onderdeel"),
        error_messages={
            "required": _("Kies een onderdeel van het inzageoverzicht."),
            "invalid_choice": _("Kies een onderdeel van het inzageoverzicht."),
        },
    )
    ground = forms.ChoiceField(
        label=_("Wettelijke grond"),
        choices=WithholdingGround.choices,
        widget=GroupRadioSelect,
        error_messages={
            "required": _("Kies de wettelijke grond om dit onderdeel achter te houden."),
            "invalid_choice": _("Kies de wettelijke grond om dit onderdeel achter te houden."),
        },
    )
    explanation = _text(
        _("Toelichting"),
        required=True,
        help_text=_("Waarom weegt deze grond hier zwaarder dan het recht op inzage?"),
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["record"].choices = [("", "—"), *choices]  # type: ignore[attr-defined]
        self.fields["explanation"].error_messages["required"] = _(
            "Leg uit waarom de grond hier van toepassing is. Zonder toelichting wordt niets "
            "achtergehouden."
        )


class CorrectionForm(forms.Form):
    """The person's correctable fields, as they are now; `seen` says which values the officer
    corrected (the service refuses when they changed meanwhile)."""

    seen = forms.CharField(
        label=_("Formulier"),
        widget=forms.HiddenInput,
        error_messages={"required": _("Open het formulier opnieuw en vul het dan in.")},
    )
    given_names = forms.CharField(label=_("Voornamen"), max_length=200, required=False)
    surname_prefix = forms.CharField(label=_("Voorvoegsel"), max_length=20, required=False)
    surname = forms.CharField(label=_("Geslachtsnaam"), max_length=200, required=False)
    date_of_birth = forms.DateField(
        label=_("Geboortedatum"),
        required=False,
        widget=DATE_WIDGET,
        input_formats=DATE_FORMATS,
        error_messages=DATE_ERRORS,
    )
    bsn = forms.CharField(
        label=_("BSN"),
        max_length=20,
        required=False,
        help_text=_("9 cijfers"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    street = forms.CharField(label=_("Straat"), max_length=200, required=False)
    house_number = forms.CharField(label=_("Huisnummer"), max_length=20, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=7, required=False)
    city = forms.CharField(label=_("Woonplaats"), max_length=100, required=False)
    reason = _text(
        _("Reden van de correctie"),
        required=True,
        help_text=_("Bijvoorbeeld: uittreksel uit de BRP getoond door de betrokkene."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = _("Geef de reden van de correctie.")

    @staticmethod
    def initial_for(person: Person, seen: str) -> dict[str, Any]:
        return {"seen": seen, **{name: getattr(person, name) for name in PERSON_FIELDS}}
