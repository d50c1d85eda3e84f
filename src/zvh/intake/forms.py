import uuid

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from zvh.core.life_domains import LifeDomain
from zvh.core.validation import birth_date_error
from zvh.network.models import Domain, House, HouseKind, Municipality
from zvh.people.bsn import validate_bsn

from .models import Behaviour, Orientation, Source, Urgency


class PersonForm(forms.Form):
    given_names = forms.CharField(label=_("Voornamen"), max_length=200, required=False)
    surname_prefix = forms.CharField(label=_("Voorvoegsel"), max_length=20, required=False)
    surname = forms.CharField(label=_("Geslachtsnaam"), max_length=200)
    date_of_birth = forms.DateField(
        label=_("Geboortedatum"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    bsn = forms.CharField(
        label=_("BSN"),
        max_length=9,
        required=False,
        validators=[validate_bsn],
        help_text=_("Optioneel; 9 cijfers."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    street = forms.CharField(label=_("Straat"), max_length=200, required=False)
    house_number = forms.CharField(label=_("Huisnummer"), max_length=20, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=7, required=False)
    city = forms.CharField(label=_("Woonplaats"), max_length=100, required=False)

    def clean_date_of_birth(self):
        value = self.cleaned_data.get("date_of_birth")
        message = birth_date_error(value)
        if message:
            raise forms.ValidationError(message)
        return value


class HouseholdMemberForm(PersonForm):
    """Further members of a household: optional as a whole."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["surname"].required = False
        self.empty_permitted = True
        self.use_required_attribute = False


# No member blocks until the referrer asks for one ("Huisgenoot toevoegen", decision 0181).
HouseholdFormSet = formset_factory(HouseholdMemberForm, extra=0, max_num=10)


class ReferralForm(forms.Form):
    # One token per rendered form: the same form sent twice makes one referral (decision 0181).
    submission = forms.UUIDField(label=_("Formuliercode"), widget=forms.HiddenInput, required=False)

    orientation = forms.ChoiceField(
        label=_("Gaat de aanmelding over"),
        choices=Orientation.choices,
        initial=Orientation.PERSON,
        widget=forms.RadioSelect,
    )
    source = forms.ChoiceField(label=_("Bron van het signaal"), choices=Source.choices)
    municipality = forms.ModelChoiceField(
        label=_("Gemeente van inschrijving"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=_("Onbekend"),
    )
    reason = forms.CharField(
        label=_("Reden van aanmelding"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Wat is er aan de hand? Feiten en zorgen."),
        max_length=10000,
    )
    request = forms.CharField(
        label=_("Wat vraagt u van het huis?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10000,
    )
    life_domains = forms.MultipleChoiceField(
        label=_("Problemen op leefgebieden"),
        choices=LifeDomain.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    behaviour = forms.ChoiceField(
        label=_("Crimineel of overlastgevend gedrag"),
        choices=Behaviour.choices,
        initial=Behaviour.NONE,
        widget=forms.RadioSelect,
    )
    chains_involved = forms.MultipleChoiceField(
        label=_("Betrokken ketens"),
        choices=Domain.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Welke ketens zijn al betrokken of zijn nodig?"),
    )
    system_impact = forms.BooleanField(
        label=_("De problemen raken het (gezins)systeem of de directe omgeving, en andersom"),
        required=False,
        help_text=_(
            "Bijvoorbeeld: gezinsleden of buren lijden onder de situatie, of houden die mede in "
            "stand. Een klein of zwak netwerk alleen is dat niet."
        ),
    )
    local_approach_tried = forms.BooleanField(
        label=_("Er is een lokale aanpak geprobeerd"), required=False
    )
    local_approach_stuck = forms.BooleanField(
        label=_("De lokale aanpak is vastgelopen"), required=False
    )
    urgency = forms.ChoiceField(
        label=_("Urgentie"),
        choices=Urgency.choices,
        initial=Urgency.REGULAR,
        widget=forms.RadioSelect,
    )
    referrer_contact = forms.CharField(
        label=_("Hoe bereiken wij u?"),
        max_length=200,
        required=False,
        help_text=_("Telefoonnummer of e-mailadres voor vragen over deze aanmelding."),
    )

    # In the error summary a question before a colon reads badly: name those fields plainly.
    summary_labels = {
        "orientation": _("Soort aanmelding"),
        "request": _("Uw vraag aan het huis"),
        "referrer_contact": _("Uw contactgegevens"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.order_by("name")  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial.setdefault("submission", uuid.uuid4())

    def clean(self):
        cleaned = super().clean() or {}
        if cleaned.get("local_approach_stuck") and not cleaned.get("local_approach_tried"):
            self.add_error(
                "local_approach_stuck",
                _("Een lokale aanpak kan alleen vastlopen als die geprobeerd is."),
            )
        return cleaned


class SupplyInformationForm(forms.Form):
    text = forms.CharField(
        label=_("Aanvullende informatie"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10000,
    )


class KeepForm(forms.Form):
    reason = forms.CharField(
        label=_("Waarom houdt het huis deze aanmelding?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class ForwardForm(forms.Form):
    to_house = forms.ModelChoiceField(label=_("Doorsturen naar"), queryset=House.objects.none())
    reason = forms.CharField(
        label=_("Toelichting"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def __init__(self, *args, house_id, **kwargs):
        super().__init__(*args, **kwargs)
        # Another house; never the national monitor's office, which takes no referrals.
        houses = House.objects.filter(kind=HouseKind.HOUSE).exclude(pk=house_id)
        self.fields["to_house"].queryset = houses  # type: ignore[attr-defined]


class PriorityListUploadForm(forms.Form):
    name = forms.CharField(label=_("Naam van de lijst"), max_length=150)
    file = forms.FileField(
        label=_("CSV-bestand"),
        help_text=_(
            "Kopregel met kolommen: geslachtsnaam (verplicht), voorvoegsel, voornamen, "
            "geboortedatum, bsn, straat, huisnummer, postcode, woonplaats, toelichting."
        ),
    )
    only_valid_rows = forms.BooleanField(
        label=_("Alleen de geldige regels inlezen"),
        required=False,
        help_text=_("Zonder dit vinkje wordt een bestand met een foute regel helemaal geweigerd."),
    )
