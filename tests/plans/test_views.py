"""The plan pages as their users meet them."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from zvh.audit.models import Action, AuditEvent
from zvh.cases.models import CaseParticipant
from zvh.network.models import Role
from zvh.plans import services
from zvh.plans.models import Agreement, AgreementStatus, Plan

from .conftest import make_agreement, make_case, today

GOALS = {"housing": "Een vaste woonplek"}


def _plan_url(case) -> str:
    return reverse("plans:plan", kwargs={"case_id": case.id})


def test_the_plan_page_shows_goals_agreements_and_what_is_overdue(
    world, case, coordinator, professional_user, client_for
):
    services.plan_goal_set(actor=coordinator, case=case, expected_version=1, goals=GOALS)
    late = make_agreement(case, coordinator, professional_user, what="Schuldhulp aanvragen")
    Agreement.objects.filter(pk=late.pk).update(due_date=today() - timedelta(days=2))
    make_agreement(case, coordinator, professional_user, what="Huisbezoek")

    response = client_for(professional_user).get(_plan_url(case))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Een vaste woonplek" in html
    assert "Schuldhulp aanvragen" in html and "Huisbezoek" in html
    assert html.count("Verlopen") == 1
    # The owner's organisation reports; only house staff change the plan.
    assert reverse("plans:agreement-complete", args=[case.id, late.id]) in html
    assert reverse("plans:agreement-edit", args=[case.id, late.id]) not in html
    assert reverse("plans:agreement-create", args=[case.id]) not in html


def test_a_partner_of_a_non_participating_organisation_sees_nothing_of_the_plan(
    world, case, coordinator, professional_user, client_for
):
    services.plan_goal_set(actor=coordinator, case=case, expected_version=1, goals=GOALS)
    agreement = make_agreement(case, coordinator, professional_user, what="Geheim")
    services.plan_set(actor=coordinator, case=case, expected_revision=2)
    outsider = client_for(world.user(Role.PARTNER_PROFESSIONAL, org="other"))
    for url in (
        _plan_url(case),
        reverse("plans:version", args=[case.id, 1]),
        reverse("plans:export", args=[case.id]),
        reverse("plans:agreement-complete", args=[case.id, agreement.id]),
        reverse("plans:agreement-not-delivered", args=[case.id, agreement.id]),
    ):
        response = outsider.get(url)
        assert response.status_code == 404, url
        assert b"Geheim" not in response.content


def test_a_former_participant_loses_the_plan(
    world, case, coordinator, professional_user, client_for
):
    make_agreement(case, coordinator, professional_user)
    client = client_for(professional_user)
    assert client.get(_plan_url(case)).status_code == 200
    CaseParticipant.objects.filter(case=case).update(ended_at=case.opened_at + timedelta(days=1))
    assert client.get(_plan_url(case)).status_code == 404


def test_adding_an_agreement_through_the_page(world, case, professional_user, client_for):
    client = client_for(world.user(Role.PROCESS_COORDINATOR))
    url = reverse("plans:agreement-create", args=[case.id])
    page = client.get(url)
    form_id = page.context["form"].initial["agreement_id"]
    data = {
        "agreement_id": form_id,
        "what": "Huisbezoek",
        "domain": "care",
        "owner": professional_user.pk,
        "due_date": (today() + timedelta(days=5)).isoformat(),
    }
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # a double submit
    assert Agreement.objects.filter(case=case).count() == 1


def test_a_bad_due_date_comes_back_with_a_clear_message(case, professional_user, client_for, world):
    client = client_for(world.user(Role.PROCESS_COORDINATOR))
    response = client.post(
        reverse("plans:agreement-create", args=[case.id]),
        {
            "agreement_id": "6f1f1d2e-7b61-4c55-9d54-0a4c4d1d2b11",
            "what": "Huisbezoek",
            "domain": "care",
            "owner": professional_user.pk,
            "due_date": (today() - timedelta(days=60)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert "vóór de start van de casus" in response.content.decode()
    assert not Agreement.objects.exists()


def test_an_owner_of_another_organisation_offers_to_add_it(world, case, client_for):
    client = client_for(world.user(Role.PROCESS_COORDINATOR))
    url = reverse("plans:agreement-create", args=[case.id])
    data = {
        "agreement_id": "0b5c1a44-9b0e-4a8c-8d7e-5d0cb3f0e4a1",
        "what": "Schuldhulp",
        "domain": "social",
        "owner": world.user(Role.PARTNER_PROFESSIONAL, org="other").pk,
        "due_date": (today() + timedelta(days=5)).isoformat(),
    }
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "neemt niet deel aan de casus" in html
    assert 'name="add_participant"' in html and 'name="participant_reason"' in html
    assert not Agreement.objects.exists()

    response = client.post(url, {**data, "add_participant": "on"})
    assert response.status_code == 400  # the reason is required
    assert not CaseParticipant.objects.filter(case=case, organisation=world.other_org).exists()

    response = client.post(url, {**data, "add_participant": "on", "participant_reason": "Schulden"})
    assert response.status_code == 302
    assert CaseParticipant.objects.filter(case=case, organisation=world.other_org).exists()
    assert Agreement.objects.get().owner_organisation == world.other_org


def test_a_conflicting_edit_shows_the_input_again_with_the_message(
    world, case, coordinator, professional_user, client_for
):
    agreement = make_agreement(case, coordinator, professional_user)
    services.agreement_update(
        actor=coordinator,
        agreement=agreement,
        expected_version=1,
        data=services.AgreementInput(
            what="Door een ander gewijzigd",
            domain="care",
            owner=professional_user,
            due_date=agreement.due_date,
        ),
    )
    client = client_for(world.user(Role.CHAIN_MANAGER))
    response = client.post(
        reverse("plans:agreement-edit", args=[case.id, agreement.id]),
        {
            "version": 1,
            "what": "Mijn eigen tekst",
            "domain": "care",
            "owner": professional_user.pk,
            "due_date": agreement.due_date.isoformat(),
        },
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "Iemand anders heeft deze gegevens gewijzigd" in html
    assert "Mijn eigen tekst" in html  # the user's input, kept
    assert "Door een ander gewijzigd" in html  # beside what is stored now
    assert response.context["form"]["version"].value() == "2"
    agreement.refresh_from_db()
    assert agreement.what == "Door een ander gewijzigd"


def test_reporting_an_agreement_done_through_the_page(
    case, coordinator, professional_user, client_for
):
    agreement = make_agreement(case, coordinator, professional_user)
    client = client_for(professional_user)
    url = reverse("plans:agreement-complete", args=[case.id, agreement.id])
    response = client.post(url, {"version": 1, "note": ""})
    assert response.status_code == 400
    assert "Beschrijf kort wat er is gedaan." in response.content.decode()
    assert client.post(url, {"version": 1, "note": "Gedaan"}).status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DONE


def test_goals_and_setting_the_plan_through_the_pages(world, case, professional_user, client_for):
    client = client_for(world.user(Role.PROCESS_COORDINATOR))
    response = client.post(
        reverse("plans:goals", args=[case.id]), {"version": 1, "housing": "Een woning"}
    )
    assert response.status_code == 302
    page = client.get(reverse("plans:set", args=[case.id]))
    assert page.status_code == 200
    assert client.post(reverse("plans:set", args=[case.id]), {"revision": 1}).status_code == 302
    plan = Plan.objects.get(case=case)
    assert plan.is_set and plan.set_revision == 2
    # A stale confirmation is refused with a message.
    client.post(reverse("plans:goals", args=[case.id]), {"version": plan.version, "housing": "X"})
    response = client.post(reverse("plans:set", args=[case.id]), {"revision": 2})
    assert response.status_code == 409
    assert "Het plan is gewijzigd nadat u deze pagina opende" in response.content.decode()


def test_the_set_plan_is_exported_as_pdf_and_the_export_is_audited(
    world, case, coordinator, professional_user, client_for
):
    client = client_for(professional_user)
    url = reverse("plans:export", args=[case.id])
    assert client.get(url).status_code == 302  # nothing set yet
    services.plan_goal_set(actor=coordinator, case=case, expected_version=1, goals=GOALS)
    make_agreement(case, coordinator, professional_user)
    services.plan_set(actor=coordinator, case=case, expected_revision=2)
    # A later draft does not change what is shared.
    make_agreement(case, coordinator, professional_user, what="Nog niet vastgesteld")

    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    event = AuditEvent.objects.get(action=Action.EXPORT, object_type="plan")
    assert event.object_id == str(case.id) and event.user_id == professional_user.pk
    assert event.detail == {"format": "pdf", "revision": 3}
    assert len(event.person_ids) == 1


def test_an_old_version_shows_what_the_plan_said_then(world, case, coordinator, client_for):
    services.plan_goal_set(actor=coordinator, case=case, expected_version=1, goals=GOALS)
    services.plan_goal_set(
        actor=coordinator, case=case, expected_version=2, goals={"housing": "Nieuw doel"}
    )
    client = client_for(world.user(Role.CHAIN_MANAGER))
    html = client.get(reverse("plans:version", args=[case.id, 1])).content.decode()
    assert "Een vaste woonplek" in html and "Nieuw doel" not in html
    assert reverse("plans:version", args=[case.id, 2]) in html  # the next version
    assert client.get(reverse("plans:version", args=[case.id, 9])).status_code == 404


def test_a_plan_of_another_house_is_not_found(world, client_for):
    other = make_case(world, house=world.other_house, process_coordinator=None)
    client = client_for(world.user(Role.PROCESS_COORDINATOR))
    assert client.get(_plan_url(other)).status_code == 404
    denial = AuditEvent.objects.filter(object_type="plan", object_id=str(other.id)).get()
    assert denial.result == "denied"
