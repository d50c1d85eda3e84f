import uuid

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from zvh.authz.functions import Function
from zvh.authz.request import actor_for_request
from zvh.authz.views import requires

from . import selectors


@require_GET
@requires(Function.VIEW_PEOPLE)
def person_list_view(request: HttpRequest) -> HttpResponse:
    name = request.GET.get("naam", "")[:100]
    page = selectors.person_list(
        actor=actor_for_request(request), name=name, cursor=request.GET.get("na")
    )
    return render(request, "people/person_list.html", {"page": page, "name": name})


@require_GET
@requires(Function.VIEW_PEOPLE)
def person_detail_view(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    person = selectors.person_get(actor=actor_for_request(request), person_id=person_id)
    return render(request, "people/person_detail.html", {"person": person})
