"""The house's referral list: filters, sort columns and download columns (decision 0180).
The choices come from what the actor may see; the selector narrows the access policy's
referrals, never widens them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zvh.authz.actor import Actor
from zvh.core.listing import ListFilterForm, SortColumn, Sorting, model_choice, status_choice
from zvh.network import policy as network_policy
from zvh.network.models import Municipality, Organisation

from .models import Referral, ReferralStatus, Urgency

SORTING = Sorting(
    columns=(
        SortColumn("number", "number", _("Nummer")),
        SortColumn("received", "received_at", _("Ontvangen")),
        SortColumn("organisation", "referring_organisation__name", _("Aanmelder")),
        SortColumn("status", "status", _("Status")),
    ),
    default="-received",
)


class ReferralFilterForm(ListFilterForm):
    sorting = SORTING
    period_label = _("Ontvangen")

    status = status_choice(_("Status"), [("", _("Alle")), *ReferralStatus.choices])
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
    overdue = forms.BooleanField(
        label=_("Alleen acute aanmeldingen waarvan het uiterste beslismoment verstreken is"),
        required=False,
    )

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The house's staff (the only ones with this list) see the house's network.
        municipality: Any = self.fields["municipality"]
        organisation: Any = self.fields["organisation"]
        municipality.queryset = network_policy.visible_municipalities(actor).order_by("name")
        organisation.queryset = network_policy.visible_organisations(actor).order_by("name")


def export_header() -> list[str]:
    return [
        gettext("Nummer"),
        gettext("Urgentie"),
        gettext("Ontvangen"),
        gettext("Betrokkene(n)"),
        gettext("Aanmelder"),
        gettext("Status"),
        gettext("Buiten regio"),
    ]


def export_cells(referral: Referral) -> Sequence[object]:
    """What a row of the house's list shows, no more."""
    return [
        referral.number,
        referral.get_urgency_display() if referral.urgency == Urgency.ACUTE else "",
        referral.received_at,
        ", ".join(link.person.display_name for link in referral.referral_persons.all()),
        referral.referring_organisation.name,
        referral.get_status_display(),
        gettext("ja") if referral.outside_region else "",
    ]
