"""Test doubles for the background work: a mail server that is down, a job that fails."""

from __future__ import annotations

import smtplib
from collections.abc import Sequence
from typing import Any

from django.core.mail.backends.base import BaseEmailBackend

from zvh.jobs.retry import job

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
MAIL_SERVER_DOWN = "tests.jobs.doubles.MailServerDown"


class MailServerDown(BaseEmailBackend):
    """Refuses every message, as smtplib does when the relay is unreachable."""

    def send_messages(self, email_messages: Sequence[Any]) -> int:
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


CALLS: list[int] = []


@job()
def flaky_job(fail_times: int) -> int:
    CALLS.append(len(CALLS) + 1)
    if len(CALLS) <= fail_times:
        raise RuntimeError("not yet")
    return len(CALLS)
