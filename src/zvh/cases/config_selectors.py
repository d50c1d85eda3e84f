"""Reads for the functional administrator's case configuration: only their own house's rows."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.http import Http404

from zvh.audit.denials import record_denial
from zvh.authz.actor import Actor
from zvh.authz.functions import Function
from zvh.authz.policy import can_use

from .models import CaseSettings, StepDownCriterion, Theme
from .selectors import case_settings_for


def configuring_house(actor: Actor) -> uuid.UUID | None:
    """The house whose case work the actor configures, or None when they may not."""
    if actor.house_id is None or not can_use(actor, Function.CONFIGURE_CASES):
        return None
    return actor.house_id


def configurable_case_settings(*, actor: Actor) -> CaseSettings:
    house_id = configuring_house(actor)
    if house_id is None:
        raise Http404
    return case_settings_for(house_id)


def configurable_themes(actor: Actor) -> QuerySet[Theme]:
    house_id = configuring_house(actor)
    if house_id is None:
        return Theme.objects.none()
    return Theme.objects.filter(house_id=house_id)


def configurable_step_down_criteria(actor: Actor) -> QuerySet[StepDownCriterion]:
    house_id = configuring_house(actor)
    if house_id is None:
        return StepDownCriterion.objects.none()
    return StepDownCriterion.objects.filter(house_id=house_id)


def themes_for_configuration(*, actor: Actor) -> list[Theme]:
    """A house has about ten themes: all of them, active first."""
    return list(
        configurable_themes(actor)
        .only("id", "name", "active", "position")
        .order_by("-active", "position", "name")
    )


def step_down_criteria_for_configuration(*, actor: Actor) -> list[StepDownCriterion]:
    """A handful of checklist items: all of them, active first."""
    return list(
        configurable_step_down_criteria(actor)
        .only("id", "text", "active", "position")
        .order_by("-active", "position", "text")
    )


def theme_get(*, actor: Actor, theme_id: uuid.UUID) -> Theme:
    theme = configurable_themes(actor).filter(pk=theme_id).first()
    if theme is None:
        record_denial(actor, object_type="theme", object_id=theme_id)
        raise Http404
    return theme


def step_down_criterion_get(*, actor: Actor, criterion_id: uuid.UUID) -> StepDownCriterion:
    criterion = configurable_step_down_criteria(actor).filter(pk=criterion_id).first()
    if criterion is None:
        record_denial(actor, object_type="step_down_criterion", object_id=criterion_id)
        raise Http404
    return criterion
