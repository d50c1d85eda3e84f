"""The conference pages as people use them: the main path of a non-covenant attendee who must
accept the declaration first, what a target-group attendee may and may not see, planning with
bad input, invitations from the page, minutes and decisions, and the page's query budget."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories.network import MembershipFactory, UserFactory
from zvh.audit.models import AuditEvent, Result
from zvh.conferences import services
from zvh.conferences.models import (
    Conference,
    ConferenceDecision,
    ConferenceKind,
    DeclarationAcceptance,
)
from zvh.network.models import Role
from zvh.plans.models import Agreement

from .conftest import DECLARATION_TEXT, begin, make_case, schedule


def url(name: str, conference: Conference, **kwargs) -> str:
    return reverse(f"conferences:{name}", kwargs={"conference_id": conference.id, **kwargs})


def test_the_nav_shows_conferences_and_covenants_to_whom_they_concern(world, client_for):
    for role, conferences, covenants in (
        (Role.PROCESS_COORDINATOR, True, False),
        (Role.CHAIN_MANAGER, True, True),
        (Role.PARTNER_PROFESSIONAL, True, False),
        (Role.FUNCTIONAL_ADMIN, False, False),
    ):
        page = client_for(world.user(role)).get(reverse("web:home")).content.decode()
        assert (f'href="{reverse("conferences:list")}"' in page) is conferences, role
        assert (f'href="{reverse("covenants:list")}"' in page) is covenants, role


def test_main_path_a_non_covenant_attendee_signs_before_seeing_the_case(
    world,
    client_for,
    case_conference,
    case_a,
    declaration,
    outsider,
    django_capture_on_commit_callbacks,
):
    coordinator = client_for(world.user(Role.PROCESS_COORDINATOR))
    page = coordinator.get(url("detail", case_conference)).content.decode()
    assert "Jansen" in page and "Nog niet geaccepteerd" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(url("send", case_conference))
    assert response.status_code == 302
    (invitation,) = mail.outbox
    assert invitation.to == [outsider.email]
    assert url("detail", case_conference) in invitation.body

    attendee = client_for(outsider)
    response = attendee.get(url("detail", case_conference))
    html = response.content.decode()
    assert response.status_code == 200
    assert DECLARATION_TEXT in html
    # Nothing of the case before the declaration is accepted: no number, name or minutes.
    for secret in (case_a.number, "Jansen", "Kim"):
        assert secret not in html
    denied = AuditEvent.objects.filter(
        object_type="conference", object_id=str(case_conference.id), user_id=outsider.pk
    ).latest("id")
    assert denied.detail["declaration_pending"] is True and denied.person_ids == []

    # Without ticking the box nothing is recorded.
    response = attendee.post(url("accept", case_conference), {"declaration_id": declaration.pk})
    assert response.status_code == 400
    assert "Bevestig" in response.content.decode()
    assert not DeclarationAcceptance.objects.exists()

    response = attendee.post(
        url("accept", case_conference), {"declaration_id": declaration.pk, "agree": "on"}
    )
    assert response.status_code == 302
    acceptance = DeclarationAcceptance.objects.get(user=outsider, conference=case_conference)
    assert acceptance.declaration.version == 1

    html = attendee.get(url("detail", case_conference)).content.decode()
    assert case_a.number in html and "Jansen" in html
    event = AuditEvent.objects.filter(
        object_type="conference", object_id=str(case_conference.id), user_id=outsider.pk
    ).latest("id")
    assert event.person_ids == [str(case_a.case_persons.get().person_id)]
    # The coordinator sees the acceptance with its version.
    page = coordinator.get(url("detail", case_conference)).content.decode()
    assert "versie 1" in page


def test_a_target_group_attendee_sees_only_the_cases_of_their_organisation(
    world, client_for, target_conference, case_a, case_b, declaration, outsider
):
    attendee = client_for(outsider)
    attendee.post(
        url("accept", target_conference), {"declaration_id": declaration.pk, "agree": "1"}
    )
    html = attendee.get(url("detail", target_conference)).content.decode()
    assert case_a.number in html and "Jansen" in html
    # Case B is absent: not its number, not its person, not even a count of hidden items.
    assert case_b.number not in html and "Visser" not in html
    response = attendee.get(url("detail", target_conference))
    assert [item.case_id for item in response.context["page"].items] == [case_a.id]
    assert html.count('<section class="form-section"') == 1
    # Nor can the attendee open it through any other door.
    assert attendee.get(reverse("cases:detail", kwargs={"case_id": case_b.id})).status_code == 404
    item_b = target_conference.items.get(case=case_b)
    for name in ("item", "decision-create"):
        assert attendee.get(url(name, target_conference, item_id=item_b.id)).status_code == 404
    # The covenant party's professional sees both cases without any declaration.
    both = client_for(world.user(Role.PARTNER_PROFESSIONAL)).get(url("detail", target_conference))
    assert case_a.number in both.content.decode() and case_b.number in both.content.decode()


def test_someone_not_invited_gets_a_404_and_a_denial_in_the_log(
    world, client_for, target_conference
):
    stranger = world.user(Role.PARTNER_PROFESSIONAL, org="other", house="other")
    assert client_for(stranger).get(url("detail", target_conference)).status_code == 404
    assert AuditEvent.objects.filter(
        user_id=stranger.pk, object_id=str(target_conference.id), result=Result.DENIED
    ).exists()
    assert client_for(stranger).get(reverse("conferences:list")).context["page"].rows == []


def test_the_list_shows_invited_conferences_to_attendees(world, client_for, target_conference):
    rows = client_for(world.user(Role.PARTNER_PROFESSIONAL)).get(reverse("conferences:list"))
    assert [row.id for row in rows.context["page"].rows] == [target_conference.id]
    uninvited = world.user(Role.PARTNER_PROFESSIONAL, org="own")
    target_conference.invitations.filter(user=uninvited).delete()
    assert client_for(uninvited).get(reverse("conferences:list")).context["page"].rows == []


def test_planning_a_conference_in_the_past_is_refused_with_a_message(world, client_for, case_a):
    client = client_for(world.user(Role.PROCESS_COORDINATOR))
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client.post(
        reverse("conferences:create"),
        {
            "conference_id": uuid.uuid4(),
            "kind": ConferenceKind.CASE,
            "case": case_a.number,
            "date": yesterday.isoformat(),
            "start_time": "10:00",
            "end_time": "09:00",
            "location": "",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "verleden" in html and "plaats of een videoverbinding" in html
    assert not Conference.objects.exists()
    response = client.post(
        reverse("conferences:create"),
        {
            "conference_id": uuid.uuid4(),
            "kind": ConferenceKind.CASE,
            "case": "C-0000-BESTAATNIET",
            "date": "31-02-2026",
            "start_time": "25:00",
            "end_time": "11:00",
            "location": "Zaal",
        },
    )
    assert response.status_code == 400
    assert "geldige datum" in response.content.decode()
    assert "geldige tijd" in response.content.decode()


def test_a_casus_op_maat_is_planned_from_the_case_and_a_follow_up_copies_the_table(
    world, client_for, case_a, theme, own_professional, outsider
):
    client = client_for(world.user(Role.PROCESS_COORDINATOR))
    form = client.get(reverse("conferences:create"), {"casus": case_a.id}).context["form"]
    assert form.initial["case"] == case_a.number and form.initial["kind"] == ConferenceKind.CASE
    day = timezone.localdate() + timedelta(days=7)
    response = client.post(
        reverse("conferences:create"),
        {
            "conference_id": uuid.uuid4(),
            "kind": ConferenceKind.TARGET_GROUP,
            "theme": theme.id,
            "date": day.isoformat(),
            "start_time": "13:00",
            "end_time": "15:00",
            "video_link": "https://meet.example.org/zvh",
        },
    )
    assert response.status_code == 302
    conference = Conference.objects.get()
    assert timezone.localtime(conference.starts_at).hour == 13
    response = client.post(
        url("invitees", conference),
        {"version": conference.version, "invitees": [own_professional.pk, outsider.pk]},
    )
    assert response.status_code == 302
    form = client.get(reverse("conferences:create"), {"vervolg": conference.id}).context["form"]
    assert form.initial["theme"] == theme.id
    assert form.initial["date"] == day + timedelta(weeks=4)
    response = client.post(
        reverse("conferences:create") + f"?vervolg={conference.id}",
        {
            "conference_id": uuid.uuid4(),
            "kind": ConferenceKind.TARGET_GROUP,
            "theme": theme.id,
            "date": (day + timedelta(weeks=4)).isoformat(),
            "start_time": "13:00",
            "end_time": "15:00",
            "video_link": "https://meet.example.org/zvh",
        },
    )
    follow_up = Conference.objects.exclude(pk=conference.pk).get()
    assert set(follow_up.invitations.values_list("user_id", flat=True)) == {
        own_professional.pk,
        outsider.pk,
    }
    assert client.get(reverse("conferences:create"), {"casus": "geen-uuid"}).status_code == 404


def test_the_agenda_page_adds_cases_by_ticking_or_number(
    world, client_for, coordinator, theme, case_a, case_b
):
    conference = services.conference_create(
        actor=coordinator,
        data=services.ConferenceInput(
            kind=ConferenceKind.TARGET_GROUP, schedule=schedule(), theme=theme
        ),
    )
    case_a.themes.add(theme)
    client = client_for(world.user(Role.PROCESS_COORDINATOR))
    form = client.get(url("agenda", conference)).context["form"]
    assert [case.id for case in form.fields["cases"].queryset] == [case_a.id]
    response = client.post(url("agenda", conference), {})
    assert response.status_code == 400 and "ten minste" in response.content.decode()
    response = client.post(url("agenda", conference), {"numbers": "C-ONBEKEND"})
    assert "C-ONBEKEND" in response.content.decode()
    assert not conference.items.exists()
    response = client.post(
        url("agenda", conference), {"cases": [case_a.id], "numbers": case_b.number.lower()}
    )
    assert response.status_code == 302, response.context["form"].errors
    assert conference.items.count() == 2


def test_minutes_and_a_decision_with_an_agreement_from_the_pages(
    world, client_for, target_conference, case_a, outsider
):
    begin(target_conference)
    client = client_for(world.user(Role.PROCESS_COORDINATOR))
    item = target_conference.items.get(case=case_a)
    response = client.post(
        url("item", target_conference, item_id=item.id), {"version": 1, "minutes": "Besproken."}
    )
    assert response.status_code == 302
    stale = client.post(
        url("item", target_conference, item_id=item.id), {"version": 1, "minutes": "Anders"}
    )
    assert stale.status_code == 409 and "Anders" in stale.content.decode()
    decision_url = url("decision-create", target_conference, item_id=item.id)
    decision_id = client.get(decision_url).context["form"].initial["decision_id"]
    incomplete = client.post(
        decision_url, {"decision_id": decision_id, "text": "Besluit", "what": "Intake"}
    )
    assert incomplete.status_code == 400
    assert "Kies de eigenaar" in incomplete.content.decode()
    early = client.post(
        decision_url,
        {
            "decision_id": decision_id,
            "text": "Besluit",
            "what": "Intake",
            "domain": "care",
            "owner": outsider.pk,
            "due_date": "01-01-2000",
        },
    )
    assert early.status_code == 400 and "start van de casus" in early.content.decode()
    due = timezone.localdate() + timedelta(days=10)
    data = {
        "decision_id": decision_id,
        "text": "Intake bij de schuldhulp",
        "what": "Intake plannen",
        "domain": "social",
        "owner": outsider.pk,
        "due_date": due.isoformat(),
    }
    assert client.post(decision_url, data).status_code == 302
    assert client.post(decision_url, data).status_code == 302  # double submit
    assert ConferenceDecision.objects.count() == 1 and Agreement.objects.count() == 1
    html = client.get(url("detail", target_conference)).content.decode()
    assert "Intake bij de schuldhulp" in html and "Intake plannen" in html


def test_an_empty_agenda_sends_no_invitations_and_says_why(
    world, client_for, coordinator, theme, own_professional
):
    conference = services.conference_create(
        actor=coordinator,
        data=services.ConferenceInput(
            kind=ConferenceKind.TARGET_GROUP,
            schedule=schedule(),
            theme=theme,
            invitees=[own_professional],
        ),
    )
    client = client_for(world.user(Role.PROCESS_COORDINATOR))
    response = client.post(url("send", conference), follow=True)
    assert "agenda is leeg" in response.content.decode()
    assert mail.outbox == []


def test_cancel_and_close_need_the_confirm_button(world, client_for, target_conference):
    client = client_for(world.user(Role.PROCESS_COORDINATOR))
    assert client.post(url("cancel", target_conference), {"reason": "x"}).status_code == 200
    target_conference.refresh_from_db()
    assert target_conference.is_planned
    response = client.post(url("close", target_conference), {"confirm": "1"})
    assert response.status_code == 400 and "nog niet begonnen" in response.content.decode()
    response = client.post(url("cancel", target_conference), {"confirm": "1", "reason": ""})
    assert response.status_code == 400
    response = client.post(url("cancel", target_conference), {"confirm": "1", "reason": "Ziek"})
    assert response.status_code == 302
    target_conference.refresh_from_db()
    assert target_conference.status == "cancelled"


def test_the_declaration_page_versions_the_text(world, client_for, declaration):
    client = client_for(world.user(Role.CHAIN_MANAGER))
    form = client.get(reverse("conferences:declarations")).context["form"]
    assert form.initial["text"] == DECLARATION_TEXT
    assert client.post(reverse("conferences:declarations"), {"text": ""}).status_code == 400
    response = client.post(reverse("conferences:declarations"), {"text": "Versie twee"})
    assert response.status_code == 302
    versions = client.get(reverse("conferences:declarations")).context["versions"]
    assert [(v.version, v.active) for v in versions] == [(2, True), (1, False)]


def test_the_conference_page_has_a_fixed_query_budget(
    world, client_for, coordinator, target_conference, django_assert_max_num_queries
):
    """Staff page with 2 items and with 12 items (each with minutes, a decision and persons)
    costs the same number of queries."""
    client = client_for(world.user(Role.CHAIN_MANAGER))
    begin(target_conference)

    def fill() -> None:
        for item in target_conference.items.filter(minutes="").select_related("case", "conference"):
            services.minutes_save(actor=coordinator, item=item, expected_version=1, text="Verslag")
            services.decision_record(
                actor=coordinator, item=item, data=services.DecisionInput(text="Besluit")
            )

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url("detail", target_conference)).status_code == 200
        return len(captured)

    fill()
    small = count()
    cases = [make_case(world, surname=f"Naam{n}", organisations=[world.own_org]) for n in range(10)]
    services.agenda_add(actor=coordinator, conference=target_conference, cases=cases)
    for _n in range(5):
        user = UserFactory(organisation=world.other_org)
        MembershipFactory(user=user, house=world.house, role=Role.PARTNER_PROFESSIONAL)
        target_conference.invitations.create(user=user, organisation=world.other_org)
    fill()
    assert count() == small, small
    with django_assert_max_num_queries(PAGE_BUDGET):
        client.get(url("detail", target_conference))


# Session, user, OTP device, memberships; the conference; covenant parties; invitations with
# users and organisations; acceptances; which invitees are house staff; the items with their
# cases, persons, decisions and agreements (four); whether the house has a declaration (an
# invitee needs one); the audit event (savepoint, chain head, event, person links, head update,
# release); the header's organisation. The session is written at most once a minute
# (decision 0198); the budget keeps room for that write (savepoint, update, release).
PAGE_BUDGET = 24
