"""Case pages: the list, the search, one case with its journal, and the acts on a case.

Thin: a form in, one selector or service, a template out. Every act that changes the case is
one small form page built by `_case_action`; a concurrent change shows the user's input again
beside the current values (409), so nothing typed is lost.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from zvh.authz.actor import Actor
from zvh.core.concurrency import StaleObjectError, stale_form
from zvh.core.listing import ListFilters, list_context
from zvh.core.views import filtered_export_response, filtered_list_response, list_filters
from zvh.core.web import GET_POST
from zvh.network.request import actor_for_request
from zvh.triage.forms import add_service_errors

from . import forms as case_forms
from . import listing, selectors, services
from .listing import CaseFilterForm
from .models import Case

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as Promise
else:
    from django.utils.functional import Promise

LIST_TEMPLATE = "cases/case_list.html"


# --- list, search, one case -------------------------------------------------------------------


def _list_filters(request: HttpRequest, actor: Actor) -> tuple[CaseFilterForm, ListFilters | None]:
    form = CaseFilterForm(request.GET or None, actor=actor)
    return form, list_filters(form, lambda data: form.filters(), ListFilters())


@require_GET
def case_list_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    form, filters = _list_filters(request, actor)
    return filtered_list_response(
        request,
        template=LIST_TEMPLATE,
        form=form,
        filters=filters,
        page=lambda filters, cursor: selectors.case_list(
            actor=actor, filters=filters, sorting=listing.SORTING, cursor=cursor
        ),
        context=list_context(listing.SORTING, filters, saved_list="cases"),
    )


@require_GET
def case_export_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    form, filters = _list_filters(request, actor)
    return filtered_export_response(
        request,
        template=LIST_TEMPLATE,
        form=form,
        filters=filters,
        rows=lambda filters: selectors.case_export(
            actor=actor, filters=filters, sorting=listing.SORTING
        ),
        filename=f"casussen-{timezone.localdate():%Y-%m-%d}.csv",
        header=listing.export_header(),
        cells=listing.export_cells,
        context=list_context(listing.SORTING, filters, saved_list="cases"),
    )


@GET_POST
def case_search_view(request: HttpRequest) -> HttpResponse:
    """The form posts its term, so a BSN never lands in a URL, a proxy log or the browser
    history; `?q=` is answered too, for links that carry a case or referral number."""
    data = request.POST if request.method == "POST" else request.GET
    form = case_forms.SearchForm(data if "q" in data else None)
    result = None
    if form.is_bound and form.is_valid():
        result = selectors.case_search(
            actor=actor_for_request(request), text=form.cleaned_data["q"]
        )
        if result.error:
            form.add_error("q", result.error)
    return render(request, "cases/case_search.html", {"form": form, "result": result})


# --- acts on a case: one form page each -------------------------------------------------------


@dataclass(frozen=True)
class _Action:
    form_class: type[Any]
    title: Promise
    submit: Promise
    success: Promise
    save: Callable[[Actor, Case, int, dict[str, Any]], object]
    form_kwargs: Callable[[Actor, Case], dict[str, Any]] = lambda actor, case: {}
    intro: Promise | str | None = None
    may_run_when_closed: bool = False
    template: str = "cases/case_action.html"


def _case_action(request: HttpRequest, actor: Actor, case: Case, action: _Action) -> HttpResponse:
    """The case was read through `case_get_for_management` (audited) by the caller."""
    context: dict[str, Any] = {"case": case, "action": action}
    if case.is_closed and not action.may_run_when_closed:
        messages.info(request, _("De casus is afgesloten. Heropen de casus eerst."))
        return redirect("cases:detail", case_id=case.id)
    if request.method != "POST":
        form = action.form_class(
            initial=action.form_class.initial_for(case), **action.form_kwargs(actor, case)
        )
        return render(request, action.template, {**context, "form": form})
    form = action.form_class(request.POST, **action.form_kwargs(actor, case))
    if form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            action.save(actor, case, version, data)
        except ValidationError as error:
            add_service_errors(form, error)
        except StaleObjectError:
            current = selectors.case_get_for_management(actor=actor, case_id=case.id)
            form = stale_form(
                action.form_class,
                request.POST,
                current_version=current.version,
                **action.form_kwargs(actor, current),
            )
            return render(
                request,
                action.template,
                {**context, "case": current, "form": form, "stale": True},
                status=409,
            )
        else:
            messages.success(request, action.success)
            return redirect("cases:detail", case_id=case.id)
    return render(request, action.template, {**context, "form": form})


DETAILS = _Action(
    form_class=case_forms.CaseDetailsForm,
    title=_("Casusgegevens wijzigen"),
    submit=_("Opslaan"),
    success=_("De casusgegevens zijn opgeslagen."),
    form_kwargs=lambda actor, case: {"themes": selectors.theme_choices(case)},
    save=lambda actor, case, version, data: services.case_update_details(
        actor=actor,
        case=case,
        expected_version=version,
        case_type=data["case_type"],
        themes=list(data["themes"]),
        next_review_date=data["next_review_date"],
    ),
)

ROLES = _Action(
    form_class=case_forms.RolesForm,
    title=_("Rollen toewijzen"),
    submit=_("Opslaan"),
    success=_("De rollen zijn opgeslagen. Wie nieuw is toegewezen, krijgt een bericht."),
    form_kwargs=lambda actor, case: {
        "coordinators": selectors.coordinator_candidates(case),
        "directors": selectors.director_candidates(case),
    },
    save=lambda actor, case, version, data: services.case_assign_roles(
        actor=actor,
        case=case,
        expected_version=version,
        process_coordinator=data["process_coordinator"],
        case_director=data["case_director"],
    ),
)

STATUS = _Action(
    form_class=case_forms.StatusForm,
    title=_("Status wijzigen"),
    submit=_("Status wijzigen"),
    success=_("De status is gewijzigd."),
    form_kwargs=lambda actor, case: {"case": case},
    save=lambda actor, case, version, data: services.case_change_status(
        actor=actor,
        case=case,
        expected_version=version,
        to_status=data["to_status"],
        note=data["note"],
    ),
)

REOPEN = _Action(
    form_class=case_forms.ReopenForm,
    title=_("Casus heropenen"),
    submit=_("Casus heropenen"),
    success=_("De casus is heropend."),
    intro=_(
        "De casus krijgt weer de status van vóór het afsluiten en een nieuwe evaluatiedatum. "
        "Het afsluiten blijft zichtbaar in de geschiedenis."
    ),
    may_run_when_closed=True,
    save=lambda actor, case, version, data: services.case_reopen(
        actor=actor, case=case, expected_version=version, reason=data["reason"]
    ),
)

JUSTICE_RESPONSE = _Action(
    form_class=case_forms.JusticeResponseForm,
    title=_("Gevraagde justitiële reactie"),
    submit=_("Opslaan"),
    success=_("De gevraagde justitiële reactie is opgeslagen."),
    save=lambda actor, case, version, data: services.case_set_justice_response(
        actor=actor,
        case=case,
        expected_version=version,
        text=data["requested_justice_response"],
    ),
)

PARTICIPANT_ADD = _Action(
    form_class=case_forms.ParticipantAddForm,
    title=_("Organisatie toevoegen"),
    submit=_("Toevoegen"),
    success=_("De organisatie neemt nu deel. Haar professionals zien de casus."),
    intro=_(
        "De professionals van een deelnemende organisatie zien de casus en haar betrokkenen. "
        "Voeg alleen een organisatie toe die dat voor haar taak nodig heeft."
    ),
    form_kwargs=lambda actor, case: {
        "organisations": selectors.participant_candidates(actor=actor, case=case)
    },
    save=lambda actor, case, version, data: services.participant_add(
        actor=actor,
        case=case,
        expected_version=version,
        organisation=data["organisation"],
        reason=data["reason"],
    ),
)


def _view(action: _Action) -> Callable[..., HttpResponse]:
    @GET_POST
    def view(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
        actor = actor_for_request(request)
        case = selectors.case_get_for_management(actor=actor, case_id=case_id)
        return _case_action(request, actor, case, action)

    return view


case_details_view = _view(DETAILS)
case_roles_view = _view(ROLES)
case_status_view = _view(STATUS)
case_reopen_view = _view(REOPEN)
case_justice_response_view = _view(JUSTICE_RESPONSE)
participant_add_view = _view(PARTICIPANT_ADD)


@GET_POST
def participant_end_view(
    request: HttpRequest, case_id: uuid.UUID, participant_id: uuid.UUID
) -> HttpResponse:
    actor = actor_for_request(request)
    case = selectors.case_get_for_management(actor=actor, case_id=case_id)
    participant = selectors.participant_get(actor=actor, case=case, participant_id=participant_id)
    action = _Action(
        form_class=case_forms.ParticipantEndForm,
        title=_("Deelname beëindigen"),
        submit=_("Deelname beëindigen"),
        success=_("De deelname is beëindigd. De organisatie ziet de casus niet meer."),
        intro=_(
            "De professionals van %(organisation)s zien de casus en haar betrokkenen daarna "
            "niet meer. De deelname blijft zichtbaar in de geschiedenis."
        )
        % {"organisation": participant.organisation.name},
        may_run_when_closed=True,
        save=lambda actor, case, version, data: services.participant_end(
            actor=actor,
            case=case,
            expected_version=version,
            participant=participant,
            reason=data["reason"],
        ),
    )
    return _case_action(request, actor, case, action)
