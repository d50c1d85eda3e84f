"""Writes of the figures app: the house's figure settings (the chain manager's)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from zvh.audit.models import Action
from zvh.audit.services import audit_record
from zvh.authz.actor import Actor
from zvh.authz.functions import Function
from zvh.authz.policy import can_use
from zvh.core.concurrency import StaleObjectError

from .models import BriefingNames, FigureSettings


def figure_settings_update(
    *,
    actor: Actor,
    expected_version: int,
    suppression_threshold: int,
    open_case_norm_days: int,
    mayor_briefing_enabled: bool,
    mayor_briefing_names: str,
) -> FigureSettings:
    """The house's figure settings, with optimistic locking: a second concurrent save (the
    version moved on) is refused with StaleObjectError and changes nothing."""
    if actor.house_id is None or not can_use(actor, Function.MANAGE_FIGURE_SETTINGS):
        raise PermissionDenied
    errors: dict[str, str] = {}
    if not 2 <= suppression_threshold <= 50:
        errors["suppression_threshold"] = _("Kies een drempel van 2 tot en met 50.")
    if not 1 <= open_case_norm_days <= 3650:
        errors["open_case_norm_days"] = _("Kies een norm van 1 tot en met 3650 dagen.")
    if mayor_briefing_names not in BriefingNames.values:
        errors["mayor_briefing_names"] = _("Kies wat de briefing van de persoon toont.")
    if errors:
        raise ValidationError(errors)
    values = {
        "suppression_threshold": suppression_threshold,
        "open_case_norm_days": open_case_norm_days,
        "mayor_briefing_enabled": mayor_briefing_enabled,
        "mayor_briefing_names": mayor_briefing_names,
    }
    with transaction.atomic():
        settings, _created = FigureSettings.objects.get_or_create(house_id=actor.house_id)
        updated = FigureSettings.objects.filter(pk=settings.pk, version=expected_version).update(
            version=F("version") + 1, **values
        )
        if updated != 1:
            raise StaleObjectError
        settings.refresh_from_db()
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            object_type="figure_settings",
            object_id=actor.house_id,
            detail=dict(values),
        )
    return settings
