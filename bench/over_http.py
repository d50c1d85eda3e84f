"""The case pages over HTTP against the production server setup (issue 16): `make bench-http`.

    python -m bench.over_http --cases 100000           # DATABASE_URL=postgres://... for PostgreSQL

1. Generates the house of --cases cases with bench.generate_casework (reused on the next run)
   and runs ANALYZE.
2. Per page, in this process: its query count and its bare SQL, the page's own SELECT
   statements replayed on one cursor (median of --requests), as bench.run reports them.
3. gunicorn as in production (bench.server: config/gunicorn.conf.py, 2 sync workers,
   config.settings.production) on a loopback port. One client, one request at a time: per
   round and per page, --warmup requests, then --requests timed ones; --rounds rounds, the pages
   taking turns. Reported per page: median, p95, min and max over all timed requests, and each
   round's median. Every answer must be 200.

4. The concurrent mix: --users threads request the pages in random order for --mix-seconds;
reported are requests/s, median and p95, errors, whether every answered request wrote its
access-log event (by its X-Request-ID) and audit_verify afterwards.

The pages: the API case list (100 rows, every status) as a house-wide user (session) and as a
partner token; one case by API as both; the web case list and the web case page as the
coordinator. Results go to var/bench-http-<database>-<cases>.json.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import secrets
import socket
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from bench.server import load_average  # noqa: E402

LIST_QUERY = "?page_size=100&status=all"
# The targets (median ms).
TARGETS = {
    "api case list (session)": 20,
    "api case list (token)": 20,
    "api case (session)": 10,
    "api case (token)": 10,
    "web case list": 30,
    "web case page": 50,
}


@dataclass
class Page:
    name: str
    path: str
    caller: str  # "session" or "token"


def _prepare_environment() -> None:
    """Before django.setup(): the settings, the database and the keys shared with the server."""
    from bench.server import share_keys_with_server

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")
    # The case-work benchmarks' file unless DATABASE_URL says otherwise (bench.run --cases).
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-casework.sqlite3'}")
    # The session made here must hold in the server.
    share_keys_with_server()
    # The simulated users share one session and one token, here and in the server: the
    # per-caller limits must not cap the benchmark; the throttle still counts every request.
    os.environ.setdefault("ZVH_API_RATE_TOKEN", "100000/minute")
    os.environ.setdefault("ZVH_API_RATE_USER", "100000/minute")


def pages_of(case: Any) -> list[Page]:
    return [
        Page("api case list (session)", f"/api/v1/cases/{LIST_QUERY}", "session"),
        Page("api case list (token)", f"/api/v1/cases/{LIST_QUERY}", "token"),
        Page("api case (session)", f"/api/v1/cases/{case.id}/", "session"),
        Page("api case (token)", f"/api/v1/cases/{case.id}/", "token"),
        Page("web case list", "/casussen/", "session"),
        Page("web case page", f"/casussen/{case.id}/", "session"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--requests", type=int, default=50, help="timed requests per round")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests per round")
    parser.add_argument(
        "--users", type=int, default=20, help="simulated users of the concurrent mix (0: none)"
    )
    parser.add_argument("--mix-seconds", type=float, default=30.0, help="length of the mix")
    args = parser.parse_args()
    (ROOT / "var").mkdir(exist_ok=True)
    _prepare_environment()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench import generate, generate_casework

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    world = generate_casework.generate(cases=args.cases)
    generate.analyze()
    print(
        f"data: {world.cases} cases in '{world.house.name}' "
        f"({time.perf_counter() - started:.1f} s to generate or find), "
        f"database: {connection.vendor}; load average {load_average()}",
        flush=True,
    )
    pages = pages_of(shared_case(world))
    session_key, token = _session(world.coordinator), bench_token(world)
    headers = {
        "session": {"Cookie": f"__Host-zvh_session={session_key}"},
        "token": {"Authorization": f"Bearer {token}"},
    }
    in_process = {page.name: in_process_cost(page, world, token, args.requests) for page in pages}
    report: dict[str, Any] = {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "database": connection.vendor,
        "cases": world.cases,
        "cores": os.cpu_count(),
        "load_before": load_average(),
        "settings": vars(args),
        "pages": {},
    }
    connection.close()  # the server's workers get the database to themselves
    report["pages"], mix = _over_http(pages, headers, args)
    if mix:
        report["mix"] = mix | _accounted_for(mix.pop("request_ids"))
    for name, row in report["pages"].items():
        row |= in_process[name]
    report["load_after"] = load_average()
    _print(report)
    out = ROOT / "var" / f"bench-http-{report['database']}-{world.cases}.json"
    out.write_text(json.dumps(report, indent=2))
    print(f"written to {out.relative_to(ROOT)}")


def shared_case(world: Any) -> Any:
    """A running case both callers see: the token's organisation takes part in it."""
    from zvh.cases.models import Case, CaseStatus

    return (
        Case.objects.filter(
            house=world.house,
            participants__organisation=world.organisation,
            participants__ended_at__isnull=True,
        )
        .exclude(status=CaseStatus.CLOSED)
        .order_by("number")
        .first()
    )


def _session(user: Any) -> str:
    """A signed-in session with a verified second factor, as after a login."""
    from bench.signin import signed_in_client

    return str(signed_in_client(user).session.session_key)


def bench_token(world: Any) -> str:
    from zvh.api.services import api_token_create

    return api_token_create(
        house=world.house,
        organisation=world.organisation,
        name=f"bench-http-{secrets.token_hex(4)}",
        scopes=["cases:read"],
    )[1]


def in_process_cost(page: Page, world: Any, token: str, repeat: int) -> dict[str, Any]:
    """The page's query count, and its SELECT statements replayed on one cursor (median ms)."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    if page.caller == "session":
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = _session(world.coordinator)
    executed: list[tuple[str, Any]] = []

    def capture(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        executed.append((sql, params))
        return execute(sql, params, many, context)

    client.get(page.path, secure=True)  # the first request of a session records its activity
    with connection.execute_wrapper(capture):
        response = client.get(page.path, secure=True)
    if response.status_code != 200:
        raise SystemExit(f"{page.name}: HTTP {response.status_code} in process")
    reads = [(sql, params) for sql, params in executed if sql.lstrip().upper().startswith("SELECT")]

    def replay() -> None:
        with connection.cursor() as cursor:
            for sql, params in reads:
                cursor.execute(sql, params)
                cursor.fetchall()

    for _ in range(5):
        replay()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        replay()
        times.append((time.perf_counter() - start) * 1000)
    return {
        "queries": len(executed),
        "selects": len(reads),
        "bare_sql_ms": round(statistics.median(times), 2),
    }


def _over_http(
    pages: list[Page], headers: dict[str, dict[str, str]], args: argparse.Namespace
) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    from bench.server import gunicorn, request_bytes

    first = pages[0]
    ready = request_bytes("GET", first.path, "{port}", headers[first.caller])
    samples: dict[str, list[float]] = {page.name: [] for page in pages}
    rounds: dict[str, list[float]] = {page.name: [] for page in pages}
    with gunicorn("bench-http", ready) as server:
        requests = {
            page.name: request_bytes("GET", page.path, server.port, headers[page.caller])
            for page in pages
        }
        for _ in range(args.rounds):
            for page in pages:
                for _ in range(args.warmup):
                    _get(server.port, requests[page.name], page.name)
                timed = [
                    _get(server.port, requests[page.name], page.name) for _ in range(args.requests)
                ]
                samples[page.name] += timed
                rounds[page.name].append(round(statistics.median(timed), 2))
        mix = _mix(server.port, pages, headers, args) if args.users else {}
        boots = server.boots()
    result = {}
    for page in pages:
        ordered = sorted(samples[page.name])
        result[page.name] = {
            "path": page.path,
            "caller": page.caller,
            "requests": len(ordered),
            "median_ms": round(statistics.median(ordered), 2),
            "p95_ms": round(ordered[int(len(ordered) * 0.95)], 2),
            "min_ms": round(ordered[0], 2),
            "max_ms": round(ordered[-1], 2),
            "round_medians_ms": rounds[page.name],
            "target_ms": TARGETS[page.name],
            "worker_boots": boots,
        }
    return result, mix


def _mix(
    port: int, pages: list[Page], headers: dict[str, dict[str, str]], args: argparse.Namespace
) -> dict[str, Any]:
    """--users simulated users, each a thread that requests the pages in a random order, one
    request at a time with no pause, for --mix-seconds. Every request carries its own
    X-Request-ID, so that its access-log event can be looked up afterwards."""
    import random
    import threading
    import uuid

    from bench.server import request_bytes

    end = time.perf_counter() + args.mix_seconds
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    request_ids: list[str] = []
    lock = threading.Lock()

    def user(number: int) -> None:
        rng = random.Random(number)
        while time.perf_counter() < end:
            page = rng.choice(pages)
            request_id = uuid.uuid4().hex
            request = request_bytes(
                "GET", page.path, port, headers[page.caller] | {"X-Request-ID": request_id}
            )
            start = time.perf_counter()
            try:
                status = _status(port, request)
            except OSError:
                status = 0
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                latencies.append(elapsed)
                statuses[str(status)] = statuses.get(str(status), 0) + 1
                if status == 200:
                    request_ids.append(request_id)

    started = time.perf_counter()
    threads = [threading.Thread(target=user, args=(n,)) for n in range(args.users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies)
    return {
        "users": args.users,
        "seconds": round(elapsed, 1),
        "requests": len(ordered),
        "per_second": round(len(ordered) / elapsed, 1),
        "median_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(ordered[int(len(ordered) * 0.95)], 2),
        "max_ms": round(ordered[-1], 2),
        "statuses": statuses,
        "errors": len(ordered) - statuses.get("200", 0),
        "request_ids": request_ids,
    }


def _accounted_for(request_ids: list[str]) -> dict[str, Any]:
    """Whether every answered request of the mix wrote its access-log event, and whether the
    access log verifies afterwards (audit_verify)."""
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    from zvh.audit.models import AuditEvent

    logged: set[str] = set()
    for start in range(0, len(request_ids), 1000):
        chunk = request_ids[start : start + 1000]
        logged |= set(
            AuditEvent.objects.filter(request_id__in=chunk).values_list("request_id", flat=True)
        )
    out = StringIO()
    try:
        call_command("audit_verify", stdout=out)
        verified = out.getvalue().strip()
    except CommandError as broken:
        verified = f"BROKEN {broken}"
    return {
        "requests_without_access_event": len(set(request_ids) - logged),
        "audit_verify": verified,
    }


def _status(port: int, request: bytes) -> int:
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(request)
        data = b""
        while chunk := sock.recv(262144):
            data += chunk
    return int(data[9:12]) if data.startswith(b"HTTP/1.1 ") else 0


def _get(port: int, request: bytes, name: str) -> float:
    """One request on a new connection (gunicorn's sync workers close it after each answer);
    milliseconds from connecting to the last byte."""
    start = time.perf_counter()
    status = _status(port, request)
    elapsed = (time.perf_counter() - start) * 1000
    if status != 200:
        raise SystemExit(f"{name}: HTTP {status}")
    return elapsed


def _print(report: dict[str, Any]) -> None:
    print(
        f"{report['database']}, {report['cases']} cases, {report['cores']} cores; load average "
        f"{report['load_before']} before, {report['load_after']} after"
    )
    print(
        "| page | median ms | p95 ms | min | max | round medians | bare SQL ms | queries | "
        "target |\n|---|---|---|---|---|---|---|---|---|"
    )
    for name, row in report["pages"].items():
        print(
            f"| {name} | {row['median_ms']} | {row['p95_ms']} | {row['min_ms']} | "
            f"{row['max_ms']} | {' / '.join(map(str, row['round_medians_ms']))} | "
            f"{row['bare_sql_ms']} | {row['queries']} | {row['target_ms']} |"
        )
    if mix := report.get("mix"):
        print(
            f"mix of {mix['users']} users for {mix['seconds']} s: {mix['per_second']} requests/s, "
            f"median {mix['median_ms']} ms, p95 {mix['p95_ms']} ms, max {mix['max_ms']} ms, "
            f"errors {mix['errors']} of {mix['requests']} {mix['statuses']}; without an "
            f"access-log event: {mix['requests_without_access_event']}; {mix['audit_verify']}"
        )


if __name__ == "__main__":
    main()
