"""Who sees what of the national monitor (issue 13; the national side: docs/decisions/0184).

The house side: the chain manager reads and writes the own house's profile and questionnaire
only (they hold no personal data, so there is no narrower rule per record). The national side:
an individual house's record is visible only to the national role and to that house; everyone
else sees the records of all houses only as aggregates under the house figures' small-cell rule
(zvh.figures.suppression). One condition a line, so that coverage shows every branch.
"""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from zvh.authz.actor import Actor
from zvh.authz.functions import Function
from zvh.authz.policy import can_use
from zvh.monitor.models import HouseProfileVersion, NationalHouseRecord, Questionnaire
from zvh.network.models import House

# --- the house side (the chain manager's profile and questionnaire) ---------------------------


def _house_id(actor: Actor) -> uuid.UUID | None:
    if actor.house_id is None or not can_use(actor, Function.KEEP_MONITOR):
        return None
    return actor.house_id


def visible_profile_versions(actor: Actor) -> QuerySet[HouseProfileVersion]:
    house_id = _house_id(actor)
    if house_id is None:
        return HouseProfileVersion.objects.none()
    return HouseProfileVersion.objects.filter(house_id=house_id)


def visible_questionnaires(actor: Actor) -> QuerySet[Questionnaire]:
    house_id = _house_id(actor)
    if house_id is None:
        return Questionnaire.objects.none()
    return Questionnaire.objects.filter(house_id=house_id)


def editable_questionnaires(actor: Actor) -> QuerySet[Questionnaire]:
    """The chain manager keeps the questionnaire; a submitted year is frozen (the services
    refuse it too, with a message)."""
    return visible_questionnaires(actor)


# --- the national side: the national analyst (imports, tables, individual records) -----------


def visible_national_records(actor: Actor) -> QuerySet[NationalHouseRecord]:
    """The imported house records the actor may read one by one: all of them for the national
    role, none for anyone else (a chain manager reads only aggregates and its own record)."""
    if actor.user_id is None:
        return NationalHouseRecord.objects.none()
    if not can_use(actor, Function.VIEW_NATIONAL_MONITOR):
        return NationalHouseRecord.objects.none()
    return NationalHouseRecord.objects.all()


def can_import_monitor_records(actor: Actor) -> bool:
    if actor.user_id is None:
        return False
    return can_use(actor, Function.IMPORT_MONITOR_RECORDS)


def sees_exact_national_counts(actor: Actor) -> bool:
    """The national tables exactly: the national role. Anyone else gets them suppressed."""
    if actor.user_id is None:
        return False
    return can_use(actor, Function.VIEW_NATIONAL_MONITOR)


# --- the house beside all houses (a chain manager) --------------------------------------------


def can_compare_house(actor: Actor) -> bool:
    if actor.user_id is None or actor.house_id is None:
        return False
    return can_use(actor, Function.KEEP_MONITOR)


def records_for_house_comparison(actor: Actor, year: int) -> QuerySet[NationalHouseRecord]:
    """All records of `year`, read by a chain manager's "your house beside all houses" only to
    compute the aggregates (suppressed before they are shown); never listed or shown one by
    one."""
    if not can_compare_house(actor):
        return NationalHouseRecord.objects.none()
    return NationalHouseRecord.objects.filter(year=year)


def own_house_record(actor: Actor, year: int) -> QuerySet[NationalHouseRecord]:
    """The actor's own house's record of `year` (found by House.monitor_code)."""
    if actor.house_id is None or not can_compare_house(actor):
        return NationalHouseRecord.objects.none()
    codes = House.objects.filter(pk=actor.house_id, monitor_code__isnull=False).values(
        "monitor_code"
    )
    return NationalHouseRecord.objects.filter(year=year, house_code__in=codes)
