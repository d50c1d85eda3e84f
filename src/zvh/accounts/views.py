from typing import Any

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from .forms import LoginForm
from .services import login_with_second_factor

# One message for every failure, so nobody learns whether a user name exists.
LOGIN_FAILED_MESSAGE = gettext_lazy(
    "De combinatie van gebruikersnaam, wachtwoord en code is onjuist."
)


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = login_with_second_factor(
            request=request,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"],
            token=form.cleaned_data["otp_token"],
        )
        if user is not None:
            return redirect("web:home")
        form.add_error(None, LOGIN_FAILED_MESSAGE)
    return render(request, "accounts/login.html", {"form": form})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("accounts:login")


def lockout_response(
    request: HttpRequest, credentials: Any, *args: Any, **kwargs: Any
) -> HttpResponse:
    # Same page as a failed login, so a lockout does not confirm that the account exists.
    form = LoginForm(request.POST or None)
    form.is_valid()
    form.add_error(None, LOGIN_FAILED_MESSAGE)
    return render(request, "accounts/login.html", {"form": form}, status=200)
