"""The daily reminders as a task (decision 0187): the timer's command enqueues it, the worker
runs it, and a failed run is tried again with backoff (nothing is sent twice)."""

from __future__ import annotations

import datetime
from typing import Any

from zvh.jobs.retry import job
from zvh.plans.reminders import reminders_send

from .review_reminders import review_notices_send


@job()
def send_reminders_job(today: str) -> dict[str, Any]:
    day = datetime.date.fromisoformat(today)
    run = reminders_send(today=day)
    reviews = review_notices_send(today=day)
    return {
        "owner_messages": run.owner_messages,
        "agreements": run.agreements,
        "summary_messages": run.summary_messages,
        "review_notices": reviews,
    }
