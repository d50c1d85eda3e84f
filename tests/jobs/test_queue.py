"""The task queue: retries with backoff recorded per attempt, the readiness checks and the
metrics, on the database backend with the tasks run in the test's process."""

from __future__ import annotations

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from health_check.exceptions import ServiceUnavailable
from prometheus_client import REGISTRY

from tests.jobs import doubles
from zvh.jobs import health, heartbeat
from zvh.jobs.models import WorkerHeartbeat
from zvh.jobs.worker import run_pending

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("database_tasks"),
]


@pytest.fixture
def database_tasks():
    with override_settings(
        TASKS=doubles.DATABASE_TASKS,
        ZVH_TASK_MAX_ATTEMPTS=3,
        ZVH_TASK_BACKOFF_SECONDS=60,
        ZVH_TASK_BACKOFF_MAX_SECONDS=3600,
    ):
        doubles.CALLS.clear()
        yield


def _make_due() -> None:
    """Time passes: the backoff of every scheduled task is over."""
    DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(run_after=timezone.now())


def test_a_failing_job_is_tried_again_later_each_attempt_recorded_until_the_limit():
    started = timezone.now()
    doubles.flaky_job.enqueue(fail_times=5)
    assert run_pending() == 1
    first, retry = DBTaskResult.objects.order_by("enqueued_at")
    assert first.status == TaskResultStatus.FAILED and "not yet" in first.traceback
    assert retry.status == TaskResultStatus.READY
    assert retry.args_kwargs["kwargs"] == {"fail_times": 5, "attempt": 2}
    wait = (retry.run_after - started).total_seconds()
    assert 60 <= wait < 70  # the first backoff
    assert run_pending() == 0  # not before its time
    _make_due()
    run_pending()
    (third,) = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    assert third.args_kwargs["kwargs"]["attempt"] == 3
    assert (third.run_after - timezone.now()).total_seconds() > 110  # doubled
    _make_due()
    run_pending()
    # The third attempt was the last: three failed results, nothing left to run.
    assert DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).count() == 3
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()
    assert doubles.CALLS == [1, 2, 3]


def test_a_job_that_succeeds_on_a_retry_stops_there():
    doubles.flaky_job.enqueue(fail_times=1)
    run_pending()
    _make_due()
    run_pending()
    statuses = list(DBTaskResult.objects.order_by("enqueued_at").values_list("status", flat=True))
    assert statuses == [TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL]
    assert REGISTRY.get_sample_value("zvh_task_failures_total", {"task": "flaky_job"}) >= 1


@override_settings(ZVH_TASK_BACKLOG_MAX_SECONDS=300)
def test_the_backlog_check_goes_red_when_a_ready_task_waits_too_long():
    check = health.TaskBacklog()
    check.run()  # an empty queue is fine
    doubles.flaky_job.enqueue(fail_times=0)
    check.run()  # just enqueued
    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(seconds=301))
    with pytest.raises(ServiceUnavailable, match="waited"):
        check.run()
    # A task scheduled for later (a retry's backoff) is not a backlog until its time.
    DBTaskResult.objects.update(run_after=timezone.now() + datetime.timedelta(minutes=5))
    check.run()
    assert (
        REGISTRY.get_sample_value(
            "zvh_task_queue_depth", {"queue": "default", "state": "scheduled"}
        )
        == 1
    )
    DBTaskResult.objects.update(run_after=timezone.now() - datetime.timedelta(seconds=301))
    with pytest.raises(ServiceUnavailable):
        check.run()
    assert (
        REGISTRY.get_sample_value("zvh_task_queue_depth", {"queue": "default", "state": "ready"})
        == 1
    )
    assert REGISTRY.get_sample_value("zvh_task_oldest_ready_age_seconds") > 300


@override_settings(ZVH_WORKER_HEARTBEAT_MAX_SECONDS=120)
def test_the_heartbeat_check_goes_red_without_a_recent_heartbeat():
    check = health.WorkerHeartbeat()
    with pytest.raises(ServiceUnavailable, match="No worker"):
        check.run()
    long_ago = timezone.now() - datetime.timedelta(minutes=10)
    heartbeat.beat(worker_id="w1", hostname="app1", started_at=long_ago, tasks_run=3)
    check.run()
    WorkerHeartbeat.objects.update(beat_at=timezone.now() - datetime.timedelta(seconds=121))
    with pytest.raises(ServiceUnavailable, match="heartbeat"):
        check.run()
    heartbeat.forget(worker_id="w1")
    with pytest.raises(ServiceUnavailable):
        check.run()
