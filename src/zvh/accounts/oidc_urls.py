"""Single sign-on endpoints; included by `oidc_urlpatterns()` only when ZVH_OIDC_ENABLED."""

from django.urls import path
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from .oidc import ZvhOIDCCallbackView

urlpatterns = [
    path("authenticate/", OIDCAuthenticationRequestView.as_view(), name="oidc_authentication_init"),
    path("callback/", ZvhOIDCCallbackView.as_view(), name="oidc_authentication_callback"),
]
