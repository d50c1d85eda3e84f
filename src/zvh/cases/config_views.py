"""The functional administrator's case configuration under /beheer/casussen/ (namespace
`case-config`): the house's case settings, themes and step-down criteria."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from zvh.core.uploads import allowed_labels
from zvh.core.web import GET_POST
from zvh.network.request import actor_for_request
from zvh.triage.forms import add_service_errors

from . import config_forms, config_selectors, config_services

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as Promise

CONFIRM = "confirm"  # the name of a confirm button: a bare POST changes nothing
INDEX = "case-config:index"


def _form_page(
    request: HttpRequest,
    form: forms.Form,
    write: Callable[[dict[str, Any]], Any],
    done: Promise,
    context: dict[str, Any],
) -> HttpResponse:
    """Shows the form; on a valid POST runs the service, whose ValidationError lands on it."""
    if request.method == "POST" and form.is_valid():
        try:
            write(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(INDEX)
    return render(request, "cases/config_form.html", {"form": form, **context})


def _toggle(
    request: HttpRequest, changed: bool, write: Callable[[], None], done: Promise
) -> HttpResponse:
    """Switches a row on or off: only on a confirmed POST, and only when that changes it."""
    if CONFIRM in request.POST and changed:
        write()
        messages.success(request, done)
    return redirect(INDEX)


@require_GET
def config_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    settings = config_selectors.configurable_case_settings(actor=actor)
    return render(
        request,
        "cases/config_index.html",
        {
            "settings": settings,
            "upload_types": allowed_labels(settings.upload_types),
            "themes": config_selectors.themes_for_configuration(actor=actor),
            "criteria": config_selectors.step_down_criteria_for_configuration(actor=actor),
        },
    )


@GET_POST
def settings_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    current = config_selectors.configurable_case_settings(actor=actor)
    form = config_forms.CaseSettingsForm(
        request.POST or None,
        initial={
            "coordinators_may_direct": current.coordinators_may_direct,
            "review_cadence_weeks": current.review_cadence_weeks,
            "planning_horizon_years": current.planning_horizon_years,
            "upload_max_mb": current.upload_max_mb,
            "upload_types": current.upload_types,
        },
    )
    return _form_page(
        request,
        form,
        lambda data: config_services.case_settings_update(actor=actor, **data),
        _("De casusinstellingen zijn opgeslagen."),
        {
            "title": _("Casusinstellingen"),
            "intro": _(
                "Een nieuwe evaluatiefrequentie geldt voor evaluaties die vanaf nu worden gepland. "
                "De grenzen voor bijlagen gelden voor bestanden die vanaf nu worden toegevoegd."
            ),
        },
    )


# --- themes ------------------------------------------------------------------------------------


@GET_POST
def theme_create_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    return _form_page(
        request,
        config_forms.ThemeForm(request.POST or None),
        lambda data: config_services.theme_create(actor=actor, **data),
        _("Het thema is toegevoegd."),
        {"title": _("Nieuw thema")},
    )


@GET_POST
def theme_edit_view(request: HttpRequest, theme_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    theme = config_selectors.theme_get(actor=actor, theme_id=theme_id)
    return _form_page(
        request,
        config_forms.ThemeForm(
            request.POST or None, initial=config_forms.ThemeForm.initial_for(theme)
        ),
        lambda data: config_services.theme_update(actor=actor, theme=theme, **data),
        _("Het thema is opgeslagen."),
        {
            "title": _("Thema wijzigen"),
            "inactive": None
            if theme.active
            else _("Dit thema staat uit: het wordt niet meer aangeboden."),
        },
    )


def _theme_set_active(request: HttpRequest, theme_id: uuid.UUID, active: bool) -> HttpResponse:
    actor = actor_for_request(request)
    theme = config_selectors.theme_get(actor=actor, theme_id=theme_id)
    return _toggle(
        request,
        theme.active != active,
        lambda: config_services.theme_set_active(actor=actor, theme=theme, active=active),
        _("Het thema is weer actief.") if active else _("Het thema is uitgezet."),
    )


@require_POST
def theme_deactivate_view(request: HttpRequest, theme_id: uuid.UUID) -> HttpResponse:
    return _theme_set_active(request, theme_id, active=False)


@require_POST
def theme_activate_view(request: HttpRequest, theme_id: uuid.UUID) -> HttpResponse:
    return _theme_set_active(request, theme_id, active=True)


# --- step-down criteria ------------------------------------------------------------------------


@GET_POST
def criterion_create_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for_request(request)
    return _form_page(
        request,
        config_forms.StepDownCriterionForm(request.POST or None),
        lambda data: config_services.step_down_criterion_create(actor=actor, **data),
        _("Het afschalingscriterium is toegevoegd."),
        {"title": _("Nieuw afschalingscriterium")},
    )


@GET_POST
def criterion_edit_view(request: HttpRequest, criterion_id: uuid.UUID) -> HttpResponse:
    actor = actor_for_request(request)
    criterion = config_selectors.step_down_criterion_get(actor=actor, criterion_id=criterion_id)
    return _form_page(
        request,
        config_forms.StepDownCriterionForm(
            request.POST or None,
            initial=config_forms.StepDownCriterionForm.initial_for(criterion),
        ),
        lambda data: config_services.step_down_criterion_update(
            actor=actor, criterion=criterion, **data
        ),
        _("Het afschalingscriterium is opgeslagen."),
        {
            "title": _("Afschalingscriterium wijzigen"),
            "intro": _("Afschalingen die al zijn beoordeeld, verwijzen naar dit criterium."),
            "inactive": None
            if criterion.active
            else _("Dit criterium staat uit: het staat niet op nieuwe afschalingsvoorstellen."),
        },
    )


def _criterion_set_active(
    request: HttpRequest, criterion_id: uuid.UUID, active: bool
) -> HttpResponse:
    actor = actor_for_request(request)
    criterion = config_selectors.step_down_criterion_get(actor=actor, criterion_id=criterion_id)
    return _toggle(
        request,
        criterion.active != active,
        lambda: config_services.step_down_criterion_set_active(
            actor=actor, criterion=criterion, active=active
        ),
        _("Het criterium is weer actief.") if active else _("Het criterium is uitgezet."),
    )


@require_POST
def criterion_deactivate_view(request: HttpRequest, criterion_id: uuid.UUID) -> HttpResponse:
    return _criterion_set_active(request, criterion_id, active=False)


@require_POST
def criterion_activate_view(request: HttpRequest, criterion_id: uuid.UUID) -> HttpResponse:
    return _criterion_set_active(request, criterion_id, active=True)
