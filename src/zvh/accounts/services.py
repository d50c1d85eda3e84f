"""Account writes: logging in with both factors, ending sessions."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.contrib.auth import login as auth_login
from django.contrib.auth.signals import user_login_failed
from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp import match_token

from zvh.audit.models import Action, Result
from zvh.audit.services import audit_record

from .models import User, UserSession


def login_with_second_factor(
    *, request: HttpRequest, username: str, password: str, token: str
) -> User | None:
    """Both factors or nothing. Every failure looks the same and counts towards the lockout."""
    user = authenticate(request, username=username, password=password)
    device = match_token(user, token) if user is not None else None
    if user is None or device is None:
        if user is not None:
            # Password right, code wrong: still a failed login for axes and the log.
            user_login_failed.send(
                sender=__name__, credentials={"username": username}, request=request
            )
        audit_record(
            actor=None,
            action=Action.LOGIN_FAILED,
            object_type="user",
            object_id=user.pk if user is not None else "",
            user_id=user.pk if user is not None else None,
            result=Result.FAILED,
        )
        return None
    auth_login(request, user)
    otp_login(request, device)
    UserSession.objects.get_or_create(user=user, session_key=request.session.session_key or "")
    return user


def user_sessions_end(*, user: User) -> int:
    """Deletes every session of the user. Returns how many were ended."""
    with transaction.atomic():
        keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
        deleted, _ = Session.objects.filter(session_key__in=keys).delete()
        UserSession.objects.filter(user=user).delete()
    return deleted
