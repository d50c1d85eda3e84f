"""Prometheus metrics of the background work, in the default registry (served at /metrics by
the web processes; the worker can serve its own, `run_worker --metrics-port`).

- zvh_task_queue_depth{queue,state}: tasks ready, scheduled (waiting for a retry's backoff) and
  running, read from the database at each scrape, so every process reports the same queue.
- zvh_task_oldest_ready_age_seconds: how long the longest-waiting ready task has waited.
- zvh_task_failed_results: failed attempts whose results are kept.
- zvh_task_failures_total{task}: attempts that failed in this process (the worker's)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from django.db import DatabaseError
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished
from prometheus_client import REGISTRY, Counter
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from . import queue

logger = logging.getLogger(__name__)

TASK_FAILURES = Counter("zvh_task_failures", "Task attempts that failed, in this process", ["task"])


class TaskQueueCollector(Collector):
    def describe(self) -> list[Metric]:
        """The names without a query: registering must not touch the database."""
        return [
            GaugeMetricFamily("zvh_task_queue_depth", "", labels=["queue", "state"]),
            GaugeMetricFamily("zvh_task_oldest_ready_age_seconds", ""),
            GaugeMetricFamily("zvh_task_failed_results", ""),
        ]

    def collect(self) -> Iterator[Metric]:
        try:
            depth = queue.depth_by_queue()
            oldest = queue.oldest_ready_since()
            failed = queue.failed_count()
        except DatabaseError:
            logger.warning("Task queue metrics unavailable: the database did not answer")
            return
        gauge = GaugeMetricFamily(
            "zvh_task_queue_depth", "Tasks waiting or running, per queue", labels=["queue", "state"]
        )
        for queue_name, states in depth.items():
            for state, count in states.items():
                gauge.add_metric([queue_name, state], count)
        yield gauge
        age = (timezone.now() - oldest).total_seconds() if oldest else 0.0
        yield GaugeMetricFamily(
            "zvh_task_oldest_ready_age_seconds",
            "Seconds the longest-waiting ready task has waited",
            value=max(age, 0.0),
        )
        yield GaugeMetricFamily(
            "zvh_task_failed_results", "Failed task attempts whose results are kept", value=failed
        )


_collector = TaskQueueCollector()
_installed = False


def _count_failure(sender: Any, task_result: Any, **kwargs: Any) -> None:
    if task_result.status == TaskResultStatus.FAILED:
        TASK_FAILURES.labels(task=task_result.task.name).inc()


def install() -> None:
    global _installed
    if _installed:
        return
    REGISTRY.register(_collector)
    task_finished.connect(_count_failure, dispatch_uid="zvh.jobs.metrics.failures")
    _installed = True
