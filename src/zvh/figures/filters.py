"""The figure filter: the query parameters of a figure page (and of the API) into a
`FigureScope`. One parser for the web and the API, so both read the same vocabulary.

Default period: the last 12 whole calendar months before today (docs/decisions/0165). Quick
picks: this year (to today), the last whole quarter, last year. A custom period needs both
dates, the end not before the start, and at most five years.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zvh.cases.models import CaseType, Theme
from zvh.network.models import Municipality, Organisation

from .scope import FigureScope

MAX_PERIOD_DAYS = 5 * 366
# Parameter names, the same on the web page, in drill links and in the API.
FILTER_KEYS = (
    "period",
    "start",
    "end",
    "municipality",
    "theme",
    "case_type",
    "referring_organisation",
)


class Period:
    LAST_12_MONTHS = "12m"
    THIS_YEAR = "year"
    LAST_QUARTER = "quarter"
    LAST_YEAR = "last_year"
    CUSTOM = "custom"


PERIOD_CHOICES = (
    (Period.LAST_12_MONTHS, _("Laatste 12 hele maanden")),
    (Period.THIS_YEAR, _("Dit jaar")),
    (Period.LAST_QUARTER, _("Vorig kwartaal")),
    (Period.LAST_YEAR, _("Vorig jaar")),
    (Period.CUSTOM, _("Eigen periode (van en tot)")),
)


def last_12_months(today: date) -> tuple[date, date]:
    end = today.replace(day=1) - timedelta(days=1)
    start = end.replace(day=1)
    for _month in range(11):
        start = (start - timedelta(days=1)).replace(day=1)
    return start, end


def quick_period(pick: str, today: date) -> tuple[date, date]:
    if pick == Period.THIS_YEAR:
        return today.replace(month=1, day=1), today
    if pick == Period.LAST_QUARTER:
        first_of_quarter = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
        end = first_of_quarter - timedelta(days=1)
        return end.replace(month=(end.month - 1) // 3 * 3 + 1, day=1), end
    if pick == Period.LAST_YEAR:
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    return last_12_months(today)


class _Names(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class FigureFilterForm(forms.Form):
    period = forms.ChoiceField(
        label=_("Periode"), choices=PERIOD_CHOICES, required=False, initial=Period.LAST_12_MONTHS
    )
    start = forms.DateField(
        label=_("Van"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Alleen bij een eigen periode."),
        error_messages={"invalid": _("Vul een geldige datum in (jjjj-mm-dd).")},
    )
    end = forms.DateField(
        label=_("Tot en met"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Vul een geldige datum in (jjjj-mm-dd).")},
    )
    municipality = _Names(
        label=_("Gemeente"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=_("Alle gemeenten"),
        error_messages={"invalid_choice": _("Kies een gemeente van het huis.")},
    )
    theme = _Names(
        label=_("Thema"),
        queryset=Theme.objects.none(),
        required=False,
        empty_label=_("Alle thema's"),
        error_messages={"invalid_choice": _("Kies een thema van het huis.")},
    )
    case_type = forms.ChoiceField(
        label=_("Soort casus"),
        choices=(("", _("Alle soorten")), *CaseType.choices),
        required=False,
        error_messages={"invalid_choice": _("Kies een soort casus uit de lijst.")},
    )
    referring_organisation = _Names(
        label=_("Aanmeldende organisatie"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Alle organisaties"),
        error_messages={"invalid_choice": _("Kies een partnerorganisatie van het huis.")},
    )

    def __init__(self, data: Any, *, house_id: uuid.UUID, today: date | None = None) -> None:
        super().__init__(data)
        self.house_id = house_id
        self.today = today or timezone.localdate()
        fields = self.fields
        _set_queryset(fields["municipality"], municipalities_of(house_id))
        _set_queryset(fields["theme"], Theme.objects.filter(house_id=house_id).order_by("name"))
        _set_queryset(fields["referring_organisation"], partners_of(house_id))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        pick = cleaned.get("period") or ""
        if (start or end) and pick in ("", Period.CUSTOM):
            cleaned["period"] = pick = Period.CUSTOM
        if pick == Period.CUSTOM and "start" not in self.errors and "end" not in self.errors:
            if start is None or end is None:
                raise forms.ValidationError(_("Vul bij een eigen periode zowel van als tot in."))
            if end < start:
                raise forms.ValidationError(_("De einddatum ligt vóór de begindatum."))
            if (end - start).days + 1 > MAX_PERIOD_DAYS:
                raise forms.ValidationError(_("Kies een periode van ten hoogste vijf jaar."))
        return cleaned

    def scope(self) -> FigureScope:
        """The scope of a valid form; of an invalid one, the defaults (the page still shows)."""
        if not self.is_valid():
            start, end = last_12_months(self.today)
            return FigureScope(house_id=self.house_id, start=start, end=end, today=self.today)
        data = self.cleaned_data
        pick = data.get("period") or Period.LAST_12_MONTHS
        if pick == Period.CUSTOM:
            start, end = data["start"], data["end"]
        else:
            start, end = quick_period(pick, self.today)
        return FigureScope(
            house_id=self.house_id,
            start=start,
            end=end,
            municipality_id=_id(data.get("municipality")),
            theme_id=_id(data.get("theme")),
            case_type=data.get("case_type") or "",
            referring_organisation_id=_id(data.get("referring_organisation")),
            today=self.today,
        )

    def filters(self) -> dict[str, str]:
        """What was filtered on, as plain strings (for the access log and the exports)."""
        scope = self.scope()
        found = {"start": scope.start.isoformat(), "end": scope.end.isoformat()}
        for key, value in scope_filter_params(scope).items():
            found[key] = value
        return found


def scope_filter_params(scope: FigureScope) -> dict[str, str]:
    """The scope's filters other than the period, as query parameters."""
    params = {
        "municipality": scope.municipality_id,
        "theme": scope.theme_id,
        "case_type": scope.case_type,
        "referring_organisation": scope.referring_organisation_id,
    }
    return {key: str(value) for key, value in params.items() if value}


def municipalities_of(house_id: uuid.UUID) -> QuerySet[Municipality]:
    return Municipality.objects.filter(houses__id=house_id).order_by("name")


def partners_of(house_id: uuid.UUID) -> QuerySet[Organisation]:
    return Organisation.objects.filter(partnerships__house_id=house_id).distinct().order_by("name")


def _set_queryset(field: forms.Field, queryset: QuerySet[Any]) -> None:
    assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - the fields above
    field.queryset = queryset


def _id(obj: Any) -> uuid.UUID | None:
    return None if obj is None else obj.pk
