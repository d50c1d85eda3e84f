from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zvh.core.models import BaseModel
from zvh.core.names import normalise_name

from .bsn import validate_bsn
from .postcode import validate_postcode

NAME_KEY_LENGTH = 200


def name_key(surname: str, surname_prefix: str = "") -> str:
    """What matching and the people list sort on: "Vries de" for "de Vries"."""
    return normalise_name(f"{surname} {surname_prefix}")[:NAME_KEY_LENGTH]


class Person(BaseModel):
    """A person concerned (betrokkene), held per house: each house is its own controller."""

    house = models.ForeignKey(
        "network.House", on_delete=models.PROTECT, related_name="persons", verbose_name=_("huis")
    )
    given_names = models.CharField(_("voornamen"), max_length=200, blank=True)
    surname_prefix = models.CharField(_("voorvoegsel"), max_length=20, blank=True)
    surname = models.CharField(_("geslachtsnaam"), max_length=200)
    surname_normalised = models.CharField(
        max_length=NAME_KEY_LENGTH, editable=False, db_index=False
    )
    date_of_birth = models.DateField(_("geboortedatum"), null=True, blank=True)
    bsn = models.CharField(
        _("BSN"), max_length=9, blank=True, validators=[validate_bsn], help_text=_("9 cijfers")
    )
    street = models.CharField(_("straat"), max_length=200, blank=True)
    house_number = models.CharField(_("huisnummer"), max_length=20, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    city = models.CharField(_("woonplaats"), max_length=100, blank=True)
    municipality = models.ForeignKey(
        "network.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="residents",
        verbose_name=_("gemeente van inschrijving"),
    )

    class Meta:
        verbose_name = _("betrokkene")
        verbose_name_plural = _("betrokkenen")
        constraints = [
            models.UniqueConstraint(
                fields=["house", "bsn"],
                condition=~models.Q(bsn=""),
                name="person_unique_bsn_per_house",
            )
        ]
        indexes = [
            # Keyset pagination of the people list and name + date-of-birth matching.
            models.Index(fields=["house", "surname_normalised", "id"], name="person_house_name"),
            models.Index(fields=["house", "date_of_birth"], name="person_house_dob"),
            # The hit/no-hit signal looks across all houses: by BSN, or name + date of birth.
            models.Index(fields=["bsn"], name="person_bsn"),
            models.Index(fields=["surname_normalised", "date_of_birth"], name="person_name_dob"),
        ]

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        if self.date_of_birth is not None and self.date_of_birth > timezone.localdate():
            errors["date_of_birth"] = ValidationError(
                _("De geboortedatum ligt in de toekomst."), code="date_of_birth_future"
            )
        if self.postcode:
            try:
                validate_postcode(self.postcode)
            except ValidationError as error:
                errors["postcode"] = error
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.surname_normalised = name_key(self.surname, self.surname_prefix)
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        family = " ".join(part for part in (self.surname_prefix, self.surname) if part)
        return f"{self.given_names} {family}".strip()

    def __str__(self) -> str:
        return self.display_name
