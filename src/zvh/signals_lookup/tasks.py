"""The daily hit/no-hit digest as a task (decision 0187)."""

from __future__ import annotations

import datetime
from typing import Any

from zvh.jobs.retry import job
from zvh.signals_lookup.services import signal_digest_send


@job()
def signal_digest_job(day: str) -> dict[str, Any]:
    run = signal_digest_send(day=datetime.date.fromisoformat(day))
    return {"day": day, "houses": run.houses, "messages": run.messages}
