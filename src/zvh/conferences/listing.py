"""The conference list: filters, sort columns and download columns (decision 0180). The list
names no case or person; the selector narrows the access policy's conferences."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zvh.authz.actor import Actor
from zvh.cases.models import Theme
from zvh.cases.selectors import house_themes
from zvh.core.listing import ListFilterForm, SortColumn, Sorting, model_choice, status_choice

from .models import Conference, ConferenceKind, ConferenceStatus

SORTING = Sorting(
    columns=(
        SortColumn("number", "number", _("Overleg")),
        SortColumn("kind", "kind", _("Soort")),
        SortColumn("starts", "starts_at", _("Datum en tijd")),
        SortColumn("status", "status", _("Status")),
    ),
    default="-starts",
)


class ConferenceFilterForm(ListFilterForm):
    sorting = SORTING
    period_label = _("Datum")

    status = status_choice(_("Status"), [("", _("Alle")), *ConferenceStatus.choices])
    kind = forms.ChoiceField(
        label=_("Soort overleg"),
        choices=[("", _("Alle soorten")), *ConferenceKind.choices],
        required=False,
        error_messages={"invalid_choice": _("Kies een soort overleg uit de lijst.")},
    )
    theme = model_choice(
        _("Doelgroep"),
        _("Alle doelgroepen"),
        _("Kies een doelgroep van het huis."),
        Theme.objects.none(),
    )
    overdue = forms.BooleanField(
        label=_("Alleen overleggen die voorbij zijn maar nog niet afgerond"), required=False
    )

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = house_themes(actor)  # type: ignore[attr-defined]


def export_header() -> list[str]:
    return [
        gettext("Overleg"),
        gettext("Soort"),
        gettext("Doelgroep"),
        gettext("Aanvang"),
        gettext("Einde"),
        gettext("Plaats"),
        gettext("Status"),
    ]


def export_cells(conference: Conference) -> Sequence[object]:
    """What a row of the list shows, no more."""
    return [
        conference.number,
        conference.get_kind_display(),
        conference.theme.name if conference.theme else "",
        conference.starts_at,
        conference.ends_at,
        conference.location or gettext("Video"),
        conference.get_status_display(),
    ]
