"""The durable outbox: e-mail is written down in the transaction that causes it and delivered
by a task, with retries and backoff (decision 0187). The request that causes an e-mail never
talks to the mail server, so a mail server that is down costs it nothing.

Apps above register what happens when their message is accepted (`on_delivered`): the
conference marks the invitation sent, the notification marks itself e-mailed."""

from __future__ import annotations

import datetime
import logging
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from email import encoders
from email.mime.base import MIMEBase
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from .models import MessageStatus, OutgoingMessage
from .retry import can_defer, enqueue_with_commit, next_attempt_at

logger = logging.getLogger(__name__)

DeliveredHook = Callable[[OutgoingMessage], None]
_delivered_hooks: dict[str, DeliveredHook] = {}


def on_delivered(kind: str, hook: DeliveredHook) -> None:
    """Registers what to do, in the delivering transaction, once a message of `kind` has been
    accepted by the mail server (called from an AppConfig.ready)."""
    _delivered_hooks[kind] = hook


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str  # "text/calendar"
    data: str
    params: dict[str, str] = field(default_factory=dict)  # {"method": "REQUEST", ...}

    def stored(self) -> dict[str, Any]:
        return {
            "filename": self.filename,
            "content_type": self.content_type,
            "params": dict(self.params),
            "data": self.data,
        }


@dataclass(frozen=True)
class Mail:
    recipient: str
    subject: str
    body: str
    attachments: tuple[Attachment, ...] = ()


def queue_mail(
    *,
    house_id: uuid.UUID,
    kind: str,
    mails: Iterable[Mail],
    reference: dict[str, Any] | None = None,
) -> list[OutgoingMessage]:
    """Writes the messages and their delivery tasks in the current transaction: a rollback
    leaves neither. One message per recipient, so each has its own state."""
    now = timezone.now()
    messages = OutgoingMessage.objects.bulk_create(
        [
            OutgoingMessage(
                house_id=house_id,
                kind=kind,
                reference=reference or {},
                recipient=mail.recipient,
                subject=mail.subject[:250],
                body=mail.body,
                attachments=[attachment.stored() for attachment in mail.attachments],
                attempt_limit=settings.ZVH_TASK_MAX_ATTEMPTS,
                next_attempt_at=now,
            )
            for mail in mails
            if mail.recipient
        ]
    )
    for message in messages:
        enqueue_with_commit(deliver_message, str(message.pk))
    return messages


@task(priority=10)
def deliver_message(message_id: str) -> str:
    """The outbox's task. Its only argument is the message's id: the task's result row holds
    no address or text."""
    return deliver(message_id)


def email_message(message: OutgoingMessage) -> EmailMessage:
    email = EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
    )
    for stored in message.attachments:
        email.attach(mime_part(Attachment(**stored)))
    return email


def mime_part(attachment: Attachment) -> MIMEBase:
    maintype, subtype = attachment.content_type.split("/", 1)
    part = MIMEBase(maintype, subtype, **attachment.params)  # type: ignore[arg-type]
    part.set_payload(attachment.data.encode(attachment.params.get("charset", "utf-8")))
    # Base64 keeps line ends (a calendar's CRLF and folding) exactly as written.
    encoders.encode_base64(part)
    part.add_header("Content-Disposition", "attachment", filename=attachment.filename)
    return part


def _lease(now: datetime.datetime) -> datetime.datetime:
    timeout = settings.EMAIL_TIMEOUT or 60
    return now + datetime.timedelta(seconds=2 * timeout + 30)


def _claim(message_id: str, now: datetime.datetime) -> OutgoingMessage | None:
    """Takes the message for one attempt, or None when it is sent, or another attempt holds
    it. One conditional UPDATE: no lock is held while the mail server is talked to."""
    claimed = (
        OutgoingMessage.objects.filter(pk=message_id)
        .exclude(status=MessageStatus.SENT)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(claimed_until=_lease(now), last_attempt_at=now)
    )
    if not claimed:
        return None
    return OutgoingMessage.objects.get(pk=message_id)


def deliver(message_id: str) -> str:
    """One attempt to deliver a message; returns what happened ("sent", "skipped", "retry",
    "failed"). A failure is recorded on the message and the next attempt enqueued with backoff;
    after the last allowed attempt the message stays failed, visible to the administrator."""
    now = timezone.now()
    message = _claim(message_id, now)
    if message is None:
        return "skipped"
    attempt = message.attempts + 1
    try:
        get_connection(fail_silently=False).send_messages([email_message(message)])
    except Exception as error:  # any failure of the mail server or the connection to it
        return _failed(message, attempt, error)
    with transaction.atomic():
        OutgoingMessage.objects.filter(pk=message.pk).update(
            status=MessageStatus.SENT,
            sent_at=timezone.now(),
            attempts=attempt,
            claimed_until=None,
            next_attempt_at=None,
            last_error="",
        )
        hook = _delivered_hooks.get(message.kind)
        if hook is not None:
            # The mail server has the message: whatever the hook meets, it stays sent (a
            # rollback here would send it again).
            try:
                with transaction.atomic():
                    hook(message)
            except Exception:
                logger.exception("Outgoing message %s: its delivery hook failed", message.pk)
    return "sent"


def _failed(message: OutgoingMessage, attempt: int, error: Exception) -> str:
    text = f"{type(error).__name__}: {error}"[:500]
    retry = attempt < message.attempt_limit and can_defer(deliver_message)
    later = next_attempt_at(attempt, now=timezone.now()) if retry else None
    with transaction.atomic():
        OutgoingMessage.objects.filter(pk=message.pk).update(
            status=MessageStatus.QUEUED if retry else MessageStatus.FAILED,
            attempts=attempt,
            claimed_until=None,
            next_attempt_at=later,
            last_error=text,
        )
        if later is not None:
            deliver_message.using(run_after=later).enqueue(str(message.pk))
    logger.warning(
        "Outgoing message %s: attempt %d failed (%s)%s",
        message.pk,
        attempt,
        type(error).__name__,
        f"; next attempt at {later.isoformat()}" if later else "; no further attempt",
    )
    # Raised on, so that the task backend records the attempt as failed (and it is counted).
    raise DeliveryFailed(text) from error


class DeliveryFailed(Exception):
    """An attempt to deliver an outgoing message failed (already recorded on the message)."""


def retry_now(message: OutgoingMessage) -> bool:
    """Queues a message that is not sent for an attempt at once, with a fresh series of
    attempts. False when it was sent meanwhile (nothing is sent twice)."""
    now = timezone.now()
    with transaction.atomic():
        updated = (
            OutgoingMessage.objects.filter(pk=message.pk)
            .exclude(status=MessageStatus.SENT)
            .update(
                status=MessageStatus.QUEUED,
                attempt_limit=message.attempts + settings.ZVH_TASK_MAX_ATTEMPTS,
                next_attempt_at=now,
            )
        )
        if updated:
            enqueue_with_commit(deliver_message, str(message.pk))
    return bool(updated)


def outbox_prune(*, sent_before: datetime.datetime, failed_before: datetime.datetime) -> int:
    """Removes sent messages sent before `sent_before` and failed ones last tried before
    `failed_before` (retention, decision 0187). Returns how many went."""
    deleted, _ = OutgoingMessage.objects.filter(
        Q(status=MessageStatus.SENT, sent_at__lt=sent_before)
        | Q(status=MessageStatus.FAILED, last_attempt_at__lt=failed_before)
    ).delete()
    return deleted


def task_results_prune(*, finished_before: datetime.datetime) -> int:
    """Removes the results of tasks that finished before then (their arguments are ids)."""
    from django_tasks_db.models import DBTaskResult

    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lt=finished_before).delete()
    return deleted


def technical_rows_prune(*, now: datetime.datetime, dry_run: bool = False) -> dict[str, int]:
    """Retention of the outbox and the task results (settings ZVH_OUTBOX_SENT_KEEP_DAYS,
    ZVH_OUTBOX_FAILED_KEEP_DAYS, ZVH_TASK_RESULTS_KEEP_DAYS). With dry_run only counts."""
    from django_tasks_db.models import DBTaskResult

    day = datetime.timedelta(days=1)
    sent_before = now - settings.ZVH_OUTBOX_SENT_KEEP_DAYS * day
    failed_before = now - settings.ZVH_OUTBOX_FAILED_KEEP_DAYS * day
    results_before = now - settings.ZVH_TASK_RESULTS_KEEP_DAYS * day
    if dry_run:
        return {
            "outgoing_messages": OutgoingMessage.objects.filter(
                Q(status=MessageStatus.SENT, sent_at__lt=sent_before)
                | Q(status=MessageStatus.FAILED, last_attempt_at__lt=failed_before)
            ).count(),
            "task_results": DBTaskResult.objects.finished()
            .filter(finished_at__lt=results_before)
            .count(),
        }
    return {
        "outgoing_messages": outbox_prune(sent_before=sent_before, failed_before=failed_before),
        "task_results": task_results_prune(finished_before=results_before),
    }
