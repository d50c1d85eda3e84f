"""The system-signal register: obstacles in rules, procedures or cooperation that the house
finds in its cases ("systeemfouten"), raised to the steering group with an addressee and a
response. The cases are evidence for the chain manager only; the steering group sees a raised
signal without them. See docs/decisions/0167-system-signal-register.md.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zvh.core.concurrency import VersionedModel
from zvh.core.models import BaseModel

MAX_TITLE = 200
MAX_TEXT = 4000
MAX_ADDRESSEE = 200
MAX_EVIDENCE = 50


class SignalCategory(models.TextChoices):
    RULES = "rules", _("Regels")
    PROCEDURE = "procedure", _("Procedure")
    COOPERATION = "cooperation", _("Samenwerking")
    OTHER = "other", _("Anders")


class SignalStatus(models.TextChoices):
    RECORDED = "recorded", _("Vastgelegd")
    RAISED = "raised", _("Voorgelegd aan de stuurgroep")
    ANSWERED = "answered", _("Beantwoord")
    CLOSED = "closed", _("Afgesloten")


class SystemSignal(VersionedModel, BaseModel):
    house = models.ForeignKey("network.House", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("titel"), max_length=MAX_TITLE)
    description = models.TextField(_("beschrijving"), max_length=MAX_TEXT)
    category = models.CharField(_("soort"), max_length=12, choices=SignalCategory.choices)
    found_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("gevonden door"),
    )
    found_on = models.DateField(_("gevonden op"))
    # Evidence for the chain manager only (authz.system_signal_policy.evidence_cases).
    evidence_cases = models.ManyToManyField(
        "cases.Case", blank=True, related_name="+", verbose_name=_("bewijscasussen")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SignalStatus.choices, default=SignalStatus.RECORDED
    )
    addressee = models.CharField(_("geadresseerde"), max_length=MAX_ADDRESSEE, blank=True)
    raised_on = models.DateField(_("voorgelegd op"), null=True, blank=True)
    response = models.TextField(_("antwoord"), max_length=MAX_TEXT, blank=True)
    response_on = models.DateField(_("antwoord ontvangen op"), null=True, blank=True)

    class Meta:
        verbose_name = _("systeemsignaal")
        verbose_name_plural = _("systeemsignalen")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["recorded", "closed"])
                | models.Q(raised_on__isnull=False),
                name="system_signal_raised_has_date",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="answered") | models.Q(response_on__isnull=False),
                name="system_signal_answered_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["house", "found_on"], name="system_signal_house_found"),
            models.Index(fields=["house", "raised_on"], name="system_signal_house_raised"),
        ]

    def __str__(self) -> str:
        return self.title
