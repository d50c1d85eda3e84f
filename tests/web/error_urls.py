"""The project's URLs plus one view that fails, for the error-page tests."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import path

from config import urls as project
from zvh.authz.doors import public

TEST_NAMES = ("test-broken", "test-refused", "test-api-broken")


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("deliberately broken for a test")


def refused(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


urlpatterns = [
    path("test-only/kapot/", broken, name="test-broken"),
    path("test-only/geweigerd/", refused, name="test-refused"),
    path("api/v1/test-only/kapot/", broken, name="test-api-broken"),
    *project.urlpatterns,
]
handler404 = project.handler404
handler500 = project.handler500
# Every URL needs a door (zvh/authz/doors.py); these exist only here: see test_error_pages.py.
TEST_DOORS = {name: public("a view of the error-page tests") for name in TEST_NAMES}
