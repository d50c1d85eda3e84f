"""Optimistic locking: a version number per row, so a second concurrent save is refused.

A form carries the version it was opened with; the service writes only if the row still has
that version, in one conditional UPDATE (no lock is held while the user types).
"""

from __future__ import annotations

from typing import Any, TypeVar

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

STALE_MESSAGE = _(
    "Iemand anders heeft deze gegevens gewijzigd nadat u ze opende. Uw wijziging is niet "
    "opgeslagen. Bekijk de huidige gegevens en sla daarna opnieuw op als uw wijziging nog "
    "nodig is."
)


class StaleObjectError(Exception):
    """The row changed (or disappeared) since the form was opened."""

    def __init__(self, message: Any = STALE_MESSAGE) -> None:
        super().__init__(message)
        self.message = message


class VersionedModel(models.Model):
    version = models.PositiveIntegerField(_("versie"), default=1, editable=False)

    class Meta:
        abstract = True


class VersionFormMixin(forms.Form):
    """The version the form was opened with, posted back unchanged."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def update_versioned(
    instance: VersionedModel, *, expected_version: int, values: dict[str, Any]
) -> None:
    """Writes `values` only if the row still has `expected_version`, and bumps the version.

    Raises StaleObjectError otherwise. Call inside the service's transaction.
    """
    model = type(instance)
    changes = dict(values)
    changes.update(_auto_now_values(model))
    updated = model._default_manager.filter(pk=instance.pk, version=expected_version).update(
        version=models.F("version") + 1, **changes
    )
    if updated != 1:
        raise StaleObjectError
    for name, value in changes.items():
        setattr(instance, name, value)
    instance.version = expected_version + 1


def _auto_now_values(model: type[models.Model]) -> dict[str, Any]:
    # QuerySet.update() skips auto_now fields; set them as save() would.
    now = timezone.now()
    return {
        field.name: now
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now", False)
    }


F = TypeVar("F", bound=forms.Form)


def stale_form(form_class: type[F], data: Any, *, current_version: int, **kwargs: Any) -> F:
    """The user's input again, now against the current version, with the conflict message.

    Shown beside the current values, so saving once more is a deliberate overwrite.
    """
    data = data.copy()
    data["version"] = str(current_version)
    form = form_class(data, **kwargs)
    form.is_valid()
    form.add_error(None, STALE_MESSAGE)
    return form
