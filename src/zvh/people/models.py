import unicodedata

from django.db import models
from django.utils.translation import gettext_lazy as _

from zvh.core.models import BaseModel

from .bsn import validate_bsn


def normalise_name(value: str) -> str:
    """Case- and accent-insensitive form used for matching (Ö and o match, 'De' and 'de' match)."""
    decomposed = unicodedata.normalize("NFKD", value)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


class Person(BaseModel):
    """A person concerned (betrokkene), held per house: each house is its own controller."""

    house = models.ForeignKey(
        "network.House", on_delete=models.PROTECT, related_name="persons", verbose_name=_("huis")
    )
    given_names = models.CharField(_("voornamen"), max_length=200, blank=True)
    surname_prefix = models.CharField(_("voorvoegsel"), max_length=20, blank=True)
    surname = models.CharField(_("geslachtsnaam"), max_length=200)
    surname_normalised = models.CharField(max_length=200, editable=False, db_index=False)
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
        ]

    def save(self, *args, **kwargs):
        self.surname_normalised = normalise_name(f"{self.surname} {self.surname_prefix}")
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        family = " ".join(part for part in (self.surname_prefix, self.surname) if part)
        return f"{self.given_names} {family}".strip()

    def __str__(self) -> str:
        return self.display_name
