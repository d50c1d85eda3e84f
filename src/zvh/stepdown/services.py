"""Step-down: the explicit, criteria-based end of the house's involvement.

The house keeps a checklist (`StepDownCriterion`, defaults in defaults.py). Closing a case
with the reason "stepped down" shows it (the one closing form, decision 0178); it requires
every active criterion to be met or to carry a documented exception, and a named receiving
party (organisation + person). The case closes through `close_with_reason` with reason
"stepped down"; how each criterion was judged is kept with that closure (`StepDownCheck`),
and the receiving person, if a user, is notified. See docs/decisions/0131 and 0178.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from zvh.accounts.models import User
from zvh.audit.models import Action
from zvh.audit.services import audit_record
from zvh.authz.actor import Actor
from zvh.cases.defaults import DEFAULT_STEP_DOWN_CRITERIA
from zvh.cases.models import (
    Case,
    CaseStatus,
    CaseStatusChange,
    ClosureReason,
    StepDownCheck,
    StepDownCriterion,
)
from zvh.cases.services import (
    MAX_TEXT,
    Closure,
    _check_version,
    _require_manage,
    case_close,
    close_with_reason,
)
from zvh.network.models import House, Organisation
from zvh.notifications import titles
from zvh.notifications.services import notify


def step_down_criteria_seed_defaults(*, house: House) -> int:
    """Gives a house the default criteria it lacks (by code). Safe to repeat."""
    with transaction.atomic():
        codes = set(StepDownCriterion.objects.filter(house=house).values_list("code", flat=True))
        missing = [
            StepDownCriterion(house=house, code=code, text=text, position=position)
            for position, (code, text) in enumerate(DEFAULT_STEP_DOWN_CRITERIA, start=1)
            if code not in codes
        ]
        StepDownCriterion.objects.bulk_create(missing)
        if missing:
            audit_record(
                actor=None,
                action=Action.CREATE,
                object_type="step_down_criterion",
                house_id=house.id,
                detail={"seeded_defaults": len(missing)},
            )
    return len(missing)


def step_down_criteria(house_id: uuid.UUID) -> QuerySet[StepDownCriterion]:
    return StepDownCriterion.objects.filter(house_id=house_id, active=True)


def receiving_user_candidates(case: Case) -> QuerySet[User]:
    """People who can be named (and notified) as the receiving person: active users with a
    role in the case's house."""
    return (
        User.objects.filter(is_active=True, memberships__house_id=case.house_id)
        .select_related("organisation")
        .distinct()
        .order_by("sort_name", "id")
    )


@dataclass(frozen=True)
class CriterionJudgement:
    met: bool
    exception: str = ""


@dataclass(frozen=True)
class StepDown:
    judgements: dict[uuid.UUID, CriterionJudgement]
    receiving_organisation: Organisation | None
    receiving_person: str
    receiving_user: User | None = None
    note: str = ""


def case_step_down(*, actor: Actor, case: Case, expected_version: int, step_down: StepDown) -> Case:
    """Closes an open case with reason "stepped down": the one way to do so (decision 0178).
    From any open status, like every closure; "step-down proposed" is a status for telling the
    partners beforehand, not a gate."""
    _require_manage(actor, case)
    _check_version(case, expected_version)
    if case.is_closed:
        raise ValidationError(_("De casus is al afgesloten."), code="case_closed")
    errors: dict[str, str] = {}
    criteria = list(step_down_criteria(case.house_id))
    judged = {
        criterion.id: step_down.judgements.get(criterion.id, CriterionJudgement(met=False))
        for criterion in criteria
    }
    for criterion in criteria:
        judgement = judged[criterion.id]
        exception = judgement.exception.strip()
        if not judgement.met and not exception:
            errors[f"exception_{criterion.id}"] = _(
                "Dit criterium is niet vervuld: leg de uitzondering vast."
            )
        if len(exception) > MAX_TEXT:
            errors[f"exception_{criterion.id}"] = _("Gebruik maximaal %(max)d tekens.") % {
                "max": MAX_TEXT
            }
    if step_down.receiving_organisation is None:
        errors["receiving_organisation"] = _("Kies de organisatie die de zorg overneemt.")
    person = step_down.receiving_person.strip()
    user = step_down.receiving_user
    if not person and user is not None:
        person = user.get_full_name() or user.username
    if not person:
        errors["receiving_person"] = _("Noem de persoon die de zorg overneemt.")
    if user is not None and not receiving_user_candidates(case).filter(pk=user.pk).exists():
        errors["receiving_user"] = _("Kies een gebruiker van dit huis.")
    if errors:
        raise ValidationError(errors)
    organisation = step_down.receiving_organisation
    assert organisation is not None  # noqa: S101 (checked above; narrows the type)
    with transaction.atomic():
        close_with_reason(
            actor=actor,
            case=case,
            expected_version=expected_version,
            closure=Closure(
                reason=ClosureReason.STEPPED_DOWN,
                note=step_down.note,
                receiving_party=f"{organisation.name} – {person}"[:200],
                receiving_organisation=organisation,
            ),
        )
        closure = (
            CaseStatusChange.objects.filter(case=case, to_status=CaseStatus.CLOSED)
            .order_by("-at", "-id")
            .first()
        )
        assert closure is not None  # noqa: S101 (case_close just wrote it)
        StepDownCheck.objects.bulk_create(
            [
                StepDownCheck(
                    status_change=closure,
                    criterion=criterion,
                    met=judged[criterion.id].met,
                    # A met criterion needs no exception; keep only what explains a gap.
                    exception=""
                    if judged[criterion.id].met
                    else judged[criterion.id].exception.strip(),
                )
                for criterion in criteria
            ]
        )
        audit_record(
            actor=actor,
            action=Action.CREATE,
            object_type="step_down",
            object_id=case.id,
            detail={
                "exceptions": sorted(
                    criterion.code or str(criterion.id)
                    for criterion in criteria
                    if not judged[criterion.id].met
                ),
                "receiving_user": user.pk if user else None,
            },
        )
        if user is not None and user.pk != actor.user_id:
            notify(
                user=user,
                house_id=case.house_id,
                subject=titles.gettext(
                    "U neemt de zorg over van casus %(number)s", number=case.number
                ),
                body=_("Het zorg- en veiligheidshuis heeft de casus afgeschaald naar u."),
                link=reverse("web:home"),
            )
    return case


def case_close_with(
    *,
    actor: Actor,
    case: Case,
    expected_version: int,
    reason: str,
    note: str = "",
    step_down: StepDown | None = None,
) -> Case:
    """The one closing rule, for the web form and the API (decision 0178): the reason "stepped
    down" closes through the checklist (`step_down`, an empty one when not given: then every
    criterion counts as not met and the receiving party is missing); any other reason through
    `case_close`, and a checklist sent along is ignored."""
    if reason == ClosureReason.STEPPED_DOWN:
        return case_step_down(
            actor=actor,
            case=case,
            expected_version=expected_version,
            step_down=step_down
            or StepDown(judgements={}, receiving_organisation=None, receiving_person="", note=note),
        )
    return case_close(
        actor=actor,
        case=case,
        expected_version=expected_version,
        closure=Closure(reason=reason, note=note),
    )
