import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

SESSION_STARTED_KEY = "zvh_session_started"


class SessionLifetimeMiddleware:
    """Ends a session after its absolute lifetime, however active it was."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            started = request.session.get(SESSION_STARTED_KEY)
            max_age = settings.ZVH_SESSION_MAX_HOURS * 3600
            if started is None:
                request.session[SESSION_STARTED_KEY] = int(time.time())
            elif time.time() - float(started) > max_age:
                logout(request)
        return self.get_response(request)
