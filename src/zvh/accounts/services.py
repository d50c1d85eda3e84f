"""Account writes: logging in with both factors, enrolling an authenticator app, sessions,
deactivation."""

from __future__ import annotations

import enum
import time

from django.contrib.auth import authenticate
from django.contrib.auth import login as auth_login
from django.contrib.auth.signals import user_login_failed
from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from zvh.audit.models import Action, Result
from zvh.audit.services import audit_record

from .middleware import SESSION_LAST_SEEN_KEY, SESSION_STARTED_KEY
from .models import User, UserSession
from .selectors import PENDING_ENROLMENT_KEY, PENDING_ENROLMENT_MINUTES, PendingEnrolment

# Users who enrol have not passed authenticate() in the request that logs them in.
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


class LoginOutcome(enum.Enum):
    LOGGED_IN = "logged_in"
    # Password right, but no authenticator app yet: link one first, then log in.
    ENROL = "enrol"
    FAILED = "failed"


def login_with_second_factor(
    *, request: HttpRequest, username: str, password: str, token: str, next_url: str = ""
) -> LoginOutcome:
    """Both factors or nothing. Every failure looks the same and counts towards the lockout.

    Only someone who knows the password can tell "enrol" from "failed"; to everyone else an
    unknown name, a wrong password and a wrong or missing code are the same failure.
    """
    user = authenticate(request, username=username, password=password)
    if user is None:
        # authenticate() has told the lockout (axes) already, through user_login_failed.
        login_failure_record(request=request, user=_user_named(username), reason="credentials")
        return LoginOutcome.FAILED
    if not user_has_device(user, confirmed=True):
        totp_enrolment_begin(request=request, user=user, next_url=next_url)
        return LoginOutcome.ENROL
    device = match_token(user, token) if token else None
    if device is None:
        _second_factor_failed(request=request, user=user, reason="second_factor")
        return LoginOutcome.FAILED
    _session_begin(request=request, user=user, device=device)
    return LoginOutcome.LOGGED_IN


def second_factor_confirm(*, request: HttpRequest, token: str) -> bool:
    """The TOTP code after a single sign-on whose provider vouched for no second factor."""
    user = request.user
    if not isinstance(user, User):  # the view lets only a logged-in account through
        return False
    device = match_token(user, token)
    if device is None:
        _second_factor_failed(request=request, user=user, reason="second_factor")
        return False
    otp_login(request, device)
    return True


def totp_enrolment_begin(*, request: HttpRequest, user: User, next_url: str = "") -> TOTPDevice:
    """A fresh, unconfirmed device and a short-lived pending enrolment in the (anonymous) session.

    A new secret every time: a secret shown to an earlier visitor with the same password is
    never the one that gets confirmed.
    """
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
        audit_record(
            actor=None,
            action=Action.CREATE,
            object_type="totp_device",
            object_id=device.pk,
            user_id=user.pk,
            organisation_id=user.organisation_id,
            detail={"confirmed": False},
        )
    request.session.cycle_key()
    request.session[PENDING_ENROLMENT_KEY] = {
        "user_id": user.pk,
        "device_id": device.pk,
        "expires_at": time.time() + PENDING_ENROLMENT_MINUTES * 60,
        "next_url": next_url,
    }
    return device


def totp_enrolment_confirm(*, request: HttpRequest, pending: PendingEnrolment, token: str) -> bool:
    """Confirms the device with a code from the app and logs the user in. A wrong code is a
    failed login (it counts towards the lockout, which also ends the enrolment)."""
    with transaction.atomic():
        # Lock the user row: two tabs confirming at once must not both add a device.
        user = User.objects.select_for_update().filter(pk=pending.user.pk, is_active=True).first()
        device = TOTPDevice.objects.filter(pk=pending.device.pk, confirmed=False).first()
        if user is None or device is None or user_has_device(user, confirmed=True):
            pending_enrolment_clear(request=request)
            return False
        verified = device.verify_token(token)
        if verified:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            audit_record(
                actor=None,
                action=Action.UPDATE,
                object_type="totp_device",
                object_id=device.pk,
                user_id=user.pk,
                organisation_id=user.organisation_id,
                detail={"confirmed": True},
            )
    if not verified:
        _second_factor_failed(request=request, user=user, reason="enrolment_code")
        if getattr(request, "axes_locked_out", False):
            pending_enrolment_clear(request=request)
        return False
    pending_enrolment_clear(request=request)
    _session_begin(request=request, user=user, device=device)
    return True


def pending_enrolment_clear(*, request: HttpRequest) -> None:
    request.session.pop(PENDING_ENROLMENT_KEY, None)


def user_session_track(*, request: HttpRequest, user: User) -> None:
    """At login: remember which session is the user's (deactivation ends them) and when it began
    (the absolute lifetime counts from here; the login is its first activity)."""
    if request.session.session_key is None:
        request.session.save()
    now = int(time.time())
    request.session[SESSION_STARTED_KEY] = now
    request.session[SESSION_LAST_SEEN_KEY] = now
    UserSession.objects.update_or_create(
        session_key=request.session.session_key, defaults={"user": user}
    )


def user_session_forget(*, request: HttpRequest) -> None:
    if request.session.session_key:
        UserSession.objects.filter(session_key=request.session.session_key).delete()


def user_sessions_end(*, user: User) -> int:
    """Deletes every session of the user. Returns how many were ended."""
    with transaction.atomic():
        keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
        deleted, _counts = Session.objects.filter(session_key__in=keys).delete()
        UserSession.objects.filter(user=user).delete()
    return deleted


def _session_begin(*, request: HttpRequest, user: User, device: TOTPDevice) -> None:
    auth_login(request, user, backend=getattr(user, "backend", None) or MODEL_BACKEND)
    otp_login(request, device)


def _second_factor_failed(*, request: HttpRequest, user: User, reason: str) -> None:
    # The password was right, so authenticate() did not report a failure: report it here, so
    # that guessing codes runs into the same lockout as guessing passwords.
    user_login_failed.send(
        sender=__name__, credentials={"username": user.get_username()}, request=request
    )
    login_failure_record(request=request, user=user, reason=reason)


def login_failure_record(*, request: HttpRequest, user: User | None, reason: str) -> None:
    """A failed login in the access log (the lockout counts failures separately, via axes)."""
    if getattr(request, "axes_locked_out", False):
        reason = "locked_out"
    audit_record(
        actor=None,
        action=Action.LOGIN_FAILED,
        object_type="user",
        object_id=user.pk if user is not None else "",
        user_id=user.pk if user is not None else None,
        organisation_id=user.organisation_id if user is not None else None,
        result=Result.FAILED,
        # The typed name of an unknown account is never stored: it may be a mistyped password.
        detail={"reason": reason},
    )


def _user_named(username: str) -> User | None:
    """The account a failed attempt was aimed at, for the access log only."""
    return User.objects.filter(username=username).first()
