"""A container probe without curl: GET a path of the local app server, exit 0 on a 200.

    python3 deploy/probe.py /healthz      (liveness)
    python3 deploy/probe.py /readyz       (readiness)

Asks with the first of DJANGO_ALLOWED_HOSTS as the Host header (any other is refused by Django)
over plain HTTP: the probe paths are exempt from the redirect to HTTPS (decision 0189).
"""

from __future__ import annotations

import http.client
import os
import sys


def main(path: str) -> int:
    host, _, port = os.environ.get("ZVH_BIND", "127.0.0.1:8000").rpartition(":")
    if host in {"", "0.0.0.0", "[::]", "::"}:  # noqa: S104 - bound to all: ask over loopback
        host = "127.0.0.1"
    allowed = [name.strip() for name in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",")]
    served = next((name.lstrip(".") for name in allowed if name), "localhost")
    connection = http.client.HTTPConnection(host.strip("[]"), int(port or 8000), timeout=5)
    try:
        connection.request("GET", path, headers={"Host": served, "Accept": "application/json"})
        status = connection.getresponse().status
    except OSError as exc:
        print(f"probe {path}: {exc.__class__.__name__}", file=sys.stderr)
        return 1
    finally:
        connection.close()
    return 0 if status == 200 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "/healthz"))
