"""The person list: filters, sort columns and download columns (decision 0180). The selector
narrows the access policy's persons, never widens them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zvh.authz import policy
from zvh.authz.actor import Actor
from zvh.authz.functions import Function
from zvh.core.listing import ListFilterForm, SortColumn, Sorting, model_choice
from zvh.network import policy as network_policy
from zvh.network.models import Municipality

from .models import Person

SORTING = Sorting(
    columns=(
        SortColumn("name", "surname_normalised", _("Naam")),
        SortColumn("born", "date_of_birth", _("Geboortedatum")),
        SortColumn("city", "city", _("Woonplaats")),
        SortColumn("registered", "created_at", _("Geregistreerd")),
    ),
    default="name",
)


class PersonFilterForm(ListFilterForm):
    sorting = SORTING
    period_label = _("Geregistreerd")
    # A name typed into a saved filter would outlive the case it was for.
    unsaved = ("name",)

    name = forms.CharField(label=_("Achternaam begint met"), required=False, max_length=100)
    municipality = model_choice(
        _("Gemeente"),
        _("Alle gemeenten"),
        _("Kies een gemeente van het huis."),
        Municipality.objects.none(),
    )

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.input_type = "search"
        if policy.can_use(actor, Function.VIEW_HOUSE_NETWORK):
            self.fields["municipality"].queryset = network_policy.visible_municipalities(  # type: ignore[attr-defined]
                actor
            ).order_by("name")
        else:  # a partner professional does not see the house's network
            del self.fields["municipality"]


def export_header() -> list[str]:
    return [
        gettext("Naam"),
        gettext("Geboortedatum"),
        gettext("Woonplaats"),
        gettext("Geregistreerd"),
    ]


def export_cells(person: Person) -> Sequence[object]:
    """What a row of the list shows, no more."""
    return [person.display_name, person.date_of_birth, person.city, person.created_at]
