"""View guards. Every URL's door is in the one table, zvh/authz/doors.py, enforced by
zvh.authz.middleware.DoorMiddleware (web) and zvh.api.permissions.HasFunction (API); no view of
the application declares its own.

`record_denial` is what both record a refused door with. `requires` and `login_required_2fa` are
kept only so that a view written before the table still imports: such a view is checked twice
until its URL has a row in the table and the decorator goes (docs/decisions/0158)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse

from zvh.accounts.second_factor import is_fully_authenticated
from zvh.audit.models import Action, Result
from zvh.audit.services import audit_record

from .actor import Actor
from .functions import Function
from .policy import can_use
from .request import actor_for_request

ViewFunc = Callable[..., HttpResponse]


def login_required_2fa(view: ViewFunc) -> ViewFunc:
    """Logged in with both factors, or off to the login page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_fully_authenticated(request):
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def requires(*functions: Function) -> Callable[[ViewFunc], ViewFunc]:
    """Both factors and one of the functions; otherwise 404 (not 403: a page's existence says
    nothing)."""

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            actor = actor_for_request(request)
            if not any(can_use(actor, function) for function in functions):
                names = "|".join(function.value for function in functions)
                record_denial(actor, object_type=f"function:{names}", object_id="")
                raise Http404
            return view(request, *args, **kwargs)

        return login_required_2fa(wrapper)

    return decorator


def record_denial(actor: Actor, *, object_type: str, object_id: object) -> None:
    audit_record(
        actor=actor,
        action=Action.DENIED,
        object_type=object_type,
        object_id=object_id,
        result=Result.DENIED,
    )
