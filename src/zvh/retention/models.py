"""Retention: the terms each house confirmed, the runs of `apply_retention`, the deletion log
and the recorded prunes of the access log. See docs/decisions/0144-retention.md and
docs/retention.md.

Nothing here holds personal data: the deletion log names what went by kind and internal id only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from zvh.core.concurrency import VersionedModel
from zvh.core.models import BaseModel

MIN_MONTHS = 1
MAX_MONTHS = 240  # twenty years: anything longer is a typing error, not a retention policy


class RetentionKind(models.TextChoices):
    REFERRAL_NOT_ACCEPTED = "referral_not_accepted", _("Niet geaccepteerde aanmeldingen")
    CLOSED_CASE = "closed_case", _("Afgesloten casussen")
    AUDIT_EVENT = "audit_event", _("Toegangslog")


# The defaults of the issue. A house must confirm each term before retention runs.
DEFAULT_MONTHS: dict[str, int] = {
    RetentionKind.REFERRAL_NOT_ACCEPTED: 12,
    RetentionKind.CLOSED_CASE: 60,
    RetentionKind.AUDIT_EVENT: 84,
}

# From when a term counts, as the screen and the docs say it.
TERM_STARTS: dict[str, Promise] = {
    RetentionKind.REFERRAL_NOT_ACCEPTED: _("na het besluit (of het intrekken of doorsturen)"),
    RetentionKind.CLOSED_CASE: _("na het afsluiten van de casus"),
    RetentionKind.AUDIT_EVENT: _("na de gebeurtenis"),
}


class RetentionTerm(VersionedModel, BaseModel):
    """A term the house has confirmed. A kind without a row is not configured: its default is
    shown, and `apply_retention` refuses to run until someone confirms it."""

    house = models.ForeignKey("network.House", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("soort gegevens"), max_length=32, choices=RetentionKind.choices)
    months = models.PositiveSmallIntegerField(_("termijn (maanden)"))
    confirmed_at = models.DateTimeField(_("bevestigd op"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("bevestigd door"),
    )

    class Meta:
        verbose_name = _("bewaartermijn")
        verbose_name_plural = _("bewaartermijnen")
        constraints = [
            models.UniqueConstraint(fields=["house", "kind"], name="retention_term_unique"),
            models.CheckConstraint(
                condition=models.Q(months__gte=MIN_MONTHS, months__lte=MAX_MONTHS),
                name="retention_term_months_range",
            ),
        ]


class RetentionRun(BaseModel):
    """One run of `apply_retention` that removed something. A run that finds nothing to do
    writes nothing, so running it daily leaves no trace on quiet days."""

    reference_date = models.DateField(_("peildatum"))
    started_at = models.DateTimeField(_("gestart op"))
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)
    summary = models.JSONField(default=dict)  # {house id or "": {object type: count}}

    class Meta:
        verbose_name = _("bewaartermijnrun")
        verbose_name_plural = _("bewaartermijnruns")


class DeletedObject(models.TextChoices):
    CASE = "case", _("Casus")
    REFERRAL = "referral", _("Aanmelding")
    PERSON = "person", _("Betrokkene")
    AUDIT_EVENTS = "audit_events", _("Gebeurtenissen in de toegangslog")


class DeletionLogEntry(models.Model):
    """What went, metadata only: kind, internal id, house, the term that applied and from when
    it counted, when, and by which run. No foreign keys: the log outlives what it names."""

    id = models.BigAutoField(primary_key=True)
    run = models.ForeignKey(RetentionRun, on_delete=models.PROTECT, related_name="entries")
    deleted_at = models.DateTimeField(_("verwijderd op"))
    house_id = models.UUIDField(_("huis"), null=True)
    object_type = models.CharField(_("soort"), max_length=20, choices=DeletedObject.choices)
    # A UUID; for the access log the range of event ids ("1-5000").
    object_id = models.CharField(_("intern kenmerk"), max_length=64)
    term = models.CharField(_("termijn"), max_length=32, choices=RetentionKind.choices)
    term_months = models.PositiveSmallIntegerField(_("termijn (maanden)"), null=True)
    term_started_on = models.DateField(_("termijn liep vanaf"), null=True)
    count = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("verwijderregel")
        verbose_name_plural = _("verwijderlog")
        indexes = [models.Index(fields=["house_id", "deleted_at"], name="deletion_log_house")]


class AuditPrune(models.Model):
    """A recorded prune of the oldest events of one chain of the access log. The append-only
    triggers let a DELETE through only for events of that chain up to `through_seq` (the legacy
    chain: `through_event_id`), and never a chain's newest event (migration 0003): this row is
    the privileged path, written in the same transaction as the deletion and the keyed anchor
    event that records the chain's new start. `audit_verify` reports a row reaching past that
    start: it was not made here (decision 0190)."""

    id = models.BigAutoField(primary_key=True)
    run = models.ForeignKey(RetentionRun, on_delete=models.PROTECT, related_name="+")
    pruned_at = models.DateTimeField()
    # The chain: the house's, the system chain (NULL house) or, with through_seq NULL, the
    # legacy global chain.
    house_id = models.UUIDField(null=True)
    through_seq = models.BigIntegerField(null=True)
    through_event_id = models.BigIntegerField()
    through_hash = models.CharField(max_length=64)
    events = models.PositiveBigIntegerField()
