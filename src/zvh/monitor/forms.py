"""The monitor's forms: the profile, starting a year, and one answer of the questionnaire (its
fields follow the kind of the answer). Server-side only; the labels are the questions' names."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zvh.core.concurrency import VersionFormMixin
from zvh.core.forms import DATE_ERRORS, DATE_FORMATS, DATE_WIDGET

from . import profile as profile_items
from .exchange import vocabulary
from .models.house import MAX_NOTE, MAX_REASON
from .questions import QUESTIONS, Question

UNKNOWN = ""
MAX_EUR = 100_000_000


def _choice(question: Question, *, label: Any = None) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label or question.name,
        choices=[*question.choices, (UNKNOWN, _("Onbekend / niet beantwoord"))],
        widget=forms.RadioSelect,
        required=False,
    )


def _bool(label: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=[("yes", _("Ja")), ("no", _("Nee")), (UNKNOWN, _("Onbekend / niet beantwoord"))],
        widget=forms.RadioSelect,
        required=False,
    )


def _integer(label: Any, *, minimum: int = 0, maximum: int | None = None) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=minimum,
        max_value=maximum,
        required=False,
        error_messages={"invalid": _("Vul een heel getal in.")},
    )


def _fte(label: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=Decimal(0),
        max_digits=5,
        decimal_places=1,
        required=False,
        error_messages={
            "invalid": _("Vul een aantal FTE in met ten hoogste één decimaal, bijvoorbeeld 2,5."),
            "max_decimal_places": _("Gebruik ten hoogste één decimaal."),
        },
    )


def value_fields(question: Question) -> dict[str, forms.Field]:
    """The form fields of one answer, by name."""
    kind = question.kind
    if kind == "coded":
        return {"value": _choice(question)}
    if kind == "bool":
        return {"value": _bool(question.name)}
    if kind == "int":
        maximum = 100 if question.key == "complex_case_reach_pct" else None
        return {"value": _integer(question.name, maximum=maximum)}
    if kind == "year":
        return {"value": _integer(question.name, minimum=1990, maximum=2100)}
    if kind == "eur":
        return {"value": _integer(question.name, maximum=MAX_EUR)}
    if kind == "fte":
        return {"value": _fte(question.name)}
    if kind == "text":
        return {
            "value": forms.CharField(
                label=question.name,
                max_length=2000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("Noem geen personen: dit antwoord bevat geen persoonsgegevens."),
            )
        }
    if kind == "counts":
        return {f"count_{key}": _integer(label) for key, label in vocabulary.PARTNER_ORG_KINDS}
    if kind == "shares":
        return {
            f"share_{key}": _integer(f"{label} (%)", maximum=100)
            for key, label in vocabulary.INFLOW_PARTNERS
        }
    if kind == "task_types":
        return {
            "value": forms.MultipleChoiceField(
                label=question.name,
                choices=vocabulary.NEW_TASK_TYPES,
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )
        }
    if kind == "bodies":
        return {
            f"bodies_{key}": forms.CharField(
                label=label,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Eén gremium per regel."),
            )
            for key, label in vocabulary.AGENDA_BODY_CATEGORIES
        }
    raise ValueError(kind)


def value_from(question: Question, data: dict[str, Any]) -> Any:
    """The answer's value (as in the house record) from the cleaned form data."""
    kind = question.kind
    if kind == "counts":
        return {
            key: data.get(f"count_{key}") or 0
            for key in vocabulary.values(vocabulary.PARTNER_ORG_KINDS)
        }
    if kind == "shares":
        shares = {
            key: data.get(f"share_{key}") for key in vocabulary.values(vocabulary.INFLOW_PARTNERS)
        }
        return shares
    if kind == "bodies":
        return [
            {"category": key, "body": line.strip()}
            for key in vocabulary.values(vocabulary.AGENDA_BODY_CATEGORIES)
            for line in (data.get(f"bodies_{key}") or "").splitlines()
            if line.strip()
        ]
    value = data.get("value")
    if kind == "task_types":
        return list(value or [])
    if kind == "bool":
        return {"yes": True, "no": False}.get(value or "")
    if kind in ("coded", "text"):
        return (value or "").strip() or None
    if kind == "fte":
        return float(value) if value is not None else None
    return value


def initial_for(question: Question, value: Any) -> dict[str, Any]:
    kind = question.kind
    if kind == "counts":
        return {f"count_{k}": n for k, n in (value or {}).items()}
    if kind == "shares":
        return {f"share_{k}": n for k, n in (value or {}).items()}
    if kind == "bodies":
        lines: dict[str, list[str]] = {}
        for body in value or []:
            lines.setdefault(f"bodies_{body['category']}", []).append(body["body"])
        return {name: "\n".join(items) for name, items in lines.items()}
    if kind == "bool":
        return {"value": {True: "yes", False: "no"}.get(value, UNKNOWN)}
    if kind == "coded":
        return {"value": value or UNKNOWN}
    return {"value": value}


class AnswerForm(VersionFormMixin, forms.Form):
    def __init__(self, *args: Any, question: Question, computed: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.question = question
        self.fields.update(value_fields(question))
        if computed:
            self.fields["reason"] = forms.CharField(
                label=_("Reden van de wijziging"),
                max_length=MAX_REASON,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_(
                    "Verplicht als u een ander antwoord geeft dan het berekende. Het berekende "
                    "antwoord blijft bewaard."
                ),
            )

    def answer(self) -> Any:
        return value_from(self.question, self.cleaned_data)


class YearStartForm(forms.Form):
    year = forms.IntegerField(
        label=_("Jaar"), error_messages={"invalid": _("Vul een jaar in, bijvoorbeeld 2026.")}
    )


class ProfileForm(forms.Form):
    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    valid_from = forms.DateField(
        label=_("Geldig vanaf"),
        widget=DATE_WIDGET,
        input_formats=DATE_FORMATS,
        error_messages={**DATE_ERRORS, "required": _("Vul de datum in vanaf wanneer dit geldt.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key in profile_items.PROFILE_RECORD_KEYS:
            question = QUESTIONS[key]
            self.fields[key] = value_fields(question)["value"]
        for key, label in profile_items.PROFILE_TEXT_ITEMS:
            self.fields[key] = forms.CharField(
                label=label,
                max_length=profile_items.MAX_TEXT,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.fields["note"] = forms.CharField(
            label=_("Toelichting bij deze wijziging"), max_length=MAX_NOTE, required=False
        )

    @staticmethod
    def initial_for(values: dict[str, Any]) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for key in profile_items.PROFILE_RECORD_KEYS:
            initial[key] = initial_for(QUESTIONS[key], values.get(key))["value"]
        for key, _label in profile_items.PROFILE_TEXT_ITEMS:
            initial[key] = values.get(key, "")
        return initial

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        result = {
            key: value_from(QUESTIONS[key], {"value": data.get(key)})
            for key in profile_items.PROFILE_RECORD_KEYS
        }
        for key, _label in profile_items.PROFILE_TEXT_ITEMS:
            result[key] = (data.get(key) or "").strip()
        return result

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors:
            for key, message in profile_items.validate_profile(self.values()).items():
                self.add_error(key, message)
        return cleaned
