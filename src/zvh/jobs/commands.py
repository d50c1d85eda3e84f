"""What the scheduled commands share: enqueue their job for the worker (the default, what the
timers run), or run it in this process with `--now` (decision 0187)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_tasks import TaskResultStatus
from django_tasks.base import Task


def add_now_argument(parser: CommandParser) -> None:
    parser.add_argument(
        "--now",
        action="store_true",
        help="Run the job in this process and wait for it, instead of handing it to the worker.",
    )


def run_or_enqueue(
    command: BaseCommand, job: Task[Any, Any], *, now: bool, **kwargs: Any
) -> dict[str, Any] | None:
    """The job's summary when it ran (with --now, or on a backend that runs tasks at once);
    None when it was handed to the worker."""
    if now:
        summary: dict[str, Any] = job.call(**kwargs)
        return summary
    result = job.enqueue(**kwargs)
    if result.status == TaskResultStatus.READY:
        command.stdout.write(f"Queued as task {result.id}; the worker runs it.")
        return None
    if result.status != TaskResultStatus.SUCCESSFUL:
        raise CommandError(f"Task {result.id} failed; see the worker's log.")
    finished: dict[str, Any] | None = result.return_value
    return finished
