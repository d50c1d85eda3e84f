"""The steering-group report pages: the list (steering-group members and the chain manager),
generating a version, a report with its frozen figures, its PDF, and the chain manager's
narrative and "vaststellen". Thin: form in, one service or selector, page out."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from zvh.authz.functions import Function
from zvh.authz.policy import can_use
from zvh.core.concurrency import StaleObjectError, stale_form
from zvh.core.web import GET_POST
from zvh.network.request import actor_for_request
from zvh.triage.forms import add_service_errors

from . import forms as report_forms
from . import selectors, services
from .display import shown_figures
from .export import report_export_pdf


@require_GET
def report_list_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    return render(
        request,
        "reports/report_list.html",
        {
            "reports": selectors.report_list(actor=actor),
            "can_manage": can_use(actor, Function.MANAGE_STEERING_REPORTS),
        },
    )


@GET_POST
def report_create_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    if request.method != "POST":
        # "Nieuwe versie" on a report links here with its period filled in.
        initial = {
            key: request.GET[key] for key in ("kind", "year", "quarter") if key in request.GET
        }
        form = report_forms.GenerateForm(initial=initial)
        return render(request, "reports/report_form.html", {"form": form})
    form = report_forms.GenerateForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            report = services.report_generate(
                actor=actor,
                kind=data["kind"],
                year=data["year"],
                quarter=data["quarter"],
                narrative=form.narrative(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De rapportage is gegenereerd; de cijfers liggen vast."))
            return redirect("reports:detail", report_id=report.id)
    return render(request, "reports/report_form.html", {"form": form}, status=400)


@require_GET
def report_detail_view(request: HttpRequest, report_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    report = selectors.report_get(actor=actor, report_id=report_id)
    can_manage = can_use(actor, Function.MANAGE_STEERING_REPORTS)
    context: dict[str, Any] = {
        "report": report,
        "groups": shown_figures(report.figures),
        "can_manage": can_manage,
    }
    if can_manage and not report.is_final:
        context["finalise_form"] = report_forms.FinaliseForm(initial={"version": report.version})
    return render(request, "reports/report_detail.html", context)


@require_GET
def report_pdf_view(request: HttpRequest, report_id: uuid.UUID) -> HttpResponse:
    report, pdf = report_export_pdf(actor=actor_for_request(request), report_id=report_id)
    filename = f"stuurgroeprapportage-{report.period_label.replace(' ', '-')}-v{report.number}.pdf"
    return HttpResponse(
        pdf,
        content_type="application/pdf",
        headers={
            "Content-Disposition": content_disposition_header(as_attachment=True, filename=filename)
        },
    )


@GET_POST
def report_edit_view(request: HttpRequest, report_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    report = selectors.report_for_editing(actor=actor, report_id=report_id)
    if report.is_final:
        messages.error(
            request,
            _("Deze rapportage is vastgesteld en verandert niet meer. Genereer een nieuwe versie."),
        )
        return redirect("reports:detail", report_id=report.id)
    if request.method != "POST":
        form = report_forms.NarrativeEditForm(
            initial={**report_forms.NarrativeForm.initial_for(report), "version": report.version}
        )
        return render(request, "reports/report_edit.html", {"report": report, "form": form})
    form = report_forms.NarrativeEditForm(request.POST)
    if form.is_valid():
        try:
            services.report_update_narrative(
                actor=actor,
                report=report,
                expected_version=form.cleaned_data["version"],
                narrative=form.narrative(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except StaleObjectError:
            current = selectors.report_for_editing(actor=actor, report_id=report.id)
            form = stale_form(
                report_forms.NarrativeEditForm, request.POST, current_version=current.version
            )
            return render(
                request,
                "reports/report_edit.html",
                {"report": current, "current": current, "form": form},
                status=409,
            )
        else:
            messages.success(request, _("De toelichting is opgeslagen."))
            return redirect("reports:detail", report_id=report.id)
    return render(request, "reports/report_edit.html", {"report": report, "form": form}, status=400)


@require_POST
def report_finalise_view(request: HttpRequest, report_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    report = selectors.report_for_editing(actor=actor, report_id=report_id)
    form = report_forms.FinaliseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Laad de pagina opnieuw en probeer het nog eens."))
        return redirect("reports:detail", report_id=report.id)
    try:
        services.report_finalise(
            actor=actor, report=report, expected_version=form.cleaned_data["version"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except StaleObjectError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request, _("De rapportage is vastgesteld. De stuurgroep kan haar nu inzien.")
        )
    return redirect("reports:detail", report_id=report.id)
