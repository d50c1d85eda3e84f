"""Step-down: the house's checklist, each criterion met or excepted, a named receiving party,
and the case closed as "stepped down": through the one closing form (decision 0178)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories.network import HouseFactory
from zvh.cases.models import CaseStatus, ClosureReason, StepDownCheck, StepDownCriterion
from zvh.cases.services import (
    STEP_DOWN_NEEDS_CHECKLIST,
    Closure,
    case_change_status,
    case_close,
)
from zvh.network.models import Role
from zvh.network.services import house_seed_defaults
from zvh.notifications.models import Notification
from zvh.stepdown.services import (
    CriterionJudgement,
    StepDown,
    case_step_down,
    step_down_criteria_seed_defaults,
)

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
    url = reverse("cases:close", kwargs={"case_id": proposed.id})
    page = client.get(url)
    assert "Risico&#x27;s zijn ingeschat" in page.content.decode()
    assert page.context["form"].initial["reason"] == ClosureReason.STEPPED_DOWN
    response = client.post(
        url,
        _post(
            criteria,
            met={c.code for c in criteria},
            version=proposed.version,
            reason=ClosureReason.STEPPED_DOWN,
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
    url = reverse("cases:close", kwargs={"case_id": proposed.id})
    base = {
        "version": proposed.version,
        "reason": ClosureReason.STEPPED_DOWN,
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


def test_closing_as_stepped_down_without_the_checklist_is_refused(world, proposed, coordinator):
    """The same rule for every caller: the reason "stepped down" goes with the checklist."""
    with pytest.raises(ValidationError) as error:
        case_close(
            actor=coordinator,
            case=proposed,
            expected_version=proposed.version,
            closure=Closure(reason=ClosureReason.STEPPED_DOWN, receiving_party="Wijkteam"),
        )
    assert error.value.error_dict["reason"][0].code == STEP_DOWN_NEEDS_CHECKLIST
    proposed.refresh_from_db()
    assert proposed.status == CaseStatus.STEP_DOWN_PROPOSED


def test_step_down_needs_no_proposal_first(world, case, coordinator, criteria):
    """A proposal tells the partners beforehand; the checklist is the safeguard."""
    case_change_status(
        actor=coordinator,
        case=case,
        expected_version=case.version,
        to_status=CaseStatus.PLAN_IN_PREPARATION,
    )
    case.refresh_from_db()
    complete = StepDown(
        judgements={c.id: CriterionJudgement(met=True) for c in criteria},
        receiving_organisation=world.other_org,
        receiving_person="Wijkteam",
    )
    case_step_down(actor=coordinator, case=case, expected_version=case.version, step_down=complete)
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert case.closure_reason == ClosureReason.STEPPED_DOWN
    closure = case.status_changes.get(to_status=CaseStatus.CLOSED)
    assert closure.from_status == CaseStatus.PLAN_IN_PREPARATION
    assert closure.by_id == coordinator.user_id
    with pytest.raises(ValidationError):  # closed already: nothing twice
        case_step_down(
            actor=coordinator, case=case, expected_version=case.version, step_down=complete
        )


def test_the_one_form_closes_for_another_reason_without_the_checklist(
    world, case, criteria, client_for
):
    client = client_for(world.user(Role.PROCESS_COORDINATOR))
    url = reverse("cases:close", kwargs={"case_id": case.id})
    response = client.post(url, {"version": case.version, "reason": ClosureReason.OTHER})
    assert response.status_code == 200
    assert "Licht de reden" in response.content.decode()
    case.refresh_from_db()
    assert not case.is_closed
    response = client.post(
        url,
        {
            "version": case.version,
            "reason": ClosureReason.GOALS_ACHIEVED,
            # Filled in by mistake: ignored for any reason but step-down.
            "receiving_person": "Iemand",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.closure_reason == ClosureReason.GOALS_ACHIEVED
    assert case.receiving_party == ""
    assert not StepDownCheck.objects.exists()


def test_the_former_step_down_page_leads_to_the_closing_form(world, case, client_for):
    client = client_for(world.user(Role.PROCESS_COORDINATOR))
    response = client.get(reverse("cases:step-down", kwargs={"case_id": case.id}))
    assert response.status_code == 301
    assert response["Location"] == reverse("cases:close", kwargs={"case_id": case.id})
    detail = client.get(reverse("cases:detail", kwargs={"case_id": case.id})).content.decode()
    assert "Afschalen en afsluiten" not in detail
    assert detail.count(reverse("cases:close", kwargs={"case_id": case.id})) == 1


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
    for name in ("cases:close", "cases:step-down"):
        url = reverse(name, kwargs={"case_id": proposed.id})
        assert client.get(url).status_code == 404
