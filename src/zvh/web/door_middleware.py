"""The web's doors, enforced from the one table (doors.py) before any view runs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from rest_framework.views import APIView

from zvh.accounts.second_factor import is_fully_authenticated
from zvh.audit.denials import door_opens
from zvh.authz.doors import DOORS, Kind
from zvh.network.request import actor_for_request

# The Django admin keeps its own staff check and is no part of the table (it is not routed today).
OUTSIDE_THE_TABLE = "admin"


class DoorMiddleware:
    """Fails closed: a URL without a door is a 404. A public door lets everyone through; any
    other door wants both factors (or the login page); a door with functions wants one of them
    (or a 404, recorded as a denial, never a 403: a page's existence says nothing).

    API views (DRF) are let through once their door is known: a partner application's token is
    only authenticated inside the view, so `zvh.api.permissions.HasFunction` checks the same door
    there. Runs after authentication, the second factor and the session lifetime middleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        match = request.resolver_match
        door = DOORS.get(match.view_name) if match is not None else None
        if door is None:
            if match is not None and OUTSIDE_THE_TABLE in match.namespaces[:1]:
                return None
            raise Http404
        if door.kind is Kind.PUBLIC or _is_api_view(view_func):
            return None
        if door.kind is Kind.APPLICATIONS:  # only a DRF view can serve a token
            raise Http404
        if not is_fully_authenticated(request):
            return redirect_to_login(request.get_full_path())
        if door.kind is Kind.LOGIN_ONLY:
            return None
        if door_opens(actor_for_request(request), door, request.method or ""):
            return None
        raise Http404


def _is_api_view(view_func: Callable[..., Any]) -> bool:
    """A DRF view (APIView.as_view() puts its class on the function): its door is HasFunction's."""
    cls = getattr(view_func, "cls", None)
    return isinstance(cls, type) and issubclass(cls, APIView)
