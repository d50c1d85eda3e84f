"""Screens of the functional administrator: the house, its partners, municipalities and users.

Thin: parse the form, call one selector or service, render. A ValidationError from a service
lands on the form; a stale save is answered 409 with the current values beside the input.
"""

from __future__ import annotations

import uuid
from functools import partial
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from zvh.audit.denials import record_denial
from zvh.core.concurrency import StaleObjectError, stale_form
from zvh.core.web import GET_POST, add_form_errors, saved
from zvh.network.request import actor_for_request
from zvh.network.services import user_deactivate

from . import forms as network_forms
from . import imports, selectors, services
from .models import Role

MAX_IMPORT_BYTES = 5 * 1024 * 1024
CONFIRM = "confirm"  # the name of the confirm button: a bare POST never deletes anything
# The house's forms keep Django's own error placement (a field-keyed error on its field).
_saved = partial(saved, add_errors=add_form_errors)


def _posted(request: HttpRequest) -> Any:
    """The form data of a POST (even an empty one, so that it shows its errors), else None."""
    return request.POST if request.method == "POST" else None


# --- the house --------------------------------------------------------------------------------


@require_GET
def house_view(request: HttpRequest) -> HttpResponse:
    house = selectors.house_get(actor=actor_for_request(request))
    municipalities = list(house.municipalities.all())
    return render(
        request,
        "network/house.html",
        {
            "house": house,
            "municipalities": municipalities,
            "inhabitants": sum(m.inhabitants for m in municipalities),
        },
    )


# --- organisations ----------------------------------------------------------------------------


@require_GET
def organisation_list_view(request: HttpRequest) -> HttpResponse:
    page = selectors.organisation_list(
        actor=actor_for_request(request), cursor=request.GET.get("na")
    )
    return render(request, "network/organisation_list.html", {"page": page})


@GET_POST
def organisation_create_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    form = network_forms.OrganisationScreenForm(
        _posted(request), municipalities=selectors.house_municipalities(actor=actor)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _saved(form, lambda: services.organisation_create(actor=actor, **data)):
            messages.success(request, _("De organisatie is toegevoegd als partner van het huis."))
            return redirect("network:organisation-list")
    return render(request, "network/organisation_form.html", {"form": form, "creating": True})


@GET_POST
def organisation_edit_view(request: HttpRequest, organisation_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    organisation = selectors.organisation_get_editable(actor=actor, organisation_id=organisation_id)
    context: dict[str, Any] = {"organisation": organisation}
    municipalities = selectors.house_municipalities(actor=actor)
    if request.method != "POST":
        form = network_forms.OrganisationScreenEditForm(
            initial=network_forms.organisation_initial(organisation),
            organisation_id=organisation.pk,
            municipalities=municipalities,
        )
        return render(request, "network/organisation_form.html", {**context, "form": form})
    form = network_forms.OrganisationScreenEditForm(
        request.POST, organisation_id=organisation.pk, municipalities=municipalities
    )
    if form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            if _saved(
                form,
                lambda: services.organisation_update(
                    actor=actor, organisation=organisation, expected_version=version, **data
                ),
            ):
                messages.success(request, _("De organisatie is opgeslagen."))
                return redirect("network:organisation-list")
        except StaleObjectError:
            current = selectors.organisation_get_editable(
                actor=actor, organisation_id=organisation_id
            )
            form = stale_form(
                network_forms.OrganisationScreenEditForm,
                request.POST,
                current_version=current.version,
                organisation_id=current.pk,
                municipalities=municipalities,
            )
            return render(
                request,
                "network/organisation_form.html",
                {**context, "form": form, "current": current},
                status=409,
            )
    return render(request, "network/organisation_form.html", {**context, "form": form})


@GET_POST
def partner_add_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    form = network_forms.PartnerAddForm(
        _posted(request), candidates=selectors.partner_candidates(actor=actor)
    )
    if request.method == "POST" and form.is_valid():
        organisation = form.cleaned_data["organisation"]
        if _saved(form, lambda: services.partnership_add(actor=actor, organisation=organisation)):
            messages.success(request, _("De organisatie is nu partner van het huis."))
            return redirect("network:organisation-list")
    return render(request, "network/partner_add.html", {"form": form})


@GET_POST
def partnership_end_view(request: HttpRequest, organisation_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    organisation = selectors.organisation_get_partner(actor=actor, organisation_id=organisation_id)
    form = forms.Form(_posted(request))
    if request.method == "POST" and CONFIRM in request.POST:
        form.is_valid()
        if _saved(form, lambda: services.partnership_end(actor=actor, organisation=organisation)):
            messages.success(request, _("Het partnerschap is beëindigd."))
            return redirect("network:organisation-list")
    return render(
        request,
        "network/confirm.html",
        {
            "form": form,
            "title": _("Partnerschap beëindigen"),
            "question": _("Wilt u het partnerschap met %(name)s beëindigen?")
            % {"name": organisation.name},
            "explanation": _(
                "De organisatie blijft bestaan, maar is geen partner van dit huis meer."
            ),
            "button": _("Ja, beëindig het partnerschap"),
            "back": "network:organisation-list",
        },
    )


# --- municipalities ---------------------------------------------------------------------------


@require_GET
def municipality_list_view(request: HttpRequest) -> HttpResponse:
    page = selectors.municipality_list(
        actor=actor_for_request(request), cursor=request.GET.get("na")
    )
    return render(request, "network/municipality_list.html", {"page": page})


@GET_POST
def municipality_add_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    form = network_forms.MunicipalityForm(_posted(request), house_id=actor.house_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _saved(form, lambda: services.municipality_add(actor=actor, **data)):
            messages.success(request, _("De gemeente is toegevoegd aan het huis."))
            return redirect("network:municipality-list")
    return render(request, "network/municipality_form.html", {"form": form, "creating": True})


@GET_POST
def municipality_edit_view(request: HttpRequest, municipality_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    municipality = selectors.municipality_get(actor=actor, municipality_id=municipality_id)
    form_kwargs = {"house_id": actor.house_id, "municipality_id": municipality.pk}
    context: dict[str, Any] = {"municipality": municipality}
    if request.method != "POST":
        form = network_forms.MunicipalityEditForm(
            initial=network_forms.municipality_initial(municipality), **form_kwargs
        )
        return render(request, "network/municipality_form.html", {**context, "form": form})
    form = network_forms.MunicipalityEditForm(request.POST, **form_kwargs)
    if form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            if _saved(
                form,
                lambda: services.municipality_update(
                    actor=actor, municipality=municipality, expected_version=version, **data
                ),
            ):
                messages.success(request, _("De gemeente is opgeslagen."))
                return redirect("network:municipality-list")
        except StaleObjectError:
            current = selectors.municipality_get(actor=actor, municipality_id=municipality_id)
            form = stale_form(
                network_forms.MunicipalityEditForm,
                request.POST,
                current_version=current.version,
                **form_kwargs,
            )
            return render(
                request,
                "network/municipality_form.html",
                {**context, "form": form, "current": current},
                status=409,
            )
    return render(request, "network/municipality_form.html", {**context, "form": form})


@GET_POST
def municipality_remove_view(request: HttpRequest, municipality_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    municipality = selectors.municipality_get(actor=actor, municipality_id=municipality_id)
    form = forms.Form(_posted(request))
    if request.method == "POST" and CONFIRM in request.POST:
        form.is_valid()
        if _saved(
            form, lambda: services.municipality_remove(actor=actor, municipality=municipality)
        ):
            messages.success(request, _("De gemeente hoort niet meer bij het huis."))
            return redirect("network:municipality-list")
    return render(
        request,
        "network/confirm.html",
        {
            "form": form,
            "title": _("Gemeente uit het huis halen"),
            "question": _("Wilt u %(name)s uit het huis halen?") % {"name": municipality.name},
            "explanation": _("De gemeente blijft bestaan, maar hoort niet meer bij dit huis."),
            "button": _("Ja, haal de gemeente uit het huis"),
            "back": "network:municipality-list",
        },
    )


# --- users ------------------------------------------------------------------------------------


@require_GET
def user_list_view(request: HttpRequest) -> HttpResponse:
    page = selectors.user_list(actor=actor_for_request(request), cursor=request.GET.get("na"))
    return render(request, "network/user_list.html", {"page": page})


@GET_POST
def user_create_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    form = network_forms.UserCreateForm(
        _posted(request),
        partners=selectors.partners(actor=actor),
        house_kind=selectors.acting_house_kind(actor=actor),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.user_create(
                actor=actor,
                username=data["username"],
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                organisation=data["organisation"],
                roles=data["roles"],
                password=data["password1"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "De gebruiker is aangemaakt. Bij de eerste keer inloggen stelt de gebruiker "
                    "de authenticator-app in."
                ),
            )
            pending = selectors.user_pending_grants(actor=actor, user=created)
            _tell_proposed(request, [grant.role for grant in pending])
            return redirect("network:user-list")
    return render(request, "network/user_create.html", {"form": form})


@GET_POST
def user_edit_view(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = actor_for_request(request)
    user = selectors.user_get(actor=actor, user_id=user_id, audit=request.method == "GET")
    roles = selectors.user_house_roles(actor=actor, user=user)
    form = network_forms.UserRolesForm(
        _posted(request),
        initial={"roles": roles},
        house_kind=selectors.acting_house_kind(actor=actor),
    )
    if request.method == "POST" and form.is_valid():
        wanted = form.cleaned_data["roles"]
        try:
            change = services.user_roles_set(actor=actor, user=user, roles=wanted)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if change.granted or change.removed or not change.proposed:
                messages.success(request, _("De rollen zijn opgeslagen."))
            _tell_proposed(request, list(change.proposed))
            return redirect("network:user-list")
    return render(
        request,
        "network/user_edit.html",
        {
            "form": form,
            "managed_user": user,
            "CONFIRM": CONFIRM,
            # Nobody changes their own roles (decision 0153): no form on one's own page.
            "own_account": user.pk == actor.user_id,
            "role_labels": [Role(role).label for role in roles],
            "pending_grants": selectors.user_pending_grants(actor=actor, user=user),
        },
    )


def _tell_proposed(request: HttpRequest, roles: list[str]) -> None:
    if roles:
        messages.info(
            request,
            _(
                "Voorgesteld: %(roles)s. Deze rol wordt pas toegekend als een tweede beheerder "
                "het voorstel goedkeurt."
            )
            % {"roles": ", ".join(str(Role(role).label) for role in roles)},
        )


@GET_POST
def user_password_view(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = actor_for_request(request)
    user = selectors.user_get(actor=actor, user_id=user_id, audit=request.method == "GET")
    form = network_forms.UserPasswordForm(_posted(request), user=user)
    if request.method == "POST" and form.is_valid():
        password = form.cleaned_data["password1"]
        if _saved(
            form, lambda: services.user_password_set(actor=actor, user=user, password=password)
        ):
            messages.success(request, _("Het wachtwoord is ingesteld."))
            return redirect("network:user-edit", user_id=user.pk)
    return render(request, "network/user_password.html", {"form": form, "managed_user": user})


@require_POST
def user_deactivate_view(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = actor_for_request(request)
    user = selectors.user_get(actor=actor, user_id=user_id, audit=False)
    if user.is_active:
        try:
            user_deactivate(actor=actor, user=user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request, _("De gebruiker is gedeactiveerd; open sessies zijn beëindigd.")
            )
    return redirect("network:user-edit", user_id=user.pk)


@require_POST
def user_reactivate_view(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = actor_for_request(request)
    user = selectors.user_get(actor=actor, user_id=user_id, audit=False)
    if not user.is_active:
        try:
            services.user_reactivate(actor=actor, user=user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("De gebruiker is weer actief."))
    return redirect("network:user-edit", user_id=user.pk)


# --- role grants: four eyes (decision 0153) ---------------------------------------------------


@require_GET
def role_grant_list_view(request: HttpRequest) -> HttpResponse:
    page = selectors.role_grant_list(actor=actor_for_request(request), cursor=request.GET.get("na"))
    return render(
        request,
        "network/role_grant_list.html",
        {
            "page": page,
            "APPROVE": network_forms.RoleGrantDecisionForm.APPROVE,
            "REJECT": network_forms.RoleGrantDecisionForm.REJECT,
        },
    )


@require_POST
def role_grant_decide_view(request: HttpRequest, grant_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    grant = selectors.role_grant_get_decidable(actor=actor, grant_id=grant_id)
    form = network_forms.RoleGrantDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies goedkeuren of afwijzen."))
        return redirect("network:role-grant-list")
    approve = form.cleaned_data["decision"] == network_forms.RoleGrantDecisionForm.APPROVE
    try:
        services.role_grant_decide(actor=actor, grant=grant, approve=approve)
    except PermissionDenied:
        # Only in a race (the rule changed since the page was read): as unknown as any other.
        record_denial(actor, object_type="role_grant", object_id=grant.pk)
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        labels = {
            "role": Role(grant.role).label,
            "user": grant.user.get_full_name() or grant.user.username,
        }
        if approve:
            messages.success(request, _("%(role)s is toegekend aan %(user)s.") % labels)
        else:
            messages.success(
                request, _("Het voorstel %(role)s voor %(user)s is afgewezen.") % labels
            )
    return redirect("network:role-grant-list")


# --- import -----------------------------------------------------------------------------------


@GET_POST
def import_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    files = request.FILES if request.method == "POST" else None
    form = network_forms.ImportForm(_posted(request), files)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            form.add_error("file", _("Het bestand is groter dan 5 MB."))
        else:
            report = imports.network_import(
                actor=actor,
                content=upload.read(),
                filename=upload.name or "",
                valid_only=form.cleaned_data["valid_only"],
            )
    return render(request, "network/import.html", {"form": form, "report": report})
