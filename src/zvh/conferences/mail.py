"""Invitation e-mails with a calendar attachment. They name the conference by its number and
link to its page, where the access policy decides what the reader sees: no person's name and
no case content ever goes into an e-mail or a calendar."""

from __future__ import annotations

from collections.abc import Iterable
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from zvh.jobs import outbox
from zvh.jobs.models import OutgoingMessage

from . import ics
from .models import Conference, Invitation

# The outbox's kinds of the conference messages (zvh.jobs.outbox.on_delivered).
INVITATION = "conference_invitation"
CANCELLATION = "conference_cancellation"

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


def invitation_mail(conference: Conference, invitation: Invitation, method: str) -> outbox.Mail:
    subject = (
        _("Afgelast: %(summary)s") if method == ics.Method.CANCEL else _("Uitnodiging: %(summary)s")
    ) % {"summary": summary(conference)}
    data = ics.calendar(_event(conference, invitation), method=method, dtstamp=timezone.now())
    calendar = outbox.Attachment(
        filename="casusoverleg.ics",
        content_type="text/calendar",
        params={"method": str(method), "charset": "UTF-8"},
        data=data.decode("utf-8"),
    )
    return outbox.Mail(
        recipient=invitation.user.email,
        subject=subject,
        body=_body(conference, method),
        attachments=(calendar,),
    )


def queue(conference: Conference, invitations: Iterable[Invitation], method: str) -> int:
    """Builds the messages now (with the state being committed) and puts them in the outbox in
    this transaction: a rollback sends nothing, and the request never waits for the mail server.
    An invitation counts as sent once the mail server accepted it (`invitation_delivered`).
    Returns how many were queued."""
    queued = 0
    for invitation in invitations:
        if not (invitation.user.email and invitation.user.is_active):
            continue
        outbox.queue_mail(
            house_id=conference.house_id,
            kind=CANCELLATION if method == ics.Method.CANCEL else INVITATION,
            mails=[invitation_mail(conference, invitation, method)],
            reference={
                "conference": str(conference.pk),
                "invitation": str(invitation.pk),
                "sequence": conference.sequence,
            },
        )
        queued += 1
    return queued


def invitation_delivered(message: OutgoingMessage) -> None:
    """The mail server accepted an invitation (or its update): the invitation is sent, with
    that sequence. An older update delivered late does not lower it."""
    sequence = message.reference["sequence"]
    Invitation.objects.filter(pk=message.reference["invitation"]).filter(
        Q(sent_sequence__isnull=True) | Q(sent_sequence__lte=sequence)
    ).update(sent_at=timezone.now(), sent_sequence=sequence)
