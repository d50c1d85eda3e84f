"""The case pages as house staff and participants use them: list, case page with journal,
notes, and the acts on a case, including a conflicting concurrent edit."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from tests.factories.sharing import legal_basis_for
from zvh.cases.journal import JournalKind
from zvh.cases.models import Case, CaseStatus
from zvh.core.concurrency import STALE_MESSAGE
from zvh.network.models import Role

from .conftest import join


def url(name: str, case: Case, **kwargs) -> str:
    return reverse(f"cases:{name}", kwargs={"case_id": case.id, **kwargs})


def test_the_nav_shows_cases_to_house_staff_and_professionals_only(world, client_for):
    for role, shown in (
        (Role.PROCESS_COORDINATOR, True),
        (Role.CHAIN_MANAGER, True),
        (Role.PARTNER_PROFESSIONAL, True),
        (Role.FUNCTIONAL_ADMIN, False),
        (Role.PRIVACY_OFFICER, False),
    ):
        page = client_for(world.user(role)).get(reverse("web:home")).content.decode()
        assert (f'href="{reverse("cases:list")}"' in page) is shown, role


def test_the_list_shows_open_cases_with_their_persons(world, case, coordinator, client_for):
    client = client_for(world.user(Role.CHAIN_MANAGER))
    response = client.get(reverse("cases:list"))
    assert [row.id for row in response.context["page"].rows] == [case.id]
    html = response.content.decode()
    assert case.number in html and "Piet Jansen" in html
    case.refresh_from_db()
    from zvh.cases.services import Closure, case_close

    case_close(
        actor=coordinator,
        case=case,
        expected_version=case.version,
        closure=Closure(reason="goals_achieved"),
    )
    assert client.get(reverse("cases:list")).context["page"].rows == []
    closed = client.get(reverse("cases:list"), {"status": "closed"}).context["page"].rows
    assert [row.id for row in closed] == [case.id]
    # An unknown filter is refused with a Dutch message, and shows nothing (decision 0180).
    refused = client.get(reverse("cases:list"), {"status": "x"})
    assert refused.status_code == 400 and refused.context["page"] is None
    assert "Kies een status uit de lijst." in refused.content.decode()


def test_the_case_page_shows_everything_a_participant_needs(world, case, coordinator, client_for):
    join(case, coordinator, world.own_org)
    professional = client_for(world.user(Role.PARTNER_PROFESSIONAL))
    response = professional.post(
        url("note-add", case),
        {
            "item_id": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
            "contact_date": timezone.localdate().isoformat(),
            "text": "Huisbezoek: situatie rustig",
            "category": "general",
            "legal_basis": legal_basis_for(world.house).id,
            "purpose": "coordination",
        },
    )
    assert response.status_code == 302
    html = professional.get(url("detail", case)).content.decode()
    for expected in (
        case.number,
        "Piet Jansen",
        "Geaccepteerd",
        "Eigen organisatie",  # participant and the note's organisation
        "Kent de betrokkene",  # the reason it was added
        "Huisbezoek: situatie rustig",
        "Triagebesluit",
        "Casus geopend",
        case.origin_referral.number,
    ):
        assert expected in html, expected
    # The professional referred the case: their own referral is linked (decision 0178).
    referral_link = reverse("intake:detail", kwargs={"referral_id": case.origin_referral_id})
    assert f'href="{referral_link}"' in html
    assert "Status wijzigen" not in html  # no management actions for a participant
    staff_html = client_for(world.user(Role.PROCESS_COORDINATOR)).get(url("detail", case))
    assert "Status wijzigen" in staff_html.content.decode()
    assert f'href="{referral_link}"' in staff_html.content.decode()


def test_the_status_page_offers_the_next_steps_only(world, case, client_for):
    client = client_for(world.user(Role.PROCESS_COORDINATOR))
    form = client.get(url("status", case)).context["form"]
    assert [value for value, _ in form.fields["to_status"].choices] == ["plan_in_preparation"]
    response = client.post(
        url("status", case), {"version": 1, "to_status": "in_execution", "note": ""}
    )
    assert response.status_code == 200
    assert Case.objects.get(pk=case.pk).status == CaseStatus.ACCEPTED
    response = client.post(
        url("status", case), {"version": 1, "to_status": "plan_in_preparation", "note": "Start"}
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).status == CaseStatus.PLAN_IN_PREPARATION


def test_a_conflicting_edit_is_refused_clearly_and_keeps_the_input(world, case, client_for):
    """Two coordinators open the justice-response form; the first saves, the second is told
    and sees both their own text and what is stored now."""
    first = client_for(world.user(Role.PROCESS_COORDINATOR))
    second = client_for(world.user(Role.CHAIN_MANAGER))
    version = first.get(url("justice-response", case)).context["form"].initial["version"]
    assert second.get(url("justice-response", case)).context["form"].initial["version"] == version
    saved = first.post(
        url("justice-response", case),
        {"version": version, "requested_justice_response": "Voorwaardelijke straf"},
    )
    assert saved.status_code == 302
    response = second.post(
        url("justice-response", case),
        {"version": version, "requested_justice_response": "Meldplicht en contactverbod"},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert str(STALE_MESSAGE) in html
    assert "Meldplicht en contactverbod" in html  # the second user's input, kept in the form
    assert "Voorwaardelijke straf" in html  # and what is stored now
    assert Case.objects.get(pk=case.pk).requested_justice_response == "Voorwaardelijke straf"
    # Saving again from the refreshed form is a deliberate overwrite.
    form = response.context["form"]
    again = second.post(
        url("justice-response", case),
        {"version": form.data["version"], "requested_justice_response": "Meldplicht"},
    )
    assert again.status_code == 302
    assert Case.objects.get(pk=case.pk).requested_justice_response == "Meldplicht"


def test_adding_and_ending_a_participation_through_the_pages(world, case, client_for):
    client = client_for(world.user(Role.PROCESS_COORDINATOR))
    page = client.get(url("detail", case))
    assert world.own_org in page.context["participant_form"].fields["organisation"].queryset
    missing_reason = client.post(
        url("participant-add", case), {"version": 1, "organisation": world.own_org.id}
    )
    assert "Geef de reden om deze organisatie toe te voegen." in missing_reason.content.decode()
    added = client.post(
        url("participant-add", case),
        {"version": 1, "organisation": world.own_org.id, "reason": "Reclassering betrokken"},
    )
    assert added.status_code == 302
    participant = case.participants.get()
    end_url = url("participant-end", case, participant_id=participant.id)
    assert "Eigen organisatie" in client.get(end_url).content.decode()
    ended = client.post(end_url, {"version": 2, "reason": "Toezicht afgelopen"})
    assert ended.status_code == 302
    participant.refresh_from_db()
    assert participant.end_reason == "Toezicht afgelopen"
    # Posting the same form again: the page says it changed meanwhile, nothing happens.
    assert client.post(end_url, {"version": 2, "reason": "Nog eens"}).status_code == 409


def test_a_participation_of_another_case_is_not_found(world, case, coordinator, client_for):
    from .conftest import accepted_case

    other = accepted_case(world, coordinator)
    join(other, coordinator, world.own_org)
    participant = other.participants.get()
    client = client_for(world.user(Role.PROCESS_COORDINATOR))
    response = client.get(url("participant-end", case, participant_id=participant.id))
    assert response.status_code == 404


def test_roles_details_close_and_reopen_through_the_pages(
    world, case, second_coordinator, client_for
):
    from zvh.cases.services import themes_seed_defaults

    themes_seed_defaults(house=world.house)
    client = client_for(world.user(Role.PROCESS_COORDINATOR))
    assert (
        client.post(
            url("roles", case), {"version": 1, "process_coordinator": second_coordinator.pk}
        ).status_code
        == 302
    )
    youth = case.house.themes.get(code="youth")
    details = client.get(url("details", case))
    assert youth in details.context["form"].fields["themes"].queryset
    past = client.post(
        url("details", case),
        {
            "version": 2,
            "case_type": "person",
            "themes": [youth.pk],
            "next_review_date": "2000-01-01",
        },
    )
    assert "De volgende evaluatie kan niet in het verleden liggen." in past.content.decode()
    assert (
        client.post(
            url("details", case), {"version": 2, "case_type": "person", "themes": [youth.pk]}
        ).status_code
        == 302
    )
    assert list(Case.objects.get(pk=case.pk).themes.all()) == [youth]
    refused = client.post(url("close", case), {"version": 3, "reason": "stepped_down"})
    # Step-down brings its checklist and receiving party (the one closing form, 0178).
    assert "Kies de organisatie die de zorg overneemt." in refused.content.decode()
    assert (
        client.post(
            url("close", case), {"version": 3, "reason": "moved_or_deceased", "note": "Verhuisd"}
        ).status_code
        == 302
    )
    # A closed case offers reopening only; the other acts send the user back to the case.
    assert client.get(url("status", case)).status_code == 302
    assert client.post(url("reopen", case), {"version": 4, "reason": "Terug"}).status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.ACCEPTED
    kinds = set(case.journal.values_list("kind", flat=True))
    assert {JournalKind.ROLE_ASSIGNED, JournalKind.DETAILS_CHANGED, JournalKind.CLOSED} <= kinds


def test_the_journal_pages_back_in_time(world, case, coordinator, client_for):
    from zvh.cases.journal import journal_record

    for n in range(60):
        journal_record(case=case, kind=JournalKind.NOTE, actor=coordinator, text=f"regel {n}")
    client = client_for(world.user(Role.PROCESS_COORDINATOR))
    first = client.get(url("detail", case)).context["journal"]
    assert len(first.rows) == 50 and first.next_cursor
    second = client.get(url("detail", case), {"na": first.next_cursor}).context["journal"]
    assert len(second.rows) == 62 - 50  # the decision and the opening are the oldest
    assert second.rows[-1].kind == JournalKind.TRIAGE_DECISION


def test_a_service_error_never_becomes_a_server_error(world, case, client_for):
    client = client_for(world.user(Role.PROCESS_COORDINATOR))
    for name, data in (
        ("status", {"version": "x"}),
        ("roles", {"version": 1, "process_coordinator": "999999"}),
        ("close", {"version": 1, "reason": "nonsense"}),
        ("participant-add", {"version": 1, "organisation": "not-a-uuid", "reason": "x"}),
        ("details", {"version": 1, "case_type": "galaxy"}),
    ):
        response = client.post(url(name, case), data)
        assert response.status_code == 200, name
    assert Case.objects.get(pk=case.pk).version == 1
