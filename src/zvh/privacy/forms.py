from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .anomalies import (
    DEFAULT_DENIALS_PER_DAY,
    DEFAULT_PERIOD_DAYS,
    DEFAULT_READS_PER_HOUR,
    MAX_PERIOD_DAYS,
    Criteria,
)

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as Promise

DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y"]
DATE_ERROR = {"invalid": _("Vul een geldige datum in, bijvoorbeeld 31-12-2026.")}


def _date_field(label: str | Promise) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=DATE_FORMATS,
        error_messages={**DATE_ERROR, "required": _("Vul een datum in.")},
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _threshold_field(
    label: str | Promise, help_text: str | Promise, maximum: int
) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        min_value=1,
        max_value=maximum,
        error_messages={
            "required": _("Vul een aantal in."),
            "invalid": _("Vul een heel getal in."),
            "min_value": _("Vul een aantal van minstens %(limit_value)s in."),
            "max_value": _("Vul een aantal van hoogstens %(limit_value)s in."),
        },
    )


class AnomalyReportForm(forms.Form):
    """The period and the thresholds, in the query string: none of it is personal data.
    Missing values take the defaults (the last week)."""

    van = _date_field(_("Van"))
    tot = _date_field(_("Tot en met"))
    weigeringen = _threshold_field(
        _("Weigeringen per dag"),
        _("Meld gebruikers met meer weigeringen op één dag."),
        10_000,
    )
    inzages = _threshold_field(
        _("Betrokkenen per uur"),
        _("Meld gebruikers die in één uur meer verschillende betrokkenen inzagen."),
        1_000_000,
    )

    @classmethod
    def for_query(cls, query: Any) -> AnomalyReportForm:
        today = timezone.localdate()
        data = {
            "van": (today - timedelta(days=DEFAULT_PERIOD_DAYS - 1)).isoformat(),
            "tot": today.isoformat(),
            "weigeringen": str(DEFAULT_DENIALS_PER_DAY),
            "inzages": str(DEFAULT_READS_PER_HOUR),
        }
        data.update({name: query[name] for name in data if name in query})
        return cls(data)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("van"), cleaned.get("tot")
        if start and end:
            if start > timezone.localdate():
                self.add_error("van", _("De begindatum ligt in de toekomst."))
            elif end < start:
                self.add_error("tot", _("De einddatum ligt vóór de begindatum."))
            elif (end - start).days + 1 > MAX_PERIOD_DAYS:
                self.add_error(
                    "tot",
                    _("Kies een periode van hoogstens %(days)d dagen.") % {"days": MAX_PERIOD_DAYS},
                )
        return cleaned

    def criteria(self) -> Criteria:
        data = self.cleaned_data
        return Criteria(
            start=data["van"],
            end=data["tot"],
            denials_per_day=data["weigeringen"],
            reads_per_hour=data["inzages"],
        )
