"""The demo's advice register and system signals (issue 11): a year of advice in Regio Noord,
six signals of which some are raised and one answered, seen as the chain manager, the process
coordinator and the steering-group member would."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.demo.support import login, run_demo
from zvh.advice.models import Advice
from zvh.demo.registers_story import ADVICE_COUNT
from zvh.network.models import House
from zvh.system_signals.models import SignalStatus, SystemSignal

NOORD = "Veiligheidshuis Regio Noord"


@pytest.fixture
def noord(demo) -> House:
    return House.objects.get(name=NOORD)


def test_a_year_of_advice_and_six_signals(noord):
    today = timezone.localdate()
    advice = Advice.objects.filter(house=noord)
    assert advice.count() == ADVICE_COUNT
    assert not advice.filter(given_on__lt=today - timedelta(days=365)).exists()
    assert advice.filter(requester_organisation__isnull=True).exists()
    assert advice.values("topic").distinct().count() >= 5
    signals = SystemSignal.objects.filter(house=noord)
    assert signals.count() == 6
    assert signals.filter(status=SignalStatus.RAISED).count() == 2
    assert signals.filter(status=SignalStatus.ANSWERED).count() == 1
    assert signals.filter(evidence_cases__isnull=False).exists()
    # A second run adds nothing.
    run_demo()
    assert Advice.objects.filter(house=noord).count() == ADVICE_COUNT
    assert SystemSignal.objects.filter(house=noord).count() == 6


def test_the_registers_as_each_role_sees_them(noord):
    coordinator = login("demo-procesregisseur")
    assert coordinator.get(reverse("advice:list")).status_code == 200
    assert len(coordinator.get(reverse("system_signals:list")).context["page"].rows) == 6
    steering = login("demo-stuurgroep")
    raised = steering.get(reverse("system_signals:list")).context["page"].rows
    assert {signal.status for signal in raised} == {SignalStatus.RAISED, SignalStatus.ANSWERED}
    cited = SystemSignal.objects.filter(house=noord, evidence_cases__isnull=False).first()
    number = cited.evidence_cases.first().number
    detail = reverse("system_signals:detail", args=[cited.id])
    assert number not in steering.get(detail).content.decode()
    assert number in login("demo-ketenmanager").get(detail).content.decode()
