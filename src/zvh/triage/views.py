"""Triage screens: the coordinator's dashboard, sessions with their agenda, the decision form,
and the functional administrator's configuration.

Thin: parse the form, call one selector or service, render. Who decides is the process
coordinator (Function.TRIAGE); participants of an open session may read its agenda.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from zvh.authz import policy
from zvh.authz.functions import Function
from zvh.core.web import GET_POST, action_done, saved, uuid_param
from zvh.intake.selectors import referral_get
from zvh.network import policy as network_policy
from zvh.network.request import actor_for_request
from zvh.triage import policy as triage_policy

from . import forms as triage_forms
from . import selectors, services
from .criteria import CRITERION_LABELS
from .forms import WEEKDAY_LABELS, add_service_errors
from .models import SessionStatus

CONFIRM = "confirm"  # the name of a confirm button: a bare POST changes nothing


# --- dashboard and sessions -------------------------------------------------------------------


@require_GET
def dashboard_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    dashboard = selectors.triage_dashboard(actor=actor, cursor=request.GET.get("na"))
    return render(
        request,
        "triage/dashboard.html",
        {"dashboard": dashboard, "can_triage": policy.can_use(actor, Function.TRIAGE)},
    )


@require_GET
def session_list_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    page = selectors.triage_session_list(actor=actor, cursor=request.GET.get("na"))
    return render(
        request,
        "triage/session_list.html",
        {"page": page, "can_triage": policy.can_use(actor, Function.TRIAGE)},
    )


@GET_POST
def session_create_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    tables = selectors.tables_for_planning(actor=actor)
    chosen_id = uuid_param(request, "tafel")
    chosen = next((t for t in tables if t.id == chosen_id), None)
    if chosen is None and len(tables) == 1:
        chosen = tables[0]
    if request.method == "GET" and chosen is None:
        # With several tables, the coordinator first picks one: its organisations then become
        # the default participants, without any script.
        return render(request, "triage/session_choose_table.html", {"tables": tables})
    form = triage_forms.SessionForm(
        request.POST or None,
        initial=triage_forms.next_session_initial(chosen) if chosen else None,
        tables=triage_policy.plannable_triage_tables(actor),
        organisations=network_policy.visible_organisations(actor),
        users=triage_policy.triage_participant_candidates(actor),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.triage_session_plan(
                actor=actor,
                table=data["table"],
                starts_at=data["starts_at"],
                organisations=data["organisations"],
                users=data["users"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De sessie is gepland."))
            return redirect("triage:session", session_id=session.id)
    return render(request, "triage/session_form.html", {"form": form, "table": chosen})


@require_GET
def session_detail_view(request: HttpRequest, session_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    session = selectors.triage_session_get(actor=actor, session_id=session_id)
    agenda = selectors.session_agenda(actor=actor, session=session)
    return render(
        request,
        "triage/session_detail.html",
        {
            "session": session,
            "agenda": agenda,
            "is_open": session.status == SessionStatus.PLANNED,
            "can_triage": policy.can_use(actor, Function.TRIAGE),
        },
    )


@GET_POST
def session_participants_view(request: HttpRequest, session_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    session = selectors.triage_session_get(actor=actor, session_id=session_id)
    form = triage_forms.ParticipantsForm(
        request.POST or None,
        initial={
            "organisations": [o.pk for o in session.participant_organisations.all()],
            "users": [u.pk for u in session.participant_users.all()],
        },
        organisations=network_policy.visible_organisations(actor),
        users=triage_policy.triage_participant_candidates(actor),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if saved(
            form,
            lambda: services.triage_session_participants_set(
                actor=actor,
                session=session,
                organisations=data["organisations"],
                users=data["users"],
            ),
        ):
            messages.success(request, _("De deelnemers zijn opgeslagen."))
            return redirect("triage:session", session_id=session.id)
    return render(request, "triage/session_participants.html", {"form": form, "session": session})


@require_POST
def agenda_build_view(request: HttpRequest, session_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    session = selectors.triage_session_get(actor=actor, session_id=session_id)
    try:
        added = services.agenda_build(actor=actor, session=session)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if added:
            messages.success(
                request,
                _("%(count)d aanmelding(en) op de agenda gezet.") % {"count": added},
            )
        else:
            messages.info(request, _("Er waren geen nieuwe aanmeldingen voor deze agenda."))
    return redirect("triage:session", session_id=session.id)


@require_POST
def agenda_add_view(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    """From the referral's page: this one referral on the chosen open session's agenda."""
    actor = actor_for_request(request)
    referral = referral_get(actor=actor, referral_id=referral_id)
    form = triage_forms.AgendaAddForm(
        request.POST, sessions=selectors.open_sessions_for_agenda(actor=actor)
    )
    if not form.is_valid():
        messages.error(request, " ".join(str(m) for ms in form.errors.values() for m in ms))
        return redirect("intake:detail", referral_id=referral.id)
    session = form.cleaned_data["session"]
    if not action_done(
        request,
        lambda: services.agenda_add(actor=actor, session=session, referral=referral),
        lambda: (
            _("Aanmelding %(number)s staat op de agenda van de sessie van %(date)s.")
            % {
                "number": referral.number,
                "date": date_format(timezone.localtime(session.starts_at), "j F Y H:i"),
            }
        ),
    ):
        return redirect("intake:detail", referral_id=referral.id)
    return redirect("triage:session", session_id=session.id)


@GET_POST
def session_close_view(request: HttpRequest, session_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    session = selectors.triage_session_get(actor=actor, session_id=session_id)
    if session.status != SessionStatus.PLANNED:
        messages.info(request, _("Deze sessie is al afgesloten."))
        return redirect("triage:session", session_id=session.id)
    if request.method == "POST" and CONFIRM in request.POST:
        services.triage_session_close(actor=actor, session=session)
        messages.success(
            request,
            _(
                "De sessie is afgesloten. Deelnemers zien de agenda niet meer; aanmeldingen "
                "zonder besluit gaan terug naar de wachtrij."
            ),
        )
        return redirect("triage:session", session_id=session.id)
    return render(request, "triage/session_close.html", {"session": session, "CONFIRM": CONFIRM})


# --- the decision -----------------------------------------------------------------------------


@GET_POST
def decision_view(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    session_id = uuid_param(request, "sessie")
    page = selectors.decision_page(actor=actor, referral_id=referral_id, session_id=session_id)
    form = triage_forms.DecisionForm(
        request.POST or None,
        referral=page.referral,
        derivation=services.derive_for(page.referral),
        local_criteria=page.local_criteria,
        current=page.current,
        session_id=session_id,
    )
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.triage_decide(
                actor=actor, referral=page.referral, data=form.decision_input()
            )
        except ValidationError as error:
            form.already_decided = getattr(error, "code", None) == "already_decided"
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Het besluit over %(number)s is vastgelegd en de melder is geïnformeerd.")
                % {"number": page.referral.number},
            )
            if assessment.departs_from_rule:
                messages.warning(
                    request, _("Het besluit is gemarkeerd als afwijking van de regel.")
                )
            if session_id is not None:
                return redirect("triage:session", session_id=session_id)
            return redirect("triage:dashboard")
    return render(
        request,
        "triage/decision_form.html",
        {
            "page": page,
            "form": form,
            "rule_table": triage_forms.rule_table(),
            "criterion_labels": CRITERION_LABELS,
        },
    )


# --- configuration (functional administrator) -------------------------------------------------


@require_GET
def config_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    tables = selectors.triage_tables_for_configuration(actor=actor)
    for table in tables:
        table.weekday_label = WEEKDAY_LABELS.get(table.weekday, "")  # type: ignore[attr-defined]
    return render(
        request,
        "triage/config/index.html",
        {
            "criteria": selectors.local_criteria_for_configuration(actor=actor),
            "tables": tables,
            "settings": selectors.configurable_triage_settings(actor=actor),
        },
    )


@GET_POST
def criterion_create_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    form = triage_forms.LocalCriterionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        if saved(form, lambda: services.local_criterion_create(actor=actor, **values)):
            messages.success(request, _("Het lokale criterium is toegevoegd."))
            return redirect("triage-config:index")
    return render(request, "triage/config/criterion_form.html", {"form": form})


@GET_POST
def criterion_edit_view(request: HttpRequest, criterion_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    criterion = selectors.local_criterion_get(actor=actor, criterion_id=criterion_id)
    form = triage_forms.LocalCriterionForm(
        request.POST or None, initial=triage_forms.LocalCriterionForm.initial_for(criterion)
    )
    if request.method == "POST" and form.is_valid():
        values = form.values()
        if saved(
            form,
            lambda: services.local_criterion_update(actor=actor, criterion=criterion, **values),
        ):
            messages.success(request, _("Het lokale criterium is opgeslagen."))
            return redirect("triage-config:index")
    return render(
        request,
        "triage/config/criterion_form.html",
        {"form": form, "criterion": criterion, "CONFIRM": CONFIRM},
    )


def _criterion_set_active(
    request: HttpRequest, criterion_id: uuid.UUID, active: bool
) -> HttpResponse:
    actor = actor_for_request(request)
    criterion = selectors.local_criterion_get(actor=actor, criterion_id=criterion_id)
    if CONFIRM in request.POST and criterion.active != active:
        services.local_criterion_set_active(actor=actor, criterion=criterion, active=active)
        messages.success(
            request,
            _("Het criterium is weer actief.")
            if active
            else _("Het criterium is uitgezet. Eerdere besluiten houden hun antwoorden."),
        )
    return redirect("triage-config:index")


@require_POST
def criterion_deactivate_view(request: HttpRequest, criterion_id: uuid.UUID) -> HttpResponse:
    return _criterion_set_active(request, criterion_id, active=False)


@require_POST
def criterion_activate_view(request: HttpRequest, criterion_id: uuid.UUID) -> HttpResponse:
    return _criterion_set_active(request, criterion_id, active=True)


@GET_POST
def settings_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    current = selectors.configurable_triage_settings(actor=actor)
    form = triage_forms.TriageSettingsForm(
        request.POST or None,
        initial={
            "acute_deadline_hours": current.acute_deadline_hours,
            "priority_list_bypass": current.priority_list_bypass,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if saved(form, lambda: services.triage_settings_update(actor=actor, **data)):
            messages.success(request, _("De triage-instellingen zijn opgeslagen."))
            return redirect("triage-config:index")
    return render(request, "triage/config/settings_form.html", {"form": form})


def _table_input(form: triage_forms.TriageTableForm) -> services.TableInput:
    data = form.cleaned_data
    return services.TableInput(
        name=data["name"],
        weekday=data["weekday"],
        start_time=data["start_time"],
        agenda_cutoff_hours=data["agenda_cutoff_hours"],
        organisations=list(data["organisations"]),
    )


@GET_POST
def table_create_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    form = triage_forms.TriageTableForm(
        request.POST or None, partners=network_policy.visible_organisations(actor)
    )
    if request.method == "POST" and form.is_valid():
        data = _table_input(form)
        if saved(form, lambda: services.triage_table_create(actor=actor, data=data)):
            messages.success(request, _("De weegtafel is toegevoegd."))
            return redirect("triage-config:index")
    return render(request, "triage/config/table_form.html", {"form": form})


@GET_POST
def table_edit_view(request: HttpRequest, table_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    table = selectors.triage_table_get(actor=actor, table_id=table_id)
    form = triage_forms.TriageTableForm(
        request.POST or None,
        initial=triage_forms.TriageTableForm.initial_for(table),
        partners=network_policy.visible_organisations(actor),
    )
    if request.method == "POST" and form.is_valid():
        data = _table_input(form)
        if saved(form, lambda: services.triage_table_update(actor=actor, table=table, data=data)):
            messages.success(request, _("De weegtafel is opgeslagen."))
            return redirect("triage-config:index")
    return render(request, "triage/config/table_form.html", {"form": form, "table": table})
