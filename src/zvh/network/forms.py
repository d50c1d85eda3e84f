"""Forms of the reference-data screens. The import validates its rows with the same forms, so a
screen and a file get the same Dutch messages."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from zvh.accounts.models import User
from zvh.core.concurrency import VersionFormMixin

from . import validation
from .models import (
    Domain,
    HouseKind,
    Municipality,
    Organisation,
    OrganisationKind,
    Role,
    cbs_code_validator,
    roles_for_house_kind,
)


def _checkboxes(choices: Any, label: Any, required_message: Any) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": required_message,
            "invalid_choice": _("%(value)s is geen geldige keuze."),
        },
    )


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=150)
    kind = forms.ChoiceField(
        label=_("Soort"),
        choices=OrganisationKind.choices,
        error_messages={"invalid_choice": _("%(value)s is geen bekende soort organisatie.")},
    )
    domains = _checkboxes(Domain.choices, _("Domeinen"), _("Kies ten minste één domein."))

    def __init__(self, *args: Any, organisation_id: uuid.UUID | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.organisation_id = organisation_id

    def clean_name(self) -> str:
        name = self.cleaned_data["name"]
        validation.check_organisation_name(name, organisation_id=self.organisation_id)
        return name


class OrganisationEditForm(VersionFormMixin, OrganisationForm):
    pass


class OrganisationScreenForm(OrganisationForm):
    """The organisation screen's form: also the municipality an organisation of a municipality
    belongs to (a bestuurder of it is "of municipality M" for the mayor's briefing, decision
    0168). The network import has no such column and leaves it as it is."""

    municipality = forms.ModelChoiceField(
        label=_("Gemeente"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=_("Geen gemeente"),
        help_text=_(
            "Alleen voor een organisatie van een gemeente: haar bestuurders zien de "
            "burgemeestersbriefing van deze gemeente."
        ),
        error_messages={"invalid_choice": _("Kies een gemeente van het huis.")},
    )

    def __init__(
        self, *args: Any, municipalities: QuerySet[Municipality] | None = None, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        field = self.fields["municipality"]
        field.queryset = (  # type: ignore[attr-defined]
            municipalities.only("id", "name")
            if municipalities is not None
            else Municipality.objects.none()
        )


class OrganisationScreenEditForm(VersionFormMixin, OrganisationScreenForm):
    pass


class PartnerAddForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisatie"),
        queryset=Organisation.objects.none(),
        empty_label=_("Kies een organisatie"),
        error_messages={
            "required": _("Kies een organisatie."),
            "invalid_choice": _("Deze organisatie kan niet als partner worden toegevoegd."),
        },
    )

    def __init__(self, *args: Any, candidates: QuerySet[Organisation], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = candidates.only("id", "name")  # type: ignore[attr-defined]


class CbsCodeField(forms.CharField):
    def to_python(self, value: Any) -> str:
        return str(super().to_python(value)).upper()


class MunicipalityForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=100)
    cbs_code = CbsCodeField(
        label=_("CBS-code"),
        max_length=6,
        validators=[cbs_code_validator],
        help_text=_("GM en vier cijfers, bijvoorbeeld GM0014."),
        error_messages={
            "max_length": _("Een CBS-code bestaat uit GM en vier cijfers, bijvoorbeeld GM0014.")
        },
    )
    inhabitants = forms.IntegerField(
        label=_("Inwoners"),
        min_value=0,
        max_value=2_000_000_000,
        error_messages={
            "invalid": _("Vul een geheel aantal inwoners in."),
            "min_value": _("Het aantal inwoners kan niet negatief zijn."),
        },
    )

    def __init__(
        self,
        *args: Any,
        house_id: uuid.UUID | None,
        municipality_id: uuid.UUID | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.house_id = house_id
        self.municipality_id = municipality_id

    def clean_cbs_code(self) -> str:
        cbs_code = self.cleaned_data["cbs_code"]
        validation.check_cbs_code(
            cbs_code, house_id=self.house_id, municipality_id=self.municipality_id
        )
        return cbs_code


class MunicipalityEditForm(VersionFormMixin, MunicipalityForm):
    pass


def municipality_initial(municipality: Municipality) -> dict[str, Any]:
    return {
        "name": municipality.name,
        "cbs_code": municipality.cbs_code,
        "inhabitants": municipality.inhabitants,
        "version": municipality.version,
    }


def organisation_initial(organisation: Organisation) -> dict[str, Any]:
    return {
        "name": organisation.name,
        "kind": organisation.kind,
        "domains": list(organisation.domains),
        "municipality": organisation.municipality_id,
        "version": organisation.version,
    }


def roles_field() -> forms.MultipleChoiceField:
    return _checkboxes(Role.choices, _("Rollen in dit huis"), _("Kies ten minste één rol."))


def offer_roles(field: forms.Field, house_kind: str) -> None:
    """Only the roles the acting tenant's kind can hold (decision 0184)."""
    field.choices = [(role.value, role.label) for role in roles_for_house_kind(house_kind)]  # type: ignore[attr-defined]


class UserFieldsForm(forms.Form):
    """What a user is, apart from organisation and password: shared with the import."""

    first_name = forms.CharField(label=_("Voornaam"), max_length=150)
    last_name = forms.CharField(label=_("Achternaam"), max_length=150)
    email = forms.EmailField(
        label=_("E-mailadres"),
        max_length=254,
        error_messages={"invalid": _("Vul een geldig e-mailadres in, zoals naam@organisatie.nl.")},
    )
    username = forms.CharField(
        label=_("Gebruikersnaam"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("Letters, cijfers en @ . + - _"),
    )
    roles = roles_field()

    def __init__(
        self,
        *args: Any,
        user_id: int | None = None,
        house_kind: str = HouseKind.HOUSE,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.user_id = user_id
        offer_roles(self.fields["roles"], house_kind)

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        validation.check_email(email, user_id=self.user_id)
        return email

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        validation.check_username(username, user_id=self.user_id)
        return username


# Django's own Dutch catalogue lags behind some validator texts; these codes get ours.
PASSWORD_MESSAGES = {
    "password_too_short": _("Dit wachtwoord is te kort: gebruik ten minste %(min_length)d tekens."),
    "password_too_common": _("Dit wachtwoord wordt te vaak gebruikt. Kies een ander."),
    "password_entirely_numeric": _("Een wachtwoord mag niet alleen uit cijfers bestaan."),
    "password_too_similar": _("Dit wachtwoord lijkt te veel op de naam of het e-mailadres."),
}


def _password_message(error: ValidationError) -> ValidationError:
    message = PASSWORD_MESSAGES.get(error.code or "")
    if message is None:
        return error
    return ValidationError(message, code=error.code, params=error.params)


class PasswordForm(forms.Form):
    """A password typed twice and checked by Django's password validators."""

    password1 = forms.CharField(
        label=_("Wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Ten minste 12 tekens; geen veelgebruikt wachtwoord."),
    )
    password2 = forms.CharField(
        label=_("Herhaal het wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def password_user(self, cleaned: dict[str, Any]) -> User:
        """The user the password is for: the validators compare it with their name."""
        raise NotImplementedError

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password1 = cleaned.get("password1")
        password2 = cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("De twee wachtwoorden zijn niet gelijk."))
        elif password1:
            try:
                validate_password(password1, user=self.password_user(cleaned))
            except ValidationError as error:
                self.add_error("password1", [_password_message(e) for e in error.error_list])
        return cleaned


class UserPasswordForm(PasswordForm):
    def __init__(self, *args: Any, user: User, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.user = user

    def password_user(self, cleaned: dict[str, Any]) -> User:
        return self.user


class UserCreateForm(UserFieldsForm, PasswordForm):
    organisation = forms.ModelChoiceField(
        label=_("Organisatie"),
        queryset=Organisation.objects.none(),
        empty_label=_("Kies een organisatie"),
        error_messages={
            "required": _("Kies een organisatie."),
            "invalid_choice": _("Kies een organisatie die partner is van dit huis."),
        },
    )
    field_order = [
        "first_name",
        "last_name",
        "email",
        "username",
        "organisation",
        "roles",
        "password1",
        "password2",
    ]

    def __init__(self, *args: Any, partners: QuerySet[Organisation], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = partners.only("id", "name")  # type: ignore[attr-defined]

    def password_user(self, cleaned: dict[str, Any]) -> User:
        return User(
            username=cleaned.get("username", ""),
            email=cleaned.get("email", ""),
            first_name=cleaned.get("first_name", ""),
            last_name=cleaned.get("last_name", ""),
        )


class UserRolesForm(forms.Form):
    roles = roles_field()

    def __init__(self, *args: Any, house_kind: str = HouseKind.HOUSE, **kwargs: Any):
        super().__init__(*args, **kwargs)
        offer_roles(self.fields["roles"], house_kind)


class RoleGrantDecisionForm(forms.Form):
    """The button pressed on a proposed role grant."""

    APPROVE = "approve"
    REJECT = "reject"

    decision = forms.ChoiceField(
        choices=[(APPROVE, _("Goedkeuren")), (REJECT, _("Afwijzen"))],
        error_messages={
            "required": _("Kies goedkeuren of afwijzen."),
            "invalid_choice": _("Kies goedkeuren of afwijzen."),
        },
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Bestand (JSON of CSV)"),
        help_text=_("Zie de beschrijving van het formaat in de handleiding."),
        error_messages={
            "required": _("Kies een bestand."),
            "empty": _("Het bestand is leeg."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".json,.csv,application/json,text/csv"}),
    )
    valid_only = forms.BooleanField(
        label=_("Alleen geldige regels importeren"),
        required=False,
        help_text=_(
            "Zonder dit vinkje wordt niets geïmporteerd zolang het bestand een fout bevat."
        ),
    )
