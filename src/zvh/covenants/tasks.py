"""The daily covenant warnings as a task (decision 0187)."""

from __future__ import annotations

import datetime
from typing import Any

from zvh.covenants.warning_digest import covenant_warnings_send
from zvh.jobs.retry import job


@job()
def covenant_warnings_job(today: str) -> dict[str, Any]:
    run = covenant_warnings_send(today=datetime.date.fromisoformat(today))
    return {"messages": run.messages, "warnings": run.warnings}
