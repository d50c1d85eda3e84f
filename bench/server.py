"""gunicorn as in production, on a free loopback port, for the benchmarks that go over HTTP
(bench.signal_load, bench.http): config/gunicorn.conf.py with config.settings.production, a
random secret key unless the caller gives one, and requests as the TLS-terminating proxy sends
them (X-Forwarded-Proto: https)."""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    log_path: Path
    workers: int

    def boots(self) -> int:
        """Workers (re)started so far, from gunicorn's log."""
        return self.log_path.read_text(errors="replace").count("Booting worker")


# The keys production insists on (config/settings/production.py), random per run.
KEYS = ("DJANGO_SECRET_KEY", "ZVH_SEARCH_TERM_KEY", "ZVH_AUDIT_CHAIN_KEY")


def share_keys_with_server() -> None:
    """Call before django.setup(): this process and the server then use the same keys, so a
    session made here holds there and the access log written by both verifies as one chain.
    The keys are kept in var/bench-keys.json (random once), so a later run's audit_verify also
    holds the events of earlier runs."""
    path = ROOT / "var" / "bench-keys.json"
    path.parent.mkdir(exist_ok=True)
    if not path.exists():
        path.write_text(json.dumps({name: secrets.token_urlsafe(50) for name in KEYS}))
        path.chmod(0o600)
    for name, value in json.loads(path.read_text()).items():
        os.environ.setdefault(name, value)


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def gunicorn(log_name: str, ready: bytes, **env_overrides: str) -> Iterator[Server]:
    """Starts gunicorn, waits until `ready` (a whole request, with the port filled in for
    `{port}`) is answered 200, and stops it gracefully afterwards."""
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        **{name: os.environ.get(name) or secrets.token_urlsafe(50) for name in KEYS},
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "ZVH_BIND": f"127.0.0.1:{port}",
        "ZVH_LOG_LEVEL": "WARNING",
        **env_overrides,
    }
    env.setdefault("ZVH_WORKERS", "2")
    # Production serves the hashed static files of the manifest: collect them first.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    log_path = ROOT / "var" / f"{log_name}-gunicorn.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    server = Server(process, port, log_path, int(env["ZVH_WORKERS"]))
    try:
        _wait_until_up(server, ready.replace(b"{port}", str(port).encode()))
        yield server
    finally:
        process.send_signal(signal.SIGTERM)  # gunicorn's graceful stop of its workers
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def request_bytes(
    method: str, path: str, port: int | str, headers: dict[str, str], body: bytes = b""
) -> bytes:
    """A whole HTTP/1.1 request as the proxy sends it (X-Forwarded-Proto), so production
    serves it."""
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "X-Forwarded-Proto: https"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    if body or method == "POST":
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def _wait_until_up(server: Server, request: bytes) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise SystemExit(f"gunicorn stopped:\n{server.log_path.read_text()[-3000:]}")
        try:
            with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
                sock.sendall(request)
                if sock.recv(64).startswith(b"HTTP/1.1 200"):
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(
        f"gunicorn did not answer 200 within a minute:\n{server.log_path.read_text()[-3000:]}"
    )
