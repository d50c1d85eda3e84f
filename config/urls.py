from django.urls import include, path
from django.views.decorators.http import require_POST
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView

urlpatterns = [
    path("", include("zvh.web.urls")),
    path("", include("zvh.accounts.urls")),
    path("taal/", require_POST(set_language), name="set_language"),
    path("betrokkenen/", include("zvh.people.urls")),
    path("aanmeldingen/", include("zvh.intake.urls")),
    path("api/v1/", include("zvh.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
]
