"""The cases app's answers to the domain events of the apps below it (decision 0195)."""

from __future__ import annotations

import uuid
from typing import Any

from zvh.authz.actor import Actor
from zvh.intake.events import referral_entered_directly, referral_without_open_referral
from zvh.intake.models import Referral
from zvh.triage.events import referral_accepted

from .models import Case, CasePerson, CaseStatus
from .services import case_open_from_referral, themes_seed_defaults


def link_to_open_case(*, referral: Referral, person_ids: list[uuid.UUID], **_: Any) -> bool:
    """Links a new referral to the open case of its person(s) in the house, the oldest first."""
    case_ids = list(
        CasePerson.objects.filter(person_id__in=person_ids).values_list("case_id", flat=True)
    )
    case = (
        Case.objects.filter(pk__in=case_ids, house_id=referral.house_id)
        .exclude(status=CaseStatus.CLOSED)
        .order_by("opened_at")
        .first()
        if case_ids
        else None
    )
    if case is None:
        return False
    referral.linked_case = case
    referral.save(update_fields=["linked_case"])
    return True


def open_case(*, actor: Actor, referral: Referral, **_: Any) -> None:
    case_open_from_referral(actor=actor, referral=referral)


def connect() -> None:
    referral_without_open_referral.connect(link_to_open_case, dispatch_uid="cases.link_open_case")
    referral_entered_directly.connect(open_case, dispatch_uid="cases.open_entered_directly")
    referral_accepted.connect(open_case, dispatch_uid="cases.open_accepted")


def seed_themes(sender: type, house: Any, **kwargs: Any) -> None:
    themes_seed_defaults(house=house)
