"""Step-down: the house's checklist, each criterion met or excepted, a named receiving party,
and the case closed as "stepped down"."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories.network import HouseFactory
from zvh.cases.models import CaseStatus, ClosureReason, StepDownCheck, StepDownCriterion
from zvh.cases.services import case_change_status
from zvh.cases.stepdown import (
    CriterionJudgement,
    StepDown,
    case_step_down,
    step_down_criteria_seed_defaults,
)
from zvh.network.models import Role
from zvh.network.services import house_seed_defaults
from zvh.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def criteria(world):
    step_down_criteria_seed_defaults(house=world.house)
    return list(StepDownCriterion.objects.filter(house=world.house))


@pytest.fixture
def proposed(case, coordinator):
    for status in (
        CaseStatus.PLAN_IN_PREPARATION,
        CaseStatus.IN_EXECUTION,
        CaseStatus.STEP_DOWN_PROPOSED,
    ):
        case.refresh_from_db()
        case_change_status(
            actor=coordinator, case=case, expected_version=case.version, to_status=status
        )
    case.refresh_from_db()
    return case


def test_defaults_are_seeded_once_also_for_new_houses(world):
    assert step_down_criteria_seed_defaults(house=world.house) == 4
    assert step_down_criteria_seed_defaults(house=world.house) == 0
    house = HouseFactory()
    house_seed_defaults(house=house)
    house_seed_defaults(house=house)
    codes = set(StepDownCriterion.objects.filter(house=house).values_list("code", flat=True))
    assert codes == {"goals_or_stable", "no_open_agreements", "receiving_party", "risks_assessed"}
    assert StepDownCriterion.objects.filter(house=house).count() == 4


def _post(criteria, *, met, exceptions=None, **extra):
    exceptions = exceptions or {}
    data = {"version": extra.pop("version"), **extra}
    for criterion in criteria:
        if criterion.code in met:
            data[f"met_{criterion.id}"] = "on"
        data[f"exception_{criterion.id}"] = exceptions.get(criterion.code, "")
    return data


def test_step_down_with_every_criterion_met(world, proposed, criteria, client_for):
    receiver = world.user(Role.PARTNER_PROFESSIONAL, org="other")
    client = client_for(world.user(Role.PROCESS_COORDINATOR))
    url = reverse("cases:step-down", kwargs={"case_id": proposed.id})
    assert "Risico&#x27;s zijn ingeschat" in client.get(url).content.decode()
    response = client.post(
        url,
        _post(
            criteria,
            met={c.code for c in criteria},
            version=proposed.version,
            receiving_organisation=world.other_org.id,
            receiving_person="J. de Vries, wijkteam",
            receiving_user=receiver.pk,
        ),
    )
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert proposed.status == CaseStatus.CLOSED
    assert proposed.closure_reason == ClosureReason.STEPPED_DOWN
    assert proposed.receiving_organisation == world.other_org
    assert "J. de Vries" in proposed.receiving_party
    checks = StepDownCheck.objects.filter(status_change__case=proposed)
    assert checks.count() == 4 and all(check.met for check in checks)
    assert Notification.objects.filter(user=receiver).count() == 1


def test_an_unmet_criterion_needs_a_documented_exception(world, proposed, criteria, client_for):
    client = client_for(world.user(Role.PROCESS_COORDINATOR))
    url = reverse("cases:step-down", kwargs={"case_id": proposed.id})
    base = {
        "version": proposed.version,
        "receiving_organisation": world.other_org.id,
        "receiving_person": "Wijkteam Noord",
    }
    met = {"no_open_agreements", "receiving_party", "risks_assessed"}
    response = client.post(url, _post(criteria, met=met, **base))
    assert response.status_code == 200
    assert "leg de uitzondering vast" in response.content.decode()
    proposed.refresh_from_db()
    assert proposed.status == CaseStatus.STEP_DOWN_PROPOSED

    exceptions = {"goals_or_stable": "Stabiel sinds 6 weken; huisarts volgt"}
    response = client.post(url, _post(criteria, met=met, exceptions=exceptions, **base))
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert proposed.closure_reason == ClosureReason.STEPPED_DOWN
    unmet = StepDownCheck.objects.get(status_change__case=proposed, met=False)
    assert unmet.criterion.code == "goals_or_stable"
    assert unmet.exception == exceptions["goals_or_stable"]


def test_step_down_needs_a_proposal_and_a_receiving_party(world, case, coordinator, criteria):
    complete = StepDown(
        judgements={c.id: CriterionJudgement(met=True) for c in criteria},
        receiving_organisation=world.other_org,
        receiving_person="Wijkteam",
    )
    with pytest.raises(ValidationError):  # still "accepted": no proposal yet
        case_step_down(
            actor=coordinator, case=case, expected_version=case.version, step_down=complete
        )
    case.refresh_from_db()
    assert case.status == CaseStatus.ACCEPTED


def test_without_receiving_party_nothing_changes(world, proposed, coordinator, criteria):
    step_down = StepDown(
        judgements={c.id: CriterionJudgement(met=True) for c in criteria},
        receiving_organisation=None,
        receiving_person=" ",
    )
    with pytest.raises(ValidationError) as error:
        case_step_down(
            actor=coordinator, case=proposed, expected_version=proposed.version, step_down=step_down
        )
    assert {"receiving_organisation", "receiving_person"} <= set(error.value.message_dict)
    proposed.refresh_from_db()
    assert proposed.status == CaseStatus.STEP_DOWN_PROPOSED
    assert not StepDownCheck.objects.exists()


def test_partners_cannot_step_down(world, proposed, client_for):
    client = client_for(world.user(Role.PARTNER_PROFESSIONAL))
    url = reverse("cases:step-down", kwargs={"case_id": proposed.id})
    assert client.get(url).status_code == 404
