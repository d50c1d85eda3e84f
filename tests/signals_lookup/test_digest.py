"""The daily digest: counts per requesting organisation to the chain managers, once a day."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.factories.network import OrganisationFactory
from zvh.signals_lookup.models import SignalDigest, SignalHit

DAY = datetime.date(2026, 11, 20)


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


@pytest.fixture
def hits(world):
    zsm = OrganisationFactory(name="ZSM Openbaar Ministerie")
    for org, hour in ((zsm, 1), (zsm, 23), (world.other_org, 12)):
        SignalHit.objects.create(
            house=world.house, requesting_organisation=org, occurred_at=_at(DAY, hour)
        )
    # Outside the day, and another house: not in the own house's digest.
    SignalHit.objects.create(
        house=world.house,
        requesting_organisation=zsm,
        occurred_at=_at(DAY, 0) - datetime.timedelta(seconds=1),
    )
    SignalHit.objects.create(
        house=world.other_house, requesting_organisation=zsm, occurred_at=_at(DAY, 9)
    )


def _digest(django_capture_on_commit_callbacks, *args: str) -> None:
    # The digest's e-mails go through the outbox; the test backend delivers them on commit.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_signal_digest", *args)


def test_digest_goes_to_the_chain_managers_with_counts_only(
    world, hits, mailoutbox, django_capture_on_commit_callbacks
):
    _digest(django_capture_on_commit_callbacks, "--day", DAY.isoformat())
    own_managers = sorted(world.user("chain_manager", org=org).email for org in ("own", "other"))
    own = [mail for mail in mailoutbox if mail.to[0] in own_managers]
    # One message per chain manager, each delivered (and retried) on its own.
    assert sorted(mail.to[0] for mail in own) == own_managers
    assert all(len(mail.to) == 1 for mail in mailoutbox)
    mail = own[0]
    assert "ZSM Openbaar Ministerie: 2" in mail.body
    assert "Andere organisatie: 1" in mail.body
    assert "Veiligheidshuis Test" in mail.body
    assert len(mailoutbox) > len(own)  # the other house with hits has its own digest
    assert SignalDigest.objects.get(house=world.house, day=DAY).hits == 3


def test_digest_is_sent_once_per_day(world, hits, mailoutbox, django_capture_on_commit_callbacks):
    _digest(django_capture_on_commit_callbacks, "--day", DAY.isoformat())
    sent = len(mailoutbox)
    _digest(django_capture_on_commit_callbacks, "--day", DAY.isoformat())
    assert len(mailoutbox) == sent
    assert SignalDigest.objects.filter(day=DAY).count() == 2


def test_no_hits_no_digest(world, mailoutbox):
    call_command("send_signal_digest")
    assert mailoutbox == []
    assert not SignalDigest.objects.exists()


def test_a_lookup_hit_is_counted_for_the_house(
    world, issue_token, mailoutbox, django_capture_on_commit_callbacks
):
    import json

    from tests.api.conftest import bearer
    from tests.factories.people import CaseFactory, CasePersonFactory, PersonFactory

    person = PersonFactory(house=world.other_house, bsn="111222333")
    CasePersonFactory(case=CaseFactory(house=world.other_house), person=person)
    _, secret = issue_token(scopes=("signal-lookup",))
    bearer(secret).post(
        "/api/v1/signals/lookup",
        data=json.dumps({"bsn": "111222333", "purpose": "ZSM"}),
        content_type="application/json",
    )
    (hit,) = SignalHit.objects.all()
    assert (hit.house, hit.requesting_organisation) == (world.other_house, world.own_org)
    _digest(django_capture_on_commit_callbacks, "--day", timezone.localdate().isoformat())
    assert mailoutbox
    assert all("Eigen organisatie: 1" in mail.body for mail in mailoutbox)
