"""Load test of the hit/no-hit signal (POST /api/v1/signals/lookup) against the production server
setup, beside a bare SQL baseline. One command:

    python -m bench.signal_load --persons 1000000          # DATABASE_URL=postgres://... for PG

1. Generates the persons (bench.generate.generate_persons, COPY on PostgreSQL; reused on the next
   run) and runs ANALYZE.
2. Latency through the Django stack in this process (test client, no server): the median per
   lookup by BSN and by name + date of birth, beside the bare SQL join (as bench.run does).
3. The bare SQL lookup's throughput: one process per core runs the same join for --duration.
4. The load test: gunicorn as in production (config/gunicorn.conf.py: 2 sync workers,
   config.settings.production) on a free loopback port, driven by an asyncio HTTP/1.1 client with
   --connections concurrent connections for --duration seconds after a warm-up. Each connection
   calls with one of --tokens API tokens. Reports lookups/s, median and p95 latency, errors.

The per-token limit must not cap the test: the server gets ZVH_SIGNAL_LOOKUP_RATE=1000/second; the
throttle still counts every lookup in the database, as in production. Results go to
var/signal-load-<database>.json. The load generator shares the two cores with the server and the
database, so the figures are a floor for a machine where it runs elsewhere.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import itertools
import json
import multiprocessing
import os
import socket
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
# High enough never to refuse a lookup here.
LOAD_RATE = "1000/second"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")
os.environ.setdefault("ZVH_SIGNAL_LOOKUP_RATE", LOAD_RATE)
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")

from bench.server import load_average, share_keys_with_server  # noqa: E402

share_keys_with_server()

URL = "/api/v1/signals/lookup"
PURPOSE = "Bench ZSM-beoordeling"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--duration", type=float, default=20.0, help="seconds measured")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds before measuring")
    parser.add_argument("--connections", type=int, default=8, help="concurrent HTTP clients")
    parser.add_argument("--tokens", type=int, default=4, help="API tokens the clients share")
    parser.add_argument("--requests", type=int, default=200, help="in-process timed lookups")
    parser.add_argument(
        "--server-only", action="store_true", help="skip the in-process and bare SQL timings"
    )
    args = parser.parse_args()
    os.environ["BENCH_PERSONS"] = str(args.persons)
    (ROOT / "var").mkdir(exist_ok=True)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench import generate

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    people = generate.generate_persons(persons=args.persons)
    generate.analyze()
    print(
        f"data: {args.persons} persons ({time.perf_counter() - started:.1f} s to generate or "
        f"find), database: {connection.vendor}; load average {load_average()}",
        flush=True,
    )
    report: dict[str, Any] = {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "database": connection.vendor,
        "persons": args.persons,
        "cores": os.cpu_count(),
        "load_before": load_average(),
        "settings": vars(args) | {"rate_per_token": os.environ["ZVH_SIGNAL_LOOKUP_RATE"]},
    }
    bodies, queries = _workload(people)
    report["commit_ms"] = _commit_latency()
    print(
        f"a one-row commit takes {report['commit_ms']} ms (median): the audit chain appends one "
        "event at a time, each until its commit, so at most "
        f"{1000 / report['commit_ms']:.0f} lookups/s can be logged on this disk",
        flush=True,
    )
    if not args.server_only:
        report["in_process"] = _in_process(args.requests)
        report["bare_sql"] = _sql_throughput(queries, args.duration)
        print(
            f"bare SQL lookup: {report['bare_sql']['per_second']:.0f}/s with "
            f"{report['bare_sql']['processes']} processes, median "
            f"{report['bare_sql']['median_ms']} ms",
            flush=True,
        )
    secrets_ = _tokens(people, args.tokens)
    report["server"] = _server_load(args, bodies, secrets_)
    report["load_after"] = load_average()
    server = report["server"]
    print(
        f"gunicorn ({server['workers']} workers, {args.connections} connections, "
        f"{args.tokens} tokens): {server['per_second']:.0f} lookups/s, median "
        f"{server['median_ms']} ms, p95 {server['p95_ms']} ms, errors {server['errors']} "
        f"of {server['lookups']}, worker boots {server['worker_boots']}; load average "
        f"{report['load_after']}\n"
        f"CPU ms per lookup {server['cpu_ms_per_lookup']}: the cores would sustain "
        f"{server['cpu_bound_per_second']}/s at that cost"
    )
    out = ROOT / "var" / f"signal-load-{connection.vendor}.json"
    out.write_text(json.dumps(report, indent=2))
    print(f"written to {out.relative_to(ROOT)}")


def _in_process(requests: int) -> list[dict[str, Any]]:
    """Median per lookup through the whole Django stack in this process (bench.run's way)."""
    from bench import scenarios
    from bench.run import _timed

    rows = []
    for name, by_name in (("BSN", False), ("name + date of birth", True)):
        page, baseline = scenarios._signal(by_name=by_name)(None, lambda user: None)
        row = {
            "lookup": name,
            "median_ms": round(statistics.median(_timed(page, requests)), 2),
            "bare_sql_ms": round(statistics.median(_timed(baseline, requests)), 3),
            "target_ms": 10,
        }
        rows.append(row)
        print(
            f"in process, by {name}: median {row['median_ms']} ms through the Django stack, "
            f"{row['bare_sql_ms']} ms bare SQL (target {row['target_ms']} ms)",
            flush=True,
        )
    return rows


def _workload(people: Any) -> tuple[list[tuple[bytes, bool]], list[tuple[str, list[Any]]]]:
    """Hits and misses by BSN and by name + date of birth in turn: the request bodies (with
    whether each must be a hit) and the same lookups as bare SQL."""
    from bench.scenarios import _SIGNAL_SQL
    from zvh.people.models import name_key

    by_bsn = _SIGNAL_SQL.format(match="p.bsn = %s")
    by_name = _SIGNAL_SQL.format(match="p.surname_normalised IN (%s) AND p.date_of_birth = %s")
    bodies: list[tuple[bytes, bool]] = []
    queries: list[tuple[str, list[Any]]] = []
    misses = zip(people.miss_bsns, people.hit_names, strict=False)
    for hit_bsn, hit_name, (miss_bsn, (surname, prefix, _)) in zip(
        people.hit_bsns, people.hit_names, misses, strict=False
    ):
        for bsn, hit in ((hit_bsn, True), (miss_bsn, False)):
            bodies.append((json.dumps({"bsn": bsn, "purpose": PURPOSE}).encode(), hit))
            queries.append((by_bsn, [bsn]))
        for (s, p, dob), hit in ((hit_name, True), ((surname, prefix, "1900-01-01"), False)):
            body = {"surname": s, "surname_prefix": p, "date_of_birth": dob, "purpose": PURPOSE}
            bodies.append((json.dumps(body).encode(), hit))
            queries.append((by_name, [name_key(s, p), datetime.date.fromisoformat(dob)]))
    return bodies, queries


def _commit_latency(samples: int = 50) -> float:
    """Median time of a one-row insert in its own transaction: on PostgreSQL mostly the wait for
    the WAL flush (fsync), which every lookup's access-log event pays while it holds the lock on
    the chain's head. A scratch table of its own, dropped afterwards."""
    from django.db import connection

    timings = []
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_commit_probe")  # left by an interrupted run
        cursor.execute("CREATE TABLE bench_commit_probe (n integer)")
        try:
            for n in range(samples):
                start = time.perf_counter()
                cursor.execute("INSERT INTO bench_commit_probe (n) VALUES (%s)", [n])
                timings.append(time.perf_counter() - start)
        finally:
            cursor.execute("DROP TABLE bench_commit_probe")
    return round(statistics.median(timings) * 1000, 3)


def _sql_worker(queries: list[tuple[str, list[Any]]], duration: float) -> list[float]:
    from django.db import connection

    samples = []
    end = time.perf_counter() + duration
    for sql, params in itertools.cycle(queries):
        start = time.perf_counter()
        if start >= end:
            break
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            cursor.fetchall()
        samples.append(time.perf_counter() - start)
    return samples


def _sql_throughput(queries: list[tuple[str, list[Any]]], duration: float) -> dict[str, Any]:
    """The same lookups as bare SQL from one process per core, each on its own connection."""
    from django.db import connections

    connections.close_all()  # the forked processes open their own
    processes = os.cpu_count() or 1
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        results = pool.starmap(_sql_worker, [(queries, duration)] * processes)
    samples = [sample for result in results for sample in result]
    return {
        "processes": processes,
        "per_second": round(len(samples) / duration, 1),
        "median_ms": round(statistics.median(samples) * 1000, 3),
    }


def _tokens(people: Any, count: int) -> list[str]:
    from zvh.api.services import api_token_create

    return [
        api_token_create(
            house=people.house,
            organisation=people.organisation,
            name=f"bench-load-{i}",
            scopes=["signal-lookup"],
        )[1]
        for i in range(count)
    ]


def _server_load(
    args: argparse.Namespace, bodies: list[tuple[bytes, bool]], tokens: list[str]
) -> dict[str, Any]:
    from bench.server import gunicorn, request_bytes

    def request(port: int | str, token: str, body: bytes) -> bytes:
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        return request_bytes("POST", URL, port, headers, body)

    ready = request("{port}", tokens[0], bodies[0][0])
    with gunicorn("signal-load", ready) as server:
        requests = [
            (request(server.port, token, body), hit) for token in tokens for body, hit in bodies
        ]
        boots_before = server.boots()
        meter = CpuMeter(server.process.pid, _postgres_database())
        result = asyncio.run(
            _drive(
                server.port,
                requests,
                len(bodies),
                args.connections,
                args.warmup,
                args.duration,
                meter,
            )
        )
        result["worker_boots"] = server.boots() - boots_before
        result["workers"] = server.workers
        return result


def _postgres_database() -> str:
    from django.db import connection

    return str(connection.settings_dict["NAME"]) if connection.vendor == "postgresql" else ""


async def _exchange(
    port: int, sock: socket.socket | None, request: bytes
) -> tuple[int, bytes, socket.socket | None]:
    """One request and its response over a bare non-blocking socket (asyncio's streams cost
    the generator more CPU, which it takes from the server on the same cores). Gives the socket
    back when the server keeps it open; gunicorn's sync workers close it after every response."""
    loop = asyncio.get_running_loop()
    if sock is None:
        sock = socket.socket()
        sock.setblocking(False)
        await loop.sock_connect(sock, ("127.0.0.1", port))
    await loop.sock_sendall(sock, request)
    data, head_end, length = b"", -1, -1
    while length < 0 or len(data) < head_end + 4 + length:
        chunk = await loop.sock_recv(sock, 65536)
        if not chunk:
            raise ConnectionError("closed before the whole response")
        data += chunk
        if head_end < 0 and (head_end := data.find(b"\r\n\r\n")) >= 0:
            head = data[:head_end].decode("latin-1").lower()
            length = int(head.partition("content-length: ")[2].partition("\r\n")[0] or 0)
    status = int(data[9:12])
    if "connection: close" in head:
        sock.close()
        return status, data[head_end + 4 :], None
    return status, data[head_end + 4 :], sock


class CpuMeter:
    """CPU time of the server's processes and of the database backends serving it, over the
    measured window, read from /proc (Linux; elsewhere it reports nothing). On a shared machine
    CPU time per lookup says more than lookups/s: the throughput also reflects what else runs.
    Processes are looked up at every sample, so a worker that gunicorn restarts (max_requests)
    is counted from its start; a process that ends loses at most one sample interval."""

    def __init__(self, server_pid: int, database: str) -> None:
        self.server_pid = server_pid
        # A PostgreSQL backend's process title names its database: "postgres: ... zvh db ...".
        self.backend_marker = f" {database} " if database else None
        self.base: dict[str, dict[int, int]] = {"server": {}, "database": {}}
        self.last: dict[str, dict[int, int]] = {"server": {}, "database": {}}
        self.enabled = Path("/proc/self/stat").exists()

    def _processes(self) -> dict[str, dict[int, int]]:
        found: dict[str, dict[int, int]] = {"server": {}, "database": {}}
        for entry in Path("/proc").iterdir() if self.enabled else ():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
                fields = stat[stat.rindex(")") + 2 :].split()
                ticks = int(fields[11]) + int(fields[12])  # utime + stime
                pid, ppid = int(entry.name), int(fields[1])
                if self.server_pid in (pid, ppid):
                    found["server"][pid] = ticks
                elif self.backend_marker and fields[0] != "Z":
                    title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
                    if title.startswith("postgres: ") and self.backend_marker in title:
                        found["database"][pid] = ticks
            except (OSError, ValueError, IndexError):
                continue  # ended while we looked
        return found

    def start(self) -> None:
        self.base = self._processes()
        self.last = {kind: dict(pids) for kind, pids in self.base.items()}

    def sample(self) -> None:
        for kind, pids in self._processes().items():
            for pid, ticks in pids.items():
                self.base[kind].setdefault(pid, 0)  # started within the window
                self.last[kind][pid] = ticks

    def seconds(self) -> dict[str, float]:
        tick = os.sysconf("SC_CLK_TCK")
        return {
            kind: sum(self.last[kind][pid] - self.base[kind][pid] for pid in self.last[kind]) / tick
            for kind in self.base
        }


async def _drive(
    port: int,
    requests: list[tuple[bytes, bool]],
    per_token: int,
    connections: int,
    warmup: float,
    duration: float,
    meter: CpuMeter,
) -> dict[str, Any]:
    start = time.perf_counter()
    measure_from, end = start + warmup, start + warmup + duration
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    wrong = 0

    async def client(number: int) -> None:
        nonlocal wrong
        token = number % (len(requests) // per_token)
        mine = requests[token * per_token : (token + 1) * per_token]
        conn = None
        offset = number % per_token
        for request, hit in itertools.cycle(mine[offset:] + mine[:offset]):
            sent = time.perf_counter()
            if sent >= end:
                break
            try:
                status, body, conn = await _exchange(port, conn, request)
            except (OSError, ValueError):
                if conn is not None:
                    conn.close()
                status, body, conn = 0, b"", None
            if sent < measure_from:
                continue
            latencies.append(time.perf_counter() - sent)
            statuses[str(status)] = statuses.get(str(status), 0) + 1
            if status == 200 and json.loads(body)["known"] is not hit:
                wrong += 1
        if conn is not None:
            conn.close()

    async def sampler() -> None:
        await asyncio.sleep(measure_from - time.perf_counter())
        meter.start()
        client_cpu = time.process_time()
        while time.perf_counter() < end:
            await asyncio.sleep(0.5)
            meter.sample()
        cpu["client"] = time.process_time() - client_cpu

    cpu: dict[str, float] = {}
    await asyncio.gather(sampler(), *(client(n) for n in range(connections)))
    elapsed = time.perf_counter() - measure_from
    cpu |= meter.seconds()
    ordered = sorted(latencies)
    per_lookup = {
        kind: round(seconds * 1000 / max(len(latencies), 1), 2) for kind, seconds in cpu.items()
    }
    total_ms = sum(per_lookup.values())
    return {
        "lookups": len(latencies),
        "per_second": round(len(latencies) / elapsed, 1),
        "median_ms": round(statistics.median(ordered) * 1000, 2) if ordered else None,
        "p95_ms": round(ordered[int(len(ordered) * 0.95)] * 1000, 2) if ordered else None,
        "statuses": statuses,
        "errors": len(latencies) - statuses.get("200", 0) + wrong,
        "wrong_answers": wrong,
        # CPU milliseconds per lookup: gunicorn (master and workers), the database backends
        # serving it, and this load generator; and what the cores would sustain at that cost.
        "cpu_ms_per_lookup": per_lookup,
        "cpu_bound_per_second": (
            round((os.cpu_count() or 1) * 1000 / total_ms) if meter.enabled and total_ms else None
        ),
    }


if __name__ == "__main__":
    main()
