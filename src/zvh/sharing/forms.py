"""Forms for information items, releases, consent and the house's sharing configuration."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zvh.cases.forms import DATE_ERRORS, DATE_FORMATS, DATE_WIDGET
from zvh.network.models import Organisation
from zvh.people.models import Person

from .categories import Audience, GdprBasis, InformationCategory, Purpose
from .models import LegalBasis


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        person: Person = obj
        return str(person)


class ItemForm(forms.Form):
    # Chosen when the form is shown: a second submit of the same form creates nothing new.
    item_id = forms.UUIDField(widget=forms.HiddenInput)
    contact_date = forms.DateField(
        label=_("Datum contactmoment"),
        widget=DATE_WIDGET,
        input_formats=DATE_FORMATS,
        error_messages={"required": _("Vul de datum van het contact in."), **DATE_ERRORS},
    )
    text = forms.CharField(
        label=_("Notitie"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    category = forms.ChoiceField(
        label=_("Categorie"),
        choices=[("", _("Kies een categorie")), *InformationCategory.choices],
        error_messages={"required": _("Kies de categorie van de informatie.")},
        help_text=_("De categorie bepaalt wie het item ziet."),
    )
    legal_basis = forms.ModelChoiceField(
        label=_("Grondslag"),
        queryset=LegalBasis.objects.none(),
        empty_label=_("Kies een grondslag"),
        error_messages={"required": _("Kies de grondslag voor het delen.")},
    )
    purpose = forms.ChoiceField(
        label=_("Doel"),
        choices=[("", _("Kies een doel")), *Purpose.choices],
        error_messages={"required": _("Kies het doel van het delen.")},
    )
    subjects = PersonChoiceField(
        label=_("Over wie"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    attachment = forms.FileField(label=_("Bijlage"), required=False)

    def __init__(
        self,
        *args: Any,
        legal_bases: QuerySet[LegalBasis],
        persons: QuerySet[Person],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["legal_basis"].queryset = legal_bases  # type: ignore[attr-defined]
        self.fields["subjects"].queryset = persons  # type: ignore[attr-defined]
        if len(persons) <= 1:
            # One person: the item is about them; no question to ask.
            self.fields["subjects"].widget = forms.MultipleHiddenInput()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("text", "").strip() and not cleaned.get("attachment"):
            self.add_error("text", _("Schrijf de notitie of voeg een bijlage toe."))
        return cleaned

    @staticmethod
    def initial_new() -> dict[str, Any]:
        return {"item_id": uuid.uuid4(), "contact_date": timezone.localdate()}


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class ReleaseForm(forms.Form):
    organisation = OrganisationChoiceField(
        label=_("Vrijgeven aan"),
        queryset=Organisation.objects.none(),
        empty_label=_("Kies een organisatie"),
        error_messages={"required": _("Kies de organisatie.")},
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class OrganisationsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class ConsentForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Betrokkene"),
        queryset=Person.objects.none(),
        empty_label=_("Kies een betrokkene"),
        error_messages={"required": _("Kies een betrokkene van deze casus.")},
    )
    organisations = OrganisationsField(
        label=_("Organisaties"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies ten minste één organisatie.")},
    )
    categories = forms.MultipleChoiceField(
        label=_("Categorieën"),
        choices=InformationCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies ten minste één categorie.")},
    )
    given_on = forms.DateField(
        label=_("Toestemming gegeven op"),
        widget=DATE_WIDGET,
        input_formats=DATE_FORMATS,
        error_messages={"required": _("Vul de datum van de toestemming in."), **DATE_ERRORS},
    )
    expires_on = forms.DateField(
        label=_("Geldig tot en met"),
        required=False,
        widget=DATE_WIDGET,
        input_formats=DATE_FORMATS,
        error_messages=DATE_ERRORS,
        help_text=_("Leeg: geldig tot de toestemming wordt ingetrokken."),
    )
    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self,
        *args: Any,
        persons: QuerySet[Person],
        organisations: QuerySet[Organisation],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = persons  # type: ignore[attr-defined]
        self.fields["organisations"].queryset = organisations  # type: ignore[attr-defined]


class CategoryRulesForm(forms.Form):
    """One choice per category, and what the form showed, for the concurrency check."""

    def __init__(self, *args: Any, current: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(InformationCategory.choices)
        for category, audience in current.items():
            self.fields[category] = forms.ChoiceField(
                label=labels[category], choices=Audience.choices, initial=audience
            )
            self.fields[f"seen_{category}"] = forms.CharField(
                widget=forms.HiddenInput, initial=audience
            )
        self.categories = list(current)

    def audiences(self) -> dict[str, str]:
        return {category: self.cleaned_data[category] for category in self.categories}

    def seen(self) -> dict[str, str]:
        return {category: self.cleaned_data[f"seen_{category}"] for category in self.categories}


class LegalBasisForm(forms.Form):
    name = forms.CharField(
        label=_("Naam"),
        max_length=120,
        error_messages={"required": _("Geef de grondslag een naam.")},
    )
    gdpr_basis = forms.ChoiceField(
        label=_("Grondslag (art. 6 AVG)"),
        choices=GdprBasis.choices,
    )
    special_ground = forms.CharField(
        label=_("Uitzonderingsgrond (art. 9/10 AVG)"),
        max_length=200,
        required=False,
        help_text=_("Voor gezondheids- en strafrechtelijke gegevens."),
    )
    framework = forms.CharField(
        label=_("Convenant of WGS-artikel"),
        max_length=200,
        error_messages={"required": _("Noem het convenant of het artikel van de WGS.")},
    )
    active = forms.BooleanField(label=_("Actief"), required=False, initial=True)

    @staticmethod
    def initial_for(legal_basis: LegalBasis) -> dict[str, Any]:
        return {
            "name": legal_basis.name,
            "gdpr_basis": legal_basis.gdpr_basis,
            "special_ground": legal_basis.special_ground,
            "framework": legal_basis.framework,
            "active": legal_basis.active,
        }
