from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from zvh.authz.views import login_required_2fa


@require_GET
@login_required_2fa
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html")
