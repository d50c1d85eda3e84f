"""The durable outbox and the worker's heartbeat (decision 0187).

An outgoing message is written in the transaction of the change that causes it; a task delivers
it. It is "sent" only once the mail server accepted it. The row holds what the e-mail says (the
texts name no person, only numbers and links) and its recipient's address: it is protected like
the rest of the house's data and removed by retention some time after it was sent."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zvh.core.models import BaseModel


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("In de wachtrij")
    SENT = "sent", _("Verzonden")
    FAILED = "failed", _("Mislukt")


class OutgoingMessage(BaseModel):
    house = models.ForeignKey("network.House", on_delete=models.CASCADE, related_name="+")
    # What the message is about, for its delivery hook (zvh.jobs.outbox.on_delivered): e.g.
    # "conference_invitation". `reference` holds the ids the hook needs, never personal data.
    kind = models.CharField(max_length=40)
    reference = models.JSONField(default=dict, blank=True)
    recipient = models.EmailField(max_length=254)
    subject = models.CharField(max_length=250)
    body = models.TextField()
    # [{"filename", "content_type", "params": {...}, "data": text}]: a calendar, for instance.
    attachments = models.JSONField(default=list, blank=True)
    status = models.CharField(
        max_length=10, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    attempts = models.PositiveIntegerField(default=0)
    # Attempts allowed in all: a retry by the administrator grants a fresh series.
    attempt_limit = models.PositiveIntegerField()
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    # An attempt in progress holds the message until then (two tasks never send it twice at
    # once); an attempt that died with its worker frees it when this has passed.
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            # The administrator's page: the house's messages that are not sent, newest first.
            models.Index(fields=["house", "status", "-created_at", "id"], name="outbox_by_house"),
            # Retention: sent messages by age.
            models.Index(fields=["status", "sent_at"], name="outbox_sent_age"),
        ]

    @property
    def can_retry(self) -> bool:
        return self.status != MessageStatus.SENT


class WorkerHeartbeat(models.Model):
    """One row per running worker (`manage.py run_worker`), touched while it polls."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    hostname = models.CharField(max_length=255, blank=True)
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)
    tasks_run = models.PositiveBigIntegerField(default=0)
