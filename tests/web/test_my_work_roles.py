""" "Mijn werk" for the roles without case work of their own (decision 0179): the bestuurder's
escalations, the privacy officer's requests, the functional administrator's role grants and
refused imports, and the process coordinator's triage queue. Each section through the access
policy, each row a link to where the work is done, each at a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories.case_history import make_escalation
from tests.factories.intake import actor_of, make_referral
from tests.factories.network import MembershipFactory, UserFactory
from tests.factories.people import PersonFactory
from tests.plans.conftest import make_case
from tests.subject_requests.conftest import register
from zvh.cases.models import EscalationStatus
from zvh.intake.models import ReferralStatus, Urgency
from zvh.network import imports
from zvh.network.models import NetworkImport, Role, RoleGrant
from zvh.web.work import role_work

MY_WORK = reverse("work:mine")


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(MY_WORK).status_code == 200
    return len(captured)


# --- the bestuurder ---------------------------------------------------------------------------


def _raised(world, addressee, *, days_ago: int = 1, status=EscalationStatus.RAISED):
    escalation = make_escalation(
        make_case(world),
        proposed_by=world.user(Role.PROCESS_COORDINATOR),
        proposed_at=timezone.now() - timedelta(days=days_ago + 1),
        status=status,
        addressee=addressee,
    )
    escalation.raised_at = timezone.now() - timedelta(days=days_ago)
    escalation.save(update_fields=["raised_at"])
    return escalation


def test_the_bestuurder_sees_the_escalations_waiting_for_their_reply(world, client_for):
    mayor = world.user(Role.ADMINISTRATOR)
    older = _raised(world, mayor, days_ago=5)
    newer = _raised(world, mayor, days_ago=1)
    _raised(world, mayor, status=EscalationStatus.RESOLVED)  # answered
    _raised(world, world.user(Role.CHAIN_MANAGER))  # someone else's
    _raised(world, mayor, status=EscalationStatus.PROPOSED)  # not raised yet

    work = role_work(actor=actor_of(mayor, world.house))
    assert [e.id for e in work.escalations] == [older.id, newer.id]
    # A bestuurder sees no cases: the case work sections are not theirs.
    assert work.case_work.coordinated is None and work.case_work.my_agreements is None

    html = client_for(mayor).get(MY_WORK).content.decode()
    assert reverse("cases:escalation-detail", args=[older.id]) in html
    assert older.case.number in html


def test_the_bestuurder_of_another_house_sees_none_of_them(world):
    _raised(world, world.user(Role.ADMINISTRATOR))
    other = world.user(Role.ADMINISTRATOR, house="other")
    assert role_work(actor=actor_of(other, world.other_house)).escalations == []


# --- the privacy officer ----------------------------------------------------------------------


def test_the_privacy_officer_sees_open_requests_by_deadline(world, client_for):
    late = register(world, PersonFactory(house=world.house), days_ago=40)
    fresh = register(world, PersonFactory(house=world.house))
    officer = world.user(Role.PRIVACY_OFFICER)
    work = role_work(actor=actor_of(officer, world.house))
    assert [r.id for r in work.subject_requests.rows] == [late.id, fresh.id]
    assert work.escalations is None and work.role_grants is None

    html = client_for(officer).get(MY_WORK).content.decode()
    assert reverse("subject_requests:detail", args=[late.id]) in html
    assert "Termijn verstreken" in html
    # Another house's officer: none of them.
    other = world.user(Role.PRIVACY_OFFICER, house="other")
    assert role_work(actor=actor_of(other, world.other_house)).subject_requests.rows == []


# --- the functional administrator -------------------------------------------------------------


def _proposed(world, *, by):
    user = UserFactory(organisation=world.own_org)
    return RoleGrant.objects.create(
        user=user,
        house=world.house,
        role=Role.PRIVACY_OFFICER,
        proposed_by=by,
        proposed_at=timezone.now(),
    )


def test_the_functional_administrator_sees_grants_to_decide_and_refused_imports(world, client_for):
    admin = world.user(Role.FUNCTIONAL_ADMIN)
    colleague = UserFactory(organisation=world.own_org)
    MembershipFactory(user=colleague, house=world.house, role=Role.FUNCTIONAL_ADMIN)
    theirs = _proposed(world, by=colleague)
    _proposed(world, by=admin)  # four eyes: not one's own proposal
    actor = actor_of(admin, world.house)
    imports.network_import(
        actor=actor, content=b"\xff\xfe", filename="netwerk.csv", valid_only=False
    )

    work = role_work(actor=actor)
    assert [g.id for g in work.role_grants.rows] == [theirs.id]
    assert [run.filename for run in work.failed_imports] == ["netwerk.csv"]

    html = client_for(admin).get(MY_WORK).content.decode()
    assert reverse("network:role-grant-decide", args=[theirs.id]) in html
    assert "netwerk.csv" in html and reverse("network:import") in html


def test_a_later_successful_import_clears_the_refused_ones(world):
    admin = world.user(Role.FUNCTIONAL_ADMIN)
    actor = actor_of(admin, world.house)
    imports.network_import(actor=actor, content=b"\xff", filename="kapot.csv", valid_only=False)
    assert NetworkImport.objects.filter(imported=False).count() == 1
    ok = imports.network_import(
        actor=actor, content=b'{"organisations": []}', filename="leeg.json", valid_only=False
    )
    assert ok.imported, ok.issues
    assert role_work(actor=actor).failed_imports == []
    # Old refusals drop off on their own.
    imports.network_import(actor=actor, content=b"\xff", filename="oud.csv", valid_only=False)
    NetworkImport.objects.filter(filename="oud.csv").update(
        created_at=timezone.now() - timedelta(days=31)
    )
    assert role_work(actor=actor).failed_imports == []
    # Another house's administrator sees none of this house's runs.
    imports.network_import(actor=actor, content=b"\xff", filename="nieuw.csv", valid_only=False)
    other = world.user(Role.FUNCTIONAL_ADMIN, house="other")
    assert role_work(actor=actor_of(other, world.other_house)).failed_imports == []


# --- the process coordinator's triage queue ---------------------------------------------------


def test_the_coordinator_sees_referrals_awaiting_triage_acute_first(world, client_for):
    referrer = world.user(Role.PARTNER_PROFESSIONAL)
    first = make_referral(referrer, world.house).referral
    acute = make_referral(referrer, world.house, urgency=Urgency.ACUTE).referral
    decided = make_referral(referrer, world.house).referral
    decided.status = ReferralStatus.DECIDED
    decided.save(update_fields=["status"])
    make_referral(world.user(Role.PARTNER_PROFESSIONAL, house="other"), world.other_house)

    coordinator = world.user(Role.PROCESS_COORDINATOR)
    work = role_work(actor=actor_of(coordinator, world.house))
    assert [r.id for r in work.triage] == [acute.id, first.id]
    html = client_for(coordinator).get(MY_WORK).content.decode()
    assert reverse("intake:detail", args=[acute.id]) in html
    # The partner professional who referred them has no triage queue.
    assert role_work(actor=actor_of(referrer, world.house)).triage is None


# --- query budgets: the same with few and with many rows --------------------------------------


def _seed(world, role, count: int) -> None:
    if role == Role.ADMINISTRATOR:
        for _ in range(count):
            _raised(world, world.user(Role.ADMINISTRATOR))
    elif role == Role.PRIVACY_OFFICER:
        for _ in range(count):
            register(world, PersonFactory(house=world.house))
    else:
        colleague = UserFactory(organisation=world.own_org)
        MembershipFactory(user=colleague, house=world.house, role=Role.FUNCTIONAL_ADMIN)
        actor = actor_of(world.user(Role.FUNCTIONAL_ADMIN), world.house)
        for n in range(count):
            _proposed(world, by=colleague)
            imports.network_import(
                actor=actor, content=b"\xff", filename=f"{n}.csv", valid_only=False
            )


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.PRIVACY_OFFICER, Role.FUNCTIONAL_ADMIN])
def test_my_work_does_not_grow_for_these_roles(world, client_for, role):
    client = client_for(world.user(role))
    _seed(world, role, 2)
    small = _queries(client)
    _seed(world, role, 40)
    assert _queries(client) == small
