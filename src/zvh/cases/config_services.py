"""Writes for the functional administrator's case configuration: the house's case settings,
themes and step-down criteria. Each checks Function.CONFIGURE_CASES (`configuring_house`).

Themes and criteria are switched off, never deleted: cases and earlier step-down checks refer
to them."""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from zvh.audit.models import Action
from zvh.audit.services import audit_record
from zvh.authz.actor import Actor
from zvh.core.filetypes import FileType
from zvh.core.uploads import MAX_UPLOAD_MB
from zvh.core.validation import MAX_PLANNING_HORIZON_YEARS

from .config_selectors import configuring_house
from .models import CaseSettings, StepDownCriterion, Theme
from .selectors import case_settings_for


def _house_of(actor: Actor, house_id: uuid.UUID | None = None) -> uuid.UUID:
    """The actor's configuring house; with `house_id`, the row must lie there."""
    own = configuring_house(actor)
    if own is None or (house_id is not None and house_id != own):
        raise PermissionDenied
    return own


def case_settings_update(
    *,
    actor: Actor,
    coordinators_may_direct: bool,
    review_cadence_weeks: int,
    planning_horizon_years: int | None = None,
    upload_max_mb: int | None = None,
    upload_types: list[str] | None = None,
) -> CaseSettings:
    """The per-house case settings. A new cadence applies to review dates set from now on;
    a new planning horizon to dates entered from now on. No horizon given: unchanged."""
    house_id = _house_of(actor)
    if not 1 <= review_cadence_weeks <= 52:
        raise ValidationError(
            {"review_cadence_weeks": _("Kies een evaluatiefrequentie van 1 tot 52 weken.")}
        )
    if planning_horizon_years is not None and not (
        1 <= planning_horizon_years <= MAX_PLANNING_HORIZON_YEARS
    ):
        raise ValidationError(
            {"planning_horizon_years": _("Kies een planningshorizon van 1 tot 10 jaar.")}
        )
    if upload_max_mb is not None and not 1 <= upload_max_mb <= MAX_UPLOAD_MB:
        raise ValidationError({"upload_max_mb": _("Kies een grootte van 1 tot 100 MB.")})
    if upload_types is not None and (
        not upload_types or not set(upload_types) <= set(FileType.values)
    ):
        raise ValidationError({"upload_types": _("Kies minstens één bestandssoort.")})
    with transaction.atomic():
        settings = case_settings_for(house_id)
        settings.coordinators_may_direct = coordinators_may_direct
        settings.review_cadence_weeks = review_cadence_weeks
        if planning_horizon_years is not None:
            settings.planning_horizon_years = planning_horizon_years
        if upload_max_mb is not None:
            settings.upload_max_mb = upload_max_mb
        if upload_types is not None:
            # In the list's own order, so that the settings page and messages read alike.
            settings.upload_types = [kind for kind in FileType.values if kind in upload_types]
        settings.save()
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            object_type="case_settings",
            object_id=house_id,
            detail={
                "coordinators_may_direct": coordinators_may_direct,
                "review_cadence_weeks": review_cadence_weeks,
                "planning_horizon_years": settings.planning_horizon_years,
                "upload_max_mb": settings.upload_max_mb,
                "upload_types": settings.upload_types,
            },
        )
    return settings


def _theme_name(house_id: uuid.UUID, name: str, exclude_id: uuid.UUID | None = None) -> str:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Geef het thema een naam.")})
    same = Theme.objects.filter(house_id=house_id, name__iexact=name)
    if exclude_id is not None:
        same = same.exclude(pk=exclude_id)
    if same.exists():
        raise _theme_name_taken()
    return name


def _theme_name_taken() -> ValidationError:
    return ValidationError({"name": _("Dit huis heeft al een thema met deze naam.")})


def theme_create(*, actor: Actor, name: str, position: int = 0) -> Theme:
    house_id = _house_of(actor)
    name = _theme_name(house_id, name)
    try:
        with transaction.atomic():
            theme = Theme.objects.create(house_id=house_id, name=name, position=position)
            audit_record(
                actor=actor,
                action=Action.CREATE,
                object_type="theme",
                object_id=theme.id,
                detail={"position": position},
            )
    except IntegrityError as error:  # the same name saved at the same moment
        raise _theme_name_taken() from error
    return theme


def theme_update(*, actor: Actor, theme: Theme, name: str, position: int) -> None:
    """Renaming keeps the theme's code, so figures across houses stay comparable."""
    house_id = _house_of(actor, theme.house_id)
    theme.name = _theme_name(house_id, name, exclude_id=theme.id)
    theme.position = position
    try:
        with transaction.atomic():
            theme.save(update_fields=["name", "position", "updated_at"])
            audit_record(
                actor=actor,
                action=Action.UPDATE,
                object_type="theme",
                object_id=theme.id,
                detail={"position": position},
            )
    except IntegrityError as error:
        raise _theme_name_taken() from error


def _set_active(
    actor: Actor, row: Theme | StepDownCriterion, object_type: str, active: bool
) -> None:
    _house_of(actor, row.house_id)
    with transaction.atomic():
        row.active = active
        row.save(update_fields=["active", "updated_at"])
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            object_type=object_type,
            object_id=row.id,
            detail={"active": active},
        )


def theme_set_active(*, actor: Actor, theme: Theme, active: bool) -> None:
    """A switched-off theme is no longer offered; cases keep it."""
    _set_active(actor, theme, "theme", active)


def _criterion_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Beschrijf het criterium.")})
    return text


def step_down_criterion_create(*, actor: Actor, text: str, position: int = 0) -> StepDownCriterion:
    house_id = _house_of(actor)
    text = _criterion_text(text)
    with transaction.atomic():
        criterion = StepDownCriterion.objects.create(
            house_id=house_id, text=text, position=position
        )
        audit_record(
            actor=actor,
            action=Action.CREATE,
            object_type="step_down_criterion",
            object_id=criterion.id,
            detail={"position": position},
        )
    return criterion


def step_down_criterion_update(
    *, actor: Actor, criterion: StepDownCriterion, text: str, position: int
) -> None:
    """The old wording stays in the audit trail; a step-down judged earlier keeps its link."""
    _house_of(actor, criterion.house_id)
    previous = criterion.text
    criterion.text = _criterion_text(text)
    criterion.position = position
    with transaction.atomic():
        criterion.save(update_fields=["text", "position", "updated_at"])
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            object_type="step_down_criterion",
            object_id=criterion.id,
            detail={"previous_text": previous, "position": position},
        )


def step_down_criterion_set_active(
    *, actor: Actor, criterion: StepDownCriterion, active: bool
) -> None:
    """A switched-off criterion no longer appears on new step-down checklists."""
    _set_active(actor, criterion, "step_down_criterion", active)
