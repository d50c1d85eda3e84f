"""The worker's heartbeat: a row per worker, touched while it polls (decision 0187)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from .models import WorkerHeartbeat


def beat(*, worker_id: str, hostname: str, started_at: datetime.datetime, tasks_run: int) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": hostname[:255],
            "started_at": started_at,
            "beat_at": timezone.now(),
            "tasks_run": tasks_run,
        },
    )


def forget(*, worker_id: str) -> None:
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def prune(*, older_than: datetime.timedelta) -> int:
    """Rows of workers long gone (a stopped worker removes its own; a killed one cannot)."""
    deleted, _ = WorkerHeartbeat.objects.filter(beat_at__lt=timezone.now() - older_than).delete()
    return deleted
