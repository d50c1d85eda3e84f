from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from zvh.core.web import GET_POST

from .forms import EnrolmentForm, LoginForm, SecondFactorForm
from .middleware import SESSION_TIMED_OUT_KEY
from .second_factor import awaits_second_factor
from .selectors import PENDING_ENROLMENT_MINUTES, pending_enrolment_get
from .services import (
    LoginOutcome,
    login_with_second_factor,
    pending_enrolment_clear,
    second_factor_confirm,
    totp_enrolment_confirm,
)
from .totp import qr_code_data_uri, secret_for_manual_entry

# One message for every failure, so nobody learns whether a user name exists.
LOGIN_FAILED_MESSAGE = gettext_lazy(
    "De combinatie van gebruikersnaam, wachtwoord en code is onjuist."
)
LOCKED_OUT_MESSAGE = gettext_lazy(
    "Te veel mislukte pogingen met deze gebruikersnaam. Neem contact op met de functioneel "
    "beheerder van uw huis."
)
ENROLMENT_CODE_WRONG_MESSAGE = gettext_lazy(
    "Deze code klopt niet. Controleer of de tijd op uw telefoon goed staat en probeer de "
    "code die de app nu toont."
)


@GET_POST
def login_view(request: HttpRequest) -> HttpResponse:
    if awaits_second_factor(request):
        return redirect("accounts:second_factor")
    form = LoginForm(request.POST or None)
    next_url = _safe_next_url(request)
    if request.method == "POST" and form.is_valid():
        outcome = login_with_second_factor(
            request=request,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"],
            token=form.cleaned_data["otp_token"],
            next_url=next_url,
        )
        if outcome is LoginOutcome.LOGGED_IN:
            return redirect(next_url or "web:home")
        if outcome is LoginOutcome.ENROL:
            return redirect("accounts:enrol")
        form.add_error(None, LOGIN_FAILED_MESSAGE)
    return _login_page(
        request, form, timed_out=bool(request.session.pop(SESSION_TIMED_OUT_KEY, False))
    )


@GET_POST
def enrol_view(request: HttpRequest) -> HttpResponse:
    """First login: link an authenticator app, confirm it with a code, and only then log in."""
    pending = pending_enrolment_get(request=request)
    if pending is None:
        pending_enrolment_clear(request=request)
        return redirect("accounts:login")
    credentials = {"username": pending.user.get_username()}
    if not AxesProxyHandler.is_allowed(request, credentials):
        pending_enrolment_clear(request=request)
        return lockout_response(request, None, credentials)
    form = EnrolmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["otp_token"]
        if totp_enrolment_confirm(request=request, pending=pending, token=token):
            return redirect(pending.next_url or "web:home")
        form.add_error("otp_token", ENROLMENT_CODE_WRONG_MESSAGE)
    context = {
        "form": form,
        "qr_code": qr_code_data_uri(pending.device),
        "secret": secret_for_manual_entry(pending.device),
        "issuer": settings.OTP_TOTP_ISSUER,
        "username": pending.user.get_username(),
        "minutes": PENDING_ENROLMENT_MINUTES,
    }
    return render(request, "accounts/enrol.html", context)


@GET_POST
def second_factor_view(request: HttpRequest) -> HttpResponse:
    """The TOTP code after a single sign-on without a second factor (decision 0185)."""
    if not awaits_second_factor(request):
        return redirect("accounts:login")
    credentials = {"username": request.user.get_username()}
    if not AxesProxyHandler.is_allowed(request, credentials):
        logout(request)
        return lockout_response(request, None, credentials)
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if second_factor_confirm(request=request, token=form.cleaned_data["otp_token"]):
            return redirect("web:home")
        form.add_error("otp_token", LOGIN_FAILED_MESSAGE)
    return render(request, "accounts/second_factor.html", {"form": form})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("accounts:login")


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """What axes shows once a user name has too many failures. Lockout is counted per name,
    existing or not, so this page says nothing about whether the account exists."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    cool_off = get_cool_off(request)
    if cool_off is None:  # no cool-off configured: only an administrator can lift the lock
        message = str(LOCKED_OUT_MESSAGE)
    else:
        minutes = max(1, round(cool_off.total_seconds() / 60))
        message = ngettext(
            "Te veel mislukte pogingen met deze gebruikersnaam. Probeer het over %(minutes)d "
            "minuut opnieuw.",
            "Te veel mislukte pogingen met deze gebruikersnaam. Probeer het over %(minutes)d "
            "minuten opnieuw.",
            minutes,
        ) % {"minutes": minutes}
    form = LoginForm(initial={"username": username})
    return _login_page(request, form, lockout_message=message, status=429)


def _login_page(
    request: HttpRequest,
    form: LoginForm,
    *,
    timed_out: bool = False,
    lockout_message: str = "",
    status: int = 200,
) -> HttpResponse:
    context = {
        "form": form,
        "timed_out": timed_out,
        "lockout_message": lockout_message,
        "oidc_enabled": settings.ZVH_OIDC_ENABLED,
    }
    return render(request, "accounts/login.html", context, status=status)


def _safe_next_url(request: HttpRequest) -> str:
    """The page the user came for (from ?next=), if it lies on this site."""
    candidate = request.GET.get("next", "")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""
