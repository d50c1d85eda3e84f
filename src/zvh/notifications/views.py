from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from zvh.authz.request import actor_for_request

from . import selectors, services


@require_GET
def notification_list_view(request: HttpRequest) -> HttpResponse:
    page = selectors.notification_page(
        actor=actor_for_request(request), cursor=request.GET.get("na")
    )
    return render(request, "notifications/notification_list.html", {"page": page})


@require_POST
def mark_read_view(request: HttpRequest) -> HttpResponse:
    services.notifications_mark_read(user_id=actor_for_request(request).person_user_id)
    return redirect("notifications:list")
