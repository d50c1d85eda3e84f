"""The advice register and the system-signal register (issue 11, part e)."""

from datetime import date, timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from zvh.advice.models import Advice, AdviceTopic
from zvh.system_signals.models import SignalCategory, SignalStatus, SystemSignal

from .network import HouseFactory, OrganisationFactory


def _days_ago(days: int) -> date:
    return timezone.localdate() - timedelta(days=days)


class AdviceFactory(DjangoModelFactory):
    class Meta:
        model = Advice

    house = factory.SubFactory(HouseFactory)
    requester_organisation = factory.SubFactory(OrganisationFactory)
    municipality = factory.LazyAttribute(lambda o: o.house.seat_municipality)
    topic = AdviceTopic.MULTIPROBLEM
    given_on = factory.LazyFunction(lambda: _days_ago(3))
    advice_text = "Advies over de aanpak: eerst het sociaal wijkteam betrekken."
    minutes = 30


class SystemSignalFactory(DjangoModelFactory):
    class Meta:
        model = SystemSignal

    house = factory.SubFactory(HouseFactory)
    title = factory.Sequence(lambda n: f"Signaal {n}")
    description = "Wachtlijst beschermd wonen blokkeert uitstroom."
    category = SignalCategory.PROCEDURE
    found_on = factory.LazyFunction(lambda: _days_ago(60))
    status = SignalStatus.RECORDED

    class Params:
        raised = factory.Trait(
            status=SignalStatus.RAISED,
            addressee="Gemeente (wethouder zorg)",
            raised_on=factory.LazyFunction(lambda: _days_ago(30)),
        )
