"""Small web helpers that every app's views share (decision 0193): the method sets, running one
service call against a form or for a button (with its message), and reading an optional id
from the query string.

Core imports no other zvh app: a malformed id is announced with the `malformed_id` signal, and
the access app (which owns denial auditing) records the denial in its receiver.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.dispatch import Signal
from django.http import Http404, HttpRequest
from django.views.decorators.http import require_http_methods

from .forms import add_service_errors

GET_POST = require_http_methods(["GET", "POST"])

# Sent with `request` and `name` (the query parameter) before a malformed id answers 404.
malformed_id = Signal()


def add_form_errors(form: forms.Form, error: ValidationError) -> None:
    """Django's own placement: a field-keyed error lands on the fields it names."""
    form.add_error(None, error)


def saved(
    form: forms.Form,
    write: Callable[[], Any],
    *,
    add_errors: Callable[[forms.Form, ValidationError], None] = add_service_errors,
) -> bool:
    """Runs the service; its ValidationError lands on the form. True when it succeeded."""
    try:
        write()
    except ValidationError as error:
        add_errors(form, error)
        return False
    return True


def uuid_param(request: HttpRequest, name: str) -> uuid.UUID | None:
    """An optional id in the query string; a malformed one is an unknown object (404)."""
    value = request.GET.get(name)
    if not value:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        malformed_id.send(sender=uuid_param, request=request, name=name)
        raise Http404 from None


def action_done(request: HttpRequest, write: Callable[[], Any], success: Callable[[], str]) -> bool:
    """A button without a form runs one service: its ValidationError becomes an error message,
    else `success()` is the success message. True when it succeeded; the caller redirects."""
    try:
        write()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    messages.success(request, success())
    return True
