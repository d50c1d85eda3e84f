"""Production settings as a server starts them: in a subprocess, configured only by the
environment, and served by gunicorn with config/gunicorn.conf.py behind a (simulated) proxy."""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from django_otp.oath import totp

BASE_DIR = Path(__file__).resolve().parents[2]
HOST = "zvh.example.org"
PASSWORD = "een lang en geheim wachtwoord"
ONE_YEAR = 365 * 24 * 3600


def production_env(var_dir: Path, **overrides: str) -> dict[str, str]:
    """A clean environment for production settings; nothing inherited from the test run."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "ZVH_", "DATABASE_", "OIDC_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        ZVH_SEARCH_TERM_KEY=secrets.token_urlsafe(32),
        ZVH_AUDIT_CHAIN_KEY=secrets.token_urlsafe(32),
        DJANGO_ALLOWED_HOSTS=HOST,
        ZVH_VAR_DIR=str(var_dir),
        DATABASE_URL=f"sqlite:///{var_dir / 'zvh.sqlite3'}",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    env.update(overrides)
    return env


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_check_deploy_is_clean(tmp_path):
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


DEFAULT_KEY = "insecure-development-key-do-not-use-in-production"
SHARED_KEY = secrets.token_urlsafe(50)


@pytest.mark.parametrize(
    ("override", "problem"),
    [
        ({"DJANGO_DEBUG": "true"}, "DJANGO_DEBUG must be off"),
        ({"DJANGO_SECRET_KEY": ""}, "DJANGO_SECRET_KEY must be set"),
        ({"DJANGO_SECRET_KEY": DEFAULT_KEY + "-really-long-enough"}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_SECRET_KEY": "kort-maar-geheim"}, "DJANGO_SECRET_KEY must be set"),
        ({"DJANGO_SECRET_KEY": "a" * 60}, "DJANGO_SECRET_KEY must be set"),
        ({"DJANGO_ALLOWED_HOSTS": ""}, "DJANGO_ALLOWED_HOSTS must list"),
        ({"DJANGO_ALLOWED_HOSTS": "*"}, "DJANGO_ALLOWED_HOSTS must list"),
        ({"ZVH_SEARCH_TERM_KEY": ""}, "ZVH_SEARCH_TERM_KEY must be set"),
        ({"DJANGO_SECRET_KEY": SHARED_KEY, "ZVH_SEARCH_TERM_KEY": SHARED_KEY}, "other than"),
        ({"ZVH_AUDIT_CHAIN_KEY": ""}, "ZVH_AUDIT_CHAIN_KEY (or ZVH_AUDIT_CHAIN_KEY_FILE) must"),
        (
            {"ZVH_AUDIT_CHAIN_KEY": "x" * 31},
            "ZVH_AUDIT_CHAIN_KEY (or ZVH_AUDIT_CHAIN_KEY_FILE) must",
        ),
        ({"DJANGO_SECRET_KEY": SHARED_KEY, "ZVH_AUDIT_CHAIN_KEY": SHARED_KEY}, "other than the"),
        ({"ZVH_AUDIT_CHAIN_KEY_FILE": "/nonexistent/key"}, "ZVH_AUDIT_CHAIN_KEY_FILE cannot be"),
    ],
    ids=[
        "debug",
        "no-key",
        "default-key",
        "short-key",
        "weak-key",
        "no-hosts",
        "any-host",
        "no-search-term-key",
        "search-term-key-is-the-secret-key",
        "no-audit-chain-key",
        "short-audit-chain-key",
        "audit-chain-key-is-the-secret-key",
        "audit-chain-key-file-missing",
    ],
)
def test_refuses_to_start_with_an_unsafe_configuration(tmp_path, override, problem):
    result = manage("check", env=production_env(tmp_path, **override))
    assert result.returncode != 0
    assert "Unsafe production configuration" in result.stderr
    assert problem in result.stderr


# --- A real server -------------------------------------------------------------------------

CREATE_USER = """
from django_otp.plugins.otp_totp.models import TOTPDevice
from zvh.accounts.models import User
user = User.objects.create_user("beheerder", "beheerder@example.org", {password!r})
print("totp-key:", TOTPDevice.objects.create(user=user, name="app", confirmed=True).key)
"""


@dataclass
class Served:
    env: dict[str, str]
    port: int
    access_log: Path
    totp_key: bytes

    def request(
        self,
        method: str,
        path: str,
        *,
        https: bool = True,
        body: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> http.client.HTTPResponse:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        sent = {"Host": HOST, "X-Forwarded-For": "192.0.2.10", **(headers or {})}
        if https:
            # What the reverse proxy adds after terminating TLS.
            sent["X-Forwarded-Proto"] = "https"
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        response.body = response.read()  # type: ignore[attr-defined]
        connection.close()
        return response


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[Served]:
    var_dir = tmp_path_factory.mktemp("production")
    port = _free_port()
    env = production_env(var_dir, ZVH_BIND=f"127.0.0.1:{port}", ZVH_WORKERS="1")
    # The install steps of docs/operations.md.
    for command in (
        ("migrate", "--noinput"),
        ("collectstatic", "--noinput"),
    ):
        result = manage(*command, env=env)
        assert result.returncode == 0, result.stderr
    created = manage("shell", "-c", CREATE_USER.format(password=PASSWORD), env=env)
    assert created.returncode == 0, created.stderr
    access_log = var_dir / "gunicorn.log"
    with access_log.open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py"],
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_for(port, server, access_log)
        key = re.search(r"totp-key: ([0-9a-f]+)", created.stdout).group(1)
        yield Served(env=env, port=port, access_log=access_log, totp_key=bytes.fromhex(key))
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_for(port: int, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"gunicorn stopped:\n{log.read_text()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"gunicorn did not start:\n{log.read_text()}")


def _cookies(response: http.client.HTTPResponse) -> dict[str, str]:
    """Cookie name -> the whole Set-Cookie line."""
    lines = response.headers.get_all("Set-Cookie") or []
    return {line.split("=", 1)[0]: line for line in lines}


def test_plain_http_is_redirected_to_https(served):
    response = served.request("GET", "/inloggen/", https=False)
    assert response.status == 301
    assert response.headers["Location"] == f"https://{HOST}/inloggen/"


def test_hsts_for_at_least_a_year_and_the_security_headers(served):
    response = served.request("GET", "/inloggen/")
    assert response.status == 200
    hsts = response.headers["Strict-Transport-Security"]
    assert int(re.search(r"max-age=(\d+)", hsts).group(1)) >= ONE_YEAR
    assert "includeSubDomains" in hsts
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_cookies_are_secure_and_host_only(served):
    login_page = served.request("GET", "/inloggen/")
    csrf_line = _cookies(login_page)["__Host-csrftoken"]
    csrf_token = SimpleCookie(csrf_line)["__Host-csrftoken"].value
    code = f"{totp(served.totp_key):06d}"
    form = f"username=beheerder&password={PASSWORD.replace(' ', '+')}&otp_token={code}"
    response = served.request(
        "POST",
        "/inloggen/",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"__Host-csrftoken={csrf_token}",
            "Origin": f"https://{HOST}",
            "Referer": f"https://{HOST}/inloggen/",
            "X-CSRFToken": csrf_token,
        },
    )
    assert (response.status, response.headers["Location"]) == (302, "/"), "login failed"
    cookies = _cookies(response)
    for name in ("__Host-zvh_session", "__Host-csrftoken"):
        flags = cookies[name].lower()
        assert "; secure" in flags, name
        assert "; path=/" in flags, name
        assert "domain=" not in flags, name
        assert "samesite=lax" in flags, name
    assert "; httponly" in cookies["__Host-zvh_session"].lower()


def test_access_log_has_path_and_request_id_but_no_query_string(served):
    response = served.request("GET", "/inloggen/?naam=Jansen&geboren=1987")
    request_id = response.headers["X-Request-ID"]
    lines: list[dict] = []
    deadline = time.monotonic() + 10
    while not lines and time.monotonic() < deadline:
        time.sleep(0.1)  # the worker writes its access line after the response
        lines = [
            line
            for line in map(json.loads, served.access_log.read_text().splitlines())
            if line["logger"] == "gunicorn.access" and line["request_id"] == request_id
        ]
    assert len(lines) == 1, served.access_log.read_text()
    assert '"GET /inloggen/ HTTP/1.1" 200' in lines[0]["message"]
    assert "192.0.2.10" in lines[0]["message"]
    assert "Jansen" not in served.access_log.read_text()


def test_rate_limits_count_across_processes(served):
    # A call one process counts, another process sees: what several app servers need.
    count = (
        "import time; from zvh.api.throttling import rate_window_count; "
        "print(rate_window_count(key='probe', now=time.time(), period=3600)[0])"
    )
    first, second = (manage("shell", "-c", count, env=served.env) for _ in range(2))
    assert first.stdout.strip().endswith("1"), first.stdout + first.stderr
    assert second.stdout.strip().endswith("2"), second.stdout + second.stderr


def test_operations_guide_lists_every_environment_variable():
    read = {
        name
        for path in (BASE_DIR / "config").glob("**/*.py")
        for name in re.findall(r"env_(?:str|bool|int|list)\(\s*\"([A-Z0-9_]+)\"", path.read_text())
    }
    guide = (BASE_DIR / "docs" / "operations.md").read_text()
    assert read, "no environment variables found: has config/env.py changed?"
    missing = sorted(name for name in read if f"`{name}`" not in guide)
    assert not missing, f"add these to the table in docs/operations.md: {missing}"


def test_attachments_go_to_the_private_bucket_the_environment_names(tmp_path):
    """Decision 0188: with ZVH_S3_BUCKET the private storage is the bucket, written private."""
    env = production_env(
        tmp_path,
        ZVH_S3_BUCKET="zvh-bijlagen",
        ZVH_S3_ENDPOINT_URL="http://minio.zvh.internal:9000",
        ZVH_S3_ACCESS_KEY="zvh",
        ZVH_S3_SECRET_KEY=secrets.token_urlsafe(20),
        ZVH_S3_REGION="us-east-1",
    )
    shown = "s.__class__.__name__, s.bucket_name, s.endpoint_url, s.default_acl, s.file_overwrite"
    result = manage(
        "shell",
        "-c",
        f"from zvh.core.storage import private_storage; s = private_storage(); print({shown})",
        env=env,
    )
    assert result.stdout.strip().splitlines()[-1].split() == [
        "PrivateS3Storage",
        "zvh-bijlagen",
        "http://minio.zvh.internal:9000",
        "private",
        "False",
    ], result.stderr


def test_probes_answer_over_plain_http_and_every_log_line_is_json(served):
    # The platform asks the app server directly, without the proxy's X-Forwarded-Proto
    # (decision 0189); every other path still redirects (test above).
    assert served.request("GET", "/healthz", https=False).status == 200
    # No worker runs beside this server: ready it is not, and says which check is red.
    readiness = served.request("GET", "/readyz", https=False)
    assert readiness.status == 503
    assert json.loads(readiness.body)["checks"] == {
        "Database": "ok",
        "PrivateStorage": "ok",
        "TaskBacklog": "ok",
        "WorkerHeartbeat": "failing",
    }
    missing = served.request("GET", "/bestaat-niet/?naam=Jansen")
    assert missing.status == 404
    request_id = missing.headers["X-Request-ID"]
    lines: list[dict] = []
    deadline = time.monotonic() + 10
    while not lines and time.monotonic() < deadline:
        time.sleep(0.1)
        lines = [
            line
            for line in map(json.loads, served.access_log.read_text().splitlines())
            if line["request_id"] == request_id
        ]
    assert {(line["level"], line["logger"]) for line in lines} == {
        ("WARNING", "django.request"),
        ("INFO", "gunicorn.access"),
    }, served.access_log.read_text()
    assert "Jansen" not in served.access_log.read_text()
