from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from zvh.authz.views import login_required_2fa


@login_required_2fa
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html")
