"""The system-signal register: recording with evidence cases, who sees the cases (the chain
manager only, audited), the steering group's view of raised signals, handling (raise, answer,
close) with its rules, the CSV export, and the selector for the steering-group report."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories.people import CaseFactory, CasePersonFactory
from tests.factories.registers import SystemSignalFactory
from zvh.audit.models import Action, AuditEvent, Result
from zvh.network.models import Role
from zvh.system_signals.models import SignalStatus, SystemSignal
from zvh.system_signals.selectors import signals_for_report

COORDINATOR = Role.PROCESS_COORDINATOR
MANAGER = Role.CHAIN_MANAGER
STEERING = Role.STEERING_GROUP_MEMBER


def _days_ago(days: int):
    return timezone.localdate() - timedelta(days=days)


def _signal_post(**overrides):
    data = {
        "title": "Geen bed in de crisisopvang",
        "category": "cooperation",
        "description": "De crisisopvang neemt na 17 uur niemand op.",
        "found_on": _days_ago(5).isoformat(),
        "case_numbers": "",
    }
    data.update(overrides)
    return data


def test_a_coordinator_records_a_signal_with_evidence_cases_of_the_house(world, client_for):
    first = CaseFactory(house=world.house, number="C-2026-000001")
    second = CaseFactory(house=world.house, number="C-2026-000002")
    person = CasePersonFactory(case=first, person__house=world.house).person
    client = client_for(world.user(COORDINATOR))
    response = client.post(
        reverse("system_signals:create"),
        _signal_post(case_numbers="c-2026-000001; C-2026-000002, C-2026-000001"),
    )
    assert response.status_code == 302
    signal = SystemSignal.objects.get()
    assert set(signal.evidence_cases.all()) == {first, second}
    assert signal.status == SignalStatus.RECORDED
    event = AuditEvent.objects.get(action=Action.CREATE, object_type="system_signal")
    assert [str(person.id)] == event.person_ids


def test_a_case_number_of_another_house_or_unknown_is_refused(world, client_for):
    CaseFactory(house=world.other_house, number="C-2026-000009")
    client = client_for(world.user(COORDINATOR))
    response = client.post(
        reverse("system_signals:create"),
        _signal_post(case_numbers="C-2026-000009, X-1"),
    )
    assert response.status_code == 400
    errors = response.context["form"].errors["case_numbers"]
    assert "Deze casusnummers kent u niet: C-2026-000009, X-1." in errors
    assert not SystemSignal.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": " "}, "title", "Geef het signaal een titel."),
        ({"description": ""}, "description", "Beschrijf de belemmering."),
        ({"category": "weather"}, "category", "Kies de soort belemmering."),
        (
            {"found_on": (timezone.localdate() + timedelta(days=2)).isoformat()},
            "found_on",
            "De datum ligt in de toekomst.",
        ),
    ],
)
def test_bad_input_is_refused_and_records_nothing(world, client_for, overrides, field, message):
    client = client_for(world.user(COORDINATOR))
    response = client.post(reverse("system_signals:create"), _signal_post(**overrides))
    assert response.status_code == 400
    assert message in response.context["form"].errors[field]
    assert not SystemSignal.objects.exists()


def test_only_the_chain_manager_sees_the_evidence_cases_and_that_read_is_audited(world, client_for):
    case = CaseFactory(house=world.house, number="C-2026-000123")
    person = CasePersonFactory(case=case, person__house=world.house).person
    signal = SystemSignalFactory(house=world.house, raised=True)
    signal.evidence_cases.set([case])
    url = reverse("system_signals:detail", args=[signal.id])

    manager_page = client_for(world.user(MANAGER)).get(url).content.decode()
    assert "C-2026-000123" in manager_page
    read = AuditEvent.objects.get(action=Action.LIST, object_type="case")
    assert read.person_ids == [str(person.id)]
    assert read.detail["system_signal"] == str(signal.id)

    for role in (COORDINATOR, STEERING):
        page = client_for(world.user(role)).get(url)
        assert page.status_code == 200
        assert "C-2026-000123" not in page.content.decode()
    assert AuditEvent.objects.filter(action=Action.LIST, object_type="case").count() == 1


def test_the_steering_group_sees_only_raised_signals(world, client_for):
    recorded = SystemSignalFactory(house=world.house, title="Nog intern")
    raised = SystemSignalFactory(house=world.house, raised=True, title="Aan de stuurgroep")
    SystemSignalFactory(house=world.other_house, raised=True, title="Van de buren")
    client = client_for(world.user(STEERING))
    listed = client.get(reverse("system_signals:list"))
    assert [row.id for row in listed.context["page"].rows] == [raised.id]
    assert client.get(reverse("system_signals:detail", args=[recorded.id])).status_code == 404
    assert AuditEvent.objects.filter(
        object_type="system_signal", object_id=str(recorded.id), result=Result.DENIED
    ).exists()
    for name in ("system_signals:edit", "system_signals:handle", "system_signals:evidence"):
        assert client.get(reverse(name, args=[raised.id])).status_code == 404
    export = client.get(reverse("system_signals:export"))
    body = export.content.decode("utf-8-sig")
    assert "Aan de stuurgroep" in body
    assert "Nog intern" not in body
    assert "Van de buren" not in body


def _handle(client, signal, **data):
    payload = {"version": str(signal.version), "status": "raised", "addressee": "", "raised_on": ""}
    payload.update({"response": "", "response_on": ""})
    payload.update(data)
    return client.post(reverse("system_signals:handle", args=[signal.id]), payload)


def test_the_chain_manager_raises_answers_and_closes(world, client_for):
    signal = SystemSignalFactory(house=world.house, found_on=_days_ago(40))
    client = client_for(world.user(MANAGER))
    response = _handle(client, signal, status="raised")
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "Vul in aan wie het signaal is voorgelegd." in errors["addressee"]
    assert "Vul in wanneer het signaal is voorgelegd." in errors["raised_on"]
    early = _handle(
        client, signal, addressee="OM", raised_on=_days_ago(50).isoformat(), status="raised"
    )
    assert (
        "Een signaal kan niet zijn voorgelegd voordat het is gevonden."
        in (early.context["form"].errors["raised_on"])
    )
    signal.refresh_from_db()
    assert (signal.status, signal.version) == (SignalStatus.RECORDED, 1)

    assert (
        _handle(
            client, signal, addressee="Gemeente Noordstad", raised_on=_days_ago(20).isoformat()
        ).status_code
        == 302
    )
    signal.refresh_from_db()
    assert (signal.status, signal.raised_on) == (SignalStatus.RAISED, _days_ago(20))
    back = _handle(
        client,
        signal,
        status="recorded",
        addressee="Gemeente Noordstad",
        raised_on=_days_ago(20).isoformat(),
    )
    assert back.status_code == 400
    no_answer = _handle(
        client,
        signal,
        status="answered",
        addressee="Gemeente Noordstad",
        raised_on=_days_ago(20).isoformat(),
    )
    assert "Vul het antwoord van de stuurgroep in." in no_answer.context["form"].errors["response"]
    answer_but_raised = _handle(
        client,
        signal,
        status="raised",
        addressee="Gemeente Noordstad",
        raised_on=_days_ago(20).isoformat(),
        response="Komt goed.",
        response_on=_days_ago(3).isoformat(),
    )
    assert (
        "Een signaal met een antwoord heeft de status beantwoord."
        in (answer_but_raised.context["form"].errors["status"])
    )
    answered = _handle(
        client,
        signal,
        status="answered",
        addressee="Gemeente Noordstad",
        raised_on=_days_ago(20).isoformat(),
        response="De wethouder regelt een avondbed.",
        response_on=_days_ago(3).isoformat(),
    )
    assert answered.status_code == 302
    signal.refresh_from_db()
    assert signal.status == SignalStatus.ANSWERED
    assert signal.response_on == _days_ago(3)
    stale = _handle(client, signal, status="closed", version="1")
    assert stale.status_code == 409
    signal.refresh_from_db()
    assert signal.status == SignalStatus.ANSWERED
    assert AuditEvent.objects.filter(action=Action.UPDATE, object_type="system_signal").count() == 2


def test_the_chain_manager_replaces_the_evidence(world, client_for):
    kept = CaseFactory(house=world.house, number="C-1")
    added = CaseFactory(house=world.house, number="C-2")
    signal = SystemSignalFactory(house=world.house)
    signal.evidence_cases.set([kept])
    client = client_for(world.user(MANAGER))
    url = reverse("system_signals:evidence", args=[signal.id])
    form = client.get(url)
    assert form.context["form"].initial["case_numbers"] == "C-1"
    response = client.post(url, {"version": "1", "case_numbers": "C-2"})
    assert response.status_code == 302
    assert list(signal.evidence_cases.all()) == [added]
    assert client_for(world.user(COORDINATOR)).get(url).status_code == 404


def test_signals_for_report_lists_what_was_before_the_steering_group_in_the_period(world):
    start, end = _days_ago(90), _days_ago(1)
    in_period = SystemSignalFactory(house=world.house, raised=True, raised_on=_days_ago(30))
    waiting = SystemSignalFactory(
        house=world.house, raised=True, found_on=_days_ago(300), raised_on=_days_ago(200)
    )
    answered_in_period = SystemSignalFactory(
        house=world.house,
        status=SignalStatus.ANSWERED,
        addressee="Politie",
        found_on=_days_ago(300),
        raised_on=_days_ago(200),
        response="Opgelost",
        response_on=_days_ago(10),
    )
    SystemSignalFactory(  # answered before the period
        house=world.house,
        status=SignalStatus.ANSWERED,
        addressee="Politie",
        found_on=_days_ago(300),
        raised_on=_days_ago(200),
        response="Oud",
        response_on=_days_ago(150),
    )
    SystemSignalFactory(house=world.house)  # never raised
    SystemSignalFactory(house=world.house, raised=True, raised_on=timezone.localdate())  # after
    SystemSignalFactory(house=world.other_house, raised=True)
    case = CaseFactory(house=world.house)
    in_period.evidence_cases.set([case])
    found = signals_for_report(world.house.id, start, end)
    assert [s.id for s in found] == [waiting.id, answered_in_period.id, in_period.id]
    assert all(case.number not in repr(s) for s in found)
    assert found[1].response == "Opgelost"
    assert found[2].status_label == "Voorgelegd aan de stuurgroep"


@pytest.mark.parametrize("role", [Role.PARTNER_PROFESSIONAL, Role.ADMINISTRATOR])
def test_other_roles_meet_a_404(world, client_for, role):
    signal = SystemSignalFactory(house=world.house, raised=True)
    client = client_for(world.user(role))
    assert client.get(reverse("system_signals:list")).status_code == 404
    assert client.get(reverse("system_signals:detail", args=[signal.id])).status_code == 404


def test_the_list_costs_a_fixed_number_of_queries(world, client_for, django_assert_max_num_queries):
    client = client_for(world.user(MANAGER))
    SystemSignalFactory(house=world.house)
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("system_signals:list"))
    for _ in range(20):
        SystemSignalFactory(house=world.house, raised=True).evidence_cases.set(
            [CaseFactory(house=world.house)]
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("system_signals:list")).status_code == 200
