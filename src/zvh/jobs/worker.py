"""Running the database backend's worker with a heartbeat, and running queued tasks in the
current process (tests, `--now` of the commands)."""

from __future__ import annotations

import logging
import socket
import time

from django.db import close_old_connections
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from . import heartbeat

logger = logging.getLogger(__name__)

# Tasks one pass runs before the heartbeat can be written again: a long backlog does not
# silence it.
TASKS_PER_PASS = 50
# The heartbeat is written between passes, at most this often (an idle worker polls every
# second; a write per poll would be needless traffic).
HEARTBEAT_EVERY_SECONDS = 15


def run_pending(*, backend_name: str = DEFAULT_TASK_BACKEND_ALIAS, queue_names: str = "*") -> int:
    """Runs every task that is ready now in this process, then returns how many ran. Tasks
    scheduled for later (a retry's backoff) wait for their time. Unlike the polling worker it
    leaves the database connection alone (a test's transaction stays open)."""
    worker = _worker(backend_name=backend_name, queue_names=queue_names, interval=0)
    ran = 0
    while True:
        tasks = DBTaskResult.objects.ready().filter(backend_name=backend_name)
        if queue_names != "*":
            tasks = tasks.filter(queue_name__in=queue_names.split(","))
        with exclusive_transaction(tasks.db):
            task_result = tasks.get_locked()
            if task_result is not None:
                task_result.claim(worker.worker_id)
        if task_result is None:
            return ran
        worker.run_task(task_result)
        ran += 1


def _worker(*, backend_name: str, queue_names: str, interval: float, worker_id: str = "") -> Worker:
    return Worker(
        queue_names=queue_names.split(","),
        interval=interval,
        batch=True,
        backend_name=backend_name,
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id or get_random_string(32),
        excluded_queue_names=[],
    )


def serve(
    *,
    backend_name: str = DEFAULT_TASK_BACKEND_ALIAS,
    queue_names: str = "*",
    interval: float = 1.0,
    worker_id: str = "",
) -> None:
    """Polls until stopped (SIGTERM/SIGINT end it after the running task): runs ready tasks in
    passes of at most TASKS_PER_PASS, and writes the heartbeat between passes (at most every
    HEARTBEAT_EVERY_SECONDS)."""
    worker = _worker(
        backend_name=backend_name, queue_names=queue_names, interval=interval, worker_id=worker_id
    )
    worker.max_tasks = TASKS_PER_PASS
    worker.configure_signals()
    # Each pass would log its start and end: the tasks themselves are logged by django_tasks.
    logging.getLogger("django_tasks_db").setLevel(logging.WARNING)
    hostname = socket.gethostname()
    started_at = timezone.now()
    total = 0
    last_beat = float("-inf")
    logger.info("Worker %s started on %s", worker.worker_id, hostname)
    try:
        while worker.running:
            close_old_connections()
            if time.monotonic() - last_beat >= HEARTBEAT_EVERY_SECONDS:
                heartbeat.beat(
                    worker_id=worker.worker_id,
                    hostname=hostname,
                    started_at=started_at,
                    tasks_run=total,
                )
                last_beat = time.monotonic()
            worker._run_tasks = 0
            worker.run()  # returns when no task is ready, or after TASKS_PER_PASS tasks
            total += worker._run_tasks
            if worker.running and worker._run_tasks < TASKS_PER_PASS:
                time.sleep(interval)
    finally:
        heartbeat.forget(worker_id=worker.worker_id)
