"""Conference pages: the list, planning (schedule, invitees, agenda, invitations), the
conference page with the confidentiality declaration in front of it where needed, minutes and
decisions per agenda item, closing and cancelling, and the house's declaration text.

Thin: a form in, one selector or service, a template out. What an attendee sees of the
agenda is decided by `conferences/policy.py` through the selectors.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from zvh.audit.denials import record_denial
from zvh.authz import policy
from zvh.authz.actor import Actor
from zvh.authz.functions import Function
from zvh.core.concurrency import StaleObjectError, stale_form
from zvh.core.listing import ListFilters, list_context
from zvh.core.views import filtered_export_response, filtered_list_response, list_filters
from zvh.core.web import GET_POST, action_done, uuid_param
from zvh.covenants.selectors import covenant_party_ids
from zvh.network.request import actor_for_request

from . import forms as conference_forms
from . import listing, selectors, services
from .defaults import DEFAULT_DECLARATION_TEXT
from .forms import SCHEDULE_FIELDS, add_errors
from .listing import ConferenceFilterForm
from .models import ConferenceKind

LIST_TEMPLATE = "conferences/conference_list.html"
CONFIRM = "confirm"  # the name of a confirm button: a bare POST changes nothing
FOLLOW_UP_INTERVAL = timedelta(weeks=4)


def _detail(conference_id: uuid.UUID) -> HttpResponse:
    return redirect("conferences:detail", conference_id=conference_id)


# --- list and page ----------------------------------------------------------------------------


def _list_filters(
    request: HttpRequest, actor: Actor
) -> tuple[ConferenceFilterForm, ListFilters | None]:
    form = ConferenceFilterForm(request.GET or None, actor=actor)
    return form, list_filters(form, lambda data: form.filters(), ListFilters())


def _list_context(actor: Actor, filters: ListFilters | None) -> dict[str, Any]:
    return {
        **list_context(listing.SORTING, filters, saved_list="conferences"),
        "can_plan": policy.can_use(actor, Function.PLAN_CONFERENCES),
    }


@require_GET
def conference_list_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    form, filters = _list_filters(request, actor)
    return filtered_list_response(
        request,
        template=LIST_TEMPLATE,
        form=form,
        filters=filters,
        page=lambda filters, cursor: selectors.conference_list(
            actor=actor, filters=filters, sorting=listing.SORTING, cursor=cursor
        ),
        context=_list_context(actor, filters),
    )


@require_GET
def conference_export_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    form, filters = _list_filters(request, actor)
    return filtered_export_response(
        request,
        template=LIST_TEMPLATE,
        form=form,
        filters=filters,
        rows=lambda filters: selectors.conference_export(
            actor=actor, filters=filters, sorting=listing.SORTING
        ),
        filename=f"overleggen-{timezone.localdate():%Y-%m-%d}.csv",
        header=listing.export_header(),
        cells=listing.export_cells,
        context=_list_context(actor, filters),
    )


@require_GET
def conference_detail_view(request: HttpRequest, conference_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    conference = selectors.conference_get(actor=actor, conference_id=conference_id)
    return _conference_page(request, conference)


def _conference_page(
    request: HttpRequest, conference: Any, *, accept_form: Any = None, status: int = 200
) -> HttpResponse:
    actor = actor_for_request(request)
    page = selectors.conference_page(actor=actor, conference=conference)
    context: dict[str, Any] = {
        "page": page,
        "conference": conference,
        "can_plan": policy.can_use(actor, Function.PLAN_CONFERENCES),
        "is_staff": actor.is_house_staff,
    }
    if not page.may_see_content:
        context["accept_form"] = accept_form or conference_forms.AcceptForm(
            initial={"declaration_id": page.declaration.pk if page.declaration else None}
        )
        return render(request, "conferences/declaration_accept.html", context, status=status)
    return render(request, "conferences/conference_detail.html", context, status=status)


@require_POST
def declaration_accept_view(request: HttpRequest, conference_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    conference = selectors.conference_get(actor=actor, conference_id=conference_id)
    form = conference_forms.AcceptForm(request.POST)
    if form.is_valid():
        try:
            acceptance = services.declaration_accept(
                actor=actor,
                conference=conference,
                declaration_id=form.cleaned_data["declaration_id"],
            )
        except ValidationError as error:
            add_errors(form, error, {})
        else:
            if acceptance is None:
                messages.info(request, _("U hoeft voor dit overleg geen verklaring te tekenen."))
            else:
                messages.success(request, _("U hebt de geheimhoudingsverklaring geaccepteerd."))
            return _detail(conference.id)
    return _conference_page(request, conference, accept_form=form, status=400)


# --- planning ---------------------------------------------------------------------------------


def _create_initial(request: HttpRequest, actor: Any) -> tuple[dict[str, Any], Any]:
    """Initial values: a Casus op Maat for `?casus=`, or the follow-up of a target-group
    conference for `?vervolg=` (same target group, place, times and invitees, four weeks on)."""
    initial: dict[str, Any] = {"conference_id": uuid.uuid4()}
    previous = None
    case_id = uuid_param(request, "casus")
    if case_id is not None:
        case = selectors.case_for_planning(actor=actor, case_id=case_id)
        if case is None:
            record_denial(actor, object_type="case", object_id=case_id)
            raise Http404
        initial.update(kind=ConferenceKind.CASE, case=case.number)
    previous_id = uuid_param(request, "vervolg")
    if previous_id is not None:
        previous = selectors.conference_get_for_planning(actor=actor, conference_id=previous_id)
        initial.update(
            conference_forms.ScheduleForm.initial_schedule(
                # In local time, so that 13:00 stays 13:00 across a change to summer time.
                previous,
                start=timezone.localtime(previous.starts_at) + FOLLOW_UP_INTERVAL,
            ),
            kind=previous.kind,
            theme=previous.theme_id,
        )
        if previous.is_case_conference:
            initial["case"] = next(iter(selectors.agenda_numbers(previous)), "")
    return initial, previous


@GET_POST
def conference_create_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    initial, previous = _create_initial(request, actor)
    themes = selectors.theme_choices(actor=actor)
    form = conference_forms.ConferenceForm(
        request.POST if request.method == "POST" else None, initial=initial, themes=themes
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        case = None
        if data["kind"] == ConferenceKind.CASE and data["case"]:
            found, _missing = selectors.cases_by_number(
                actor=actor, numbers=[data["case"].strip().upper()]
            )
            case = found[0] if found else None
            if case is None:
                form.add_error(
                    "case",
                    _("Geen open casus met dit nummer die u mag plannen. Controleer het nummer."),
                )
        if not form.errors:
            invitees = (
                selectors.follow_up_invitees(actor=actor, previous=previous, case=case)
                if previous is not None
                else []
            )
            try:
                conference = services.conference_create(
                    actor=actor,
                    data=services.ConferenceInput(
                        kind=data["kind"],
                        schedule=form.schedule(),
                        theme=data["theme"],
                        case=case,
                        invitees=invitees,
                        conference_id=data["conference_id"],
                    ),
                )
            except ValidationError as error:
                add_errors(form, error, SCHEDULE_FIELDS)
            else:
                messages.success(
                    request,
                    _("Het overleg is gepland. Kies de genodigden en verstuur de uitnodigingen."),
                )
                return _detail(conference.id)
    return render(
        request,
        "conferences/conference_form.html",
        {"form": form, "creating": True, "previous": previous},
        status=400 if form.errors else 200,
    )


@GET_POST
def conference_edit_view(request: HttpRequest, conference_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    conference = selectors.conference_get_for_planning(actor=actor, conference_id=conference_id)
    if not conference.is_planned:
        messages.info(request, _("Dit overleg is afgerond of geannuleerd."))
        return _detail(conference.id)
    context: dict[str, Any] = {"conference": conference}
    if request.method != "POST":
        initial = {
            "version": conference.version,
            **conference_forms.ScheduleForm.initial_schedule(conference),
        }
        form = conference_forms.ConferenceEditForm(initial=initial)
        return render(request, "conferences/conference_form.html", {**context, "form": form})
    form = conference_forms.ConferenceEditForm(request.POST)
    if form.is_valid():
        try:
            services.conference_reschedule(
                actor=actor,
                conference=conference,
                expected_version=form.cleaned_data["version"],
                schedule=form.schedule(),
            )
        except ValidationError as error:
            add_errors(form, error, SCHEDULE_FIELDS)
        except StaleObjectError:
            current = selectors.conference_get_for_planning(
                actor=actor, conference_id=conference.id
            )
            form = stale_form(
                conference_forms.ConferenceEditForm, request.POST, current_version=current.version
            )
            return render(
                request,
                "conferences/conference_form.html",
                {"conference": current, "current": current, "form": form},
                status=409,
            )
        else:
            messages.success(
                request,
                _("Het overleg is gewijzigd. Wie de uitnodiging al had, krijgt de wijziging."),
            )
            return _detail(conference.id)
    return render(
        request, "conferences/conference_form.html", {**context, "form": form}, status=400
    )


@GET_POST
def invitees_view(request: HttpRequest, conference_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    conference = selectors.conference_get_for_planning(actor=actor, conference_id=conference_id)
    if not conference.is_planned:
        messages.info(request, _("Dit overleg is afgerond of geannuleerd."))
        return _detail(conference.id)
    kwargs: dict[str, Any] = {
        "candidates": selectors.invitee_candidates(actor=actor, conference=conference),
        "party_ids": covenant_party_ids(conference.house_id),
        "case_conference": conference.is_case_conference,
    }
    if request.method != "POST":
        form = conference_forms.InviteesForm(
            initial={
                "version": conference.version,
                "invitees": selectors.invited_user_ids(conference),
            },
            **kwargs,
        )
        return render(
            request, "conferences/invitees.html", {"conference": conference, "form": form}
        )
    form = conference_forms.InviteesForm(request.POST, **kwargs)
    if form.is_valid():
        try:
            services.invitations_set(
                actor=actor,
                conference=conference,
                expected_version=form.cleaned_data["version"],
                users=list(form.cleaned_data["invitees"]),
            )
        except ValidationError as error:
            add_errors(form, error, {})
        except StaleObjectError:
            current = selectors.conference_get_for_planning(
                actor=actor, conference_id=conference.id
            )
            form = stale_form(
                conference_forms.InviteesForm,
                request.POST,
                current_version=current.version,
                **kwargs,
            )
            return render(
                request,
                "conferences/invitees.html",
                {"conference": current, "form": form},
                status=409,
            )
        else:
            messages.success(request, _("De genodigden zijn opgeslagen."))
            return _detail(conference.id)
    return render(
        request, "conferences/invitees.html", {"conference": conference, "form": form}, status=400
    )


@GET_POST
def agenda_view(request: HttpRequest, conference_id: uuid.UUID) -> HttpResponse:
    """Cases onto a target-group conference's agenda: ticked from the target group's open
    cases, or typed by number."""
    actor = actor_for_request(request)
    conference = selectors.conference_get_for_planning(actor=actor, conference_id=conference_id)
    if not conference.is_planned or conference.is_case_conference:
        messages.info(request, _("Aan de agenda van dit overleg kunnen geen casussen bij."))
        return _detail(conference.id)
    candidates = selectors.agenda_candidates(actor=actor, conference=conference)
    form = conference_forms.AgendaForm(
        request.POST if request.method == "POST" else None,
        candidates=candidates,
        shown=selectors.CANDIDATE_LIMIT,
    )
    if request.method == "POST" and form.is_valid():
        cases = list(form.cleaned_data["cases"])
        numbers = form.cleaned_data["numbers"]
        if numbers:
            found, missing = selectors.cases_by_number(actor=actor, numbers=numbers)
            cases += found
            if missing:
                form.add_error(
                    "numbers",
                    _("Geen open casus die u mag plannen met nummer: %(numbers)s.")
                    % {"numbers": ", ".join(missing)},
                )
        if not form.errors:
            try:
                added = services.agenda_add(actor=actor, conference=conference, cases=cases)
            except ValidationError as error:
                add_errors(form, error, {})
            else:
                messages.success(
                    request, _("%(count)d casus(sen) op de agenda gezet.") % {"count": added}
                )
                return _detail(conference.id)
    return render(
        request,
        "conferences/agenda.html",
        {"conference": conference, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
def agenda_remove_view(
    request: HttpRequest, conference_id: uuid.UUID, item_id: uuid.UUID
) -> HttpResponse:
    actor = actor_for_request(request)
    conference = selectors.conference_get_for_planning(actor=actor, conference_id=conference_id)
    item = selectors.agenda_item_get_for_planning(
        actor=actor, conference=conference, item_id=item_id
    )
    action_done(
        request,
        lambda: services.agenda_remove(actor=actor, conference=conference, item=item),
        lambda: _("Casus %(number)s is van de agenda gehaald.") % {"number": item.case.number},
    )
    return _detail(conference.id)


@require_POST
def invitations_send_view(request: HttpRequest, conference_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    conference = selectors.conference_get_for_planning(actor=actor, conference_id=conference_id)
    try:
        sent = services.invitations_send(actor=actor, conference=conference)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if sent:
            messages.success(
                request,
                _(
                    "%(count)d uitnodiging(en) met agenda-bijlage worden verstuurd. Of ze "
                    "zijn aangekomen bij de mailserver, ziet u bij de genodigden."
                )
                % {"count": sent},
            )
        else:
            messages.info(
                request, _("Alle genodigden hebben de uitnodiging al, of die wordt nog verstuurd.")
            )
    return _detail(conference.id)


@GET_POST
def conference_close_view(request: HttpRequest, conference_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    conference = selectors.conference_get_for_planning(actor=actor, conference_id=conference_id)
    error = ""
    if request.method == "POST" and CONFIRM in request.POST:
        try:
            services.conference_close(actor=actor, conference=conference)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(request, _("Het overleg is afgerond. Het verslag ligt vast."))
            return _detail(conference.id)
    return render(
        request,
        "conferences/confirm.html",
        {
            "conference": conference,
            "title": _("Overleg afronden"),
            "question": _(
                "Na het afronden liggen verslag en besluiten vast, en staat in het journaal van "
                "elke casus op de agenda dat het overleg is gehouden."
            ),
            "submit": _("Overleg afronden"),
            "error": error,
        },
        status=400 if error else 200,
    )


@GET_POST
def conference_cancel_view(request: HttpRequest, conference_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    conference = selectors.conference_get_for_planning(actor=actor, conference_id=conference_id)
    form = conference_forms.CancelForm(request.POST if CONFIRM in request.POST else None)
    if form.is_bound and form.is_valid():
        try:
            services.conference_cancel(
                actor=actor, conference=conference, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_errors(form, error, {})
        else:
            messages.success(
                request, _("Het overleg is geannuleerd. De genodigden hebben bericht gekregen.")
            )
            return _detail(conference.id)
    return render(
        request,
        "conferences/confirm.html",
        {
            "conference": conference,
            "title": _("Overleg annuleren"),
            "question": _("Wie de uitnodiging al had, krijgt een afzegging voor de agenda."),
            "submit": _("Overleg annuleren"),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


# --- minutes and decisions --------------------------------------------------------------------


def _item_context(conference: Any, item: Any) -> dict[str, Any]:
    return {"conference": conference, "item": item, "case": item.case}


@GET_POST
def item_view(request: HttpRequest, conference_id: uuid.UUID, item_id: uuid.UUID) -> HttpResponse:
    """The minutes of one agenda item, with its decisions."""
    actor = actor_for_request(request)
    conference = selectors.conference_get_for_planning(actor=actor, conference_id=conference_id)
    item = selectors.agenda_item_get_for_planning(
        actor=actor, conference=conference, item_id=item_id
    )
    context = _item_context(conference, item)
    if request.method != "POST":
        form = conference_forms.MinutesForm(initial=conference_forms.MinutesForm.initial_for(item))
        return render(request, "conferences/item.html", {**context, "form": form})
    form = conference_forms.MinutesForm(request.POST)
    if form.is_valid():
        try:
            services.minutes_save(
                actor=actor,
                item=item,
                expected_version=form.cleaned_data["version"],
                text=form.cleaned_data["minutes"],
            )
        except ValidationError as error:
            add_errors(form, error, {})
        except StaleObjectError:
            current = selectors.agenda_item_get_for_planning(
                actor=actor, conference=conference, item_id=item.id
            )
            form = stale_form(
                conference_forms.MinutesForm, request.POST, current_version=current.version
            )
            return render(
                request,
                "conferences/item.html",
                {**_item_context(conference, current), "form": form, "stale": True},
                status=409,
            )
        else:
            messages.success(request, _("Het verslag is opgeslagen."))
            return redirect("conferences:item", conference_id=conference.id, item_id=item.id)
    return render(request, "conferences/item.html", {**context, "form": form}, status=400)


@GET_POST
def decision_create_view(
    request: HttpRequest, conference_id: uuid.UUID, item_id: uuid.UUID
) -> HttpResponse:
    actor = actor_for_request(request)
    conference = selectors.conference_get_for_planning(actor=actor, conference_id=conference_id)
    item = selectors.agenda_item_get_for_planning(
        actor=actor, conference=conference, item_id=item_id
    )
    kwargs = {"owners": selectors.agreement_owner_candidates(item.case)}
    if request.method != "POST":
        form = conference_forms.DecisionForm(
            initial=conference_forms.DecisionForm.initial_new(), **kwargs
        )
    else:
        form = conference_forms.DecisionForm(request.POST, **kwargs)
        if form.is_valid():
            try:
                services.decision_record(
                    actor=actor,
                    item=item,
                    data=services.DecisionInput(
                        text=form.cleaned_data["text"],
                        agreements=form.agreements(),
                        decision_id=form.cleaned_data["decision_id"],
                    ),
                )
            except ValidationError as error:
                add_errors(form, error, {})
            else:
                messages.success(request, _("Het besluit is vastgelegd."))
                return redirect("conferences:item", conference_id=conference.id, item_id=item.id)
    return render(
        request,
        "conferences/decision_form.html",
        {**_item_context(conference, item), "form": form},
        status=400 if form.errors else 200,
    )


# --- the house's declaration ------------------------------------------------------------------


@GET_POST
def declarations_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    versions = selectors.declaration_versions(actor=actor)
    form = conference_forms.DeclarationForm(
        request.POST if request.method == "POST" else None,
        initial={"text": versions[0].text if versions else DEFAULT_DECLARATION_TEXT},
    )
    if request.method == "POST" and form.is_valid():
        try:
            declaration = services.declaration_create(actor=actor, text=form.cleaned_data["text"])
        except ValidationError as error:
            add_errors(form, error, {})
        else:
            messages.success(
                request,
                _("Versie %(version)d van de verklaring geldt vanaf nu.")
                % {"version": declaration.version},
            )
            return redirect("conferences:declarations")
    return render(
        request,
        "conferences/declarations.html",
        {"form": form, "versions": versions},
        status=400 if form.errors else 200,
    )
