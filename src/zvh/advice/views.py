"""The advice register's screens: the list (filters, keyset pages, CSV), a new record, one
record, and editing it. Thin: form in, one service or selector, page out."""

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

from zvh.authz.actor import Actor
from zvh.core.forms import add_service_errors
from zvh.core.views import (
    filtered_export_response,
    filtered_list_response,
    list_filters,
    versioned_form_response,
)
from zvh.core.web import GET_POST
from zvh.network import policy as network_policy
from zvh.network.request import actor_for_request

from . import forms as advice_forms
from . import selectors, services
from .models import Advice

LIST_TEMPLATE = "advice/advice_list.html"


def _form_kwargs(actor: Actor) -> dict[str, Any]:
    return {
        "organisations": network_policy.visible_organisations(actor),
        "municipalities": network_policy.visible_municipalities(actor),
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


def _filters(
    request: HttpRequest, actor: Actor
) -> tuple[advice_forms.AdviceFilterForm, selectors.AdviceFilters | None]:
    form = advice_forms.AdviceFilterForm(
        request.GET or None, organisations=network_policy.visible_organisations(actor)
    )
    return form, list_filters(form, _filter_values, selectors.AdviceFilters())


def _filter_values(data: dict[str, Any]) -> selectors.AdviceFilters:
    organisation = data.get("organisation")
    return selectors.AdviceFilters(
        start=data.get("start"),
        end=data.get("end"),
        organisation_id=organisation.pk if organisation is not None else None,
        topic=data.get("topic") or "",
    )


@require_GET
def advice_list_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    form, filters = _filters(request, actor)
    return filtered_list_response(
        request,
        template=LIST_TEMPLATE,
        form=form,
        filters=filters,
        page=lambda filters, cursor: selectors.advice_list(
            actor=actor, filters=filters, cursor=cursor
        ),
    )


@require_GET
def advice_export_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    form, filters = _filters(request, actor)
    return filtered_export_response(
        request,
        template=LIST_TEMPLATE,
        form=form,
        filters=filters,
        rows=lambda filters: selectors.advice_export(actor=actor, filters=filters),
        filename=f"adviezen-{timezone.localdate():%Y-%m-%d}.csv",
        header=[
            _("Datum"),
            _("Organisatie van de vrager"),
            _("Gemeente"),
            _("Onderwerp"),
            _("Tijdsbesteding (minuten)"),
            _("Gegeven advies"),
        ],
        cells=lambda advice: [
            advice.given_on.isoformat(),
            advice.requester_label,
            advice.municipality.name,
            advice.get_topic_display(),
            advice.minutes,
            advice.advice_text,
        ],
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
    return versioned_form_response(
        request,
        obj=advice,
        name="advice",
        form_class=advice_forms.AdviceEditForm,
        form_kwargs=_form_kwargs(actor),
        initial=advice_forms.AdviceEditForm.initial_for(advice),
        save=lambda data, version: services.advice_update(
            actor=actor, advice=advice, expected_version=version, data=_input(data)
        ),
        reload=lambda: selectors.advice_for_edit(actor=actor, advice_id=advice_id),
        template="advice/advice_form.html",
        success=_("Het advies is opgeslagen."),
        success_url=reverse("advice:detail", kwargs={"advice_id": advice.id}),
    )
