"""The house side of the monitor: the house profile (append-only versions, each valid from a
date) and the yearly questionnaire with one answer per record key and its provenance.
See docs/decisions/0183-house-profile-and-questionnaire.md."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zvh.core.concurrency import VersionedModel
from zvh.core.models import BaseModel

MAX_NOTE = 500
MAX_REASON = 1000


class HouseProfileVersion(BaseModel):
    """One version of the house profile. Never changed: a change is the next number. The
    unique (house, number) pair makes a concurrent second save of the same base fail."""

    house = models.ForeignKey("network.House", on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField(_("versie"))
    valid_from = models.DateField(_("geldig vanaf"))
    # The entered items: record keys of the exchange vocabulary, and profile-only texts.
    values = models.JSONField(default=dict)
    note = models.CharField(_("toelichting"), max_length=MAX_NOTE, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("versie van het huisprofiel")
        verbose_name_plural = _("versies van het huisprofiel")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["house", "number"], name="monitor_profile_number")
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.valid_from})"


class QuestionnaireStatus(models.TextChoices):
    OPEN = "open", _("In behandeling")
    SUBMITTED = "submitted", _("Ingediend")


class Questionnaire(VersionedModel, BaseModel):
    house = models.ForeignKey("network.House", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("jaar"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=QuestionnaireStatus.choices,
        default=QuestionnaireStatus.OPEN,
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The house record exactly as it was submitted (the export reads this, never the answers).
    record = models.JSONField(null=True, blank=True)

    class Meta:
        verbose_name = _("vragenlijst")
        verbose_name_plural = _("vragenlijsten")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["house", "year"], name="monitor_questionnaire_year")
        ]

    def __str__(self) -> str:
        return str(self.year)

    @property
    def is_submitted(self) -> bool:
        return self.status == QuestionnaireStatus.SUBMITTED


class Provenance(models.TextChoices):
    COMPUTED = "computed", _("Berekend uit de gegevens van het huis")
    PROFILE = "profile", _("Uit het profiel")
    ENTERED = "entered", _("Ingevoerd")
    UNKNOWN = "unknown", _("Onbekend / niet beantwoord")


class Answer(BaseModel):
    """The answer to one record key. A computed answer keeps its computed value when the chain
    manager changes it (`value` then differs, `reason` says why)."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="answers"
    )
    key = models.CharField(max_length=64)
    provenance = models.CharField(max_length=10, choices=Provenance.choices)
    value = models.JSONField(null=True, blank=True)
    computed = models.BooleanField(default=False)
    computed_value = models.JSONField(null=True, blank=True)
    # How the computed value was found (Dutch, shown beside the answer) and its counts.
    definition = models.TextField(blank=True)
    detail = models.TextField(blank=True)
    reason = models.TextField(_("reden van de wijziging"), max_length=MAX_REASON, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    entered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "key"], name="monitor_answer_key")
        ]

    def __str__(self) -> str:
        return self.key

    @property
    def overridden(self) -> bool:
        return self.computed and self.value != self.computed_value
