from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

import zvh


class ApiVersionMiddleware:
    """`API-Version` on every API response, as the Dutch API design rules ask (API-57): the
    contract's full version, which is no secret. The application's own version (`ZVH-Version`)
    only for an authenticated caller, like the footer (decision 0191)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith("/api/"):
            response["API-Version"] = str(settings.SPECTACULAR_SETTINGS["VERSION"])
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                response["ZVH-Version"] = zvh.__version__
        return response
