"""Telling a user something: in the app always, by e-mail when they want it."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from zvh.accounts.models import User

from .models import Notification


def notify(
    *, user: User, house_id: uuid.UUID, subject: str, body: str = "", link: str = ""
) -> Notification:
    """Stores the notification and, after commit, e-mails it if the user wants e-mail.

    E-mails carry no personal data of persons concerned: only the subject and a link."""
    notification = Notification.objects.create(
        user=user, house_id=house_id, subject=subject, body=body, link=link
    )
    if user.email_notifications and user.email and user.is_active:
        transaction.on_commit(lambda: _send(notification.id))
    return notification


def _send(notification_id: int) -> None:
    notification = Notification.objects.select_related("user").get(pk=notification_id)
    url = f"{settings.ZVH_BASE_URL}{notification.link}" if notification.link else ""
    message = "\n\n".join(part for part in (notification.body, url) if part)
    send_mail(
        subject=f"[ZVH] {notification.subject}",
        message=message,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[notification.user.email],
    )
    Notification.objects.filter(pk=notification_id).update(emailed=True)


def notifications_mark_read(*, user_id: int) -> int:
    """Marks all of a user's unread notifications read; returns how many."""
    from django.utils import timezone

    return Notification.objects.filter(user_id=user_id, read_at__isnull=True).update(
        read_at=timezone.now()
    )
