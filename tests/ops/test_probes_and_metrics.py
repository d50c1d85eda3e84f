"""/healthz, /readyz and /metrics (decision 0189)."""

from __future__ import annotations

import dataclasses
from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client
from django.utils import timezone
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable
from prometheus_client import REGISTRY, Counter

TOKEN = "m" * 40


@dataclasses.dataclass
class AlwaysFailing(HealthCheck):
    """Stands in for a dependency that is down (the task worker, say)."""

    def run(self) -> None:
        raise ServiceUnavailable("secret detail: host db.internal, user zvh_app")


@pytest.fixture
def probe_storage(settings, tmp_path):
    settings.ZVH_PRIVATE_MEDIA_ROOT = tmp_path / "private"


def test_healthz_answers_without_a_database():
    # No `db` fixture: pytest-django refuses any query, so the probe touched none.
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_is_green_when_database_and_storage_answer(probe_storage, tmp_path):
    response = Client().get("/readyz")
    assert response.status_code == 200, response.content
    assert response.json() == {
        "status": "ok",
        "checks": {"Database": "ok", "PrivateStorage": "ok"},
    }
    # The storage probe cleans up after itself.
    assert not any(path.is_file() for path in (tmp_path / "private").rglob("*"))


@pytest.mark.django_db
def test_readyz_is_red_when_the_database_is_down(probe_storage):
    broken = mock.patch.object(
        BaseDatabaseWrapper, "cursor", side_effect=OperationalError("connection refused")
    )
    with broken:
        response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "failing",
        "checks": {"Database": "failing", "PrivateStorage": "ok"},
    }


@pytest.mark.django_db
def test_readyz_is_red_when_any_listed_check_fails_and_says_no_more(probe_storage, settings):
    settings.ZVH_READINESS_CHECKS = [
        *settings.ZVH_READINESS_CHECKS,
        "tests.ops.test_probes_and_metrics.AlwaysFailing",
    ]
    response = Client().get("/readyz", HTTP_ACCEPT="text/html")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["checks"]["AlwaysFailing"] == "failing"
    assert body["checks"]["Database"] == "ok"
    assert "secret" not in response.content.decode()


@pytest.mark.django_db
def test_readyz_is_red_while_no_worker_reports(probe_storage, settings):
    settings.ZVH_READINESS_CHECKS = [
        *settings.ZVH_READINESS_CHECKS,
        "zvh.jobs.health.TaskBacklog",
        "zvh.jobs.health.WorkerHeartbeat",
    ]
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["WorkerHeartbeat"] == "failing"
    # The checks run on threads with connections of their own, which do not see this test's
    # uncommitted rows: the worker's report is what the heartbeat query answers
    # (tests/jobs/test_queue.py shows that query against real rows).
    with mock.patch("zvh.jobs.queue.last_heartbeat", return_value=timezone.now()):
        response = Client().get("/readyz")
    assert response.status_code == 200, response.content
    assert set(response.json()["checks"].values()) == {"ok"}


def test_readyz_with_a_check_that_cannot_be_used_is_red(settings):
    # A check that raises something other than a health-check error counts as failing too.
    settings.ZVH_READINESS_CHECKS = [("zvh.core.health.Database", {"alias": "no-such-db"})]
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"Database": "failing"}


def _metrics(client: Client, **headers: str):
    return client.get("/metrics", **headers)


def test_metrics_are_for_the_bearer_token_only(settings):
    client = Client()
    settings.ZVH_METRICS_TOKEN = ""
    assert _metrics(client, HTTP_AUTHORIZATION="Bearer ").status_code == 404
    settings.ZVH_METRICS_TOKEN = TOKEN
    assert _metrics(client).status_code == 404
    assert _metrics(client, HTTP_AUTHORIZATION=f"Bearer {TOKEN[:-1]}x").status_code == 404
    assert _metrics(client, HTTP_AUTHORIZATION=TOKEN).status_code == 404
    assert client.post("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 404


@pytest.mark.django_db  # the task queue's collector reads the queue
def test_metrics_show_latency_per_view_and_the_default_registry(settings):
    settings.ZVH_METRICS_TOKEN = TOKEN
    client = Client()
    assert client.get("/healthz").status_code == 200
    others = Counter("zvh_test_other_apps_total", "A metric another app registers.")
    others.inc()
    try:
        response = _metrics(client, HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    finally:
        REGISTRY.unregister(others)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert (
        'django_http_requests_latency_seconds_by_view_method_count{method="GET",view="healthz"}'
        in text
    )
    assert "zvh_test_other_apps_total 1.0" in text
