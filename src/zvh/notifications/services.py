"""Telling a user something: in the app always, by e-mail when they want it."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import translation

from zvh.accounts.models import User
from zvh.audit.models import Action
from zvh.audit.services import audit_record
from zvh.jobs import outbox
from zvh.jobs.models import OutgoingMessage

from .models import Notification
from .titles import Title


def notify(
    *,
    user: User,
    house_id: uuid.UUID,
    subject: Title | str,
    body: str = "",
    link: str = "",
    dedupe_key: str = "",
) -> Notification:
    """Stores the notification and, if the user wants e-mail, puts the e-mail in the outbox in
    the same transaction (decision 0187): a worker delivers it, with retries.

    A `Title` is stored as key and parameters and shown in the reader's language; its text in
    the house's language is kept beside it for the e-mail. A plain string is stored as it is.
    E-mails carry no personal data of persons concerned: only the subject and a link."""
    if isinstance(subject, Title):
        with translation.override(settings.LANGUAGE_CODE):
            text = subject.render()
        title = subject.stored()
    else:
        text, title = subject, {}
    notification = Notification.objects.create(
        user=user,
        house_id=house_id,
        title=title,
        subject=text[:200],
        body=body,
        link=link,
        dedupe_key=dedupe_key,
    )
    if user.email_notifications and user.email and user.is_active:
        _queue_email(notification, user.email)
    return notification


def notify_once(
    *,
    user: User,
    house_id: uuid.UUID,
    subject: Title | str,
    body: str = "",
    link: str = "",
    audit_object_type: str,
    audit_detail: dict[str, Any],
    record: Callable[[], object] | None = None,
    dedupe_key: str = "",
) -> bool:
    """A message that a daily job must send only once. Either `record` writes the rows that say
    it was sent, under a unique constraint (per item, day and kind, say), or `dedupe_key` names
    what the message is about, unique per user on the notification itself (one review date of
    one case, say). Those rows, the message and its audit event are one transaction, so a second
    run, or one running at the same time, meets the constraint and sends nothing (its e-mail is
    dropped with the rolled-back savepoint). Returns False then."""
    if record is None and not dedupe_key:
        raise ValueError("notify_once needs a record or a dedupe_key")
    try:
        with transaction.atomic():
            if record is not None:
                record()
            notify(
                user=user,
                house_id=house_id,
                subject=subject,
                body=body,
                link=link,
                dedupe_key=dedupe_key,
            )
            audit_record(
                actor=None,
                action=Action.CREATE,
                object_type=audit_object_type,
                house_id=house_id,
                detail={"recipient": user.pk, **audit_detail},
            )
    except IntegrityError:
        return False
    return True


EMAIL_KIND = "notification"


def _queue_email(notification: Notification, address: str) -> None:
    url = f"{settings.ZVH_BASE_URL}{notification.link}" if notification.link else ""
    outbox.queue_mail(
        house_id=notification.house_id,
        kind=EMAIL_KIND,
        reference={"notification": notification.pk},
        mails=[
            outbox.Mail(
                recipient=address,
                subject=f"[ZVH] {notification.subject}",
                body="\n\n".join(part for part in (notification.body, url) if part),
            )
        ],
    )


def notification_emailed(message: OutgoingMessage) -> None:
    """The mail server accepted the notification's e-mail."""
    Notification.objects.filter(pk=message.reference["notification"]).update(emailed=True)


def notification_preferences_set(
    *, user_id: int, email_notifications: bool, notify_new_referrals: bool
) -> None:
    """The user's own choices; they concern nobody else, so no audit event."""
    User.objects.filter(pk=user_id).update(
        email_notifications=email_notifications, notify_new_referrals=notify_new_referrals
    )


def notifications_mark_read(*, user_id: int) -> int:
    """Marks all of a user's unread notifications read; returns how many."""
    from django.utils import timezone

    return Notification.objects.filter(user_id=user_id, read_at__isnull=True).update(
        read_at=timezone.now()
    )
