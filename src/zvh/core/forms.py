"""Form helpers shared by every app's screens."""

from __future__ import annotations

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
