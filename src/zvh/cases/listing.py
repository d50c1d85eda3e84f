"""The case list's filters, sort columns and download columns (decision 0180). The choices of
the filters come from what the actor may see; the selector applies the filters to the access
policy's cases, so a filter narrows and never widens."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zvh.accounts.models import User
from zvh.authz import policy
from zvh.authz.actor import Actor
from zvh.authz.functions import Function
from zvh.core.listing import ListFilterForm, SortColumn, Sorting, model_choice, status_choice
from zvh.network import policy as network_policy
from zvh.network.models import Municipality, Organisation

from . import selectors
from .models import Case, CaseStatus, Theme

SORTING = Sorting(
    columns=(
        SortColumn("number", "number", _("Casus")),
        SortColumn("status", "status", _("Status")),
        SortColumn("coordinator", "process_coordinator__last_name", _("Procesregisseur")),
        SortColumn("review", "next_review_date", _("Volgende evaluatie")),
        SortColumn("created", "created_at", _("Aangemaakt")),
    ),
    default="-created",
)
STATUSES = [(selectors.OPEN, _("Lopend")), (selectors.ALL, _("Alle")), *CaseStatus.choices]


class CaseFilterForm(ListFilterForm):
    sorting = SORTING
    period_label = _("Aangemaakt")

    status = status_choice(_("Status"), STATUSES)
    coordinator = model_choice(
        _("Procesregisseur"),
        _("Alle procesregisseurs"),
        _("Kies een procesregisseur van het huis."),
        User.objects.none(),
    )
    theme = model_choice(
        _("Thema"), _("Alle thema's"), _("Kies een thema van het huis."), Theme.objects.none()
    )
    municipality = model_choice(
        _("Gemeente"),
        _("Alle gemeenten"),
        _("Kies een gemeente van het huis."),
        Municipality.objects.none(),
    )
    organisation = model_choice(
        _("Aanmeldende organisatie"),
        _("Alle organisaties"),
        _("Kies een partnerorganisatie van het huis."),
        Organisation.objects.none(),
    )
    overdue = forms.BooleanField(label=_("Alleen met een evaluatie over de datum"), required=False)

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].initial = selectors.OPEN
        choices = {
            "coordinator": selectors.house_coordinators(actor),
            "theme": selectors.house_themes(actor),
        }
        if policy.can_use(actor, Function.VIEW_HOUSE_NETWORK):
            choices["municipality"] = network_policy.visible_municipalities(actor).order_by("name")
            choices["organisation"] = network_policy.visible_organisations(actor).order_by("name")
        else:  # a partner professional does not see the house's network
            del self.fields["municipality"], self.fields["organisation"]
        for name, queryset in choices.items():
            self.fields[name].queryset = queryset  # type: ignore[attr-defined]


def export_header() -> list[str]:
    return [
        gettext("Casus"),
        gettext("Betrokkene(n)"),
        gettext("Status"),
        gettext("Procesregisseur"),
        gettext("Volgende evaluatie"),
        gettext("Aangemaakt"),
    ]


def export_cells(case: Case) -> Sequence[object]:
    """What a row of the list shows, no more."""
    persons = ", ".join(
        link.person.display_name
        + (f" ({link.person.date_of_birth:%d-%m-%Y})" if link.person.date_of_birth else "")
        for link in case.listed_persons
    )
    coordinator = case.process_coordinator
    return [
        case.number,
        persons,
        case.get_status_display(),
        coordinator.get_full_name() if coordinator else "",
        case.next_review_date,
        case.created_at,
    ]
