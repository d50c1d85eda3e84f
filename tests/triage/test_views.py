"""The triage screens as the process coordinator, the chain manager and participants use them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories.intake import actor_of, make_referral
from tests.factories.network import MembershipFactory, OrganisationFactory, UserFactory
from zvh.audit.models import Action, AuditEvent
from zvh.cases.models import Case
from zvh.intake.models import EventKind, Referral, ReferralStatus, Urgency
from zvh.intake.services import PersonInput
from zvh.network.models import Role
from zvh.triage.models import Assessment, LocalCriterion, SessionStatus, TriageSession, TriageTable
from zvh.triage.services import agenda_build, triage_session_create

# A referral from the factory is complex by the rule: two life domains with behaviour (C1),
# two chains (C2), and C3a from a household orientation.
COMPLEX_ANSWERS = {"c1": "on", "c2": "on", "c3a": "on"}


@pytest.fixture
def coordinator(world):
    return world.user(Role.PROCESS_COORDINATOR)


@pytest.fixture
def coordinator_client(client_for, coordinator):
    return client_for(coordinator)


@pytest.fixture
def table(world):
    table = TriageTable.objects.create(
        house=world.house, name="Weegtafel dinsdag", weekday=1, start_time="10:00"
    )
    table.organisations.add(world.own_org)
    return table


@pytest.fixture
def session(world, coordinator, table):
    return triage_session_create(
        actor=actor_of(coordinator, world.house),
        table=table,
        starts_at=timezone.now() + timedelta(days=2),
    )


def refer(world, **overrides) -> Referral:
    overrides.setdefault("orientation", "system")
    overrides.setdefault("persons", [PersonInput(surname="Jansen", given_names="Piet")])
    return make_referral(world.user(Role.PARTNER_PROFESSIONAL), world.house, **overrides).referral


def on_agenda(world, coordinator, session, **overrides) -> Referral:
    referral = refer(world, **overrides)
    agenda_build(actor=actor_of(coordinator, world.house), session=session)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ON_AGENDA
    return referral


def decide_url(referral: Referral, session: TriageSession | None = None) -> str:
    url = reverse("triage:decide", kwargs={"referral_id": referral.id})
    return f"{url}?sessie={session.id}" if session else url


def decision_post(**fields) -> dict[str, str]:
    """A decision as the form posts it; `based_on` is what the page showed (no decision)."""
    data = {"based_on": "00000000-0000-0000-0000-000000000000", **COMPLEX_ANSWERS}
    data.update(fields)
    return data


# --- dashboard -------------------------------------------------------------------------------


def test_dashboard_shows_overdue_acute_referrals_highlighted(world, coordinator_client, session):
    overdue = refer(world, urgency=Urgency.ACUTE, persons=[PersonInput(surname="Laat")])
    Referral.objects.filter(pk=overdue.pk).update(
        acute_deadline=timezone.now() - timedelta(hours=1)
    )
    due = refer(world, urgency=Urgency.ACUTE, persons=[PersonInput(surname="Binnenkort")])
    regular = refer(world, persons=[PersonInput(surname="Gewoon")])

    response = coordinator_client.get(reverse("triage:dashboard"))

    assert response.status_code == 200
    dashboard = response.context["dashboard"]
    assert [r.id for r in dashboard.acute_overdue] == [overdue.id]
    assert [r.id for r in dashboard.acute_due] == [due.id]
    assert {r.id for r in dashboard.awaiting.rows} == {overdue.id, due.id, regular.id}
    assert [s.id for s in dashboard.sessions] == [session.id]
    html = response.content.decode()
    assert 'class="triage-overdue"' in html and "verlopen" in html
    # The coordinator may decide an acute referral from here.
    assert reverse("triage:decide", kwargs={"referral_id": overdue.id}) in html


def test_dashboard_lists_only_the_own_house(world, client_for):
    own = refer(world)
    other = make_referral(
        world.user(Role.PARTNER_PROFESSIONAL, house="other"), world.other_house
    ).referral
    response = client_for(world.user(Role.CHAIN_MANAGER)).get(reverse("triage:dashboard"))
    ids = {r.id for r in response.context["dashboard"].awaiting.rows}
    assert own.id in ids and other.id not in ids
    # The chain manager sees the dashboard but plans and decides nothing.
    assert reverse("triage:session-create") not in response.content.decode()


@pytest.mark.parametrize(
    "role", [Role.PARTNER_PROFESSIONAL, Role.FUNCTIONAL_ADMIN, Role.PRIVACY_OFFICER]
)
def test_dashboard_is_not_for_others(world, client_for, role):
    assert client_for(world.user(role)).get(reverse("triage:dashboard")).status_code == 404


def test_dashboard_pages_with_a_cursor(world, coordinator_client):
    for index in range(53):
        refer(world, persons=[PersonInput(surname=f"Persoon{index:02d}")])
    first = coordinator_client.get(reverse("triage:dashboard")).context["dashboard"].awaiting
    assert len(first.rows) == 50 and first.next_cursor
    second = (
        coordinator_client.get(reverse("triage:dashboard"), {"na": first.next_cursor})
        .context["dashboard"]
        .awaiting
    )
    assert len(second.rows) == 3 and second.next_cursor is None
    assert not {r.id for r in first.rows} & {r.id for r in second.rows}


# --- sessions --------------------------------------------------------------------------------


def test_planning_a_session_takes_the_tables_organisations_as_default(
    world, coordinator_client, table
):
    response = coordinator_client.get(reverse("triage:session-create"))
    form = response.context["form"]
    assert form.initial["organisations"] == [world.own_org.pk]
    assert form.initial["date"].weekday() == table.weekday

    guest = world.user(Role.PARTNER_PROFESSIONAL, org="other")
    day = (timezone.localdate() + timedelta(days=7)).isoformat()
    response = coordinator_client.post(
        reverse("triage:session-create"),
        {
            "table": table.pk,
            "date": day,
            "start_time": "09:30",
            "organisations": [world.own_org.pk, world.other_org.pk],
            "users": [guest.pk],
        },
    )
    session = TriageSession.objects.get(table=table)
    assert response.status_code == 302
    assert response["Location"] == reverse("triage:session", kwargs={"session_id": session.id})
    assert set(session.participant_organisations.all()) == {world.own_org, world.other_org}
    assert list(session.participant_users.all()) == [guest]
    assert timezone.localtime(session.starts_at).strftime("%Y-%m-%d %H:%M") == f"{day} 09:30"
    assert session.agenda_cutoff_at == session.starts_at - timedelta(hours=24)


def test_planning_in_the_past_is_refused_in_dutch(world, coordinator_client, table):
    response = coordinator_client.post(
        reverse("triage:session-create"),
        {"table": table.pk, "date": "2020-01-07", "start_time": "10:00"},
    )
    assert response.status_code == 200
    assert "De datum ligt in het verleden." in response.content.decode()
    assert not TriageSession.objects.exists()


def test_planning_with_bad_input_changes_nothing(world, coordinator_client, table):
    outsider = OrganisationFactory(name="Geen partner")
    response = coordinator_client.post(
        reverse("triage:session-create"),
        {
            "table": table.pk,
            "date": "morgen",
            "start_time": "25:00",
            "organisations": [outsider.pk],
        },
    )
    errors = response.context["form"].errors
    assert set(errors) == {"date", "start_time", "organisations"}
    assert "Kies alleen partnerorganisaties van het huis." in errors["organisations"]
    assert not TriageSession.objects.exists()


def test_with_several_tables_the_coordinator_picks_one_first(world, coordinator_client, table):
    other = TriageTable.objects.create(
        house=world.house, name="Weegtafel vrijdag", weekday=4, start_time="13:00"
    )
    response = coordinator_client.get(reverse("triage:session-create"))
    assert "triage/session_choose_table.html" in [t.name for t in response.templates]
    response = coordinator_client.get(reverse("triage:session-create"), {"tafel": str(other.id)})
    assert response.context["form"].initial["table"] == other.pk
    foreign = TriageTable.objects.create(
        house=world.other_house, name="Elders", weekday=0, start_time="09:00"
    )
    response = coordinator_client.get(reverse("triage:session-create"), {"tafel": str(foreign.id)})
    assert "triage/session_choose_table.html" in [t.name for t in response.templates]


def test_build_agenda_then_close_returns_undecided_referrals_to_the_queue(
    world, coordinator, coordinator_client, session
):
    referral = refer(world)
    page = reverse("triage:session", kwargs={"session_id": session.id})
    response = coordinator_client.post(
        reverse("triage:agenda-build", kwargs={"session_id": session.id})
    )
    assert response.status_code == 302 and response["Location"] == page
    agenda = coordinator_client.get(page).context["agenda"]
    assert [row.referral_id for row in agenda] == [referral.id]
    assert agenda[0].persons == ["Piet Jansen"]

    close = reverse("triage:session-close", kwargs={"session_id": session.id})
    assert coordinator_client.post(close).status_code == 200  # no confirm: only the question
    session.refresh_from_db()
    assert session.status == SessionStatus.PLANNED
    coordinator_client.post(close, {"confirm": "yes"})
    session.refresh_from_db()
    referral.refresh_from_db()
    assert session.status == SessionStatus.CLOSED
    assert referral.status == ReferralStatus.RECEIVED
    # A later session picks it up again.
    later = triage_session_create(
        actor=actor_of(coordinator, world.house),
        table=session.table,
        starts_at=timezone.now() + timedelta(days=9),
    )
    assert agenda_build(actor=actor_of(coordinator, world.house), session=later) == 1


def test_participants_see_the_open_agenda_but_not_after_closing(
    world, client_for, coordinator, coordinator_client, session
):
    referral = on_agenda(world, coordinator, session)
    page = reverse("triage:session", kwargs={"session_id": session.id})
    by_organisation = client_for(world.user(Role.PARTNER_PROFESSIONAL))  # own org takes part
    invited = UserFactory(organisation=world.other_org)
    MembershipFactory(user=invited, house=world.house, role=Role.PARTNER_PROFESSIONAL)
    session.participant_users.add(invited)
    by_name = client_for(invited)
    outsider = client_for(world.user(Role.PARTNER_PROFESSIONAL, org="other"))
    assert outsider.get(page).status_code == 404

    for client in (by_organisation, by_name):
        response = client.get(page)
        assert response.status_code == 200
        assert [row.referral_id for row in response.context["agenda"]] == [referral.id]
        html = response.content.decode()
        # They read the agenda; only the coordinator decides.
        assert reverse("triage:decide", kwargs={"referral_id": referral.id}) not in html
        assert session in client.get(reverse("triage:sessions")).context["page"].rows

    coordinator_client.post(
        reverse("triage:session-close", kwargs={"session_id": session.id}), {"confirm": "yes"}
    )
    for client in (by_organisation, by_name):
        assert client.get(page).status_code == 404
        assert client.get(reverse("triage:sessions")).context["page"].rows == []
    # House staff still see the closed session.
    assert coordinator_client.get(page).status_code == 200


def test_reading_the_agenda_is_audited_with_the_persons(world, client_for, coordinator, session):
    referral = on_agenda(world, coordinator, session)
    client_for(world.user(Role.PARTNER_PROFESSIONAL)).get(
        reverse("triage:session", kwargs={"session_id": session.id})
    )
    event = AuditEvent.objects.filter(action=Action.LIST, object_type="agenda_item").latest("id")
    assert event.object_id == str(session.id)
    assert event.person_ids == [str(p.id) for p in referral.persons.all()]


def test_changing_participants(world, coordinator_client, session):
    url = reverse("triage:session-participants", kwargs={"session_id": session.id})
    assert coordinator_client.get(url).context["form"].initial["organisations"] == [
        world.own_org.pk
    ]
    response = coordinator_client.post(url, {"organisations": [world.other_org.pk]})
    assert response.status_code == 302
    assert list(session.participant_organisations.all()) == [world.other_org]
    stranger = UserFactory(organisation=world.own_org)
    MembershipFactory(user=stranger, house=world.other_house, role=Role.PARTNER_PROFESSIONAL)
    response = coordinator_client.post(url, {"users": [stranger.pk]})
    assert "Kies alleen gebruikers van het huis." in response.context["form"].errors["users"]


# --- the decision form -----------------------------------------------------------------------


def test_decision_form_prefills_the_derived_answers_with_reasons(
    world, coordinator, coordinator_client, session
):
    LocalCriterion.objects.create(house=world.house, name="Actualiteit", required=True)
    LocalCriterion.objects.create(house=world.house, name="Dreiging", explanation="Gevaar")
    LocalCriterion.objects.create(house=world.house, name="Uit", active=False)
    referral = on_agenda(world, coordinator, session, orientation="person")
    response = coordinator_client.get(decide_url(referral, session))
    assert response.status_code == 200
    form = response.context["form"]
    assert {name: form[name].value() for name in ("c1", "c2", "c3a", "c3b", "c4")} == {
        "c1": True,
        "c2": True,
        "c3a": False,
        "c3b": False,
        "c4": False,
    }
    html = response.content.decode()
    assert "2 leefgebied(en) met problemen; gedrag: ja" in html
    assert "2 keten(s) betrokken of nodig" in html
    # C1 and C2 without C3: not complex, and the page says so without any script.
    assert form.rule_outcome is False
    assert 'id="rule-outcome"' in html and "geen complexe casus" in html
    assert "Actualiteit" in html and "verplicht" in html and "Dreiging" in html
    assert ">Uit<" not in html
    assert 'src="/static/triage/decision.js"' in html
    assert "<script>" not in html and "style=" not in html
    assert referral.reason in html


def test_relations_and_network_domains_are_a_hint_beside_c3a_not_a_tick(
    world, coordinator, coordinator_client, session
):
    referral = on_agenda(
        world,
        coordinator,
        session,
        orientation="person",
        life_domains=["domestic_relations", "social_network", "housing"],
    )
    response = coordinator_client.get(decide_url(referral, session))
    form = response.context["form"]
    assert form["c3a"].value() is False
    html = response.content.decode()
    assert "melder geeft geen gevolgen voor het systeem aan" in html
    assert (
        'id="id_c3a-clue">Let op: Leefgebieden in de aanmelding: huiselijke relaties, '
        "sociaal netwerk." in html
    )
    assert 'aria-describedby="id_c3a_helptext id_c3a-derived id_c3a-clue"' in html
    assert 'aria-describedby="id_c1_helptext id_c1-derived"' in html
    assert "id_c1-clue" not in html


def test_the_referrers_statement_of_system_impact_suggests_c3a(
    world, coordinator, coordinator_client, session
):
    referral = on_agenda(world, coordinator, session, orientation="person", system_impact=True)
    response = coordinator_client.get(decide_url(referral, session))
    assert response.context["form"]["c3a"].value() is True
    html = response.content.decode()
    assert "melder geeft aan dat de problemen het systeem of de directe omgeving raken" in html
    assert "id_c3a-clue" not in html  # no relations or network domains: no hint
    assert "<dt>Gevolgen voor het systeem</dt><dd>ja, volgens de melder</dd>" in html


def test_missing_motivation_and_advice_are_named_and_nothing_is_stored(
    world, coordinator, coordinator_client, session
):
    referral = on_agenda(world, coordinator, session)
    response = coordinator_client.post(
        decide_url(referral, session),
        decision_post(decision="not_accepted", departure_confirmed="on"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["motivation"] == ["Een motivering is verplicht."]
    assert errors["advice"] == ["Geef de melder advies: wat te doen en wie te betrekken."]
    assert "Er is een probleem" in response.content.decode()
    assert not Assessment.objects.exists()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ON_AGENDA


@pytest.mark.parametrize(
    ("decision", "field", "message"),
    [
        ("referred_elsewhere", "referred_to", "Kies naar welke tafel wordt doorverwezen."),
        ("more_information", "questions", "Schrijf op welke informatie de melder moet aanvullen."),
        ("bogus", "decision", "Kies een van de genoemde besluiten."),
    ],
)
def test_each_decision_asks_for_its_own_field(
    world, coordinator, coordinator_client, session, decision, field, message
):
    referral = on_agenda(world, coordinator, session)
    response = coordinator_client.post(
        decide_url(referral, session),
        decision_post(decision=decision, motivation="Zie verslag", departure_confirmed="on"),
    )
    assert message in response.context["form"].errors[field]
    assert not Assessment.objects.exists()


def test_accepting_in_a_session(
    world, coordinator, coordinator_client, session, django_capture_on_commit_callbacks
):
    referral = on_agenda(world, coordinator, session)
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            decide_url(referral, session),
            decision_post(decision="accepted", motivation="Voldoet aan de criteria"),
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("triage:session", kwargs={"session_id": session.id})
    assessment = Assessment.objects.get(referral=referral)
    assert assessment.session_id == session.id
    assert (assessment.c1, assessment.c2, assessment.c3a, assessment.c3b, assessment.c4) == (
        True,
        True,
        True,
        False,
        False,
    )
    assert assessment.rule_outcome is True and assessment.departs_from_rule is False
    assert Case.objects.filter(origin_referral=referral).exists()
    assert len(mail.outbox) == 1
    agenda = coordinator_client.get(response["Location"]).context["agenda"]
    assert agenda[0].decision == "accepted"


def test_a_departing_decision_is_warned_about_then_marked(
    world, coordinator, coordinator_client, session
):
    referral = on_agenda(world, coordinator, session)
    not_complex = decision_post(decision="accepted", motivation="Burgemeester vraagt regie")
    del not_complex["c3a"]  # C1 and C2 without C3: the rule says "not complex"
    response = coordinator_client.post(decide_url(referral, session), not_complex)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.departs is True
    assert "departure_confirmed" in form.errors
    html = response.content.decode()
    assert "Dit besluit wijkt af van de uitkomst van de regel." in html
    assert 'id="departure-warning" class="triage-warning" aria-live="polite" hidden' not in html
    assert not Assessment.objects.exists()

    response = coordinator_client.post(
        decide_url(referral, session), {**not_complex, "departure_confirmed": "on"}, follow=True
    )
    assessment = Assessment.objects.get(referral=referral)
    assert assessment.departs_from_rule is True and assessment.rule_outcome is False
    assert "gemarkeerd als afwijking van de regel" in response.content.decode()
    agenda = response.context["agenda"]
    assert agenda[0].departs_from_rule is True
    assert "wijkt af van de regel" in response.content.decode()


def test_the_warning_is_hidden_when_the_decision_follows_the_rule(
    world, coordinator, coordinator_client, session
):
    referral = on_agenda(world, coordinator, session)
    response = coordinator_client.post(
        decide_url(referral, session), decision_post(decision="accepted", motivation="")
    )
    assert response.context["form"].departs is False
    assert 'aria-live="polite" hidden' in response.content.decode()


def test_a_double_submit_creates_one_assessment(world, coordinator, coordinator_client, session):
    referral = on_agenda(world, coordinator, session)
    data = decision_post(
        decision="referred_elsewhere",
        referred_to="veilig_thuis",
        motivation="Huiselijk geweld",
        departure_confirmed="on",
    )
    first = coordinator_client.post(decide_url(referral, session), data)
    second = coordinator_client.post(decide_url(referral, session), data)
    assert first.status_code == 302
    assert second.status_code == 200
    assert "intussen al een besluit vastgelegd" in second.content.decode()
    assert second.context["form"].already_decided is True
    assert Assessment.objects.filter(referral=referral).count() == 1


def test_a_decision_taken_meanwhile_is_refused_by_the_service_too(
    world, coordinator, coordinator_client, session, monkeypatch
):
    """The form's check reads before the service locks the referral; the service checks again."""
    from zvh.triage import services

    referral = on_agenda(world, coordinator, session)
    data = decision_post(decision="accepted", motivation="Voldoet")
    original = services.triage_decide
    calls = []

    def colleague_first(**kwargs):
        calls.append(1)
        original(**kwargs)  # a colleague's decision lands between reading and writing
        return original(**kwargs)

    monkeypatch.setattr(services, "triage_decide", colleague_first)
    response = coordinator_client.post(decide_url(referral, session), data)
    assert calls and response.status_code == 200
    assert "intussen al een besluit vastgelegd" in response.content.decode()
    assert Assessment.objects.filter(referral=referral).count() == 1


def test_reopening_through_the_form(world, coordinator, coordinator_client, session):
    referral = on_agenda(world, coordinator, session)
    coordinator_client.post(
        decide_url(referral, session),
        decision_post(decision="accepted", motivation="Voldoet"),
    )
    first = Assessment.objects.get(referral=referral)

    response = coordinator_client.get(decide_url(referral, session))
    form = response.context["form"]
    assert form.reopening and "reopen_reason" in form.fields
    assert form["based_on"].value() == str(first.id)
    html = response.content.decode()
    assert "Huidig besluit" in html and "Besluit heropenen" in html

    change = decision_post(
        based_on=str(first.id),
        decision="consultation",
        motivation="Eenmalig advies volstaat",
    )
    response = coordinator_client.post(decide_url(referral, session), change)
    assert response.context["form"].errors["reopen_reason"] == [
        "Geef een reden om het besluit te heropenen."
    ]
    response = coordinator_client.post(
        decide_url(referral, session), {**change, "reopen_reason": "Nieuwe feiten van de politie"}
    )
    assert response.status_code == 302
    current = Assessment.objects.get(referral=referral, is_current=True)
    assert current.decision == "consultation"
    assert Assessment.objects.filter(referral=referral).count() == 2
    assert referral.events.filter(kind=EventKind.REOPENED).exists()


def test_acute_path_without_a_session(world, coordinator_client):
    acute = refer(world, urgency=Urgency.ACUTE)
    response = coordinator_client.get(decide_url(acute))
    assert "Acuut pad" in response.content.decode()
    response = coordinator_client.post(
        decide_url(acute), decision_post(decision="accepted", motivation="Acuut gevaar")
    )
    assert response.status_code == 302 and response["Location"] == reverse("triage:dashboard")
    assessment = Assessment.objects.get(referral=acute)
    assert assessment.acute is True and assessment.session_id is None


def test_a_withdrawn_referral_is_not_decided(world, coordinator_client):
    from zvh.intake.services import referral_withdraw

    acute = refer(world, urgency=Urgency.ACUTE)
    referral_withdraw(
        actor=actor_of(world.user(Role.PARTNER_PROFESSIONAL), world.house), referral=acute
    )
    response = coordinator_client.post(
        decide_url(acute), decision_post(decision="accepted", motivation="Acuut gevaar")
    )
    assert response.status_code == 200
    assert "Over deze aanmelding kan niet meer worden besloten: Ingetrokken." in (
        response.context["form"].non_field_errors()
    )
    assert not Assessment.objects.exists()


def test_a_regular_referral_needs_a_session(world, coordinator, coordinator_client, session):
    referral = on_agenda(world, coordinator, session)
    response = coordinator_client.get(decide_url(referral))
    html = response.content.decode()
    assert "Deze aanmelding is niet acuut" in html
    assert f"?sessie={session.id}" in html
    response = coordinator_client.post(
        decide_url(referral), decision_post(decision="accepted", motivation="Voldoet")
    )
    assert (
        "Buiten een sessie kan alleen over een acute aanmelding worden besloten."
        in response.context["form"].non_field_errors()
    )
    assert not Assessment.objects.exists()


def test_a_closed_session_takes_no_decisions(world, coordinator, coordinator_client, session):
    referral = on_agenda(world, coordinator, session)
    coordinator_client.post(
        reverse("triage:session-close", kwargs={"session_id": session.id}), {"confirm": "yes"}
    )
    response = coordinator_client.post(
        decide_url(referral, session), decision_post(decision="accepted", motivation="Voldoet")
    )
    assert response.status_code == 200
    assert "Deze aanmelding staat niet op de agenda van deze sessie." in (
        response.context["form"].non_field_errors()
    )
    assert not Assessment.objects.exists()


def test_a_required_local_criterion_blocks_acceptance(
    world, coordinator, coordinator_client, session
):
    criterion = LocalCriterion.objects.create(house=world.house, name="Actualiteit", required=True)
    referral = on_agenda(world, coordinator, session)
    data = decision_post(decision="accepted", motivation="Voldoet")
    response = coordinator_client.post(decide_url(referral, session), data)
    assert "Niet alle verplichte lokale criteria zijn vervuld." in (
        response.context["form"].non_field_errors()
    )
    response = coordinator_client.post(
        decide_url(referral, session), {**data, f"local_{criterion.id.hex}": "on"}
    )
    assert response.status_code == 302
    assert Assessment.objects.get(referral=referral).local_answers == {str(criterion.id): True}


def test_unknown_or_foreign_ids_are_404(world, coordinator_client, session):
    foreign = make_referral(
        world.user(Role.PARTNER_PROFESSIONAL, house="other"), world.other_house
    ).referral
    assert coordinator_client.get(decide_url(foreign)).status_code == 404
    own = refer(world)
    url = reverse("triage:decide", kwargs={"referral_id": own.id})
    assert coordinator_client.get(url + "?sessie=geen-uuid").status_code == 404
    other_session = TriageSession.objects.create(
        house=world.other_house,
        table=TriageTable.objects.create(
            house=world.other_house, name="Elders", weekday=0, start_time="09:00"
        ),
        starts_at=timezone.now(),
        agenda_cutoff_at=timezone.now(),
    )
    assert coordinator_client.get(decide_url(own, other_session)).status_code == 404
    other_page = reverse("triage:session", kwargs={"session_id": other_session.id})
    assert coordinator_client.get(other_page).status_code == 404


@pytest.mark.parametrize("role", [Role.CHAIN_MANAGER, Role.PARTNER_PROFESSIONAL])
def test_only_the_process_coordinator_decides(world, client_for, session, role):
    referral = refer(world, urgency=Urgency.ACUTE)
    client = client_for(world.user(role))
    assert client.get(decide_url(referral)).status_code == 404
    response = client.post(decide_url(referral), decision_post(decision="accepted", motivation="x"))
    assert response.status_code == 404
    assert not Assessment.objects.exists()


# --- query budgets ---------------------------------------------------------------------------

# About 8 queries are the request itself (session, user, device, memberships, the header's
# organisation, saving the session); the page adds a fixed few and one audit event (5).
DASHBOARD_BUDGET = 20
AGENDA_BUDGET = 20


def _seed(world, start: int, count: int) -> None:
    for index in range(start, start + count):
        acute = index % 5 == 0
        referral = refer(
            world,
            urgency=Urgency.ACUTE if acute else Urgency.REGULAR,
            persons=[
                PersonInput(surname=f"Achternaam{index:03d}"),
                PersonInput(surname=f"Partner{index:03d}"),
            ],
        )
        if acute and index % 10 == 0:
            Referral.objects.filter(pk=referral.pk).update(
                acute_deadline=timezone.now() - timedelta(hours=1)
            )


def _count(client, url) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries), response


def test_dashboard_query_budget_at_10_and_200(
    world, coordinator_client, session, django_assert_max_num_queries
):
    url = reverse("triage:dashboard")
    _seed(world, 0, 10)
    coordinator_client.get(url)  # warm up
    at_ten, response = _count(coordinator_client, url)
    assert len(response.context["dashboard"].awaiting.rows) == 10
    _seed(world, 10, 190)
    with django_assert_max_num_queries(DASHBOARD_BUDGET):
        at_200, response = _count(coordinator_client, url)
    dashboard = response.context["dashboard"]
    assert len(dashboard.awaiting.rows) == 50 and dashboard.awaiting.next_cursor
    assert len(dashboard.acute_overdue) == 20 and len(dashboard.acute_due) == 20
    assert at_200 == at_ten


def test_agenda_query_budget_at_10_and_200(
    world, coordinator, client_for, session, django_assert_max_num_queries
):
    url = reverse("triage:session", kwargs={"session_id": session.id})
    participant = client_for(world.user(Role.PARTNER_PROFESSIONAL))
    _seed(world, 0, 10)
    agenda_build(actor=actor_of(coordinator, world.house), session=session)
    participant.get(url)  # warm up
    at_ten, response = _count(participant, url)
    assert len(response.context["agenda"]) == 10
    _seed(world, 10, 190)
    agenda_build(actor=actor_of(coordinator, world.house), session=session)
    with django_assert_max_num_queries(AGENDA_BUDGET):
        at_200, response = _count(participant, url)
    agenda = response.context["agenda"]
    assert len(agenda) == 200
    assert all(len(row.persons) == 2 for row in agenda)
    assert at_200 == at_ten
