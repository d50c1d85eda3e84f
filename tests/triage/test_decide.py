from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories.intake import actor_of, make_referral
from zvh.cases.models import Case
from zvh.intake.models import EventKind, ReferralStatus, Urgency
from zvh.triage.criteria import CriteriaAnswers
from zvh.triage.models import Decision, LocalCriterion, TriageTable
from zvh.triage.services import (
    DecisionInput,
    agenda_build,
    triage_decide,
    triage_session_close,
    triage_session_create,
)

COMPLEX = CriteriaAnswers(c1=True, c2=True, c3a=True, c3b=False, c4=False)
NOT_COMPLEX = CriteriaAnswers(c1=False, c2=True, c3a=False, c3b=False, c4=False)


@pytest.fixture
def coordinator(world):
    return actor_of(world.user("process_coordinator"), world.house)


@pytest.fixture
def session(world, coordinator):
    table = TriageTable.objects.create(
        house=world.house, name="Weegtafel dinsdag", weekday=1, start_time="10:00"
    )
    table.organisations.add(world.own_org)
    return triage_session_create(
        actor=coordinator, table=table, starts_at=timezone.now() + timedelta(days=2)
    )


def _on_agenda(world, coordinator, session, **overrides):
    referral = make_referral(world.user("partner_professional"), world.house, **overrides).referral
    assert agenda_build(actor=coordinator, session=session) >= 1
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ON_AGENDA
    return referral


def test_accepting_opens_a_case_and_tells_the_referrer(
    world, coordinator, session, django_capture_on_commit_callbacks
):
    referral = _on_agenda(world, coordinator, session)
    with django_capture_on_commit_callbacks(execute=True):
        assessment = triage_decide(
            actor=coordinator,
            referral=referral,
            data=DecisionInput(
                answers=COMPLEX,
                decision=Decision.ACCEPTED,
                motivation="Voldoet",
                session_id=session.id,
            ),
        )
    assert assessment.rule_outcome is True and assessment.departs_from_rule is False
    case = Case.objects.get(origin_referral=referral)
    assert set(case.persons.all()) == set(referral.persons.all())
    kinds = list(referral.events.values_list("kind", flat=True))
    assert kinds[-2:] == [EventKind.DECIDED, EventKind.FED_BACK]
    assert len(mail.outbox) == 1
    assert referral.number in mail.outbox[0].subject


def test_refusal_needs_advice_and_motivation(world, coordinator, session):
    referral = _on_agenda(world, coordinator, session)
    with pytest.raises(ValidationError) as info:
        triage_decide(
            actor=coordinator,
            referral=referral,
            data=DecisionInput(
                answers=NOT_COMPLEX,
                decision=Decision.NOT_ACCEPTED,
                motivation="",
                session_id=session.id,
            ),
        )
    assert {"advice", "motivation"} <= set(info.value.message_dict)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ON_AGENDA


def test_departing_from_the_rule_is_marked(world, coordinator, session):
    referral = _on_agenda(world, coordinator, session)
    assessment = triage_decide(
        actor=coordinator,
        referral=referral,
        data=DecisionInput(
            answers=NOT_COMPLEX,
            decision=Decision.ACCEPTED,
            motivation="Burgemeester vraagt regie; lokale situatie escaleert",
            session_id=session.id,
        ),
    )
    assert assessment.departs_from_rule is True


def test_second_decision_needs_a_reopening(world, coordinator, session):
    referral = _on_agenda(world, coordinator, session)
    data = DecisionInput(
        answers=COMPLEX,
        decision=Decision.REFERRED_ELSEWHERE,
        referred_to="veilig_thuis",
        motivation="Huiselijk geweld",
        session_id=session.id,
    )
    triage_decide(actor=coordinator, referral=referral, data=data)
    with pytest.raises(ValidationError):
        triage_decide(actor=coordinator, referral=referral, data=data)
    from dataclasses import replace

    triage_decide(
        actor=coordinator, referral=referral, data=replace(data, reopen_reason="Nieuwe feiten")
    )
    assert referral.assessments.filter(is_current=True).count() == 1
    assert referral.assessments.count() == 2
    assert referral.events.filter(kind=EventKind.REOPENED).exists()
    # The first final decision stays the referral's first (the triage figures read it).
    first = referral.assessments.order_by("decided_at").first()
    referral.refresh_from_db()
    assert referral.first_decided_at == first.decided_at


def test_outside_a_session_only_acute_referrals_are_decided(world, coordinator):
    regular = make_referral(world.user("partner_professional"), world.house).referral
    data = DecisionInput(answers=COMPLEX, decision=Decision.ACCEPTED, motivation="Acuut gevaar")
    with pytest.raises(ValidationError):
        triage_decide(actor=coordinator, referral=regular, data=data)
    acute = make_referral(
        world.user("partner_professional"), world.house, urgency=Urgency.ACUTE
    ).referral
    assert triage_decide(actor=coordinator, referral=acute, data=data).acute is True


def test_required_local_criterion_blocks_acceptance(world, coordinator, session):
    criterion = LocalCriterion.objects.create(house=world.house, name="Actualiteit", required=True)
    referral = _on_agenda(world, coordinator, session)
    data = DecisionInput(
        answers=COMPLEX, decision=Decision.ACCEPTED, motivation="ok", session_id=session.id
    )
    with pytest.raises(ValidationError):
        triage_decide(actor=coordinator, referral=referral, data=data)
    from dataclasses import replace

    triage_decide(
        actor=coordinator,
        referral=referral,
        data=replace(data, local_answers={str(criterion.id): True}),
    )


def test_local_criteria_of_another_house_are_ignored(world, coordinator, session):
    foreign = LocalCriterion.objects.create(house=world.other_house, name="Elders", required=True)
    referral = _on_agenda(world, coordinator, session)
    assessment = triage_decide(
        actor=coordinator,
        referral=referral,
        data=DecisionInput(
            answers=COMPLEX,
            decision=Decision.ACCEPTED,
            motivation="ok",
            session_id=session.id,
            local_answers={str(foreign.id): True},
        ),
    )
    assert assessment.local_answers == {}


def test_more_information_then_supplied_then_decided(world, coordinator, session):
    from zvh.intake.services import referral_supply_information

    referral = _on_agenda(world, coordinator, session)
    triage_decide(
        actor=coordinator,
        referral=referral,
        data=DecisionInput(
            answers=NOT_COMPLEX,
            decision=Decision.MORE_INFORMATION,
            motivation="Onvoldoende informatie",
            questions="Welke hulpverlening loopt er?",
            session_id=session.id,
        ),
    )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.MORE_INFORMATION
    assert referral.first_decided_at is None  # "more information" is no final decision
    referrer = actor_of(world.user("partner_professional"), world.house)
    referral_supply_information(actor=referrer, referral=referral, text="GGZ en schuldhulp")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.RECEIVED


def test_closing_a_session_keeps_decided_items(world, coordinator, session):
    _on_agenda(world, coordinator, session)
    triage_session_close(actor=coordinator, session=session)
    session.refresh_from_db()
    assert session.status == "closed"
    with pytest.raises(ValidationError):
        agenda_build(actor=coordinator, session=session)
