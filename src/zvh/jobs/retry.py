"""Retries with exponential backoff for tasks (django-tasks has none of its own).

A failed attempt is recorded by the task backend (its result row keeps the traceback) and the
task is enqueued again with `run_after` later and later, up to ZVH_TASK_MAX_ATTEMPTS attempts in
all (decision 0187)."""

from __future__ import annotations

import datetime
import functools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task
from django_tasks.base import Task
from django_tasks_db.backend import DatabaseBackend

logger = logging.getLogger(__name__)

T = TypeVar("T")


def backoff_seconds(attempt: int, *, base: int, cap: int) -> int:
    """The wait before the attempt after `attempt` (1 = the first one failed): base, twice
    that, four times, ... never more than `cap`."""
    if attempt < 1:
        raise ValueError("attempt counts from 1")
    # 2**62 already exceeds any cap; the exponent is bounded so a huge attempt number is cheap.
    return min(cap, base * 2 ** min(attempt - 1, 62))


def next_attempt_at(attempt: int, *, now: datetime.datetime) -> datetime.datetime:
    seconds = backoff_seconds(
        attempt, base=settings.ZVH_TASK_BACKOFF_SECONDS, cap=settings.ZVH_TASK_BACKOFF_MAX_SECONDS
    )
    return now + datetime.timedelta(seconds=seconds)


def can_defer(a_task: Task[Any, Any]) -> bool:
    return bool(a_task.get_backend().supports_defer)


def enqueue_with_commit(a_task: Task[Any, Any], *args: Any, **kwargs: Any) -> None:
    """Enqueue as part of the current transaction. The database backend writes the task in it
    (so the work and its task commit or roll back together); a backend that runs the task at
    once (the immediate backend of the tests) runs it only after the commit."""
    if isinstance(a_task.get_backend(), DatabaseBackend):
        a_task.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(lambda: a_task.enqueue(*args, **kwargs))


def job(*, queue_name: str = "default", priority: int = 0) -> Callable[[Callable[..., T]], Task]:
    """A task that is tried again with backoff when it raises. The task takes an extra keyword
    argument `attempt` (1 for the first), which callers leave out. The function must be safe to
    run again (the scheduled jobs are: they send nothing twice)."""

    def decorate(func: Callable[..., T]) -> Task:
        @functools.wraps(func)
        def run(*args: Any, attempt: int = 1, **kwargs: Any) -> T:
            try:
                return func(*args, **kwargs)
            except Exception:
                if attempt >= settings.ZVH_TASK_MAX_ATTEMPTS or not can_defer(the_task):
                    logger.error(
                        "Task %s failed for good after %d attempt(s)", run.__name__, attempt
                    )
                    raise
                later = next_attempt_at(attempt, now=timezone.now())
                the_task.using(run_after=later).enqueue(*args, attempt=attempt + 1, **kwargs)
                logger.warning(
                    "Task %s failed (attempt %d); next attempt at %s",
                    run.__name__,
                    attempt,
                    later.isoformat(),
                )
                raise  # the backend records this attempt as failed, with its traceback

        the_task: Task = task(queue_name=queue_name, priority=priority)(run)
        return the_task

    return decorate
