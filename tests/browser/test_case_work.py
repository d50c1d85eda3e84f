"""Case work's main path in Chromium, by keyboard only (issue 4, "Tests"): a conference
attendee whose organisation is no covenant party signs the confidentiality declaration before
seeing the case; the process coordinator sets the plan and exports it; an overdue agreement
brings its owner a reminder; the mayor answers an escalation; a review; two step-downs, one with
every criterion met and one by a documented exception; a transfer between the two houses.

The data is made through the real services (a referral accepted at triage opens each case).
Every page passes axe-core and the CSP (see conftest.py). Each test is one sequence of actors;
nobody logs in twice within one test, because a TOTP code cannot be used twice.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import login_2fa
from tests.cases.conftest import accepted_case, join
from tests.conferences.conftest import schedule
from tests.factories.intake import actor_of
from zvh.audit.models import Action, AuditEvent
from zvh.cases.models import (
    Case,
    CaseReview,
    CaseStatus,
    CaseTransfer,
    ClosureReason,
    EscalationStatus,
    StepDownCheck,
    TransferStatus,
)
from zvh.cases.services import case_change_status
from zvh.conferences.models import ConferenceKind, DeclarationAcceptance
from zvh.conferences.services import ConferenceInput, conference_create, declaration_create
from zvh.covenants.models import CovenantKind, CovenantStatus
from zvh.covenants.services import CovenantInput, covenant_create
from zvh.escalation.services import EscalationInput, escalation_propose, escalation_raise
from zvh.intake.services import PersonInput
from zvh.network.models import Role
from zvh.plans import services as plans
from zvh.plans.models import Agreement, AgreementReminder, Plan, ReminderKind
from zvh.stepdown.services import step_down_criteria, step_down_criteria_seed_defaults

# Tab stops: the navigation, the case's summary and the long forms lie before the fields.
FAR = 150
DECLARATION = "Ik houd geheim wat ik in dit overleg over betrokkenen hoor."
UNMET_MESSAGE = "Dit criterium is niet vervuld: leg de uitzondering vast."
STEPPED_DOWN_INDEX = 0  # the first closure reason


def today() -> date:
    return timezone.localdate()


def person(surname: str, given_names: str) -> list[PersonInput]:
    return [PersonInput(surname=surname, given_names=given_names, date_of_birth=date(1985, 5, 5))]


def agreement_for(case: Case, coordinator, owner, what: str) -> Agreement:
    return plans.agreement_create(
        actor=coordinator,
        case=case,
        data=plans.AgreementInput(
            what=what, domain="social", owner=owner, due_date=today() + timedelta(days=7)
        ),
    )


def propose_step_down(case: Case, coordinator) -> None:
    """Accepted → plan in preparation → in execution → step-down proposed, as the
    coordinator does from the status page."""
    for status in (
        CaseStatus.PLAN_IN_PREPARATION,
        CaseStatus.IN_EXECUTION,
        CaseStatus.STEP_DOWN_PROPOSED,
    ):
        case.refresh_from_db()
        case_change_status(
            actor=coordinator, case=case, expected_version=case.version, to_status=status
        )
    case.refresh_from_db()


def test_an_outsider_signs_first_then_the_plan_is_set_exported_and_chased(browser_page, world):
    chain_manager = actor_of(world.user(Role.CHAIN_MANAGER), world.house)
    coordinator_user = world.user(Role.PROCESS_COORDINATOR)
    coordinator = actor_of(coordinator_user, world.house)
    owner = world.user(Role.PARTNER_PROFESSIONAL)
    outsider = world.user(Role.PARTNER_PROFESSIONAL, org="other")
    # The own organisation signed the privacy covenant; the other organisation did not.
    covenant_create(
        actor=chain_manager,
        data=CovenantInput(
            kind=CovenantKind.PRIVACY,
            title="Privacyconvenant ZVH",
            status=CovenantStatus.SIGNED,
            document_version="3.0",
            signed_on=today() - timedelta(days=100),
            parties=[world.own_org],
        ),
    )
    declaration = declaration_create(actor=chain_manager, text=DECLARATION)
    case = accepted_case(world, coordinator, persons=person("Visser", "Kim"))
    join(case, coordinator, world.own_org)
    join(case, coordinator, world.other_org)
    plans.plan_goal_set(
        actor=coordinator, case=case, expected_version=1, goals={"housing": "Een eigen woning"}
    )
    agreement = agreement_for(case, coordinator, owner, "Urgentieverklaring aanvragen")
    conference = conference_create(
        actor=coordinator,
        data=ConferenceInput(
            kind=ConferenceKind.CASE, schedule=schedule(), case=case, invitees=[outsider]
        ),
    )
    conference_url = reverse("conferences:detail", kwargs={"conference_id": conference.id})
    page = browser_page.page
    keyboard = page.keyboard

    # 1. The outsider opens the conference: the declaration, and nothing of the case.
    browser_page.login(outsider)
    browser_page.visit(conference_url)
    html = page.content()
    assert DECLARATION in html
    assert case.number not in html and "Visser" not in html
    browser_page.tab_to("id_agree", limit=FAR)
    keyboard.press("Space")
    browser_page.tab_to("Verklaring accepteren", limit=FAR)
    browser_page.press_and_check("Enter")
    acceptance = DeclarationAcceptance.objects.get(user=outsider, conference=conference)
    assert acceptance.declaration == declaration
    assert page.url == browser_page.url(conference_url)
    agenda = page.locator("section.form-section").inner_text()
    assert case.number in agenda and "Visser" in agenda

    # 2. The process coordinator sets the plan and exports it as a PDF.
    page.context.clear_cookies()
    browser_page.login(coordinator_user)
    browser_page.visit(reverse("plans:plan", args=[case.id]))
    browser_page.tab_to("Plan vaststellen", limit=FAR)
    browser_page.press_and_check("Enter")
    assert page.url == browser_page.url(reverse("plans:set", args=[case.id]))
    assert Plan.objects.get(case=case).is_set is False  # a confirmation page first
    browser_page.tab_to("Plan vaststellen", limit=FAR)
    browser_page.press_and_check("Enter")
    plan = Plan.objects.get(case=case)
    assert plan.is_set and plan.set_by == coordinator_user
    assert plan.set_revision == plan.revision
    # Setting the plan started its execution, in the coordinator's name (decision 0178).
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_EXECUTION
    started = case.status_changes.get(to_status=CaseStatus.IN_EXECUTION)
    assert (started.from_status, started.by) == (CaseStatus.ACCEPTED, coordinator_user)
    assert "In uitvoering" in page.get_by_role("status").inner_text()
    browser_page.tab_to("Vastgesteld plan als PDF", limit=FAR)
    with page.expect_download() as download_info:
        keyboard.press("Enter")
    download = download_info.value
    assert download.suggested_filename == f"plan-van-aanpak-{case.number}.pdf"
    assert Path(download.path()).read_bytes().startswith(b"%PDF")
    export = AuditEvent.objects.get(action=Action.EXPORT, object_type="plan")
    assert (export.object_id, export.user_id) == (str(case.id), coordinator_user.pk)
    assert export.detail == {"format": "pdf", "revision": plan.set_revision}

    # 3. The agreement's due date passes; the daily job reminds its owner, once.
    Agreement.objects.filter(pk=agreement.pk).update(due_date=today() - timedelta(days=2))
    mail.outbox.clear()
    call_command("send_reminders", stdout=io.StringIO())
    (reminder,) = [message for message in mail.outbox if message.to == [owner.email]]
    assert case.number in reminder.body and "verlopen" in reminder.body
    assert "Visser" not in reminder.subject + reminder.body
    assert AgreementReminder.objects.filter(
        agreement=agreement, kind=ReminderKind.OWNER, overdue=True, day=today()
    ).exists()
    sent = len(mail.outbox)
    call_command("send_reminders", stdout=io.StringIO())
    assert len(mail.outbox) == sent


def test_the_mayor_answers_then_a_review_and_two_step_downs(browser_page, world):
    coordinator_user = world.user(Role.PROCESS_COORDINATOR)
    coordinator = actor_of(coordinator_user, world.house)
    professional_user = world.user(Role.PARTNER_PROFESSIONAL)
    professional = actor_of(professional_user, world.house)
    mayor = world.user(Role.ADMINISTRATOR)
    step_down_criteria_seed_defaults(house=world.house)
    criteria = list(step_down_criteria(world.house.id))
    unmet = next(criterion for criterion in criteria if criterion.code == "goals_or_stable")
    # Jansen's case goes well; Visser's is stuck on an agreement the mayor must unblock.
    settled = accepted_case(world, coordinator, persons=person("Jansen", "Piet"))
    stuck = accepted_case(world, coordinator, persons=person("Visser", "Anna"))
    for case in (settled, stuck):
        join(case, coordinator, world.own_org)
        plans.plan_goal_set(
            actor=coordinator, case=case, expected_version=1, goals={"housing": "Een woning"}
        )
    (goal,) = Plan.objects.get(case=settled).goals.all()
    blocked = agreement_for(stuck, coordinator, professional_user, "Urgentieverklaring aanvragen")
    escalation = escalation_propose(
        actor=professional,
        case=stuck,
        data=EscalationInput(
            reason="partner_not_delivering", explanation="Woning blijft uit", agreement=blocked
        ),
    )
    escalation_raise(actor=coordinator, escalation=escalation, addressee=mayor)
    for case in (settled, stuck):
        propose_step_down(case, coordinator)
    page = browser_page.page
    keyboard = page.keyboard

    # 4. The mayor finds the escalation addressed to them and answers it.
    browser_page.login(mayor)
    browser_page.visit(reverse("cases:escalation-list"))
    browser_page.tab_to(stuck.number, limit=FAR)
    browser_page.press_and_check("Enter")
    html = page.content()
    assert "Visser" in html and "Urgentieverklaring aanvragen" in html
    browser_page.tab_to("id_response", limit=FAR)
    keyboard.type("Woningcorporatie geeft voorrang; woning per 1 juni.")
    browser_page.tab_to("id_resolved_0", limit=FAR)  # Ja, opgelost
    keyboard.press("Space")
    browser_page.tab_to("Reactie vastleggen en afsluiten", limit=FAR)
    browser_page.press_and_check("Enter")
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.RESOLVED
    assert escalation.response == "Woningcorporatie geeft voorrang; woning per 1 juni."
    assert escalation.closed_at is not None

    # 5. The coordinator records a review of Jansen's case: progress and a ZRM score.
    page.context.clear_cookies()
    browser_page.login(coordinator_user)
    browser_page.visit(reverse("cases:review", args=[settled.id]))
    browser_page.tab_to(f"id_progress_{goal.id}", limit=FAR)
    keyboard.type("Woning gevonden, huur betaald.")
    browser_page.tab_to("id_zrm_housing", limit=FAR)
    for _ in range(4):  # Geen score, 1, 2, 3, 4
        keyboard.press("ArrowDown")
    browser_page.tab_to("Evaluatie opslaan", limit=FAR)
    browser_page.press_and_check("Enter")
    review = CaseReview.objects.get(case=settled)
    assert review.author == coordinator_user and review.held_on == today()
    assert review.progress == {str(goal.id): "Woning gevonden, huur betaald."}
    assert review.zrm_scores == {"housing": 4}
    settled.refresh_from_db()
    assert settled.next_review_date == review.next_review_date > today()

    # 6a. Jansen's case steps down with every criterion met: the one closing form, its
    # reason preset to step-down because the step-down was proposed.
    browser_page.visit(reverse("cases:detail", args=[settled.id]))
    browser_page.tab_to("Casus afsluiten", limit=FAR)
    browser_page.press_and_check("Enter")
    assert page.locator(f"#id_reason_{STEPPED_DOWN_INDEX}").is_checked()
    for criterion in criteria:
        browser_page.tab_to(f"id_met_{criterion.id}", limit=FAR)
        keyboard.press("Space")
    browser_page.tab_to("id_receiving_organisation", limit=FAR)
    keyboard.type("Andere")  # type-ahead in the closed list
    browser_page.tab_to("id_receiving_person", limit=FAR)
    keyboard.type("J. de Vries, wijkteam")
    browser_page.tab_to("Casus afsluiten", limit=FAR)
    browser_page.press_and_check("Enter")
    settled.refresh_from_db()
    assert (settled.status, settled.closure_reason) == (
        CaseStatus.CLOSED,
        ClosureReason.STEPPED_DOWN,
    )
    assert settled.receiving_organisation == world.other_org
    assert "J. de Vries" in settled.receiving_party
    checks = StepDownCheck.objects.filter(status_change__case=settled)
    assert checks.count() == len(criteria) and all(check.met for check in checks)

    # 6b. Visser's goals are not reached: without an exception the step-down is refused.
    step_down_url = reverse("cases:close", args=[stuck.id])
    version = stuck.version
    browser_page.visit(step_down_url)
    for criterion in criteria:
        if criterion != unmet:
            browser_page.tab_to(f"id_met_{criterion.id}", limit=FAR)
            keyboard.press("Space")
    browser_page.tab_to("id_receiving_organisation", limit=FAR)
    keyboard.type("Andere")
    browser_page.tab_to("id_receiving_person", limit=FAR)
    keyboard.type("Wijkteam Noord, M. Bakker")
    browser_page.tab_to("Casus afsluiten", limit=FAR)
    browser_page.press_and_check("Enter")
    assert UNMET_MESSAGE in page.get_by_role("alert").inner_text()
    assert page.locator(f"#id_exception_{unmet.id}_error").inner_text() == UNMET_MESSAGE
    stuck.refresh_from_db()
    assert (stuck.status, stuck.version) == (CaseStatus.STEP_DOWN_PROPOSED, version)
    assert not StepDownCheck.objects.filter(status_change__case=stuck).exists()
    # What was filled in is kept; the exception completes it.
    assert page.locator("#id_receiving_person").input_value() == "Wijkteam Noord, M. Bakker"
    browser_page.tab_to(f"id_exception_{unmet.id}", limit=FAR)
    keyboard.type("Stabiel sinds zes weken; het wijkteam volgt de woonsituatie.")
    browser_page.tab_to("Casus afsluiten", limit=FAR)
    browser_page.press_and_check("Enter")
    stuck.refresh_from_db()
    assert (stuck.status, stuck.closure_reason) == (CaseStatus.CLOSED, ClosureReason.STEPPED_DOWN)
    checks = StepDownCheck.objects.filter(status_change__case=stuck)
    assert checks.count() == len(criteria)
    (gap,) = checks.filter(met=False)
    assert gap.criterion == unmet
    assert gap.exception == "Stabiel sinds zes weken; het wijkteam volgt de woonsituatie."


def test_a_case_moves_to_the_other_house(browser_page, world):
    sender_user = world.user(Role.PROCESS_COORDINATOR)
    sender = actor_of(sender_user, world.house)
    receiver_user = world.user(Role.PROCESS_COORDINATOR, house="other")
    case = accepted_case(world, sender, persons=person("de Boer", "Sam"))
    join(case, sender, world.other_org)
    case_url = reverse("cases:detail", kwargs={"case_id": case.id})
    from_number = case.number
    page = browser_page.page
    keyboard = page.keyboard

    # 7a. The sending coordinator asks the other house to take the case over.
    browser_page.login(sender_user)
    browser_page.visit(case_url)
    browser_page.tab_to("Overdragen aan ander huis", limit=FAR)
    browser_page.press_and_check("Enter")
    browser_page.tab_to("id_to_house", limit=FAR)
    keyboard.press("ArrowDown")  # the only other house
    browser_page.tab_to("id_reason_0", limit=FAR)  # Verhuisd naar het werkgebied ...
    keyboard.press("Space")
    browser_page.tab_to("id_explanation", limit=FAR)
    keyboard.type("Woont sinds 1 maart in Buurstad.")
    browser_page.tab_to("Overdracht aanvragen", limit=FAR)
    browser_page.press_and_check("Enter")
    transfer = CaseTransfer.objects.get(case=case)
    assert (transfer.status, transfer.to_house, transfer.requested_by) == (
        TransferStatus.REQUESTED,
        world.other_house,
        sender_user,
    )
    assert transfer.reason == "residence_changed"
    assert page.url == browser_page.url(
        reverse("cases:transfer-detail", kwargs={"transfer_id": transfer.id})
    )
    case.refresh_from_db()
    assert case.house == world.house

    # 7b. The receiving house's coordinator finds the request and accepts it.
    page.context.clear_cookies()
    browser_page.login(receiver_user)
    browser_page.visit(reverse("cases:transfer-list"))
    browser_page.tab_to(from_number, limit=FAR)
    browser_page.press_and_check("Enter")
    assert "de Boer" in page.content()
    browser_page.tab_to("id_accept-process_coordinator", limit=FAR)
    keyboard.press("ArrowDown")
    chosen = int(page.locator("#id_accept-process_coordinator").input_value())
    browser_page.tab_to("Casus overnemen", limit=FAR)
    browser_page.press_and_check("Enter")
    transfer.refresh_from_db()
    assert (transfer.status, transfer.decided_by) == (TransferStatus.ACCEPTED, receiver_user)
    case.refresh_from_db()
    assert case.house == world.other_house and case.process_coordinator_id == chosen
    assert page.url == browser_page.url(case_url)
    assert f"nummer {case.number}" in page.get_by_role("status").inner_text()

    # The sending house keeps the record of the transfer, not the case.
    sending = login_2fa(Client(), sender_user)
    assert sending.get(case_url).status_code == 404
    detail = reverse("cases:transfer-detail", kwargs={"transfer_id": transfer.id})
    assert sending.get(detail).status_code == 200
