"""The project's URLs with single sign-on switched on (config.urls decides that at import)."""

from django.urls import include, path

from config.urls import urlpatterns as project_urlpatterns

urlpatterns = [*project_urlpatterns, path("oidc/", include("zvh.accounts.oidc_urls"))]
