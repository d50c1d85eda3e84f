"""`manage.py run_worker`: the background worker (the database backend's worker with a heartbeat
that the readiness check reads). Runs until SIGTERM; a running task is finished first."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from prometheus_client import start_http_server

from zvh.jobs import heartbeat, worker


class Command(BaseCommand):
    help = "Voert achtergrondtaken uit (e-mail, geplande taken) en meldt dat hij leeft."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--queue-name", default="*", help="Queues to serve, comma-separated; * for all."
        )
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds between polls when idle."
        )
        parser.add_argument("--worker-id", default="", help="Unique per worker; default random.")
        parser.add_argument(
            "--metrics-port",
            type=int,
            default=0,
            help="Serve this worker's Prometheus metrics on this port (0: not).",
        )
        parser.add_argument("--batch", action="store_true", help="Run the ready tasks, then stop.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["metrics_port"]:
            start_http_server(options["metrics_port"], addr="127.0.0.1")
        if options["batch"]:
            ran = worker.run_pending(queue_names=options["queue_name"])
            self.stdout.write(f"{ran} task(s) run.")
            return
        heartbeat.prune(older_than=datetime.timedelta(days=1))
        worker.serve(
            queue_names=options["queue_name"],
            interval=options["interval"],
            worker_id=options["worker_id"],
        )
