"""Hole 4 of issue 10: a conference's content stays behind its confidentiality declaration in
every channel, not only on the conference page (docs/decisions/0155).

The scenario: a Casus op Maat on case A with a decision that makes an agreement. The other
organisation takes part in case A but is no covenant party; its professional is invited and has
not signed the declaration. The decision text must not reach them anywhere until they sign;
house staff and covenant parties see it as before.

The case journal leaked before the fix. The notification, the plan page and PDF, the case
search and the API (case and plan) carry no conference content today: their tests guard that
this stays so for the unsigned reader.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories.intake import actor_of
from zvh.authz.actor import Actor
from zvh.cases import selectors as case_selectors
from zvh.cases.models import Case, CaseJournalEntry
from zvh.conferences import policy as conference_policy
from zvh.conferences import services
from zvh.conferences.journal import ConferenceJournalKind
from zvh.conferences.models import Conference, ConfidentialityDeclaration
from zvh.network.models import Role
from zvh.plans import services as plan_services

from .conftest import begin

pytestmark = pytest.mark.django_db

DECISION = "Besluit: Kim krijgt woonbegeleiding via het wijkteam"
AGREEMENT = "Huisbezoek afleggen"


@pytest.fixture
def decided(world, coordinator, case_conference: Conference, case_a: Case, outsider) -> Case:
    """The Casus op Maat on case A has begun and decided; the decision makes an agreement
    owned by the unsigned professional (who is notified of it). The plan is set."""
    plan_services.plan_goal_set(
        actor=coordinator, case=case_a, expected_version=1, goals={"housing": "Een eigen woning"}
    )
    begin(case_conference)
    item = case_conference.items.select_related("conference", "case").get()
    services.decision_record(
        actor=coordinator,
        item=item,
        data=services.DecisionInput(
            text=DECISION,
            agreements=[
                plan_services.AgreementInput(
                    what=AGREEMENT,
                    domain="care",
                    owner=outsider,
                    due_date=timezone.localdate() + timedelta(days=14),
                )
            ],
        ),
    )
    case_a.refresh_from_db()
    plan = case_a.plan
    plan_services.plan_set(actor=coordinator, case=case_a, expected_revision=plan.revision)
    return case_a


def _sign(world, user, conference: Conference, declaration: ConfidentialityDeclaration) -> None:
    services.declaration_accept(
        actor=actor_of(user, world.house), conference=conference, declaration_id=declaration.pk
    )


def _readers(world) -> dict[str, object]:
    """Who sees the decision without signing anything: house staff and a covenant party's
    professional."""
    return {
        "coordinator": world.user(Role.PROCESS_COORDINATOR),
        "chain manager": world.user(Role.CHAIN_MANAGER),
        "covenant partner": world.user(Role.PARTNER_PROFESSIONAL, org="own"),
    }


# --- the one rule -------------------------------------------------------------------------------


def test_the_policy_gate_is_the_declaration_rule_of_the_conference_page(
    world, decided, case_conference, declaration, outsider
):
    """`conference_content_visible` (a condition usable in any query) agrees with
    `declaration_required` and the acceptance, the rule the conference page applies."""
    from zvh.covenants.selectors import covenant_party_ids

    parties = covenant_party_ids(world.house.id)

    def gate(actor: Actor) -> bool:
        return (
            Conference.objects.filter(pk=case_conference.pk)
            .filter(conference_policy.conference_content_visible(actor, "pk"))
            .exists()
        )

    actors = {name: actor_of(user, world.house) for name, user in _readers(world).items()}
    actors["unsigned partner"] = actor_of(outsider, world.house)
    for name, actor in actors.items():
        expected = not conference_policy.declaration_required(actor, parties)
        assert gate(actor) is expected, name
    assert gate(actors["unsigned partner"]) is False
    _sign(world, outsider, case_conference, declaration)
    assert gate(actor_of(outsider, world.house)) is True
    # An actor without a user (an API token of the organisation) cannot sign: closed.
    token_actor = Actor(
        user_id=None,
        organisation_id=world.other_org.id,
        house_id=world.house.id,
        roles=frozenset({Role.PARTNER_PROFESSIONAL}),
    )
    assert gate(token_actor) is False


# --- the case journal (web) ---------------------------------------------------------------------


def test_the_case_journal_shows_the_decision_only_after_the_declaration(
    world, client_for, decided, case_conference, declaration, outsider
):
    url = reverse("cases:detail", kwargs={"case_id": decided.id})
    page = client_for(outsider).get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert DECISION not in html
    # The line is absent, not greyed out: the case page says nothing about the decision.
    assert "Besluit in casusoverleg" not in html
    # The agreement is the plan's and stays visible through the plan's rules.
    assert AGREEMENT in html

    _sign(world, outsider, case_conference, declaration)
    html = client_for(outsider).get(url).content.decode()
    assert DECISION in html and "Besluit in casusoverleg" in html

    for name, user in _readers(world).items():
        assert DECISION in client_for(user).get(url).content.decode(), name


def test_the_journal_selector_applies_the_gate(
    world, decided, case_conference, declaration, outsider
):
    """Whatever channel reads the journal through `case_journal` gets the gated stream."""

    def kinds(user) -> list[str]:
        actor = actor_of(user, world.house)
        return list(
            case_selectors.case_journal(actor=actor, case=decided).values_list("kind", flat=True)
        )

    assert ConferenceJournalKind.CONFERENCE_DECISION not in kinds(outsider)
    _sign(world, outsider, case_conference, declaration)
    assert ConferenceJournalKind.CONFERENCE_DECISION in kinds(outsider)
    entry = CaseJournalEntry.objects.get(
        case=decided, kind=ConferenceJournalKind.CONFERENCE_DECISION
    )
    assert entry.conference_id == case_conference.pk


def test_a_declaration_for_another_conference_does_not_open_this_one(
    world, coordinator, client_for, decided, case_conference, declaration, outsider
):
    other = services.conference_create(
        actor=coordinator,
        data=services.ConferenceInput(
            kind=case_conference.kind,
            schedule=services.Schedule(
                starts_at=timezone.now() + timedelta(days=5),
                ends_at=timezone.now() + timedelta(days=5, hours=1),
                location="Stadhuis",
            ),
            case=decided,
            invitees=[outsider],
        ),
    )
    _sign(world, outsider, other, declaration)
    html = client_for(outsider).get(reverse("cases:detail", kwargs={"case_id": decided.id}))
    assert DECISION not in html.content.decode()


# --- the other channels: none carries the decision text to the unsigned reader ------------------


def test_the_notification_of_the_decisions_agreement_does_not_quote_the_decision(
    world, client_for, decided, outsider
):
    html = client_for(outsider).get(reverse("notifications:list")).content.decode()
    assert decided.number in html  # "U bent eigenaar van een afspraak in casus …"
    assert DECISION not in html


def test_the_plan_page_and_its_pdf_carry_no_decision_text(
    world, client_for, decided, outsider, monkeypatch
):
    from zvh.plans import export

    client = client_for(outsider)
    html = client.get(reverse("plans:plan", args=[decided.id])).content.decode()
    assert AGREEMENT in html and DECISION not in html

    rendered: list[str] = []
    original = export.render_to_string

    def capture(*args, **kwargs) -> str:
        rendered.append(original(*args, **kwargs))
        return rendered[-1]

    monkeypatch.setattr(export, "render_to_string", capture)
    response = client.get(reverse("plans:export", args=[decided.id]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    (source,) = rendered
    assert AGREEMENT in source and DECISION not in source


def test_the_case_search_carries_no_decision_text(world, client_for, decided, outsider):
    response = client_for(outsider).post(reverse("cases:search"), {"q": "Jansen"})
    html = response.content.decode()
    assert reverse("cases:detail", kwargs={"case_id": decided.id}) in html
    assert DECISION not in html


def test_the_api_carries_no_decision_text(world, client_for, decided, outsider):
    client = client_for(outsider)
    for url in (f"/api/v1/cases/{decided.id}/", f"/api/v1/cases/{decided.id}/plan/"):
        response = client.get(url)
        assert response.status_code == 200, (url, response.content)
        assert DECISION not in response.content.decode(), url


# --- the lines written before the gate existed --------------------------------------------------


def test_the_migration_marks_the_lines_written_before_with_their_conference(
    world, coordinator, decided, case_conference, outsider
):
    """Decision lines name their conference's id in `data`; transferred minutes its number.
    A line whose conference cannot be found is closed (the nil id), not opened."""
    import importlib

    from django.apps import apps

    from zvh.cases.journal import journal_record
    from zvh.transfers.services import TransferJournalKind

    fill = importlib.import_module(
        "zvh.conferences.migrations.0002_fill_journal_conference_id"
    ).fill
    item = case_conference.items.get()
    item.minutes = "Verslag van het overleg"
    item.save(update_fields=["minutes"])
    decision = CaseJournalEntry.objects.get(kind=ConferenceJournalKind.CONFERENCE_DECISION)
    CaseJournalEntry.objects.filter(pk=decision.pk).update(conference_id=None)
    old_minutes, lost = (
        journal_record(
            case=decided,
            kind=TransferJournalKind.MINUTES,
            actor=coordinator,
            text=text,
            data={"conference": number, "from_house": "Elders"},
        )
        for text, number in (
            ("Verslag van het overleg", case_conference.number),
            ("Verslag van een verdwenen overleg", "O-1999-000001"),
        )
    )
    held = journal_record(
        case=decided,
        kind=ConferenceJournalKind.CONFERENCE_HELD,
        actor=coordinator,
        data={"conference": str(case_conference.pk), "number": case_conference.number},
    )

    fill(apps, None)

    marked = dict(CaseJournalEntry.objects.filter(case=decided).values_list("pk", "conference_id"))
    assert marked[decision.pk] == case_conference.pk
    assert marked[old_minutes.pk] == case_conference.pk
    assert marked[lost.pk] is not None and marked[lost.pk].int == 0
    assert marked[held.pk] is None  # a line without content: no gate
    page = case_selectors.case_journal(actor=actor_of(outsider, world.house), case=decided)
    assert not {decision.pk, old_minutes.pk, lost.pk} & set(page.values_list("pk", flat=True))
