"""Invitation e-mails with a calendar attachment. They name the conference by its number and
link to its page, where the access policy decides what the reader sees: no person's name and
no case content ever goes into an e-mail or a calendar."""

from __future__ import annotations

from collections.abc import Iterable
from email import encoders
from email.mime.base import MIMEBase
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from . import ics
from .models import Conference, Invitation

SUMMARY = "Casusoverleg ZVH"


def conference_url(conference: Conference) -> str:
    return settings.ZVH_BASE_URL + reverse(
        "conferences:detail", kwargs={"conference_id": conference.id}
    )


def summary(conference: Conference) -> str:
    return f"{SUMMARY} {conference.number}"


def where(conference: Conference) -> str:
    return " – ".join(part for part in (conference.location, conference.video_link) if part)


def _event(conference: Conference, invitation: Invitation) -> ics.Event:
    user = invitation.user
    host = urlsplit(settings.ZVH_BASE_URL).hostname or "zvh"
    return ics.Event(
        uid=f"{conference.id}@{host}",
        sequence=conference.sequence,
        start=conference.starts_at,
        end=conference.ends_at,
        summary=summary(conference),
        location=where(conference),
        description=_("Agenda en stukken in ZVH: %(url)s") % {"url": conference_url(conference)},
        url=conference_url(conference),
        organizer_email=parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "zvh@localhost",
        attendee_email=user.email,
        attendee_name=user.get_full_name() or user.username,
    )


def _attachment(data: bytes, method: str) -> MIMEBase:
    part = MIMEBase("text", "calendar", method=method, charset="UTF-8")
    part.set_payload(data)
    # Base64 keeps the CRLF line ends and the folding exactly as written.
    encoders.encode_base64(part)
    part.add_header("Content-Disposition", "attachment", filename="casusoverleg.ics")
    return part


def _body(conference: Conference, method: str) -> str:
    starts = timezone.localtime(conference.starts_at)
    ends = timezone.localtime(conference.ends_at)
    values = {
        "number": conference.number,
        "date": date_format(starts, "l j F Y"),
        "start": date_format(starts, "H:i"),
        "end": date_format(ends, "H:i"),
        "where": where(conference),
        "url": conference_url(conference),
    }
    if method == ics.Method.CANCEL:
        text = _(
            "Casusoverleg %(number)s op %(date)s van %(start)s tot %(end)s gaat niet door.\n\n"
            "%(url)s"
        )
    else:
        text = _(
            "U bent uitgenodigd voor casusoverleg %(number)s op %(date)s van %(start)s tot "
            "%(end)s.\nPlaats: %(where)s\n\nDe agenda en, na afloop, het verslag staan in ZVH. "
            "U ziet daar alleen de casussen waaraan uw organisatie deelneemt.\n%(url)s"
        )
    return text % values


def invitation_message(conference: Conference, invitation: Invitation, method: str) -> EmailMessage:
    subject = (
        _("Afgelast: %(summary)s") if method == ics.Method.CANCEL else _("Uitnodiging: %(summary)s")
    ) % {"summary": summary(conference)}
    message = EmailMessage(
        subject=subject,
        body=_body(conference, method),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[invitation.user.email],
    )
    data = ics.calendar(_event(conference, invitation), method=method, dtstamp=timezone.now())
    message.attach(_attachment(data, method))
    return message


def send_after_commit(
    conference: Conference, invitations: Iterable[Invitation], method: str
) -> None:
    """Builds the messages now (with the state being committed) and sends them once the
    transaction has committed: a rollback sends nothing."""
    messages = [
        invitation_message(conference, invitation, method)
        for invitation in invitations
        if invitation.user.email and invitation.user.is_active
    ]
    if messages:
        transaction.on_commit(lambda: get_connection().send_messages(messages))
