"""Plan pages: the plan of a case, its forms, its versions and the PDF; "my work" and the
delivery view.

Thin: a form in, one selector or service, a template out. A concurrent change shows the user's
input again beside the current values (409), so nothing typed is lost.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from zvh.audit.denials import record_denial
from zvh.authz.actor import Actor
from zvh.cases.models import Case
from zvh.core.concurrency import StaleObjectError, stale_form
from zvh.core.web import GET_POST
from zvh.network.request import actor_for_request
from zvh.plans.policy import may_report_in_visible_case
from zvh.triage.forms import add_service_errors

from . import export, selectors, services
from .forms import (
    AgreementCreateForm,
    AgreementEditForm,
    AgreementForm,
    GoalsForm,
    OutcomeForm,
    PlanSetForm,
)
from .models import Agreement, AgreementStatus


def _to_plan(case: Case) -> HttpResponse:
    return redirect("plans:plan", case_id=case.id)


def _closed(request: HttpRequest, case: Case) -> HttpResponse | None:
    if case.is_closed:
        messages.info(
            request, _("De casus is afgesloten: het plan kan niet meer worden gewijzigd.")
        )
        return _to_plan(case)
    return None


def _save(
    request: HttpRequest,
    form: forms.Form,
    save: Callable[[dict[str, Any]], object],
    *,
    stale: Callable[[], forms.Form],
    success: Any,
    done: HttpResponse,
) -> tuple[forms.Form, int] | HttpResponse:
    """Runs the service for a valid form. Returns the response on success, or the form to
    show again with its status: 400 for errors, 409 for a concurrent change."""
    if not form.is_valid():
        return form, 400
    try:
        save(dict(form.cleaned_data))
    except ValidationError as error:
        add_service_errors(form, error)
        form.service_error = error  # type: ignore[attr-defined]  # codes, for the template
        return form, 400
    except StaleObjectError:
        return stale(), 409
    messages.success(request, success)
    return done


# --- the plan ---------------------------------------------------------------------------------


@require_GET
def plan_view(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    case = selectors.plan_case_get(actor=actor, case_id=case_id)
    context = selectors.plan_page_context(actor=actor, case=case)
    plan = context["plan"]
    if context["can_set"] and plan is not None and context["goals"]:
        context["set_form"] = PlanSetForm(initial={"revision": plan.revision})
    return render(request, "plans/plan.html", {"case": case, **context})


@GET_POST
def goals_view(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    case = selectors.plan_case_get_for_management(actor=actor, case_id=case_id)
    if response := _closed(request, case):
        return response
    plan = selectors.plan_of(case)
    goals = list(plan.goals.all()) if plan else []
    context: dict[str, Any] = {"case": case, "plan": plan}
    if request.method != "POST":
        form = GoalsForm(initial=GoalsForm.initial_for(plan, goals))
        return render(request, "plans/goals_form.html", {**context, "form": form})

    def stale() -> forms.Form:
        current = selectors.plan_of(case)
        context.update(plan=current, stale=True, current_goals=_ordered(current))
        return stale_form(
            GoalsForm, request.POST, current_version=current.version if current else 1
        )

    form = GoalsForm(request.POST)
    result = _save(
        request,
        form,
        lambda data: services.plan_goal_set(
            actor=actor, case=case, expected_version=data["version"], goals=form.goals()
        ),
        stale=stale,
        success=_("De doelen zijn opgeslagen."),
        done=_to_plan(case),
    )
    if isinstance(result, HttpResponse):
        return result
    shown, status = result
    return render(request, "plans/goals_form.html", {**context, "form": shown}, status=status)


def _ordered(plan: Any) -> list[Any]:
    return selectors.ordered_goals(list(plan.goals.all())) if plan else []


@GET_POST
def plan_set_view(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Setting takes a confirmation: the page shows the plan as it will be set."""
    actor = actor_for_request(request)
    case = selectors.plan_case_get(actor=actor, case_id=case_id)
    if response := _closed(request, case):
        return response
    context = selectors.plan_page_context(actor=actor, case=case)
    plan = context["plan"]
    form = PlanSetForm(request.POST or None, initial={"revision": plan.revision if plan else 0})
    shown: forms.Form = form
    status = 200
    if request.method == "POST":
        status_before = case.status
        result = _save(
            request,
            form,
            lambda data: services.plan_set(
                actor=actor, case=case, expected_revision=data["revision"]
            ),
            stale=lambda: _stale_set_form(case),
            success=_("Het plan is vastgesteld."),
            done=_to_plan(case),
        )
        if isinstance(result, HttpResponse) and case.status != status_before:
            messages.info(
                request,
                _("De casus staat nu op '%(status)s'.") % {"status": case.get_status_display()},
            )
        if isinstance(result, HttpResponse):
            return result
        shown, status = result
        if status == 409:
            context = selectors.plan_page_context(actor=actor, case=case)
    return render(
        request, "plans/plan_set.html", {"case": case, "form": shown, **context}, status=status
    )


def _stale_set_form(case: Case) -> PlanSetForm:
    current = selectors.plan_of(case)
    fresh = PlanSetForm({"revision": current.revision if current else 0})
    fresh.is_valid()
    fresh.add_error(
        None,
        _(
            "Het plan is gewijzigd nadat u deze pagina opende. Het is niet vastgesteld. "
            "Bekijk het plan zoals het nu is en stel het daarna vast."
        ),
    )
    return fresh


@require_GET
def version_view(request: HttpRequest, case_id: uuid.UUID, number: int) -> HttpResponse:
    actor = actor_for_request(request)
    case = selectors.plan_case_get(actor=actor, case_id=case_id)
    version = selectors.version_get(case=case, number=number)
    return render(
        request,
        "plans/version.html",
        {"case": case, "version": version, "snapshot": selectors.snapshot_view(version.snapshot)},
    )


@require_GET
def export_view(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    case = selectors.plan_case_get(actor=actor, case_id=case_id)
    try:
        pdf = export.plan_export_pdf(actor=actor, case=case)
    except export.NotSetError:
        messages.info(request, _("Het plan is nog niet vastgesteld: er is nog niets te delen."))
        return _to_plan(case)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="plan-van-aanpak-{case.number}.pdf"'
    return response


# --- agreements -------------------------------------------------------------------------------


def _agreement_page(
    request: HttpRequest, context: dict[str, Any], form: forms.Form, status: int = 200
) -> HttpResponse:
    error = getattr(form, "service_error", None)
    refused = error is not None and any(
        item.code == "not_participating"
        for item in getattr(error, "error_dict", {}).get("owner", [])
    )
    offer = refused or bool(form.data.get("add_participant"))
    return render(
        request,
        "plans/agreement_form.html",
        {**context, "form": form, "offer_participant": offer},
        status=status,
    )


def _input(data: dict[str, Any]) -> services.AgreementInput:
    return services.AgreementInput(
        what=data["what"], domain=data["domain"], owner=data["owner"], due_date=data["due_date"]
    )


@GET_POST
def agreement_create_view(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    case = selectors.plan_case_get_for_management(actor=actor, case_id=case_id)
    if response := _closed(request, case):
        return response
    owners = selectors.owner_candidates(case)
    context = {"case": case, "title": _("Afspraak toevoegen"), "submit": _("Toevoegen")}
    if request.method != "POST":
        form = AgreementCreateForm(initial=AgreementCreateForm.initial_new(), owners=owners)
        return _agreement_page(request, context, form)
    form = AgreementCreateForm(request.POST, owners=owners)
    result = _save(
        request,
        form,
        lambda data: services.agreement_create(
            actor=actor,
            case=case,
            data=_input(data),
            agreement_id=data["agreement_id"],
            add_participant_reason=form.reason_to_add(),
        ),
        stale=lambda: _stale_case(form),
        success=_("De afspraak is toegevoegd. De eigenaar krijgt een bericht."),
        done=_to_plan(case),
    )
    if isinstance(result, HttpResponse):
        return result
    shown, status = result
    return _agreement_page(request, context, shown, status)


def _stale_case(form: AgreementForm) -> AgreementForm:
    """Adding the organisation met a concurrent change of the case: try again."""
    form.add_error(
        None,
        _(
            "De casus is intussen gewijzigd. De afspraak is niet opgeslagen; "
            "controleer de gegevens en sla opnieuw op."
        ),
    )
    return form


def _agreement_for(
    request: HttpRequest, case_id: uuid.UUID, agreement_id: uuid.UUID, *, manage: bool
) -> tuple[Actor, Case, Agreement]:
    actor = actor_for_request(request)
    if manage:
        case = selectors.plan_case_get_for_management(actor=actor, case_id=case_id)
    else:
        case = selectors.plan_case_get(actor=actor, case_id=case_id)
    agreement = selectors.agreement_get(actor=actor, case=case, agreement_id=agreement_id)
    return actor, case, agreement


@GET_POST
def agreement_edit_view(
    request: HttpRequest, case_id: uuid.UUID, agreement_id: uuid.UUID
) -> HttpResponse:
    actor, case, agreement = _agreement_for(request, case_id, agreement_id, manage=True)
    if response := _closed(request, case):
        return response
    if not agreement.is_open:
        messages.info(
            request, _("Deze afspraak is al afgehandeld en kan niet meer worden gewijzigd.")
        )
        return _to_plan(case)
    owners = selectors.owner_candidates(case)
    context: dict[str, Any] = {
        "case": case,
        "agreement": agreement,
        "title": _("Afspraak wijzigen"),
        "submit": _("Opslaan"),
    }
    if request.method != "POST":
        form = AgreementEditForm(initial=AgreementEditForm.initial_for(agreement), owners=owners)
        return _agreement_page(request, context, form)

    def stale() -> forms.Form:
        current = selectors.agreement_get(actor=actor, case=case, agreement_id=agreement.id)
        context.update(agreement=current, stale=True)
        return stale_form(
            AgreementEditForm, request.POST, current_version=current.version, owners=owners
        )

    form = AgreementEditForm(request.POST, owners=owners)
    result = _save(
        request,
        form,
        lambda data: services.agreement_update(
            actor=actor,
            agreement=agreement,
            expected_version=data["version"],
            data=_input(data),
            add_participant_reason=form.reason_to_add(),
        ),
        stale=stale,
        success=_("De afspraak is opgeslagen."),
        done=_to_plan(case),
    )
    if isinstance(result, HttpResponse):
        return result
    shown, status = result
    return _agreement_page(request, context, shown, status)


OUTCOME_PAGES: dict[str, tuple[Any, Any, Any, Callable[..., Agreement]]] = {
    AgreementStatus.DONE: (
        _("Afspraak afronden"),
        _("Afronden"),
        _("De afspraak is afgerond."),
        services.agreement_complete,
    ),
    AgreementStatus.NOT_DELIVERED: (
        _("Afspraak niet geleverd"),
        _("Vastleggen als niet geleverd"),
        _("De afspraak is vastgelegd als niet geleverd."),
        services.agreement_mark_not_delivered,
    ),
    AgreementStatus.CANCELLED: (
        _("Afspraak laten vervallen"),
        _("Laten vervallen"),
        _("De afspraak is vervallen."),
        services.agreement_cancel,
    ),
}


def _outcome(
    request: HttpRequest, case_id: uuid.UUID, agreement_id: uuid.UUID, status: str
) -> HttpResponse:
    manage = status == AgreementStatus.CANCELLED
    actor, case, agreement = _agreement_for(request, case_id, agreement_id, manage=manage)
    if not manage and not may_report_in_visible_case(actor, agreement):
        record_denial(actor, object_type="agreement", object_id=agreement.id)
        raise Http404
    if response := _closed(request, case):
        return response
    title, submit, success, service = OUTCOME_PAGES[status]
    required = services.OUTCOMES[status].note_required()
    context: dict[str, Any] = {
        "case": case,
        "agreement": agreement,
        "title": title,
        "submit": submit,
    }
    if not agreement.is_open and request.method != "POST":
        messages.info(request, _("Deze afspraak is al afgehandeld."))
        return _to_plan(case)
    if request.method != "POST":
        form = OutcomeForm(initial=OutcomeForm.initial_for(agreement), required_message=required)
        return render(request, "plans/outcome_form.html", {**context, "form": form})

    def stale() -> forms.Form:
        current = selectors.agreement_get(actor=actor, case=case, agreement_id=agreement.id)
        context.update(agreement=current, stale=True)
        return stale_form(
            OutcomeForm, request.POST, current_version=current.version, required_message=required
        )

    form = OutcomeForm(request.POST, required_message=required)
    result = _save(
        request,
        form,
        lambda data: service(
            actor=actor, agreement=agreement, expected_version=data["version"], note=data["note"]
        ),
        stale=stale,
        success=success,
        done=_to_plan(case),
    )
    if isinstance(result, HttpResponse):
        return result
    shown, code = result
    return render(request, "plans/outcome_form.html", {**context, "form": shown}, status=code)


@GET_POST
def agreement_complete_view(
    request: HttpRequest, case_id: uuid.UUID, agreement_id: uuid.UUID
) -> HttpResponse:
    return _outcome(request, case_id, agreement_id, AgreementStatus.DONE)


@GET_POST
def agreement_not_delivered_view(
    request: HttpRequest, case_id: uuid.UUID, agreement_id: uuid.UUID
) -> HttpResponse:
    return _outcome(request, case_id, agreement_id, AgreementStatus.NOT_DELIVERED)


@GET_POST
def agreement_cancel_view(
    request: HttpRequest, case_id: uuid.UUID, agreement_id: uuid.UUID
) -> HttpResponse:
    return _outcome(request, case_id, agreement_id, AgreementStatus.CANCELLED)


# --- the delivery view ----------------------------------------------------------------------


@require_GET
def delivery_view(request: HttpRequest) -> HttpResponse:
    """Folded into the house's figures (issue 11): the group "levering" shows delivery per
    partner with the filter, the series and the previous period."""
    return redirect("figures:group", group="levering")
