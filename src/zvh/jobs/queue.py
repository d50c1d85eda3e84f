"""Reads of the task queue, for the readiness checks and the metrics (a few aggregate queries,
whatever the queue's length)."""

from __future__ import annotations

import datetime

from django.db.models import Case, Count, F, Max, Min, Q, When
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from .models import WorkerHeartbeat

READY = TaskResultStatus.READY
RUNNING = TaskResultStatus.RUNNING


def oldest_ready_since() -> datetime.datetime | None:
    """Since when the longest-waiting ready task could have run: its run_after, or when it was
    enqueued if it had none. None when no task is ready."""
    ready_since = Case(
        When(run_after=get_date_max(), then=F("enqueued_at")), default=F("run_after")
    )
    oldest: datetime.datetime | None = (
        DBTaskResult.objects.ready()
        .annotate(ready_since=ready_since)
        .aggregate(oldest=Min("ready_since"))["oldest"]
    )
    return oldest


def depth_by_queue() -> dict[str, dict[str, int]]:
    """Per queue, how many tasks are ready now, scheduled for later (a retry's backoff) and
    running."""
    now = timezone.now()
    never = get_date_max()
    due = Q(run_after=never) | Q(run_after__lte=now)
    rows = (
        DBTaskResult.objects.filter(status__in=[READY, RUNNING])
        .values("queue_name")
        .annotate(
            ready=Count("id", filter=Q(status=READY) & due),
            scheduled=Count("id", filter=Q(status=READY) & ~due),
            running=Count("id", filter=Q(status=RUNNING)),
        )
        .order_by("queue_name")
    )
    return {
        row["queue_name"]: {key: row[key] for key in ("ready", "scheduled", "running")}
        for row in rows
    }


def failed_count() -> int:
    """Failed attempts whose results are still kept (retention prunes old results)."""
    return DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).count()


def last_heartbeat() -> datetime.datetime | None:
    last: datetime.datetime | None = WorkerHeartbeat.objects.aggregate(last=Max("beat_at"))["last"]
    return last
