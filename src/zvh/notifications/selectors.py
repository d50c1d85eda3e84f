"""The user's own notifications. They name no person (see services.notify), so reading them
is not an access to personal data and writes no audit event."""

from __future__ import annotations

from django.db.models import QuerySet

from zvh.accounts.models import User
from zvh.authz.actor import Actor
from zvh.core.keyset import Page, keyset_page

from .models import Notification


def _own(actor: Actor) -> QuerySet[Notification]:
    if actor.user_id is None:
        return Notification.objects.none()
    return Notification.objects.filter(user_id=actor.user_id)


def notification_page(*, actor: Actor, cursor: str | None, size: int = 50) -> Page[Notification]:
    return keyset_page(
        _own(actor).only("id", "title", "subject", "body", "link", "created_at", "read_at"),
        order=("-id", "-created_at"),
        cursor=cursor,
        size=size,
    )


def own_preferences(*, actor: Actor) -> User:
    return User.objects.only("id", "email_notifications", "notify_new_referrals").get(
        pk=actor.person_user_id
    )
