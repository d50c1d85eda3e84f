"""'My work' per role and its fixed query budgets; the delivery selector (its page is now the
figures group "levering": tests/figures)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories.intake import actor_of
from zvh.audit.models import Action, AuditEvent
from zvh.cases.models import Case, CaseParticipant, CasePerson
from zvh.network.models import Role
from zvh.people.models import Person
from zvh.plans import selectors, services
from zvh.plans.models import Agreement, AgreementStatus, Plan

from .conftest import make_agreement, make_case, today

MY_WORK = reverse("work:mine")
DELIVERY = reverse("work:delivery")


def _move(agreement: Agreement, **values) -> None:
    Agreement.objects.filter(pk=agreement.pk).update(**values)


# --- what each role sees ----------------------------------------------------------------------


def test_a_partner_professional_sees_own_and_own_organisation_agreements_only(
    world, case, coordinator, professional_user, client_for
):
    colleague = world.user(Role.CHAIN_MANAGER)  # same organisation, a case worker too
    soon = make_agreement(case, coordinator, professional_user, what="Binnenkort")
    of_colleague = make_agreement(
        case, coordinator, colleague, what="Van collega", due=today() + timedelta(days=9)
    )
    late = make_agreement(case, coordinator, professional_user, what="Te laat")
    _move(late, due_date=today() - timedelta(days=3))
    far = make_agreement(case, coordinator, professional_user, what="Ver weg")
    _move(far, due_date=today() + timedelta(days=40))
    done = make_agreement(case, coordinator, professional_user, what="Al gedaan")
    _move(done, status=AgreementStatus.DONE, due_date=today() - timedelta(days=3))
    # Another organisation's agreement in a case the own organisation does not take part in.
    other_case = make_case(world)
    CaseParticipant.objects.filter(case=other_case).delete()
    CaseParticipant.objects.create(case=other_case, organisation=world.other_org)
    make_agreement(
        other_case,
        coordinator,
        world.user(Role.PARTNER_PROFESSIONAL, org="other"),
        what="Andere organisatie",
    )

    work = selectors.my_work(actor=actor_of(professional_user, world.house))
    assert work.coordinated is None and work.delivery is None
    assert [a.id for a in work.my_agreements.rows] == [late.id, soon.id, of_colleague.id]

    html = client_for(professional_user).get(MY_WORK).content.decode()
    assert "Te laat" in html and "Binnenkort" in html and "Van collega" in html
    for hidden in ("Ver weg", "Al gedaan", "Andere organisatie"):
        assert hidden not in html


def test_the_other_organisation_sees_nothing_of_an_agreement_it_does_not_own(
    world, case, coordinator, professional_user, client_for
):
    make_agreement(case, coordinator, professional_user, what="Alleen voor eigen organisatie")
    outsider = world.user(Role.PARTNER_PROFESSIONAL, org="other")
    html = client_for(outsider).get(MY_WORK).content.decode()
    assert "Alleen voor eigen organisatie" not in html
    assert case.number not in html


def test_a_former_participant_no_longer_sees_its_agreements(
    world, case, coordinator, professional_user
):
    make_agreement(case, coordinator, professional_user)
    CaseParticipant.objects.filter(case=case).update(ended_at=timezone.now())
    work = selectors.my_work(actor=actor_of(professional_user, world.house))
    assert work.my_agreements.rows == []


def test_a_process_coordinator_sees_their_cases_reviews_and_overdue_agreements(
    world, case, coordinator, professional_user, client_for
):
    Case.objects.filter(pk=case.pk).update(next_review_date=today() + timedelta(days=10))
    late = make_agreement(case, coordinator, professional_user, what="Verlopen afspraak")
    _move(late, due_date=today() - timedelta(days=1))
    make_agreement(case, coordinator, professional_user, what="Nog niet verlopen")
    not_mine = make_case(
        world, process_coordinator=world.user(Role.PROCESS_COORDINATOR, org="other")
    )
    other_late = make_agreement(not_mine, coordinator, professional_user, what="Andermans zaak")
    _move(other_late, due_date=today() - timedelta(days=1))
    undated = make_case(world)

    work = selectors.my_work(actor=coordinator)
    assert [c.id for c in work.coordinated.rows] == [case.id]
    assert work.coordinated.rows[0].overdue_count == 1
    assert [c.id for c in work.undated] == [undated.id]
    assert [a.id for a in work.overdue_in_my_cases.rows] == [late.id]

    client = client_for(world.user(Role.PROCESS_COORDINATOR))
    html = client.get(MY_WORK).content.decode()
    assert case.number in html and "Verlopen afspraak" in html
    assert "Andermans zaak" not in html
    # "My work" lists case content: it is logged with the persons of the cases shown.
    event = AuditEvent.objects.filter(action=Action.LIST, object_type="agreement").latest("id")
    persons = set(
        CasePerson.objects.filter(case__in=[case, undated]).values_list("person_id", flat=True)
    )
    assert {str(pk) for pk in persons} == set(event.person_ids)


def test_a_role_without_any_work_has_no_such_page(world, client_for):
    """The door is the functions of the page's sections (decisions 0158, 0179): the steering
    group has none of them. The other roles' sections: tests/web/test_my_work_roles.py."""
    client = client_for(world.user(Role.STEERING_GROUP_MEMBER))
    assert client.get(MY_WORK).status_code == 404
    assert MY_WORK not in client.get(reverse("web:home")).content.decode()
    # The menu offers it to a role that has work.
    coordinator = client_for(world.user(Role.PROCESS_COORDINATOR))
    assert MY_WORK in coordinator.get(reverse("web:home")).content.decode()


# --- the delivery view ------------------------------------------------------------------------


def test_the_delivery_view_counts_per_organisation(
    world, case, coordinator, professional_user, client_for
):
    other_user = world.user(Role.PARTNER_PROFESSIONAL, org="other")
    CaseParticipant.objects.create(case=case, organisation=world.other_org)
    due = today() - timedelta(days=5)

    def agreement(owner, **values):
        made = make_agreement(case, coordinator, owner)
        _move(made, **values)

    start = timezone.now() - timedelta(days=10)
    agreement(professional_user)  # open, not yet due
    agreement(professional_user, due_date=due)  # overdue
    agreement(professional_user, due_date=due)  # overdue
    agreement(professional_user, status="done", due_date=due, completed_at=start)  # on time
    agreement(professional_user, status="done", due_date=due, completed_at=timezone.now())  # late
    agreement(other_user, status="not_delivered", completed_at=start)
    agreement(other_user, status="cancelled", completed_at=start)
    # Another house's agreements are not counted.
    elsewhere = make_case(world, house=world.other_house, process_coordinator=None)
    make_agreement(
        elsewhere,
        actor_of(world.user(Role.PROCESS_COORDINATOR, house="other"), world.other_house),
        world.user(Role.PARTNER_PROFESSIONAL, house="other"),
    )

    result = selectors.delivery(actor=actor_of(world.user(Role.CHAIN_MANAGER), world.house))
    rows = {row.organisation: row for row in result.rows}
    own, other = rows["Eigen organisatie"], rows["Andere organisatie"]
    assert (own.open, own.overdue, own.done_on_time, own.done_late) == (1, 2, 1, 1)
    assert (own.not_delivered, own.cancelled) == (0, 0)
    assert (other.open, other.not_delivered, other.cancelled) == (0, 1, 1)
    assert result.totals.total == 7
    assert [row.organisation for row in result.by_overdue] == ["Eigen organisatie"]

    # The delivery view is folded into the house's figures (issue 11): it leads there.
    response = client_for(world.user(Role.CHAIN_MANAGER)).get(DELIVERY)
    assert response.status_code == 302
    assert response["Location"] == reverse("figures:group", kwargs={"group": "levering"})
    assert client_for(world.user(Role.PROCESS_COORDINATOR)).get(DELIVERY).status_code == 404


# --- query budgets: the same with 10 and with 1,000 agreements --------------------------------


def seed(world, count: int) -> None:
    """`count` agreements in count/10 cases of the own house, coordinated by the world's
    process coordinator, owned by the own partner professional; a third overdue."""
    coordinator = world.user(Role.PROCESS_COORDINATOR)
    owner = world.user(Role.PARTNER_PROFESSIONAL)
    start = Case.objects.count()
    cases = Case.objects.bulk_create(
        Case(
            house=world.house,
            number=f"C-2026-{start + n:06d}",
            process_coordinator=coordinator,
            next_review_date=today() + timedelta(days=n % 30),
        )
        for n in range(max(1, count // 10))
    )
    persons = Person.objects.bulk_create(
        Person(house=world.house, surname=f"Achternaam{n}") for n in range(len(cases))
    )
    CasePerson.objects.bulk_create(
        CasePerson(case=c, person=p) for c, p in zip(cases, persons, strict=True)
    )
    CaseParticipant.objects.bulk_create(
        CaseParticipant(case=c, organisation=world.own_org) for c in cases
    )
    plans = Plan.objects.bulk_create(Plan(case=c) for c in cases)
    Agreement.objects.bulk_create(
        Agreement(
            plan=plans[n % len(plans)],
            case=cases[n % len(cases)],
            house=world.house,
            what=f"Afspraak {n}",
            domain="care",
            owner_organisation=world.own_org,
            owner_user=owner,
            due_date=today() + timedelta(days=(n % 3) * 10 - 5),
            status=[AgreementStatus.OPEN, AgreementStatus.DONE][n % 5 == 0],
            completed_at=timezone.now() if n % 5 == 0 else None,
        )
        for n in range(count)
    )


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


# Session, user, OTP device, memberships; the sections of the role (one query per list, one
# for the undated cases, one aggregate; a partner professional's own agreements and their
# organisation's are two lists, merged); the audit event (persons, savepoint, chain head,
# event, person links, head update, release); the header's organisation; the session save
# (savepoint, update, release).
BUDGETS = {
    Role.PROCESS_COORDINATOR: 19,
    Role.PARTNER_PROFESSIONAL: 17,
    Role.CHAIN_MANAGER: 17,
}


@pytest.mark.parametrize("role", list(BUDGETS))
def test_my_work_does_not_grow(world, client_for, role, django_assert_max_num_queries):
    client = client_for(world.user(role))
    seed(world, 10)
    small = _queries(client, MY_WORK)
    seed(world, 990)
    with django_assert_max_num_queries(BUDGETS[role]):
        response = client.get(MY_WORK)
    assert response.status_code == 200
    assert _queries(client, MY_WORK) == small


def test_my_work_pages_with_a_cursor(world, client_for):
    seed(world, 60)
    client = client_for(world.user(Role.PARTNER_PROFESSIONAL))
    first = client.get(MY_WORK).context["work"].my_agreements
    assert len(first.rows) == selectors.WORK_PAGE_SIZE and first.next_cursor
    second = client.get(MY_WORK, {"afspraken_na": first.next_cursor}).context["work"]
    ids = {a.id for a in first.rows}
    assert second.my_agreements.rows and not ids & {a.id for a in second.my_agreements.rows}
    assert all(a.due_date >= first.rows[-1].due_date for a in second.my_agreements.rows)


def test_services_keep_the_page_in_step(world, case, coordinator, professional_user):
    """A done agreement leaves "my work" at once."""
    agreement = make_agreement(case, coordinator, professional_user)
    actor = actor_of(professional_user, world.house)
    assert selectors.my_work(actor=actor).my_agreements.rows == [agreement]
    services.agreement_complete(actor=actor, agreement=agreement, expected_version=1, note="Klaar")
    assert selectors.my_work(actor=actor).my_agreements.rows == []


def test_my_agreements_merge_own_and_organisation_agreements_across_pages(world, client_for):
    """The user's own agreements (here: still of a former organisation) and their
    organisation's come as one list in due-date order, each once, page after page."""
    seed(world, 90)  # owned by the own professional and the own organisation
    owner = world.user(Role.PARTNER_PROFESSIONAL)
    ids = list(
        Agreement.objects.filter(owner_user=owner).order_by("id").values_list("id", flat=True)
    )
    Agreement.objects.filter(pk__in=ids[:7]).update(owner_organisation=world.other_org)
    colleague = world.user(Role.CHAIN_MANAGER)  # same organisation
    Agreement.objects.filter(pk__in=ids[7:12]).update(owner_user=colleague)
    expected = list(
        Agreement.objects.needs_attention(today())
        .filter(Q(owner_user=owner) | Q(owner_organisation=world.own_org))
        .order_by("due_date", "id")
        .values_list("id", flat=True)
    )
    client = client_for(owner)
    shown, cursor = [], None
    while True:
        page = client.get(MY_WORK, {"afspraken_na": cursor} if cursor else {}).context["work"]
        shown += [a.id for a in page.my_agreements.rows]
        cursor = page.my_agreements.next_cursor
        if not cursor:
            break
    assert shown == expected
    assert len(expected) > selectors.WORK_PAGE_SIZE
