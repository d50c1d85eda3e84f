"""Hole 1 of the outside test: who reads the triage agenda and the referrals on it.

Only a partner professional takes part in triage as a participant; the other roles of a
participating organisation (the mayor, the privacy officer, the functional administrator) see no
session and no referral, on the web and through the API alike (decision 0152).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories.intake import actor_of, make_referral
from zvh.intake.policy import visible_referrals
from zvh.intake.services import PersonInput
from zvh.network.models import Role
from zvh.triage.models import TriageTable
from zvh.triage.referral_policy import visible_triage_sessions
from zvh.triage.services import agenda_build, triage_session_create

NOT_IN_TRIAGE = (Role.ADMINISTRATOR, Role.PRIVACY_OFFICER, Role.FUNCTIONAL_ADMIN)


@pytest.fixture
def on_agenda(world):
    """An open session with the own organisation taking part, and a referral on its agenda."""
    coordinator = actor_of(world.user(Role.PROCESS_COORDINATOR), world.house)
    table = TriageTable.objects.create(
        house=world.house, name="Weegtafel", weekday=1, start_time="10:00"
    )
    table.organisations.add(world.own_org)
    session = triage_session_create(
        actor=coordinator, table=table, starts_at=timezone.now() + timedelta(days=2)
    )
    referral = make_referral(
        world.user(Role.PARTNER_PROFESSIONAL, org="other"),
        world.house,
        persons=[PersonInput(surname="Vermeulen", given_names="Sandra")],
    ).referral
    agenda_build(actor=coordinator, session=session)
    assert session.participant_organisations.filter(pk=world.own_org.pk).exists()
    return session, referral


@pytest.mark.parametrize("role", NOT_IN_TRIAGE)
def test_other_roles_of_a_participating_organisation_see_no_session_or_referral(
    world, client_for, on_agenda, role
):
    session, referral = on_agenda
    client = client_for(world.user(role))
    pages = [
        reverse("triage:sessions"),
        reverse("triage:session", kwargs={"session_id": session.id}),
        reverse("intake:detail", kwargs={"referral_id": referral.id}),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 404, (role, url, response.status_code)
        assert "Vermeulen" not in response.content.decode()
    api = client.get(f"/api/v1/referrals/{referral.id}/")
    assert api.status_code == 404


@pytest.mark.parametrize("role", NOT_IN_TRIAGE)
def test_the_policy_opens_nothing_to_roles_outside_triage(world, on_agenda, role):
    actor = actor_of(world.user(role), world.house)
    assert not visible_triage_sessions(actor).exists()
    assert not visible_referrals(actor).exists()


def test_a_partner_professional_participant_sees_the_agenda_and_its_referral_only(
    world, client_for, on_agenda
):
    session, referral = on_agenda
    elsewhere = make_referral(
        world.user(Role.PARTNER_PROFESSIONAL, org="other"),
        world.house,
        persons=[PersonInput(surname="Dekker", given_names="Joop")],
    ).referral  # not on the agenda
    client = client_for(world.user(Role.PARTNER_PROFESSIONAL))
    assert (
        client.get(reverse("triage:session", kwargs={"session_id": session.id})).status_code == 200
    )
    web = client.get(reverse("intake:detail", kwargs={"referral_id": referral.id}))
    api = client.get(f"/api/v1/referrals/{referral.id}/")
    assert (web.status_code, api.status_code) == (200, 200)
    for url in (
        reverse("intake:detail", kwargs={"referral_id": elsewhere.id}),
        f"/api/v1/referrals/{elsewhere.id}/",
    ):
        assert client.get(url).status_code == 404


def test_web_and_api_agree_for_every_role(world, client_for, on_agenda):
    """The same rule on the same row: the referral page and the API answer alike per role."""
    _, referral = on_agenda
    for role in Role:
        for org in ("own", "other"):
            client = client_for(world.user(role, org=org))
            web = client.get(reverse("intake:detail", kwargs={"referral_id": referral.id}))
            api = client.get(f"/api/v1/referrals/{referral.id}/")
            assert (web.status_code == 200) == (api.status_code == 200), (
                role,
                org,
                web.status_code,
                api.status_code,
            )
