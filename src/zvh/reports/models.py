"""The steering-group report: a quarter's or a year's figures of the house, frozen when it is
generated, with the chain manager's narrative (docs/decisions/0170-steering-group-report.md).

A report is a version: generating again for the same house and period makes version n+1 and
leaves the earlier ones as they were. The figures (`figures`, already suppressed with the
house's threshold) and the system signals raised to the steering group (`system_signals`) are
frozen at `computed_at` and never change. The narrative may be edited while the report is a
draft; once "vastgesteld" (final) nothing of it changes, and only then do steering-group members
see it. The PDF is rendered from these frozen fields alone, so it says the same every time.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zvh.core.concurrency import VersionedModel
from zvh.core.models import BaseModel

MAX_NARRATIVE = 5000


class ReportKind(models.TextChoices):
    QUARTER = "quarter", _("Kwartaalrapportage")
    YEAR = "year", _("Jaarrapportage")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Concept")
    FINAL = "final", _("Vastgesteld")


# The chain manager's narrative fields, in the order the report shows them, with their labels.
NARRATIVE_LABELS: dict[str, Any] = {
    "summary": _("samenvatting"),
    "developments": _("ontwikkelingen in de periode"),
    "signals_commentary": _("toelichting op de systeemsignalen"),
    "outlook": _("vooruitblik"),
}
NARRATIVE_FIELDS = tuple(NARRATIVE_LABELS)


class SteeringReport(BaseModel, VersionedModel):
    house = models.ForeignKey(
        "network.House", on_delete=models.CASCADE, related_name="steering_reports"
    )
    kind = models.CharField(_("soort"), max_length=10, choices=ReportKind.choices)
    period_start = models.DateField(_("begin periode"))
    period_end = models.DateField(_("einde periode"))
    # The report's version for its house and period: 1, 2, ... (`version` is the edit lock).
    number = models.PositiveIntegerField(_("versie"))
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    summary = models.TextField(NARRATIVE_LABELS["summary"], blank=True, max_length=MAX_NARRATIVE)
    developments = models.TextField(
        NARRATIVE_LABELS["developments"], blank=True, max_length=MAX_NARRATIVE
    )
    signals_commentary = models.TextField(
        NARRATIVE_LABELS["signals_commentary"], blank=True, max_length=MAX_NARRATIVE
    )
    outlook = models.TextField(NARRATIVE_LABELS["outlook"], blank=True, max_length=MAX_NARRATIVE)
    # Frozen at generation: [{"group", "title", "tables": [FigureTable.to_json() of a
    # suppressed table, ...]}, ...]; and the signals: [{"title", "status", ...}, ...].
    figures = models.JSONField(default=list)
    system_signals = models.JSONField(default=list)
    suppression_threshold = models.PositiveSmallIntegerField(_("drempel kleine aantallen"))
    computed_at = models.DateTimeField(_("berekend op"))
    # Who generated and set it (the access log keeps it too, should the account go).
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, related_name="+", null=True
    )
    finalised_at = models.DateTimeField(_("vastgesteld op"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("stuurgroeprapportage")
        verbose_name_plural = _("stuurgroeprapportages")
        ordering = ["-period_start", "kind", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["house", "kind", "period_start", "number"],
                name="steering_report_version_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="steering_report_period_order",
            ),
        ]
        indexes = [models.Index(fields=["house", "status", "period_start"])]

    def __str__(self) -> str:
        return f"{self.period_label} v{self.number}"

    @property
    def is_final(self) -> bool:
        return self.status == ReportStatus.FINAL

    @property
    def period_label(self) -> str:
        return period_label(self.kind, self.period_start)

    @property
    def period_query(self) -> str:
        """The generate form's query string for this report's period (a new version)."""
        query = {"kind": self.kind, "year": self.period_start.year}
        if self.kind == ReportKind.QUARTER:
            query["quarter"] = (self.period_start.month - 1) // 3 + 1
        return urlencode(query)

    @property
    def narrative(self) -> list[tuple[Any, str]]:
        """(label, text) of each narrative field, in order."""
        return [(label, getattr(self, name)) for name, label in NARRATIVE_LABELS.items()]


def period_label(kind: str, start: date) -> str:
    if kind == ReportKind.QUARTER:
        return f"{start.year} K{(start.month - 1) // 3 + 1}"
    return str(start.year)
