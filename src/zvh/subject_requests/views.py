"""The privacy officer's request screens: the dashboard, registering a request for a person of
the house, one request with its status, deadline and history, and for an access request the
preview, withholding and the export; for a rectification request the correction form.

The content screens (preview, withholding, export, correction) answer only for an opened
request: identity check recorded and the opening approved by a second person (0154). The
approvers' screens (another privacy officer, or the chain manager) show metadata only.
Thin: form in, one service or selector, page out."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from zvh.authz import policy
from zvh.authz.actor import Actor
from zvh.authz.functions import Function
from zvh.core.concurrency import STALE_MESSAGE, StaleObjectError
from zvh.core.web import GET_POST
from zvh.network.request import actor_for_request
from zvh.people.access_report import access_report_person_search
from zvh.people.access_report_forms import AccessReportSearchForm
from zvh.subject_requests import policy as subject_request_policy
from zvh.triage.forms import add_service_errors

from . import export, selectors, services
from . import forms as request_forms
from .models import RequestKind, SubjectRequest


def _to_detail(subject_request: SubjectRequest) -> HttpResponse:
    return redirect("subject_requests:detail", request_id=subject_request.id)


def _refused(
    request: HttpRequest, subject_request: SubjectRequest, error: ValidationError
) -> HttpResponse:
    for message in error.messages:
        messages.error(request, message)
    return _to_detail(subject_request)


@require_GET
def dashboard_view(request: HttpRequest) -> HttpResponse:
    closed = request.GET.get("afgehandeld") == "1"
    page = selectors.request_list(
        actor=actor_for_request(request), closed=closed, cursor=request.GET.get("na")
    )
    return render(
        request,
        "subject_requests/dashboard.html",
        {"page": page, "closed": closed, "today": timezone.localdate()},
    )


@GET_POST
def person_search_view(request: HttpRequest) -> HttpResponse:
    """Step 1 of registering: find the person, as the access report does (posted terms)."""
    form = AccessReportSearchForm(request.POST if request.method == "POST" else None)
    search = None
    if form.is_bound and form.is_valid():
        search = access_report_person_search(actor=actor_for_request(request), **form.cleaned_data)
    return render(request, "subject_requests/person_search.html", {"form": form, "search": search})


@GET_POST
def register_view(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    person = selectors.request_person_get(actor=actor, person_id=person_id)
    if request.method != "POST":
        form = request_forms.RegisterForm(initial={"received_on": timezone.localdate()})
        return render(request, "subject_requests/register.html", {"form": form, "person": person})
    form = request_forms.RegisterForm(request.POST)
    if form.is_valid():
        try:
            subject_request = services.subject_request_register(
                actor=actor, person=person, data=services.RequestInput(**form.cleaned_data)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Het verzoek is geregistreerd. Beantwoord het uiterlijk op %(date)s.")
                % {"date": date_format(subject_request.deadline)},
            )
            return _to_detail(subject_request)
    return render(
        request, "subject_requests/register.html", {"form": form, "person": person}, status=400
    )


def _detail_page(
    request: HttpRequest,
    subject_request: SubjectRequest,
    *,
    status: int = 200,
    **forms: Any,
) -> HttpResponse:
    version = {"version": subject_request.version}
    actor = actor_for_request(request)
    context: dict[str, Any] = {
        "subject_request": subject_request,
        "page": selectors.request_page(subject_request),
        "today": timezone.localdate(),
        "start_form": request_forms.StartForm(initial=version),
        "close_form": request_forms.CloseForm(initial=version),
        "extend_form": request_forms.ExtendForm(initial=version),
        "identity_form": request_forms.IdentityForm(
            initial={**version, "checked_on": timezone.localdate()}
        ),
        "approve_form": request_forms.ApproveForm(initial=version),
        "may_approve": subject_request_policy.can_approve_opening(actor, subject_request),
    }
    context.update(forms)
    return render(request, "subject_requests/detail.html", context, status=status)


@require_GET
def detail_view(request: HttpRequest, request_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    return _detail_page(request, selectors.request_get(actor=actor, request_id=request_id))


def _stale(request: HttpRequest, subject_request: SubjectRequest) -> HttpResponse:
    messages.error(request, STALE_MESSAGE)
    return _to_detail(subject_request)


def _written(
    request: HttpRequest,
    subject_request: SubjectRequest,
    form: Any,
    write: Callable[[], object],
    success: Callable[[], str],
) -> HttpResponse | None:
    """A detail-page form's service write. Done: the success message (made after the write, which
    may change the request) and back to the request. A stale version or a refusal: back with the
    message. Field errors: on the form, and None, so the caller shows it again."""
    try:
        write()
    except StaleObjectError:
        return _stale(request, subject_request)
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            return _refused(request, subject_request, error)
        add_service_errors(form, error)
        return None
    messages.success(request, success())
    return _to_detail(subject_request)


@require_POST
def status_view(request: HttpRequest, request_id: uuid.UUID) -> HttpResponse:
    """Take the request in hand, or close it as answered or refused."""
    actor = actor_for_request(request)
    subject_request = selectors.request_get(actor=actor, request_id=request_id)
    starting = request.POST.get("action") == "start"
    form_class = request_forms.StartForm if starting else request_forms.CloseForm
    form = form_class(request.POST)
    if form.is_valid():
        data = form.cleaned_data

        def write() -> object:
            if starting:
                return services.subject_request_start(
                    actor=actor, request=subject_request, expected_version=data["version"]
                )
            return services.subject_request_close(
                actor=actor,
                request=subject_request,
                expected_version=data["version"],
                status=data["outcome"],
                note=data["note"],
            )

        done = _written(
            request,
            subject_request,
            form,
            write,
            lambda: str(_("De status van het verzoek is bijgewerkt.")),
        )
        if done is not None:
            return done
    name = "start_form" if starting else "close_form"
    return _detail_page(request, subject_request, status=400, **{name: form})


@require_POST
def extend_view(request: HttpRequest, request_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    subject_request = selectors.request_get(actor=actor, request_id=request_id)
    form = request_forms.ExtendForm(request.POST)
    if form.is_valid():
        done = _written(
            request,
            subject_request,
            form,
            lambda: services.subject_request_extend(
                actor=actor,
                request=subject_request,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            ),
            lambda: str(
                _("De termijn is verlengd tot en met %(date)s.")
                % {"date": date_format(subject_request.deadline)}
            ),
        )
        if done is not None:
            return done
    return _detail_page(request, subject_request, status=400, extend_form=form)


# --- the four-eyes rule: identity check and a second person's approval (0154) ------------------


@require_POST
def identity_view(request: HttpRequest, request_id: uuid.UUID) -> HttpResponse:
    """Record how the requester's identity was established."""
    actor = actor_for_request(request)
    subject_request = selectors.request_get(actor=actor, request_id=request_id)
    form = request_forms.IdentityForm(request.POST)
    if form.is_valid():
        values = dict(form.cleaned_data)
        expected_version = values.pop("version")
        done = _written(
            request,
            subject_request,
            form,
            lambda: services.subject_request_identity_record(
                actor=actor,
                request=subject_request,
                expected_version=expected_version,
                data=services.IdentityInput(**values),
            ),
            lambda: str(_("De identiteit van de verzoeker is vastgelegd.")),
        )
        if done is not None:
            return done
    return _detail_page(request, subject_request, status=400, identity_form=form)


@require_GET
def approvals_view(request: HttpRequest) -> HttpResponse:
    """The requests waiting for this approver's second pair of eyes: metadata only."""
    page = selectors.approval_list(actor=actor_for_request(request), cursor=request.GET.get("na"))
    return render(
        request,
        "subject_requests/approvals.html",
        {"page": page, "today": timezone.localdate()},
    )


@require_POST
def approve_view(request: HttpRequest, request_id: uuid.UUID) -> HttpResponse:
    """Approve the opening of a request's content, for the house's privacy officers."""
    actor = actor_for_request(request)
    subject_request = selectors.approval_request_get(actor=actor, request_id=request_id)
    handles = policy.can_use(actor, Function.HANDLE_SUBJECT_REQUESTS)
    back = _to_detail(subject_request) if handles else redirect("subject_requests:approvals")
    form = request_forms.ApproveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Open de pagina opnieuw en keur dan goed."))
        return back
    try:
        services.subject_request_opening_approve(
            actor=actor, request=subject_request, expected_version=form.cleaned_data["version"]
        )
    except StaleObjectError:
        messages.error(request, STALE_MESSAGE)
        return back
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return back
    messages.success(
        request,
        _(
            "U heeft het openen van verzoek %(number)s goedgekeurd. De privacyfunctionarissen "
            "van het huis kunnen de inhoud nu behandelen."
        )
        % {"number": subject_request.number},
    )
    return back


# --- access: preview, withholding, export -----------------------------------------------------


def _opening(actor: Actor, subject_request: SubjectRequest) -> None:
    """Just before the content is shown: the first time after the approval is the opening."""
    services.subject_request_content_open(actor=actor, request=subject_request)


def _access_person(request: HttpRequest, actor: Actor, request_id: uuid.UUID) -> Any:
    """The opened request and its person (else a 404 and a denial), or a response sending the
    officer back with the reason."""
    subject_request = selectors.request_content_get(actor=actor, request_id=request_id)
    try:
        person = services.require_access_request(subject_request)
    except ValidationError as error:
        return subject_request, None, _refused(request, subject_request, error)
    return subject_request, person, None


@require_GET
def preview_view(request: HttpRequest, request_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    subject_request, person, refused = _access_person(request, actor, request_id)
    if refused is not None:
        return refused
    _opening(actor, subject_request)
    preview = selectors.access_preview(actor=actor, request=subject_request, person=person)
    return render(
        request,
        "subject_requests/preview.html",
        {"subject_request": subject_request, "data": preview.data, "withheld": preview.withheld},
    )


@GET_POST
def withhold_view(request: HttpRequest, request_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    subject_request, person, refused = _access_person(request, actor, request_id)
    if refused is not None:
        return refused
    if not subject_request.is_open:
        return _refused(request, subject_request, ValidationError(_("Dit verzoek is afgehandeld.")))
    _opening(actor, subject_request)
    choices = selectors.withholding_choices(actor=actor, request=subject_request, person=person)
    context: dict[str, Any] = {"subject_request": subject_request}
    if request.method != "POST":
        form = request_forms.WithholdForm(
            initial={"record": request.GET.get("onderdeel", "")}, choices=choices
        )
        return render(request, "subject_requests/withhold.html", {**context, "form": form})
    form = request_forms.WithholdForm(request.POST, choices=choices)
    if form.is_valid():
        try:
            services.withholding_add(actor=actor, request=subject_request, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Het onderdeel wordt achtergehouden."))
            return redirect("subject_requests:preview", request_id=subject_request.id)
    return render(request, "subject_requests/withhold.html", {**context, "form": form}, status=400)


@require_POST
def withholding_lift_view(
    request: HttpRequest, request_id: uuid.UUID, withholding_id: int
) -> HttpResponse:
    actor = actor_for_request(request)
    subject_request = selectors.request_content_get(actor=actor, request_id=request_id)
    try:
        services.withholding_lift(
            actor=actor, request=subject_request, withholding_id=withholding_id
        )
    except ValidationError as error:
        return _refused(request, subject_request, error)
    messages.success(request, _("Het onderdeel gaat weer mee in het inzageoverzicht."))
    return _to_detail(subject_request)


@require_POST
def export_view(request: HttpRequest, request_id: uuid.UUID) -> HttpResponseBase:
    """The PDF and the JSON (and the items' attachments) in one ZIP, in one action."""
    actor = actor_for_request(request)
    subject_request, _person, refused = _access_person(request, actor, request_id)
    if refused is not None:
        return refused
    _opening(actor, subject_request)
    try:
        result = export.access_export(actor=actor, request=subject_request)
    except ValidationError as error:
        return _refused(request, subject_request, error)
    return FileResponse(
        result.file, as_attachment=True, filename=result.filename, content_type="application/zip"
    )


# --- rectification ----------------------------------------------------------------------------


@GET_POST
def correction_view(request: HttpRequest, request_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    subject_request = selectors.request_content_get(actor=actor, request_id=request_id)
    person = subject_request.person
    if (
        subject_request.kind != RequestKind.RECTIFICATION
        or not subject_request.is_open
        or person is None
    ):
        messages.info(
            request,
            _("Gegevens corrigeren kan alleen bij een open verzoek om rectificatie."),
        )
        return _to_detail(subject_request)
    _opening(actor, subject_request)
    context: dict[str, Any] = {"subject_request": subject_request, "person": person}
    fresh = request_forms.CorrectionForm.initial_for(person, services.person_fingerprint(person))
    if request.method != "POST":
        form = request_forms.CorrectionForm(initial=fresh)
        return render(request, "subject_requests/correction.html", {**context, "form": form})
    form = request_forms.CorrectionForm(request.POST)
    if form.is_valid():
        values = dict(form.cleaned_data)
        seen, reason = values.pop("seen"), values.pop("reason")
        try:
            corrections = services.person_rectify(
                actor=actor, request=subject_request, seen=seen, values=values, reason=reason
            )
        except StaleObjectError:
            # The officer's input again, against the values as they are now.
            person.refresh_from_db()
            data = request.POST.copy()
            data["seen"] = services.person_fingerprint(person)
            form = request_forms.CorrectionForm(data)
            form.is_valid()
            form.add_error(None, STALE_MESSAGE)
            return render(
                request, "subject_requests/correction.html", {**context, "form": form}, status=409
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("De correctie is vastgelegd (%(count)d gegevens).") % {"count": len(corrections)},
            )
            return _to_detail(subject_request)
    return render(
        request, "subject_requests/correction.html", {**context, "form": form}, status=400
    )
