"""Gunicorn in production: `gunicorn -c config/gunicorn.conf.py` (see docs/operations.md).

Every value comes from the environment so that one file serves every app server.
"""

import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
# Gunicorn reads this file before it sets up the import path; make `config` importable.
sys.path.insert(0, str(BASE_DIR))

from config.env import env_int, env_str  # noqa: E402

chdir = str(BASE_DIR)
wsgi_app = "config.wsgi:application"
bind = env_str("ZVH_BIND", "127.0.0.1:8000")
workers = env_int("ZVH_WORKERS", 2)
threads = env_int("ZVH_THREADS", 1)
timeout = env_int("ZVH_TIMEOUT", 30)
graceful_timeout = 30
# Recycle workers now and then so that a slow leak never takes a server down. Not too often:
# a worker's boot costs about a second of CPU, and at the hit/no-hit signal's hundreds of calls
# a second a few thousand requests go by in seconds (docs/decisions/0151).
max_requests = 50_000
max_requests_jitter = 5_000
# The heartbeat file on a RAM disk: a slow or full disk must not get workers killed.
worker_tmp_dir = "/dev/shm"  # noqa: S108

# Only the proxy on this machine may tell gunicorn the original scheme and client address.
forwarded_allow_ips = env_str("ZVH_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

accesslog = "-"
errorlog = "-"
# gunicorn's own lines in the application's JSON shape (decision 0189), unless
# ZVH_LOG_FORMAT=plain; the access line keeps its text as the message, the request id becomes a
# field of its own.
if env_str("ZVH_LOG_FORMAT", "json") == "json":
    sys.path.insert(0, str(BASE_DIR / "src"))  # zvh.core.logs, before the app is loaded
    logconfig_dict = {
        "formatters": {"json": {"()": "zvh.core.logs.JsonFormatter"}},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stdout",
            },
            "error_console": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            },
        },
        "loggers": {
            name: {"level": "INFO", "handlers": [handler], "propagate": False, "qualname": name}
            for name, handler in (
                ("gunicorn.error", "error_console"),
                ("gunicorn.access", "console"),
            )
        },
    }
# Path only (%(U)s), never the query string (%(q)s, %(r)s) or the referrer (%(f)s): search
# terms are names of people. The request id ties a line to the audit log.
access_log_format = (
    '%(h)s %({x-forwarded-for}i)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms '
    "request_id=%({x-request-id}o)s"
)


def post_worker_init(worker: object) -> None:
    """The collector, tamed (issue 16, decision 0198). A worker holds some hundreds of thousands
    of long-lived objects from loading Django and the app; every full collection walks them all,
    and those pauses made the slow tail of the list pages. Freeze what exists once the app is
    loaded, so collections skip it, and collect the young generation less often: a page makes
    tens of thousands of short-lived objects. ZVH_GC_TUNING=0 keeps Python's defaults."""
    import gc

    if env_str("ZVH_GC_TUNING", "1") != "0":
        gc.collect()
        gc.freeze()
        gc.set_threshold(*GC_THRESHOLDS)


# Python's default is (700, 10, 10).
GC_THRESHOLDS = (50_000, 20, 100)


def child_exit(server: object, worker: object) -> None:
    """With several workers Prometheus's client keeps each worker's metrics in a file under
    PROMETHEUS_MULTIPROC_DIR (the container sets it); a dead worker's gauges are dropped."""
    import os

    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)  # type: ignore[attr-defined]
