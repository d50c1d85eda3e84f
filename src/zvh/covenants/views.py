"""The chain manager's covenant screens: the list, a new covenant, editing one (with its
parties and document), and downloading the document. Thin: form in, one service, page out."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from zvh.core.concurrency import StaleObjectError, stale_form
from zvh.core.uploads import download_response
from zvh.core.web import GET_POST
from zvh.network import policy as network_policy
from zvh.network.request import actor_for_request
from zvh.triage.forms import add_service_errors

from . import forms as covenant_forms
from . import selectors, services, warning_selectors


def _input(data: dict[str, Any]) -> services.CovenantInput:
    return services.CovenantInput(
        kind=data["kind"],
        title=data["title"],
        status=data["status"],
        document_version=data["document_version"],
        signed_on=data["signed_on"],
        expires_on=data["expires_on"],
        parties=list(data["parties"]),
        document=data["document"],
    )


@require_GET
def covenant_list_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    return render(
        request,
        "covenants/covenant_list.html",
        {
            "covenants": selectors.covenant_list(actor=actor),
            "warnings": warning_selectors.covenant_warnings(actor=actor),
        },
    )


@GET_POST
def covenant_create_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    organisations = network_policy.visible_organisations(actor)
    if request.method != "POST":
        form = covenant_forms.CovenantForm(organisations=organisations)
        return render(request, "covenants/covenant_form.html", {"form": form, "creating": True})
    form = covenant_forms.CovenantForm(request.POST, request.FILES, organisations=organisations)
    if form.is_valid():
        try:
            services.covenant_create(actor=actor, data=_input(form.cleaned_data))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Het convenant is opgeslagen."))
            return redirect("covenants:list")
    return render(
        request, "covenants/covenant_form.html", {"form": form, "creating": True}, status=400
    )


@GET_POST
def covenant_edit_view(request: HttpRequest, covenant_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    covenant = selectors.covenant_get(actor=actor, covenant_id=covenant_id)
    organisations = network_policy.visible_organisations(actor)
    context: dict[str, Any] = {"covenant": covenant}
    if request.method != "POST":
        form = covenant_forms.CovenantEditForm(
            initial=covenant_forms.CovenantEditForm.initial_for(covenant),
            organisations=organisations,
        )
        return render(request, "covenants/covenant_form.html", {**context, "form": form})
    form = covenant_forms.CovenantEditForm(request.POST, request.FILES, organisations=organisations)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.covenant_update(
                actor=actor,
                covenant=covenant,
                expected_version=data.pop("version"),
                data=_input(data),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except StaleObjectError:
            current = selectors.covenant_get(actor=actor, covenant_id=covenant.id)
            form = stale_form(
                covenant_forms.CovenantEditForm,
                request.POST,
                current_version=current.version,
                organisations=organisations,
            )
            return render(
                request,
                "covenants/covenant_form.html",
                {"covenant": current, "current": current, "form": form},
                status=409,
            )
        else:
            messages.success(request, _("Het convenant is opgeslagen."))
            return redirect("covenants:list")
    return render(request, "covenants/covenant_form.html", {**context, "form": form}, status=400)


@require_GET
def covenant_document_view(request: HttpRequest, covenant_id: uuid.UUID) -> HttpResponseBase:
    covenant = selectors.covenant_document_get(
        actor=actor_for_request(request), covenant_id=covenant_id
    )
    return download_response(
        covenant.document,
        filename=covenant.document_name or "convenant.pdf",
        content_type="application/pdf",
    )
