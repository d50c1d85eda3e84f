"""The house's covenants: the cooperation covenant and the privacy covenant, with their parties.

A minimal registry for now: who is party to a signed, unexpired privacy covenant decides
whether a conference attendee must accept a confidentiality declaration first (see
`selectors.covenant_party_ids`). The lawful-sharing work extends it: warnings to the chain
manager (`warning_selectors.py`, `warning_digest.py`), category rules. See
docs/decisions/0111-covenant-registry.md and 0146-covenant-warnings-and-privacy-officer-tools.md.
"""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zvh.core.concurrency import VersionedModel
from zvh.core.models import BaseModel
from zvh.core.storage import private_storage

MAX_TITLE = 200


class CovenantKind(models.TextChoices):
    COOPERATION = "cooperation", _("Samenwerkingsconvenant")
    PRIVACY = "privacy", _("Privacyconvenant")


class CovenantStatus(models.TextChoices):
    DRAFT = "draft", _("Concept")
    SIGNED = "signed", _("Ondertekend")
    EXPIRED = "expired", _("Verlopen")


def _document_path(instance: Covenant, filename: str) -> str:
    # Never the uploader's file name in the path: it is kept apart, for the download only.
    return f"covenants/{instance.house_id}/{uuid.uuid4()}.pdf"


class Covenant(VersionedModel, BaseModel):
    """`version` is the optimistic-lock counter of the row (VersionedModel); the version of
    the covenant text itself is `document_version`."""

    house = models.ForeignKey("network.House", on_delete=models.CASCADE, related_name="covenants")
    kind = models.CharField(_("soort"), max_length=12, choices=CovenantKind.choices)
    title = models.CharField(_("titel"), max_length=MAX_TITLE)
    document_version = models.CharField(_("versie"), max_length=20, blank=True)
    signed_on = models.DateField(_("ondertekend op"), null=True, blank=True)
    expires_on = models.DateField(_("geldig tot en met"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CovenantStatus.choices, default=CovenantStatus.DRAFT
    )
    parties = models.ManyToManyField(
        "network.Organisation",
        related_name="covenants",
        blank=True,
        verbose_name=_("partijen"),
    )
    document = models.FileField(
        _("document"), storage=private_storage, upload_to=_document_path, blank=True
    )
    document_name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["kind", "-signed_on", "title"]
        verbose_name = _("convenant")
        verbose_name_plural = _("convenanten")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status=CovenantStatus.SIGNED)
                | models.Q(signed_on__isnull=False),
                name="covenant_signed_has_date",
            ),
            models.CheckConstraint(
                condition=models.Q(signed_on__isnull=True)
                | models.Q(expires_on__isnull=True)
                | models.Q(expires_on__gte=models.F("signed_on")),
                name="covenant_expires_after_signing",
            ),
        ]
        indexes = [models.Index(fields=["house", "kind", "status"], name="covenant_house_kind")]

    def __str__(self) -> str:
        return self.title

    def effective_status(self, today: date | None = None) -> str:
        """A signed covenant past its end date counts as expired, without anyone saving it."""
        today = today or timezone.localdate()
        if (
            self.status == CovenantStatus.SIGNED
            and self.expires_on is not None
            and self.expires_on < today
        ):
            return CovenantStatus.EXPIRED
        return self.status

    @property
    def effective_status_label(self) -> str:
        return str(dict(CovenantStatus.choices)[self.effective_status()])


class CovenantWarningKind(models.TextChoices):
    # An organisation takes part in cases of the house without a signed, valid privacy covenant.
    NO_PRIVACY_COVENANT = "no_privacy_covenant", _("Deelnemer zonder privacyconvenant")
    # A signed covenant ends soon and no later one of the same kind succeeds it.
    EXPIRING = "expiring", _("Convenant verloopt binnenkort")


class CovenantWarningSent(models.Model):
    """One warning sent to one chain manager on one day: the organisation's or the covenant's
    id is the subject. Unique, and written in the transaction of the message, so a second
    run of `send_covenant_warnings` on the same day (or one at the same time) sends nothing;
    the rows of the last days also keep a warning from being repeated every day."""

    id = models.BigAutoField(primary_key=True)
    house = models.ForeignKey("network.House", on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=24, choices=CovenantWarningKind.choices)
    subject_id = models.UUIDField()
    day = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "subject_id", "day"],
                name="covenant_warning_once_a_day",
            )
        ]
