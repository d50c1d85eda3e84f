"""The container package checked without a container engine (decision 0189): the compose file
as data, the Dockerfile's rules, and the entrypoint run against the real app in a temporary
directory with the production settings."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
from pathlib import Path

import pytest
import yaml

BASE_DIR = Path(__file__).resolve().parents[2]
DEPLOY = BASE_DIR / "deploy"
APP_SERVICES = ("app", "worker")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


def test_compose_has_the_services_and_their_health_checks(compose):
    services = compose["services"]
    assert set(services) == {"db", "minio", "minio-init", "app", "worker", "proxy"}
    assert services["app"]["command"] == ["app"]
    assert services["worker"]["command"] == ["worker"]
    assert "/readyz" in services["app"]["healthcheck"]["test"]
    for name in ("db", "minio", "proxy"):
        assert services[name]["healthcheck"]["test"], name
    assert services["app"]["depends_on"]["db"] == {"condition": "service_healthy"}
    # Attachments go to MinIO's private bucket, which exists before the app starts.
    assert services["app"]["environment"]["ZVH_S3_BUCKET"] == "zvh-bijlagen"
    assert "mc anonymous set none local/zvh-bijlagen" in services["minio-init"]["command"][0]
    assert services["app"]["depends_on"]["minio-init"] == {
        "condition": "service_completed_successfully"
    }


def test_compose_app_containers_are_read_only_unprivileged_and_write_only_tmp_and_data(compose):
    for name in APP_SERVICES:
        service = compose["services"][name]
        assert service["read_only"] is True, name
        assert service["cap_drop"] == ["ALL"], name
        assert "no-new-privileges:true" in service["security_opt"], name
        assert [entry.split(":")[0] for entry in service["tmpfs"]] == ["/tmp"], name  # noqa: S108
        assert service["volumes"] == ["zvh-data:/var/lib/zvh"], name
        assert "ports" not in service, f"{name} must be reached through the proxy only"
    assert compose["networks"]["backend"]["internal"] is True
    assert "ports" not in compose["services"]["db"]
    assert compose["services"]["proxy"]["read_only"] is True
    assert set(compose["volumes"]) == {"db-data", "minio-data", "zvh-data"}


def test_compose_secrets_come_from_the_environment_not_the_file(compose):
    for name, service in compose["services"].items():
        for key, value in (service.get("environment") or {}).items():
            if re.search(r"PASSWORD|SECRET|TOKEN|DATABASE_URL", key):
                assert "${" in value, (name, key)


def test_proxy_serves_private_files_only_internally_and_hides_readiness_and_metrics():
    conf = (DEPLOY / "nginx.conf").read_text()
    protected = re.search(r"location /protected/ \{(.*?)\}", conf, re.S)
    assert protected and "internal;" in protected.group(1)
    assert "location = /metrics { return 404; }" in conf
    assert "location = /readyz  { return 404; }" in conf
    assert "$request " not in conf, "the access log must not hold query strings"
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in conf


def _instructions(stage: str) -> list[tuple[str, str]]:
    joined = re.sub(r"\\\n", " ", stage)
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line.strip() else "")
        for line in joined.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def test_dockerfile_rules():
    """What a linter (hadolint) would hold against it, and the package's own rules."""
    text = (BASE_DIR / "Dockerfile").read_text()
    stages = re.split(r"(?m)^FROM ", text)[1:]
    assert len(stages) == 2, "a build stage and a final stage"
    build, final = (_instructions("FROM " + stage) for stage in stages)
    assert build[0][1].endswith("AS build")
    build_runs = " ".join(argument for op, argument in build if op == "RUN")
    final_runs = " ".join(argument for op, argument in final if op == "RUN")
    assert "build-essential" in build_runs
    for compiler in ("build-essential", "gcc", "python3-dev", "libpq-dev"):
        assert compiler not in final_runs, compiler
    for runs in (build_runs, final_runs):
        assert "--no-install-recommends" in runs  # DL3015
        assert "rm -rf /var/lib/apt/lists/*" in runs  # DL3009
        assert "apt-get upgrade" not in runs  # DL3005
    assert not any(op == "ADD" for op, _ in build + final)  # DL3020
    users = [argument for op, argument in final if op == "USER"]
    assert users and users[-1].split(":")[0] not in {"0", "root"}
    assert any(op == "HEALTHCHECK" for op, _ in final)
    entrypoint = next(argument for op, argument in final if op == "ENTRYPOINT")
    assert entrypoint.startswith("["), "exec form, so signals reach gunicorn"  # DL3025
    assert "/var/lib/zvh" in next(argument for op, argument in final if op == "VOLUME")
    assert re.search(r"ARG BASE_IMAGE=\S+:bookworm-slim", text), "a pinned Debian release"


def test_dockerignore_keeps_secrets_and_the_environment_out():
    ignored = [
        line for line in (BASE_DIR / ".dockerignore").read_text().splitlines() if line[:1] != "#"
    ]
    assert ignored[0] == "*", "everything is left out unless named"
    assert {"deploy/zvh.env", "deploy/tls"} <= set(ignored), "the operator's secrets stay out"
    assert not any(line.startswith("!") and ("var" in line or ".env" in line) for line in ignored)


def _entrypoint(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """The entrypoint as the container runs it, on this checkout, with SQLite in tmp_path."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "ZVH_", "DATABASE_", "PROMETHEUS_"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        ZVH_SEARCH_TERM_KEY=secrets.token_urlsafe(32),
        ZVH_AUDIT_CHAIN_KEY=secrets.token_urlsafe(48),
        DJANGO_ALLOWED_HOSTS="zvh.example.org",
        ZVH_VAR_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'zvh.sqlite3'}",
        ZVH_PYTHON=str(BASE_DIR / ".venv" / "bin" / "python"),
        PYTHONPATH=str(BASE_DIR / "src"),
    )
    environment.update(env)
    return subprocess.run(  # noqa: S603 - the project's own script
        [str(DEPLOY / "entrypoint.sh"), *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_entrypoint_migrate_role_checks_and_migrates(tmp_path):
    result = _entrypoint(tmp_path, "migrate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "migrating the database" in result.stderr
    assert (tmp_path / "zvh.sqlite3").exists()


@pytest.mark.parametrize(
    ("env", "said"),
    [
        # The production settings' own refusals (test_production_settings.py has them all).
        ({"DJANGO_ALLOWED_HOSTS": "*"}, "Unsafe production configuration"),
        ({"ZVH_METRICS_TOKEN": "short"}, "ZVH_METRICS_TOKEN"),
        ({"DJANGO_SETTINGS_MODULE": "config.settings.local"}, "must be config.settings.production"),
    ],
    ids=["any-host", "short-metrics-token", "not-production"],
)
def test_entrypoint_refuses_an_unsafe_configuration_before_touching_the_database(
    tmp_path, env, said
):
    result = _entrypoint(tmp_path, "app", **env)
    assert result.returncode == 78, result.stdout + result.stderr
    assert said in result.stderr
    assert "refusing to start" in result.stderr
    assert not (tmp_path / "zvh.sqlite3").exists()
