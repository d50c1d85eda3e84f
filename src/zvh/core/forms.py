"""Form helpers shared by every app's screens."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y"]
DATE_ERRORS = {"invalid": _("Vul een geldige datum in, bijvoorbeeld 31-12-2026.")}


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's errors land on the field they name (unless that field already says what is
    wrong), or above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, messages in error.message_dict.items():
        if name not in form.fields:
            form.add_error(None, messages)
        elif not form.has_error(name):
            form.add_error(name, messages)


@dataclass(frozen=True)
class SummaryField:
    """One field's errors as the error summary names and links them."""

    label: str
    errors: list[str]
    id_for_label: str
    auto_id: str


class ErrorSummary:
    """The errors of several forms on one page as one form for web/_form_errors.html, so that
    the page has one summary (decision 0181). A form may name a field differently in the
    summary than at the field (`summary_labels`): a label that is a question reads badly
    before a colon. `of` names a repeated block the form is, e.g. "huisgenoot 2"."""

    def __init__(self) -> None:
        self._fields: list[SummaryField] = []
        self._general: list[str] = []

    def add(self, form: forms.Form, *, of: str = "") -> ErrorSummary:
        if not form.is_bound:
            return self
        labels: dict[str, str] = getattr(form, "summary_labels", {})
        self._general.extend(str(error) for error in form.non_field_errors())
        for bound in form:
            if not bound.errors:
                continue
            label = str(labels.get(bound.name, bound.label))
            if of:
                label = _("%(label)s van %(of)s") % {"label": label, "of": of}
            self._fields.append(
                SummaryField(
                    label, [str(e) for e in bound.errors], bound.id_for_label, bound.auto_id
                )
            )
        return self

    def add_general(self, messages: Iterable[object]) -> ErrorSummary:
        self._general.extend(str(message) for message in messages)
        return self

    @property
    def errors(self) -> bool:
        return bool(self._fields or self._general)

    def non_field_errors(self) -> list[str]:
        return self._general

    def __iter__(self) -> Iterator[SummaryField]:
        return iter(self._fields)
