"""Form helpers shared by every app's screens."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


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
