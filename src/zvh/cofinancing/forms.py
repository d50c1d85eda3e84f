"""The calculator's form (a GET form: it changes nothing). Every field is checked with a Dutch
message; a rejected form computes nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .calculation import BaseKind, Key, Settings

MAX_BUDGET = Decimal("1000000000")  # one billion euros: far above any house's budget
MAX_PERIOD_DAYS = 5 * 366


def last_calendar_year(today: date) -> tuple[date, date]:
    return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)


def _money(label: Any, *, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=Decimal(0),
        max_value=MAX_BUDGET,
        max_digits=12,
        decimal_places=2,
        localize=True,
        error_messages={
            "required": _("Vul een bedrag in."),
            "invalid": _("Vul een bedrag in euro's in, bijvoorbeeld 250000 of 250000,50."),
            "min_value": _("Het bedrag mag niet negatief zijn."),
            "max_value": _("Het bedrag mag niet hoger zijn dan een miljard euro."),
            "max_decimal_places": _("Gebruik hoogstens twee cijfers achter de komma."),
            "max_digits": _("Het bedrag mag niet hoger zijn dan een miljard euro."),
            "max_whole_digits": _("Het bedrag mag niet hoger zijn dan een miljard euro."),
        },
    )


def _percent(label: Any, initial: int) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        initial=initial,
        min_value=0,
        max_value=100,
        error_messages={
            "invalid": _("Vul een heel percentage in, van 0 tot en met 100."),
            "min_value": _("Vul een heel percentage in, van 0 tot en met 100."),
            "max_value": _("Vul een heel percentage in, van 0 tot en met 100."),
        },
    )


def _date(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        error_messages={
            "required": _("Vul een datum in."),
            "invalid": _("Vul een geldige datum in (dd-mm-jjjj)."),
        },
    )


class CoFinancingForm(forms.Form):
    budget = _money(_("Begroting van het huis (euro)"))
    start = _date(_("Periode van"))
    end = _date(_("tot en met"))
    key = forms.ChoiceField(
        label=_("Verdeelsleutel"),
        choices=[
            (Key.INHABITANTS.value, _("Per inwoner")),
            (Key.CASES.value, _("Per casus")),
            (Key.MIX.value, _("Gewogen mix van inwoners en casussen")),
            (Key.FIXED_BASE.value, _("Vaste voet plus een variabel deel")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies een verdeelsleutel."),
            "invalid_choice": _("Kies een van de verdeelsleutels."),
        },
    )
    weight_inhabitants = _percent(_("Gewicht inwoners bij een mix (%)"), 50)
    base_kind = forms.ChoiceField(
        label=_("Vaste voet"),
        required=False,
        choices=[
            (BaseKind.AMOUNT.value, _("Een vast bedrag per gemeente")),
            (BaseKind.PERCENT.value, _("Een percentage van de begroting, gelijk verdeeld")),
        ],
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Kies een van de soorten vaste voet.")},
    )
    base_amount = _money(_("Vast bedrag per gemeente (euro)"), required=False)
    base_percent = _percent(_("Percentage van de begroting voor de vaste voet"), 20)
    variable_key = forms.ChoiceField(
        label=_("Variabel deel verdeeld"),
        required=False,
        choices=[
            (Key.INHABITANTS.value, _("Per inwoner")),
            (Key.CASES.value, _("Per casus")),
            (Key.MIX.value, _("Gewogen mix van inwoners en casussen")),
        ],
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Kies hoe het variabele deel wordt verdeeld.")},
    )

    def __init__(self, *args: Any, one_calendar_year: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # Whoever sees suppressed numbers calculates over one whole calendar year: with free
        # periods, two overlapping ones would give a small count away by their difference.
        self.one_calendar_year = one_calendar_year

    def clean_budget(self) -> Decimal:
        budget: Decimal = self.cleaned_data["budget"]
        if budget <= 0:
            raise forms.ValidationError(_("De begroting moet groter zijn dan nul."))
        return budget

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end:
            if start > end:
                self.add_error("end", _("De einddatum ligt voor de begindatum."))
            elif (end - start).days > MAX_PERIOD_DAYS:
                self.add_error("end", _("Kies een periode van hoogstens vijf jaar."))
            elif self.one_calendar_year and (
                (start.month, start.day) != (1, 1) or end != date(start.year, 12, 31)
            ):
                self.add_error(
                    "start",
                    _("Kies één heel kalenderjaar: van 1 januari tot en met 31 december."),
                )
        key = data.get("key")
        mix = key == Key.MIX or (key == Key.FIXED_BASE and data.get("variable_key") == Key.MIX)
        if mix and data.get("weight_inhabitants") is None:
            self.add_error("weight_inhabitants", _("Vul het gewicht van de inwoners in."))
        if key == Key.FIXED_BASE:
            if not data.get("base_kind"):
                self.add_error("base_kind", _("Kies een soort vaste voet."))
            elif data["base_kind"] == BaseKind.AMOUNT and data.get("base_amount") is None:
                self.add_error("base_amount", _("Vul het vaste bedrag per gemeente in."))
            elif data["base_kind"] == BaseKind.PERCENT and data.get("base_percent") is None:
                self.add_error("base_percent", _("Vul het percentage voor de vaste voet in."))
            if not data.get("variable_key"):
                self.add_error("variable_key", _("Kies hoe het variabele deel wordt verdeeld."))
        return data

    def settings(self) -> Settings:
        data = self.cleaned_data
        weight = data.get("weight_inhabitants")
        return Settings(
            budget=data["budget"],
            key=Key(data["key"]),
            weight_inhabitants=50 if weight is None else weight,
            base_kind=BaseKind(data.get("base_kind") or BaseKind.AMOUNT),
            base_amount=data.get("base_amount") or Decimal(0),
            base_percent=Decimal(data.get("base_percent") or 0),
            variable_key=Key(data.get("variable_key") or Key.INHABITANTS),
        )
