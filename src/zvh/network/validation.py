"""Checks shared by the forms, the services and the import. Each raises a ValidationError
with a Dutch message; the services repeat them inside their transaction, the forms run them
early so the message lands on the right field.
"""

from __future__ import annotations

import uuid
from typing import TypeVar

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _

from .models import Municipality, Organisation

M = TypeVar("M", bound=Model)


def _other_than(queryset: QuerySet[M], pk: object | None) -> QuerySet[M]:
    """The queryset without the row being edited (if any)."""
    return queryset if pk is None else queryset.exclude(pk=pk)


def check_organisation_name(name: str, *, organisation_id: uuid.UUID | None = None) -> None:
    """Organisation names are unique, ignoring case, so "politie" cannot sit beside "Politie"."""
    taken = _other_than(Organisation.objects.filter(name__iexact=name), organisation_id)
    if taken.exists():
        raise ValidationError(
            _(
                "Er bestaat al een organisatie met deze naam. Is het dezelfde organisatie? "
                "Voeg haar dan toe als partner."
            ),
            code="duplicate_name",
        )


def check_cbs_code(
    cbs_code: str, *, house_id: uuid.UUID | None, municipality_id: uuid.UUID | None = None
) -> None:
    """A CBS code names one municipality, and a municipality belongs to at most one house.

    Adding (no municipality_id) may reuse a municipality that belongs to no house yet.
    """
    other = _other_than(Municipality.objects.filter(cbs_code=cbs_code), municipality_id).first()
    if other is None:
        return
    if municipality_id is not None:
        raise ValidationError(
            _("Er bestaat al een gemeente met deze CBS-code."), code="duplicate_cbs_code"
        )
    check_municipality_joinable(other, house_id=house_id)


def check_municipality_joinable(municipality: Municipality, *, house_id: uuid.UUID | None) -> None:
    house_ids = set(municipality.houses.values_list("id", flat=True))
    if house_id is not None and house_id in house_ids:
        raise ValidationError(_("Deze gemeente hoort al bij dit huis."), code="already_member")
    if house_ids - {house_id}:
        raise ValidationError(
            _("Deze gemeente hoort al bij een ander zorg- en veiligheidshuis."),
            code="other_house",
        )


def check_email(email: str, *, user_id: int | None = None) -> None:
    taken = _other_than(get_user_model().objects.filter(email__iexact=email), user_id)
    if taken.exists():
        raise ValidationError(
            _("Er bestaat al een gebruiker met dit e-mailadres."), code="duplicate_email"
        )


def check_username(username: str, *, user_id: int | None = None) -> None:
    taken = _other_than(get_user_model().objects.filter(username__iexact=username), user_id)
    if taken.exists():
        raise ValidationError(_("Deze gebruikersnaam is al in gebruik."), code="duplicate_username")
