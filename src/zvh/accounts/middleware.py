import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse

SESSION_STARTED_KEY = "zvh_session_started"
SESSION_LAST_SEEN_KEY = "zvh_session_last_seen"
# Set on the fresh anonymous session after a timeout, so the login page can say why.
SESSION_TIMED_OUT_KEY = "zvh_session_timed_out"
# The latest activity is written at most this often: a read-only request within it writes no
# session row (issue 16). The idle limit can therefore end a session up to this much early,
# never late; the store's own expiry is renewed on the same writes (decision 0198).
LAST_SEEN_GRANULARITY_SECONDS = 60


class SessionLifetimeMiddleware:
    """Logs a user out after ZVH_SESSION_IDLE_MINUTES without a request, and after
    ZVH_SESSION_MAX_HOURS however active the session was.

    The session store's own expiry (SESSION_COOKIE_AGE, renewed whenever the session is written)
    backs up the idle limit; this check holds whatever the store, and logs the user out properly
    (which the access log records).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and session_expired(request.session, now=time.time()):
            logout(request)
            request.session[SESSION_TIMED_OUT_KEY] = True
        return self.get_response(request)


def session_expired(session: SessionBase, *, now: float) -> bool:
    """Whether the session is past either limit; records this request as its latest activity
    when the recorded one is a minute old or more (a write of the session row)."""
    if SESSION_STARTED_KEY not in session:
        session[SESSION_STARTED_KEY] = int(now)
    started = float(session[SESSION_STARTED_KEY])
    last_seen = float(session.get(SESSION_LAST_SEEN_KEY, now))
    if SESSION_LAST_SEEN_KEY not in session or now - last_seen >= LAST_SEEN_GRANULARITY_SECONDS:
        session[SESSION_LAST_SEEN_KEY] = int(now)
    idle_limit = settings.ZVH_SESSION_IDLE_MINUTES * 60
    max_age = settings.ZVH_SESSION_MAX_HOURS * 3600
    return now - last_seen > idle_limit or now - started > max_age
