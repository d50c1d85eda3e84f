from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from zvh.audit.models import Action
from zvh.audit.services import audit_record
from zvh.figures import start
from zvh.network.models import Role
from zvh.network.request import actor_for_request

from .work import role_work


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Each role's start page: what matters to it (issue 11). The chain manager's key figures
    and what needs attention, the process coordinator's caseload and overdue work: counts only,
    a fixed number of queries. The bestuurder's and the steering group's sections are inclusion
    tags of their own apps in the template."""
    actor = actor_for_request(request)
    context: dict[str, Any] = {}
    if actor.house_id is not None and actor.user_id is not None:
        if actor.has_role(Role.CHAIN_MANAGER):
            context["chain_manager"] = start.chain_manager_start(actor=actor)
        if actor.has_role(Role.PROCESS_COORDINATOR):
            context["coordinator"] = start.coordinator_start(actor=actor)
        if context:
            audit_record(
                actor=actor,
                action=Action.VIEW,
                object_type="figures",
                object_id="start",
                detail={"sections": sorted(context)},
            )
    return render(request, "web/home.html", context)


@require_GET
def my_work_view(request: HttpRequest) -> HttpResponse:
    """What waits for the user, per role they hold in the house (decision 0179)."""
    work = role_work(
        actor=actor_for_request(request),
        cases_cursor=request.GET.get("casussen_na"),
        overdue_cursor=request.GET.get("verlopen_na"),
        mine_cursor=request.GET.get("afspraken_na"),
    )
    return render(request, "plans/my_work.html", {"work": work.case_work, "role_work": work})
