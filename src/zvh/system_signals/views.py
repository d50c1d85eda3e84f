"""The system-signal screens: the list (filters, keyset pages, CSV), recording a signal, one
signal, correcting it, and the chain manager's evidence and handling forms. Thin: form in, one
service or selector, page out."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from zvh.authz.functions import Function
from zvh.authz.policy import can_use
from zvh.core.forms import add_service_errors
from zvh.core.views import (
    filtered_export_response,
    filtered_list_response,
    list_filters,
    versioned_form_response,
)
from zvh.core.web import GET_POST
from zvh.network.request import actor_for_request
from zvh.system_signals import policy as system_signal_policy

from . import forms as signal_forms
from . import selectors, services
from .models import SystemSignal

LIST_TEMPLATE = "system_signals/signal_list.html"


def _filters(
    request: HttpRequest,
) -> tuple[signal_forms.SignalFilterForm, selectors.SignalFilters | None]:
    form = signal_forms.SignalFilterForm(request.GET or None)
    return form, list_filters(form, _filter_values, selectors.SignalFilters())


def _filter_values(data: dict[str, Any]) -> selectors.SignalFilters:
    return selectors.SignalFilters(
        status=data.get("status") or "", category=data.get("category") or ""
    )


@require_GET
def signal_list_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    form, filters = _filters(request)
    return filtered_list_response(
        request,
        template=LIST_TEMPLATE,
        form=form,
        filters=filters,
        page=lambda filters, cursor: selectors.signal_list(
            actor=actor, filters=filters, cursor=cursor
        ),
        context={"may_record": can_use(actor, Function.RECORD_SYSTEM_SIGNALS)},
    )


@require_GET
def signal_export_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    form, filters = _filters(request)
    return filtered_export_response(
        request,
        template=LIST_TEMPLATE,
        form=form,
        filters=filters,
        rows=lambda filters: selectors.signal_export(actor=actor, filters=filters),
        filename=f"systeemsignalen-{timezone.localdate():%Y-%m-%d}.csv",
        header=[
            _("Gevonden op"),
            _("Titel"),
            _("Soort belemmering"),
            _("Beschrijving"),
            _("Status"),
            _("Geadresseerde"),
            _("Voorgelegd op"),
            _("Antwoord"),
            _("Antwoord ontvangen op"),
        ],
        cells=lambda signal: [
            signal.found_on.isoformat(),
            signal.title,
            signal.get_category_display(),
            signal.description,
            signal.get_status_display(),
            signal.addressee,
            signal.raised_on.isoformat() if signal.raised_on else "",
            signal.response,
            signal.response_on.isoformat() if signal.response_on else "",
        ],
    )


def _signal_input(data: dict[str, Any]) -> services.SignalInput:
    return services.SignalInput(
        title=data["title"],
        description=data["description"],
        category=data["category"],
        found_on=data["found_on"],
    )


@GET_POST
def signal_create_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    context: dict[str, Any] = {"creating": True}
    if request.method != "POST":
        form = signal_forms.SignalCreateForm(initial={"found_on": timezone.localdate()})
        return render(request, "system_signals/signal_form.html", {**context, "form": form})
    form = signal_forms.SignalCreateForm(request.POST)
    if form.is_valid():
        try:
            signal = services.signal_create(
                actor=actor,
                data=_signal_input(form.cleaned_data),
                case_numbers=form.cleaned_data["case_numbers"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Het systeemsignaal is vastgelegd."))
            return redirect("system_signals:detail", signal_id=signal.id)
    return render(request, "system_signals/signal_form.html", {**context, "form": form}, status=400)


@require_GET
def signal_detail_view(request: HttpRequest, signal_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    signal = selectors.signal_get(actor=actor, signal_id=signal_id)
    return render(
        request,
        "system_signals/signal_detail.html",
        {
            "signal": signal,
            "evidence": selectors.signal_evidence(actor=actor, signal=signal),
            "may_edit": system_signal_policy.editable_signals(actor).filter(pk=signal.pk).exists(),
            "may_manage": system_signal_policy.sees_evidence(actor),
        },
    )


def _detail_url(signal: SystemSignal) -> str:
    return reverse("system_signals:detail", kwargs={"signal_id": signal.id})


@GET_POST
def signal_edit_view(request: HttpRequest, signal_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    signal = selectors.signal_for_edit(actor=actor, signal_id=signal_id)
    return versioned_form_response(
        request,
        obj=signal,
        name="signal",
        success_url=_detail_url(signal),
        form_class=signal_forms.SignalEditForm,
        initial=signal_forms.SignalEditForm.initial_for(signal),
        save=lambda data, version: services.signal_update(
            actor=actor, signal=signal, expected_version=version, data=_signal_input(data)
        ),
        reload=lambda: selectors.signal_for_edit(actor=actor, signal_id=signal_id),
        template="system_signals/signal_form.html",
        success=_("Het systeemsignaal is opgeslagen."),
    )


@GET_POST
def signal_evidence_view(request: HttpRequest, signal_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    signal = selectors.signal_for_management(actor=actor, signal_id=signal_id)
    initial: dict[str, Any] = {"version": signal.version}
    if request.method != "POST":
        cases = selectors.signal_evidence(actor=actor, signal=signal) or []
        initial["case_numbers"] = ", ".join(case.number for case in cases)
    return versioned_form_response(
        request,
        obj=signal,
        name="signal",
        success_url=_detail_url(signal),
        form_class=signal_forms.EvidenceForm,
        initial=initial,
        save=lambda data, version: services.signal_set_evidence(
            actor=actor,
            signal=signal,
            expected_version=version,
            case_numbers=data["case_numbers"],
        ),
        reload=lambda: selectors.signal_for_management(actor=actor, signal_id=signal_id),
        template="system_signals/signal_manage.html",
        success=_("De bewijscasussen zijn opgeslagen."),
        context={"heading": _("Bewijscasussen")},
    )


@GET_POST
def signal_handle_view(request: HttpRequest, signal_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    signal = selectors.signal_for_management(actor=actor, signal_id=signal_id)
    return versioned_form_response(
        request,
        obj=signal,
        name="signal",
        success_url=_detail_url(signal),
        form_class=signal_forms.HandlingForm,
        initial=signal_forms.HandlingForm.initial_for(signal),
        save=lambda data, version: services.signal_handle(
            actor=actor,
            signal=signal,
            expected_version=version,
            data=services.SignalHandling(
                status=data["status"],
                addressee=data["addressee"],
                raised_on=data["raised_on"],
                response=data["response"],
                response_on=data["response_on"],
            ),
        ),
        reload=lambda: selectors.signal_for_management(actor=actor, signal_id=signal_id),
        template="system_signals/signal_manage.html",
        success=_("Het systeemsignaal is bijgewerkt."),
        context={"heading": _("Signaal behandelen")},
    )
