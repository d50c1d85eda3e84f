"""The advice register's screens: the list (filters, keyset pages, CSV), a new record, one
record, and editing it. Thin: form in, one service or selector, page out."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from zvh.authz import policy
from zvh.authz.actor import Actor
from zvh.authz.request import actor_for_request
from zvh.core.concurrency import StaleObjectError, stale_form
from zvh.core.csv_export import csv_download
from zvh.triage.forms import add_service_errors

from . import forms as advice_forms
from . import selectors, services
from .models import Advice

GET_POST = require_http_methods(["GET", "POST"])


def _form_kwargs(actor: Actor) -> dict[str, Any]:
    return {
        "organisations": policy.visible_organisations(actor),
        "municipalities": policy.visible_municipalities(actor),
    }


def _input(data: dict[str, Any]) -> services.AdviceInput:
    organisation = data.get("requester_organisation")
    municipality = data.get("municipality")
    return services.AdviceInput(
        topic=data["topic"],
        given_on=data["given_on"],
        advice_text=data["advice_text"],
        minutes=data["minutes"],
        municipality_id=municipality.pk if municipality is not None else None,
        requester_organisation_id=organisation.pk if organisation is not None else None,
        requester_name=data.get("requester_name", ""),
    )


def _filters(request: HttpRequest, actor: Actor) -> tuple[advice_forms.AdviceFilterForm, Any]:
    form = advice_forms.AdviceFilterForm(
        request.GET or None, organisations=policy.visible_organisations(actor)
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        organisation = data.get("organisation")
        return form, selectors.AdviceFilters(
            start=data.get("start"),
            end=data.get("end"),
            organisation_id=organisation.pk if organisation is not None else None,
            topic=data.get("topic") or "",
        )
    # Invalid filters select nothing rather than everything: the form says what is wrong.
    return form, None if form.is_bound else selectors.AdviceFilters()


@require_GET
def advice_list_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    form, filters = _filters(request, actor)
    page = None
    if filters is not None:
        page = selectors.advice_list(actor=actor, filters=filters, cursor=request.GET.get("na"))
    query = request.GET.copy()
    query.pop("na", None)
    return render(
        request,
        "advice/advice_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
        status=200 if filters is not None else 400,
    )


@require_GET
def advice_export_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    form, filters = _filters(request, actor)
    if filters is None:
        return render(
            request,
            "advice/advice_list.html",
            {"form": form, "page": None, "query": ""},
            status=400,
        )
    rows = selectors.advice_export(actor=actor, filters=filters)
    return csv_download(
        filename=f"adviezen-{timezone.localdate():%Y-%m-%d}.csv",
        header=[
            _("Datum"),
            _("Organisatie van de vrager"),
            _("Gemeente"),
            _("Onderwerp"),
            _("Tijdsbesteding (minuten)"),
            _("Gegeven advies"),
        ],
        rows=(
            [
                advice.given_on.isoformat(),
                advice.requester_label,
                advice.municipality.name,
                advice.get_topic_display(),
                advice.minutes,
                advice.advice_text,
            ]
            for advice in rows
        ),
    )


@GET_POST
def advice_create_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    kwargs = _form_kwargs(actor)
    if request.method != "POST":
        form = advice_forms.AdviceForm(initial={"given_on": timezone.localdate()}, **kwargs)
        return render(request, "advice/advice_form.html", {"form": form, "creating": True})
    form = advice_forms.AdviceForm(request.POST, **kwargs)
    if form.is_valid():
        try:
            advice = services.advice_create(actor=actor, data=_input(form.cleaned_data))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Het advies is vastgelegd."))
            return redirect("advice:detail", advice_id=advice.id)
    return render(request, "advice/advice_form.html", {"form": form, "creating": True}, status=400)


@require_GET
def advice_detail_view(request: HttpRequest, advice_id: uuid.UUID) -> HttpResponse:
    advice = selectors.advice_get(actor=actor_for_request(request), advice_id=advice_id)
    return render(request, "advice/advice_detail.html", {"advice": advice})


@GET_POST
def advice_edit_view(request: HttpRequest, advice_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    advice: Advice = selectors.advice_for_edit(actor=actor, advice_id=advice_id)
    kwargs = _form_kwargs(actor)
    if request.method != "POST":
        form = advice_forms.AdviceEditForm(
            initial=advice_forms.AdviceEditForm.initial_for(advice), **kwargs
        )
        return render(request, "advice/advice_form.html", {"form": form, "advice": advice})
    form = advice_forms.AdviceEditForm(request.POST, **kwargs)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.advice_update(
                actor=actor, advice=advice, expected_version=data.pop("version"), data=_input(data)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except StaleObjectError:
            current = selectors.advice_for_edit(actor=actor, advice_id=advice.id)
            form = stale_form(
                advice_forms.AdviceEditForm,
                request.POST,
                current_version=current.version,
                **kwargs,
            )
            return render(
                request,
                "advice/advice_form.html",
                {"form": form, "advice": current, "current": current},
                status=409,
            )
        else:
            messages.success(request, _("Het advies is opgeslagen."))
            return redirect("advice:detail", advice_id=advice.id)
    return render(request, "advice/advice_form.html", {"form": form, "advice": advice}, status=400)
