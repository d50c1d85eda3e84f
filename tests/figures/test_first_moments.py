"""The first moments the figures read from the rows (decision 0175): a referral's first final
triage decision, a case's first held conference and a plan's first setting, kept when they
happen and filled in by the migrations for what happened before."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps

from tests.factories import flow
from tests.factories.network import HouseFactory, OrganisationFactory, UserFactory
from tests.figures.helpers_flow import local
from zvh.cases.models import Case
from zvh.conferences.services import first_conference_note
from zvh.intake.models import Referral
from zvh.plans.models import Plan
from zvh.triage.models import Decision

pytestmark = pytest.mark.django_db


def test_the_earliest_held_conference_is_the_first_whatever_the_order_of_closing():
    house = HouseFactory()
    case = flow.case(house=house, opened_at=local(2026, 1, 2))
    first_conference_note([case.pk], local(2026, 2, 1))
    first_conference_note([case.pk], local(2026, 1, 20))  # closed later, started earlier
    first_conference_note([case.pk], local(2026, 3, 1))
    case.refresh_from_db()
    assert case.first_conference_at == local(2026, 1, 20)


def test_the_migrations_fill_in_the_first_moments_of_earlier_work():
    house = HouseFactory()
    case = flow.case(house=house, opened_at=local(2026, 1, 2))
    flow.held_conference(house=house, starts_at=local(2026, 1, 5), cases=[case], held=False)
    flow.held_conference(house=house, starts_at=local(2026, 1, 9), cases=[case])
    flow.held_conference(house=house, starts_at=local(2026, 1, 7), cases=[case])
    untouched = flow.case(house=house, opened_at=local(2026, 1, 2))
    versioned = flow.plan_set(case=case, at=[local(2026, 2, 3), local(2026, 1, 30)])
    older = flow.plan_set(case=untouched, at=[], set_at=local(2026, 1, 25))
    referral = flow.referral(
        house=house, organisation=OrganisationFactory(), received_at=local(2026, 1, 1)
    )
    user = UserFactory()
    flow.assessment(
        referral=referral,
        decided_at=local(2026, 1, 2),
        decided_by=user,
        decision=Decision.MORE_INFORMATION,
        is_current=False,
    )
    flow.assessment(
        referral=referral, decided_at=local(2026, 1, 4), decided_by=user, is_current=False
    )
    flow.assessment(referral=referral, decided_at=local(2026, 1, 6), decided_by=user)
    Case.objects.update(first_conference_at=None)
    Plan.objects.update(first_set_at=None)
    Referral.objects.update(first_decided_at=None)

    import_module("zvh.cases.migrations.0015_first_moments").backfill(apps, None)
    import_module("zvh.plans.migrations.0003_first_moments").backfill(apps, None)
    import_module("zvh.intake.migrations.0006_first_decided_at").backfill(apps, None)

    case.refresh_from_db()
    untouched.refresh_from_db()
    assert case.first_conference_at == local(2026, 1, 7)  # the planned one was never held
    assert untouched.first_conference_at is None
    assert Plan.objects.get(pk=versioned.pk).first_set_at == local(2026, 1, 30)
    assert Plan.objects.get(pk=older.pk).first_set_at == local(2026, 1, 25)
    referral.refresh_from_db()
    assert referral.first_decided_at == local(2026, 1, 4)  # "more information" is not final
