from django.conf import settings
from django.urls import URLResolver, include, path

from . import views

app_name = "accounts"

urlpatterns = [
    path("inloggen/", views.login_view, name="login"),
    path("inloggen/authenticator/", views.enrol_view, name="enrol"),
    path("inloggen/tweede-stap/", views.second_factor_view, name="second_factor"),
    path("uitloggen/", views.logout_view, name="logout"),
]


def oidc_urlpatterns() -> list[URLResolver]:
    """The single sign-on endpoints, only when it is switched on. Outside the `accounts`
    namespace: mozilla-django-oidc reverses their names without one."""
    if not settings.ZVH_OIDC_ENABLED:
        return []
    return [path("oidc/", include("zvh.accounts.oidc_urls"))]
