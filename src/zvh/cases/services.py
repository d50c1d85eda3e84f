"""Case writes. The case-work issue adds the workflow; here a case is opened from a referral."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from zvh.audit.models import Action
from zvh.audit.services import audit_record
from zvh.authz.actor import Actor
from zvh.core.numbering import next_number
from zvh.intake.models import Referral

from .models import Case, CasePerson, CaseStatus


def case_open_from_referral(*, actor: Actor, referral: Referral) -> Case:
    """An accepted referral becomes a case with status "accepted", carrying over its persons."""
    with transaction.atomic():
        case = Case.objects.create(
            house_id=referral.house_id,
            number=next_number(house_id=referral.house_id, name="case", prefix="C"),
            status=CaseStatus.ACCEPTED,
            origin_referral=referral,
            opened_at=timezone.now(),
            life_domains=list(referral.life_domains),
        )
        person_ids = list(referral.referral_persons.values_list("person_id", flat=True))
        CasePerson.objects.bulk_create(
            [CasePerson(case=case, person_id=person_id) for person_id in person_ids]
        )
        audit_record(
            actor=actor,
            action=Action.CREATE,
            object_type="case",
            object_id=case.id,
            person_ids=person_ids,
            detail={"from_referral": str(referral.id)},
        )
    return case
