"""Probes for the container platform and the monitoring (docs/decisions/0189).

- `/healthz`: alive, the process answers. Touches nothing else (no database), so a database
  outage does not get every app container restarted.
- `/readyz`: ready to serve, each check of ZVH_READINESS_CHECKS (dotted paths of
  django-health-check checks) passes. 503 while any fails. The answer names each check and says
  ok or failing, nothing more: the reasons go to the log (logger `health_check`).
- `/metrics`: Prometheus text, only for the monitoring's bearer token (ZVH_METRICS_TOKEN);
  anyone else meets a 404, as with any page that is not theirs.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hmac
import logging
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import DatabaseError, connections
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_prometheus.exports import ExportToDjangoView
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

logger = logging.getLogger(__name__)


@dataclasses.dataclass
class Database(HealthCheck):
    """The database answers a query (no table read: the app role may lack nothing for it)."""

    alias: str = "default"

    def run(self) -> None:
        connection = connections[self.alias]
        try:
            # Runs in a worker thread of the probe: a connection of its own, closed afterwards.
            with connection.temporary_connection() as cursor:
                cursor.execute("SELECT 1")
                row = cursor.fetchone()
        except DatabaseError as exc:
            raise ServiceUnavailable("database unavailable") from exc
        if row is None or row[0] != 1:
            raise ServiceUnavailable("database answered unexpectedly")


@dataclasses.dataclass
class PrivateStorage(HealthCheck):
    """The private documents' storage takes, returns and removes a small file."""

    def run(self) -> None:
        from .storage import private_storage

        storage = private_storage()
        content = uuid.uuid4().hex.encode()
        name = ""
        try:
            name = storage.save(f"readiness/{uuid.uuid4().hex}.txt", ContentFile(content))
            with storage.open(name, "rb") as stored:
                read = stored.read()
        except Exception as exc:  # file systems and object stores raise their own kinds
            raise ServiceUnavailable("storage unavailable") from exc
        finally:
            if name:
                try:
                    storage.delete(name)
                except Exception:  # a left-over probe file is harmless
                    logger.warning("readiness probe file %s was not removed", name)
        if read != content:
            raise ServiceUnavailable("storage returned other content")


@require_safe
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"status": "ok"})


class ReadinessView(HealthCheckView):
    """django-health-check's view with the checks of ZVH_READINESS_CHECKS (read per request, so
    that a test or another app's settings can change the list) and a terse answer."""

    def get_checks(self):
        self.checks = settings.ZVH_READINESS_CHECKS
        return super().get_checks()

    async def get(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        with self.get_executor() as executor:
            results = await asyncio.gather(
                *(check.get_result(executor) for check in self.get_checks())
            )
        checks = {
            type(result.check).__name__: "failing" if result.error else "ok" for result in results
        }
        failing = any(result.error for result in results)
        return JsonResponse(
            {"status": "failing" if failing else "ok", "checks": checks},
            status=503 if failing else 200,
        )


readyz = ReadinessView.as_view()


def _authorised_for_metrics(request: HttpRequest) -> bool:
    token = settings.ZVH_METRICS_TOKEN
    if not token:
        return False
    given = request.headers.get("Authorization", "")
    return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())


@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    """The default Prometheus registry (request latency per view, and what other apps add), or
    the files of every gunicorn worker when PROMETHEUS_MULTIPROC_DIR is set."""
    if request.method != "GET" or not _authorised_for_metrics(request):
        raise Http404
    return ExportToDjangoView(request)
