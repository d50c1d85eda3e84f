"""Triage reads."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from .models import LocalCriterion, TriageSettings


def triage_settings_for(house_id: uuid.UUID) -> TriageSettings:
    settings, _ = TriageSettings.objects.get_or_create(house_id=house_id)
    return settings


def active_local_criteria(house_id: uuid.UUID) -> QuerySet[LocalCriterion]:
    return LocalCriterion.objects.filter(house_id=house_id, active=True)
