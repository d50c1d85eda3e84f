"""Login outcomes go to the access log, and sessions are tied to their user. Receivers only
record; they decide nothing."""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from zvh.audit.models import Action, Result
from zvh.audit.services import audit_record

from .services import user_session_forget, user_session_track


@receiver(user_logged_in)
def _record_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    # Every way in (password and code, enrolment, single sign-on) passes here.
    user_session_track(request=request, user=user)
    audit_record(
        actor=None,
        action=Action.LOGIN,
        object_type="user",
        object_id=user.pk,
        user_id=user.pk,
        organisation_id=user.organisation_id,
    )


@receiver(user_logged_out)
def _record_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None:
        user_session_forget(request=request)
    if user is None:
        return
    audit_record(
        actor=None,
        action=Action.LOGOUT,
        object_type="user",
        object_id=user.pk,
        user_id=user.pk,
        organisation_id=user.organisation_id,
        result=Result.OK,
    )
