from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

urlpatterns = [
    path("", include("zvh.web.urls")),
    path("", include("zvh.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("betrokkenen/", include("zvh.people.urls")),
    path("api/v1/", include("zvh.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
]
