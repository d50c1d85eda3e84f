from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from zvh.network.request import actor_for_request

from . import selectors


@require_GET
def briefing_view(request: HttpRequest) -> HttpResponse:
    briefing = selectors.mayor_briefing(actor=actor_for_request(request))
    return render(request, "briefing/briefing.html", {"briefing": briefing})
