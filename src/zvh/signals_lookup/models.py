"""What the daily digest counts: one row per house hit by a lookup. No person, no terms:
the house only learns how often, and by which organisation, its cases were asked about."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zvh.core.models import BaseModel


class SignalHit(BaseModel):
    house = models.ForeignKey("network.House", on_delete=models.CASCADE, related_name="+")
    requesting_organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    occurred_at = models.DateTimeField(_("tijdstip"))

    class Meta:
        verbose_name = _("signaaltreffer")
        verbose_name_plural = _("signaaltreffers")
        indexes = [models.Index(fields=["house", "occurred_at"], name="signal_hit_house_time")]


class SignalDigest(BaseModel):
    """A digest sent: the unique (house, day) makes the daily command safe to run twice."""

    house = models.ForeignKey("network.House", on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("dag"))
    hits = models.PositiveIntegerField(_("treffers"))

    class Meta:
        verbose_name = _("signaaloverzicht")
        verbose_name_plural = _("signaaloverzichten")
        constraints = [
            models.UniqueConstraint(fields=["house", "day"], name="signal_digest_once_a_day")
        ]
