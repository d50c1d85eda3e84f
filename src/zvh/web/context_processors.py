from typing import Any

from django.http import HttpRequest

import zvh
from zvh.accounts.second_factor import is_fully_authenticated
from zvh.authz.functions import Function
from zvh.authz.policy import can_use
from zvh.network.request import actor_for_request


def navigation(request: HttpRequest) -> dict[str, Any]:
    """What the menu shows: only functions the actor may use in the current house."""
    if not is_fully_authenticated(request):
        return {"nav_functions": set()}
    actor = actor_for_request(request)
    return {
        "nav_actor": actor,
        "nav_functions": {function.value for function in Function if can_use(actor, function)},
    }


def version(request: HttpRequest) -> dict[str, Any]:
    """The application's version for the footer, for signed-in users only: the version tells an
    outsider which known weaknesses to try (decision 0191)."""
    if not is_fully_authenticated(request):
        return {}
    return {"zvh_version": zvh.__version__}
