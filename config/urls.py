from django.urls import include, path
from django.views.decorators.http import require_POST
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView

from zvh.accounts.urls import oidc_urlpatterns
from zvh.core import health
from zvh.triage import urls as triage_urls

urlpatterns = [
    # First: the hit/no-hit signal is the busiest URL (hundreds of calls a second from ZSM), and
    # resolving walks the list in order. It shares no prefix with anything above it.
    path("api/v1/", include("zvh.signals_lookup.urls")),
    # Probes and metrics for the platform and the monitoring (decision 0189).
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", health.metrics, name="metrics"),
    path("", include("zvh.web.urls")),
    path("", include("zvh.accounts.urls")),
    path("taal/", require_POST(set_language), name="set_language"),
    path("betrokkenen/", include("zvh.people.urls")),
    path("beheer/triage/", include(triage_urls.configuration)),
    path("beheer/casussen/", include("zvh.cases.config_urls")),
    path("beheer/bewaartermijnen/", include("zvh.retention.urls")),
    path("", include("zvh.sharing.urls")),
    path("beheer/", include("zvh.network.urls")),
    path("triage/", include("zvh.triage.urls")),
    path("aanmeldingen/", include("zvh.intake.urls")),
    path("meldingen/", include("zvh.notifications.urls")),
    path("casussen/<uuid:case_id>/plan/", include("zvh.plans.urls")),
    path("casussen/", include("zvh.web.case_urls")),
    path("mijn-werk/", include("zvh.web.work_urls")),
    path("overleggen/", include("zvh.conferences.urls")),
    path("cijfers/", include("zvh.figures.urls")),
    path("convenanten/", include("zvh.covenants.urls")),
    path("adviezen/", include("zvh.advice.urls")),
    path("systeemsignalen/", include("zvh.system_signals.urls")),
    path("stuurgroeprapportages/", include("zvh.reports.urls")),
    path("api/jzv/v1/", include("zvh.jzv.urls")),
    path("privacy/toegangslog/", include("zvh.people.access_report_urls")),
    path("privacy/verzoeken/", include("zvh.subject_requests.urls")),
    path("privacy/", include("zvh.privacy.urls")),
    path("briefing/", include("zvh.briefing.urls")),
    path("cofinanciering/", include("zvh.cofinancing.urls")),
    path("monitor/", include("zvh.monitor.house_urls")),
    path("landelijke-monitor/", include("zvh.monitor.national_urls")),
    path("api/v1/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
]
# Single sign-on endpoints exist only when ZVH_OIDC_ENABLED is on.
urlpatterns += oidc_urlpatterns()

# Under /api/ errors are problem+json; elsewhere these fall back to Django's own pages.
handler404 = "zvh.api.problems.not_found"
handler500 = "zvh.api.problems.server_error"
