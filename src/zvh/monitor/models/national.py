"""The national side of the monitor: the house records imported for a year, and one row per
import. A record holds no personal data (the exchange format has no key for a person); it is
kept as the JSON it arrived as, so that the tables are always computed from what was imported
(zvh.monitor.exchange.tables), never from a copy kept in columns."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zvh.core.models import BaseModel


class MonitorImport(BaseModel):
    """One import of a year's file: what came in, from whom, and what it changed."""

    year = models.PositiveSmallIntegerField(_("jaar"))
    file_name = models.CharField(_("bestandsnaam"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(_("geïmporteerd op"))
    records_new = models.PositiveIntegerField(_("nieuwe records"))
    records_replaced = models.PositiveIntegerField(_("vervangen records"))

    objects: models.Manager[MonitorImport] = models.Manager()

    class Meta:
        ordering = ("-imported_at",)
        indexes = [models.Index(fields=["year", "-imported_at"], name="monitor_import_year")]

    def __str__(self) -> str:
        return f"{self.year} {self.file_name}"


class NationalHouseRecord(BaseModel):
    """A house's record of one year as imported (the latest import of that house and year)."""

    year = models.PositiveSmallIntegerField(_("jaar"))
    house_code = models.CharField(_("code van het huis"), max_length=40)
    house_name = models.CharField(_("naam van het huis"), max_length=200)
    record = models.JSONField(_("record"))
    format_version = models.PositiveSmallIntegerField(_("versie van het formaat"))
    # sha256 of the record's canonical JSON: what the audit of a replacement names.
    record_hash = models.CharField(max_length=64)
    source_import = models.ForeignKey(
        MonitorImport, on_delete=models.PROTECT, related_name="records"
    )
    imported_at = models.DateTimeField(_("geïmporteerd op"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects: models.Manager[NationalHouseRecord] = models.Manager()

    class Meta:
        ordering = ("year", "house_code")
        constraints = [
            models.UniqueConstraint(fields=["year", "house_code"], name="monitor_record_year_house")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.house_code}"
