from __future__ import annotations

import datetime
import uuid
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from zvh.core.validation import birth_date_error
from zvh.network.models import Municipality

from .bsn import normalise_bsn, validate_bsn
from .models import Person
from .postcode import normalise_postcode, validate_postcode

PERSON_FIELDS = (
    "given_names",
    "surname_prefix",
    "surname",
    "date_of_birth",
    "bsn",
    "street",
    "house_number",
    "postcode",
    "city",
    "municipality",
)


class PersonForm(forms.Form):
    """Register a person. Field names follow the model, so the service's errors land on them."""

    given_names = forms.CharField(label=_("Voornamen"), max_length=200, required=False)
    surname_prefix = forms.CharField(
        label=_("Voorvoegsel"),
        max_length=20,
        required=False,
        help_text=_("Bijvoorbeeld: van, de, van der."),
    )
    surname = forms.CharField(label=_("Geslachtsnaam"), max_length=200)
    date_of_birth = forms.DateField(
        label=_("Geboortedatum"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Nodig om te zien of het huis deze persoon al kent."),
    )
    bsn = forms.CharField(
        label=_("BSN"),
        max_length=20,
        required=False,
        help_text=_("9 cijfers. Laat leeg als het BSN niet bekend is."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    street = forms.CharField(label=_("Straat"), max_length=200, required=False)
    house_number = forms.CharField(label=_("Huisnummer"), max_length=20, required=False)
    postcode = forms.CharField(
        label=_("Postcode"), max_length=10, required=False, help_text=_("Zoals 1234 AB.")
    )
    city = forms.CharField(label=_("Woonplaats"), max_length=100, required=False)
    municipality = forms.ModelChoiceField(
        label=_("Gemeente van inschrijving"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=_("Onbekend"),
    )
    # Shown only once possible duplicates were found; see offer_confirmation().
    confirm_distinct = forms.BooleanField(
        label=_("Ik heb de gevonden betrokkenen bekeken: dit is een andere persoon."),
        required=False,
    )
    seen_matches = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, municipalities: QuerySet[Municipality], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        municipality_field = cast(forms.ModelChoiceField, self.fields["municipality"])
        municipality_field.queryset = municipalities.only("id", "name").order_by("name")

    def person_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in PERSON_FIELDS]

    def clean_date_of_birth(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["date_of_birth"]
        message = birth_date_error(value)
        if message:
            raise forms.ValidationError(message)
        return value

    def clean_bsn(self) -> str:
        value = normalise_bsn(self.cleaned_data["bsn"])
        if value:
            validate_bsn(value)
        return value

    def clean_postcode(self) -> str:
        value = normalise_postcode(self.cleaned_data["postcode"])
        if value:
            validate_postcode(value)
        return value

    def clean_seen_matches(self) -> set[uuid.UUID]:
        ids: set[uuid.UUID] = set()
        for part in self.cleaned_data["seen_matches"].split(","):
            try:
                ids.add(uuid.UUID(part.strip()))
            except ValueError:
                continue  # a tampered value confirms nothing
        return ids

    def person_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in PERSON_FIELDS}

    def distinct_from(self) -> set[uuid.UUID]:
        """The matches the user confirmed to be someone else: those shown, once ticked."""
        if not self.cleaned_data.get("confirm_distinct"):
            return set()
        return self.cleaned_data["seen_matches"]

    def offer_confirmation(self, matches: list[Person]) -> None:
        """Render the matches' ids with the form and ask anew: a new match needs a new look."""
        data = cast(QueryDict, self.data).copy()
        data["seen_matches"] = ",".join(str(match.id) for match in matches)
        data.pop("confirm_distinct", None)
        self.data = data
