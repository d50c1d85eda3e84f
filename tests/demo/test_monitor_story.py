"""The demo's monitor, house side: Noord's code, profile, last year's questionnaire and this
year's, started and pre-filled from the demo data but open for the chain manager to try."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import login_2fa
from zvh.accounts.models import User
from zvh.monitor.models import HouseProfileVersion, Provenance, Questionnaire
from zvh.network.models import House


def test_noord_has_a_profile_and_its_questionnaires(demo):
    house = House.objects.get(monitor_code="NOORD")
    assert HouseProfileVersion.objects.filter(house=house).count() == 1
    year = timezone.localdate().year
    current = Questionnaire.objects.get(house=house, year=year)
    assert not current.is_submitted
    computed = current.answers.filter(provenance=Provenance.COMPUTED)
    inflow = computed.get(key="inflow_share_pct").value
    assert sum(v for v in inflow.values() if v is not None) == 100  # from the demo's referrals
    assert current.answers.get(key="budget_total_eur").provenance == Provenance.PROFILE
    last = Questionnaire.objects.get(house=house, year=year - 1)
    assert last.is_submitted and last.record["id"] == "NOORD"
    chain = login_2fa(Client(), User.objects.get(username="demo-ketenmanager"))
    assert chain.get(reverse("monitor:year", args=[year])).status_code == 200
