"""Pages for lawful sharing: an item's attachment and release, a case's consents, and the
house's category rules and legal bases (functional administrator, under /beheer/delen/)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from zvh.cases import selectors as case_selectors
from zvh.core.concurrency import StaleObjectError
from zvh.core.uploads import download_response
from zvh.core.web import GET_POST
from zvh.network.request import actor_for_request
from zvh.triage.forms import add_service_errors

from . import forms, selectors, services
from .models import LegalBasis

STALE = _(
    "Iemand anders heeft dit intussen gewijzigd. Bekijk de nieuwe stand en probeer het opnieuw."
)


@require_GET
def item_attachment_view(
    request: HttpRequest, case_id: uuid.UUID, item_id: uuid.UUID
) -> HttpResponseBase:
    actor = actor_for_request(request)
    case = case_selectors.case_get(actor=actor, case_id=case_id)
    item = selectors.item_attachment_get(actor=actor, case=case, item_id=item_id)
    return download_response(item.attachment, filename=item.attachment_name or "bijlage")


@require_POST
def item_release_view(request: HttpRequest, case_id: uuid.UUID, item_id: uuid.UUID) -> HttpResponse:
    """Only the contributing organisation releases its item; for anyone else it is a 404."""
    actor = actor_for_request(request)
    case = case_selectors.case_get(actor=actor, case_id=case_id)
    item = selectors.item_get(actor=actor, case=case, item_id=item_id)
    if item.organisation_id is None or item.organisation_id != actor.organisation_id:
        raise Http404
    form = forms.ReleaseForm(
        request.POST, organisations=selectors.release_candidates(case, item.organisation_id)
    )
    if form.is_valid():
        try:
            services.item_release(
                actor=actor, item=item, organisation=form.cleaned_data["organisation"]
            )
        except (ValidationError, PermissionDenied):
            messages.error(request, _("Deze organisatie neemt niet deel aan de casus."))
        else:
            messages.success(
                request,
                _("Het item is vrijgegeven aan %(organisation)s.")
                % {"organisation": form.cleaned_data["organisation"].name},
            )
    else:
        messages.error(request, _("Kies de organisatie waaraan u het item vrijgeeft."))
    return redirect(reverse("cases:detail", kwargs={"case_id": case.id}) + f"#item-{item.id}")


@GET_POST
def consent_view(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """The consents of the case's persons, and the form to record one."""
    actor = actor_for_request(request)
    case = case_selectors.case_get(actor=actor, case_id=case_id)
    persons = selectors.item_form_choices(case)[1]
    form = forms.ConsentForm(
        request.POST or None,
        persons=persons,
        organisations=selectors.consent_organisations(case),
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.consent_record(
                    actor=actor,
                    case=case,
                    consent=services.NewConsent(
                        person_id=data["person"].id,
                        organisation_ids=[o.id for o in data["organisations"]],
                        categories=data["categories"],
                        given_on=data["given_on"],
                        expires_on=data["expires_on"],
                        note=data["note"],
                    ),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("De toestemming is vastgelegd."))
                return redirect("sharing:consents", case_id=case.id)
        status = 400
    return render(
        request,
        "sharing/consents.html",
        {"case": case, "form": form, "consents": selectors.case_consents(actor=actor, case=case)},
        status=status,
    )


@require_POST
def consent_withdraw_view(
    request: HttpRequest, case_id: uuid.UUID, consent_id: uuid.UUID
) -> HttpResponse:
    actor = actor_for_request(request)
    case = case_selectors.case_get(actor=actor, case_id=case_id)
    consent = selectors.consent_get(actor=actor, case=case, consent_id=consent_id)
    if "confirm" in request.POST:
        services.consent_withdraw(actor=actor, case=case, consent=consent)
        messages.success(request, _("De toestemming is ingetrokken. Dit geldt direct."))
    return redirect("sharing:consents", case_id=case.id)


# --- configuration ----------------------------------------------------------------------------


@GET_POST
def config_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    form = forms.CategoryRulesForm(
        request.POST or None, current=selectors.configured_audiences(actor=actor)
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.category_rules_update(
                    actor=actor, audiences=form.audiences(), seen=form.seen()
                )
            except StaleObjectError:
                messages.error(request, STALE)
                return redirect("sharing:config")
            messages.success(request, _("De regels per categorie zijn opgeslagen."))
            return redirect("sharing:config")
        status = 400
    return render(
        request,
        "sharing/config.html",
        {"form": form, "legal_bases": selectors.legal_bases_for_configuration(actor=actor)},
        status=status,
    )


@GET_POST
def legal_basis_create_view(request: HttpRequest) -> HttpResponse:
    return _legal_basis_page(request, None)


@GET_POST
def legal_basis_edit_view(request: HttpRequest, legal_basis_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    return _legal_basis_page(
        request, selectors.legal_basis_get(actor=actor, legal_basis_id=legal_basis_id)
    )


def _legal_basis_page(request: HttpRequest, legal_basis: LegalBasis | None) -> HttpResponse:
    actor = actor_for_request(request)
    initial = forms.LegalBasisForm.initial_for(legal_basis) if legal_basis else None
    form = forms.LegalBasisForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.legal_basis_save(actor=actor, legal_basis=legal_basis, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De grondslag is opgeslagen."))
            return redirect("sharing:config")
    return render(
        request,
        "sharing/legal_basis_form.html",
        {"form": form, "legal_basis": legal_basis},
        status=400 if request.method == "POST" else 200,
    )
