import uuid

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from zvh.authz.request import actor_for_request
from zvh.authz.views import login_required_2fa

from . import selectors


@require_GET
@login_required_2fa
def referral_detail_view(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    referral = selectors.referral_get(actor=actor, referral_id=referral_id)
    return render(request, "intake/referral_detail.html", {"referral": referral})
