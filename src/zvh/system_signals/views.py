"""The system-signal screens: the list (filters, keyset pages, CSV), recording a signal, one
signal, correcting it, and the chain manager's evidence and handling forms. Thin: form in, one
service or selector, page out."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from zvh.authz import system_signal_policy
from zvh.authz.actor import Actor
from zvh.authz.functions import Function
from zvh.authz.policy import can_use
from zvh.authz.request import actor_for_request
from zvh.core.concurrency import StaleObjectError, stale_form
from zvh.core.csv_export import csv_download
from zvh.triage.forms import add_service_errors

from . import forms as signal_forms
from . import selectors, services
from .models import SystemSignal

GET_POST = require_http_methods(["GET", "POST"])


def _filters(request: HttpRequest) -> tuple[signal_forms.SignalFilterForm, Any]:
    form = signal_forms.SignalFilterForm(request.GET or None)
    if not form.is_bound:
        return form, selectors.SignalFilters()
    if form.is_valid():
        return form, selectors.SignalFilters(
            status=form.cleaned_data.get("status") or "",
            category=form.cleaned_data.get("category") or "",
        )
    return form, None


@require_GET
def signal_list_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    form, filters = _filters(request)
    page = None
    if filters is not None:
        page = selectors.signal_list(actor=actor, filters=filters, cursor=request.GET.get("na"))
    query = request.GET.copy()
    query.pop("na", None)
    return render(
        request,
        "system_signals/signal_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "may_record": can_use(actor, Function.RECORD_SYSTEM_SIGNALS),
        },
        status=200 if filters is not None else 400,
    )


@require_GET
def signal_export_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    form, filters = _filters(request)
    if filters is None:
        return render(
            request,
            "system_signals/signal_list.html",
            {"form": form, "page": None, "query": ""},
            status=400,
        )
    rows = selectors.signal_export(actor=actor, filters=filters)
    return csv_download(
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
        rows=(
            [
                signal.found_on.isoformat(),
                signal.title,
                signal.get_category_display(),
                signal.description,
                signal.get_status_display(),
                signal.addressee,
                signal.raised_on.isoformat() if signal.raised_on else "",
                signal.response,
                signal.response_on.isoformat() if signal.response_on else "",
            ]
            for signal in rows
        ),
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


def _versioned_form(
    request: HttpRequest,
    *,
    actor: Actor,
    signal: SystemSignal,
    form_class: type[forms.Form],
    initial: dict[str, Any],
    save: Callable[[dict[str, Any], int], object],
    reload: Callable[[], SystemSignal],
    template: str,
    success: str,
    context: dict[str, Any],
) -> HttpResponse:
    """GET: the form with the stored values; POST: one service call, 409 on a stale version."""
    context = {**context, "signal": signal}
    if request.method != "POST":
        return render(request, template, {**context, "form": form_class(initial=initial)})
    form = form_class(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            save(data, data.pop("version"))
        except ValidationError as error:
            add_service_errors(form, error)
        except StaleObjectError:
            current = reload()
            form = stale_form(form_class, request.POST, current_version=current.version)
            return render(
                request,
                template,
                {**context, "signal": current, "current": current, "form": form},
                status=409,
            )
        else:
            messages.success(request, success)
            return redirect("system_signals:detail", signal_id=signal.id)
    return render(request, template, {**context, "form": form}, status=400)


@GET_POST
def signal_edit_view(request: HttpRequest, signal_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    signal = selectors.signal_for_edit(actor=actor, signal_id=signal_id)
    return _versioned_form(
        request,
        actor=actor,
        signal=signal,
        form_class=signal_forms.SignalEditForm,
        initial=signal_forms.SignalEditForm.initial_for(signal),
        save=lambda data, version: services.signal_update(
            actor=actor, signal=signal, expected_version=version, data=_signal_input(data)
        ),
        reload=lambda: selectors.signal_for_edit(actor=actor, signal_id=signal_id),
        template="system_signals/signal_form.html",
        success=_("Het systeemsignaal is opgeslagen."),
        context={},
    )


@GET_POST
def signal_evidence_view(request: HttpRequest, signal_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    signal = selectors.signal_for_management(actor=actor, signal_id=signal_id)
    initial: dict[str, Any] = {"version": signal.version}
    if request.method != "POST":
        cases = selectors.signal_evidence(actor=actor, signal=signal) or []
        initial["case_numbers"] = ", ".join(case.number for case in cases)
    return _versioned_form(
        request,
        actor=actor,
        signal=signal,
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
    return _versioned_form(
        request,
        actor=actor,
        signal=signal,
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
