"""Readiness checks of the background work (django-health-check 4.x; listed in the setting
ZVH_READINESS_CHECKS, served at /readyz). The messages name no data, only ages."""

from __future__ import annotations

import dataclasses
import datetime

from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable

from . import queue


def _age(since: datetime.datetime) -> float:
    return (timezone.now() - since).total_seconds()


@dataclasses.dataclass
class TaskBacklog(HealthCheck):
    """Red when a task ready to run has waited longer than ZVH_TASK_BACKLOG_MAX_SECONDS: no
    worker runs, or the workers cannot keep up."""

    def run(self) -> None:
        limit = settings.ZVH_TASK_BACKLOG_MAX_SECONDS
        try:
            oldest = queue.oldest_ready_since()
        except DatabaseError as error:
            raise ServiceUnavailable("Task queue unreadable") from error
        if oldest is not None and _age(oldest) > limit:
            raise ServiceUnavailable(
                f"A ready task has waited {_age(oldest):.0f} s (limit {limit} s)"
            )


@dataclasses.dataclass
class WorkerHeartbeat(HealthCheck):
    """Red when no worker has reported within ZVH_WORKER_HEARTBEAT_MAX_SECONDS."""

    def run(self) -> None:
        limit = settings.ZVH_WORKER_HEARTBEAT_MAX_SECONDS
        try:
            last = queue.last_heartbeat()
        except DatabaseError as error:
            raise ServiceUnavailable("Worker heartbeat unreadable") from error
        if last is None:
            raise ServiceUnavailable("No worker has reported")
        if _age(last) > limit:
            raise ServiceUnavailable(
                f"Last worker heartbeat {_age(last):.0f} s ago (limit {limit} s)"
            )
