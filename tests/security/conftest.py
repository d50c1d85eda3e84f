"""Objects the matrix rows point at: all in the own house, owned by or shared with the own org."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.factories.intake import actor_of, make_referral
from tests.factories.network import (
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    PartnershipFactory,
    UserFactory,
)
from tests.factories.people import (
    CaseFactory,
    CaseParticipantFactory,
    CasePersonFactory,
    PersonFactory,
)
from zvh.accounts.models import User
from zvh.cases.models import (
    Case,
    CaseParticipant,
    CaseTransfer,
    Escalation,
    StepDownCriterion,
    Theme,
)
from zvh.conferences.models import AgendaItem as ConferenceItem
from zvh.conferences.models import Conference
from zvh.covenants.models import Covenant
from zvh.intake.models import Referral
from zvh.intake.services import PersonInput
from zvh.network.models import Municipality, Organisation, Role
from zvh.people.models import Person
from zvh.plans.models import Agreement
from zvh.sharing.models import Consent, InformationItem, LegalBasis
from zvh.sharing.services import NewConsent, NewItem, consent_record, item_add
from zvh.subject_requests.models import SubjectRequest, Withholding
from zvh.triage.models import AgendaItem, LocalCriterion, TriageSession, TriageTable
from zvh.triage.services import triage_session_create


@dataclass
class Scenario:
    case: Case
    person: Person
    referral: Referral
    # Reference data of the own house only (the other house's administrator must get a 404).
    organisation: Organisation | None = None  # a partner of the own house and no other
    outside_organisation: Organisation | None = None  # a partner of no house yet
    municipality: Municipality | None = None
    managed_user: User | None = None  # holds a role in the own house only
    # Triage: a table and an open session in the own house, the own organisation taking part;
    # on its agenda a referral of its own (so that `referral` keeps its own audience).
    triage_table: TriageTable | None = None
    triage_session: TriageSession | None = None
    agenda_referral: Referral | None = None
    local_criterion: LocalCriterion | None = None
    # Cases: a second participation in the scenario's case (a partner of the own house without
    # users in the world), which the participant-end row may end.
    case_participant: CaseParticipant | None = None
    # Plans: the scenario's case has a set plan with one open agreement, owned by the own
    # organisation's partner professional (the own organisation takes part in the case).
    agreement: Agreement | None = None
    # Escalation: one in the scenario's case, raised to the own house's administrator of the
    # own organisation (the only one who may answer it).
    escalation: Escalation | None = None
    # Conferences: a target-group conference of the own house with the scenario's case on its
    # agenda (that item has minutes, so it cannot be removed), the own organisation's partner
    # professional invited. The own organisation is party to a signed privacy covenant (with a
    # PDF document), and the house has a confidentiality declaration.
    conference: Conference | None = None
    conference_item: ConferenceItem | None = None
    covenant: Covenant | None = None
    # Case configuration: a theme and a step-down criterion of the own house.
    theme: Theme | None = None
    step_down_criterion: StepDownCriterion | None = None
    # Lawful sharing: a general item with an attachment in the scenario's case, contributed by
    # the own organisation's partner professional; a legal basis of the own house; a consent of
    # the scenario's person.
    legal_basis: LegalBasis | None = None
    item: InformationItem | None = None
    consent: Consent | None = None
    # Data-subject requests: an access request of the scenario's person with one part (the
    # scenario's case) withheld, and a rectification request of the same person, both opened
    # (identity recorded by the own privacy officer, approved by the chain manager and by the
    # other organisation's privacy officer). Registered by a desk officer outside the matrix
    # users and not opened: an access request with its identity recorded, waiting for approval,
    # and a rectification request without an identity check.
    subject_request: SubjectRequest | None = None
    withholding: Withholding | None = None
    rectification_request: SubjectRequest | None = None
    unopened_request: SubjectRequest | None = None
    unidentified_request: SubjectRequest | None = None
    # Transfers: with a third house (no matrix users) an open request from there to the own
    # house, and one from the own house (for a case of its own) to there; the own house's
    # process coordinator whom an acceptance names.
    incoming_transfer: CaseTransfer | None = None
    outgoing_transfer: CaseTransfer | None = None
    transfer_coordinator: User | None = None


def _add_triage_objects(scenario: Scenario, world) -> None:
    coordinator = actor_of(world.user("process_coordinator"), world.house)
    scenario.triage_table = TriageTable.objects.create(
        house=world.house, name="Weegtafel dinsdag", weekday=1, start_time="10:00"
    )
    scenario.triage_table.organisations.add(world.own_org)
    scenario.triage_session = triage_session_create(
        actor=coordinator,
        table=scenario.triage_table,
        starts_at=timezone.now() + timedelta(days=2),
    )
    scenario.agenda_referral = make_referral(
        world.user("partner_professional"),
        world.house,
        persons=[PersonInput(surname="Bakker", given_names="Sara")],
    ).referral
    AgendaItem.objects.create(session=scenario.triage_session, referral=scenario.agenda_referral)
    scenario.local_criterion = LocalCriterion.objects.create(house=world.house, name="Actualiteit")


def _add_network_objects(scenario: Scenario, world) -> None:
    scenario.organisation = OrganisationFactory(name="Alleen eigen huis")
    PartnershipFactory(house=world.house, organisation=scenario.organisation)
    scenario.outside_organisation = OrganisationFactory(name="Nog geen partner")
    scenario.municipality = MunicipalityFactory()
    world.house.municipalities.add(scenario.municipality)
    scenario.managed_user = UserFactory(organisation=world.own_org)
    MembershipFactory(user=scenario.managed_user, house=world.house, role=Role.CHAIN_MANAGER)


@pytest.fixture
def scenario(world, settings, tmp_path) -> Scenario:
    case = CaseFactory(house=world.house)
    person = PersonFactory(house=world.house)
    CasePersonFactory(case=case, person=person)
    CaseParticipantFactory(case=case, organisation=world.own_org)
    referral = make_referral(world.user("partner_professional"), world.house).referral
    result = Scenario(case=case, person=person, referral=referral)
    _add_network_objects(result, world)
    _add_triage_objects(result, world)
    _add_case_objects(result, world)
    _add_plan_objects(result, world)
    _add_escalation_objects(result, world)
    settings.ZVH_PRIVATE_MEDIA_ROOT = tmp_path  # the covenant's document
    _add_conference_objects(result, world)
    result.theme = Theme.objects.create(house=world.house, name="Woonoverlast")
    result.step_down_criterion = StepDownCriterion.objects.create(
        house=world.house, text="Risico's zijn besproken"
    )
    _add_sharing_objects(result, world)
    _add_subject_request_objects(result, world)
    _add_transfer_objects(result, world)
    return result


def _add_transfer_objects(scenario: Scenario, world) -> None:
    from tests.factories.network import HouseFactory
    from zvh.transfers.services import TransferInput, transfer_request

    elsewhere = HouseFactory(name="Veiligheidshuis Elders")
    staff = UserFactory(username="regisseur-elders", organisation=world.own_org)
    MembershipFactory(user=staff, house=elsewhere, role=Role.PROCESS_COORDINATOR)

    def request(house, actor, to_house) -> CaseTransfer:
        case = CaseFactory(house=house)
        CasePersonFactory(case=case, person=PersonFactory(house=house))
        return transfer_request(
            actor=actor,
            case=case,
            data=TransferInput(to_house=to_house, reason="residence_changed", explanation="M"),
        )

    scenario.transfer_coordinator = world.user("process_coordinator")
    scenario.incoming_transfer = request(elsewhere, actor_of(staff, elsewhere), world.house)
    scenario.outgoing_transfer = request(
        world.house, actor_of(scenario.transfer_coordinator, world.house), elsewhere
    )


def _add_subject_request_objects(scenario: Scenario, world) -> None:
    from zvh.subject_requests import services as request_services
    from zvh.subject_requests.models import IdentityMethod, RequestKind, WithholdingGround

    officer = world.user("privacy_officer")
    actor = actor_of(officer, world.house)
    # A privacy officer at the desk, not among the matrix users: the requests they register
    # may be approved by every privacy officer and chain manager of the matrix.
    desk = UserFactory(username="privacy-balie", organisation=world.own_org)
    MembershipFactory(user=desk, house=world.house, role=Role.PRIVACY_OFFICER)
    desk_actor = actor_of(desk, world.house)

    def register(kind: str, by=actor) -> SubjectRequest:
        return request_services.subject_request_register(
            actor=by,
            person=scenario.person,
            data=request_services.RequestInput(
                kind=kind, received_on=timezone.localdate(), received_via="letter"
            ),
        )

    def identify(request: SubjectRequest, by=actor) -> SubjectRequest:
        return request_services.subject_request_identity_record(
            actor=by,
            request=request,
            expected_version=request.version,
            data=request_services.IdentityInput(
                method=IdentityMethod.DESK_ID_DOCUMENT, checked_on=timezone.localdate()
            ),
        )

    def approve(request: SubjectRequest, approver: User) -> SubjectRequest:
        return request_services.subject_request_opening_approve(
            actor=actor_of(approver, world.house),
            request=request,
            expected_version=request.version,
        )

    # Opened the proper way (0154): identity recorded, approved by a second person.
    scenario.subject_request = approve(
        identify(register(RequestKind.ACCESS)), world.user("chain_manager")
    )
    scenario.withholding = Withholding.objects.create(
        request=scenario.subject_request,
        record=f"case:{scenario.case.id}",
        ground=WithholdingGround.RIGHTS_OF_OTHERS,
        explanation="Matrix",
        withheld_by=officer,
    )
    scenario.rectification_request = approve(
        identify(register(RequestKind.RECTIFICATION)),
        world.user("privacy_officer", org="other"),
    )
    # Not opened: one waiting for the second person's approval, one without an identity check.
    scenario.unopened_request = identify(register(RequestKind.ACCESS, by=desk_actor), desk_actor)
    scenario.unidentified_request = register(RequestKind.RECTIFICATION, by=desk_actor)


def _add_sharing_objects(scenario: Scenario, world) -> None:
    scenario.legal_basis = LegalBasis.objects.create(
        house=world.house, name="Publieke taak", gdpr_basis="e", framework="WGS"
    )
    partner = actor_of(world.user("partner_professional"), world.house)
    scenario.item = item_add(
        actor=partner,
        case=scenario.case,
        item=NewItem(
            contact_date=timezone.localdate(),
            text="Huisbezoek",
            category="general",
            legal_basis_id=scenario.legal_basis.id,
            purpose="coordination",
            attachment=SimpleUploadedFile("verslag.txt", b"verslag"),
        ),
    )
    coordinator = actor_of(world.user("process_coordinator"), world.house)
    scenario.consent = consent_record(
        actor=coordinator,
        case=scenario.case,
        consent=NewConsent(
            person_id=scenario.person.id,
            organisation_ids=[world.own_org.id],
            categories=["health"],
            given_on=timezone.localdate(),
            expires_on=None,
        ),
    )


def _add_case_objects(scenario: Scenario, world) -> None:
    participant_org = OrganisationFactory(name="Deelnemer aan de casus")
    PartnershipFactory(house=world.house, organisation=participant_org)
    scenario.case_participant = CaseParticipantFactory(
        case=scenario.case, organisation=participant_org
    )


def _add_plan_objects(scenario: Scenario, world) -> None:
    from zvh.plans import services as plan_services

    coordinator = actor_of(world.user("process_coordinator"), world.house)
    plan_services.plan_goal_set(
        actor=coordinator,
        case=scenario.case,
        expected_version=1,
        goals={"housing": "Een vaste woonplek"},
    )
    scenario.agreement = plan_services.agreement_create(
        actor=coordinator,
        case=scenario.case,
        data=plan_services.AgreementInput(
            what="Huisbezoek",
            domain="care",
            owner=world.user("partner_professional"),
            due_date=timezone.localdate() + timedelta(days=7),
        ),
    )
    plan_services.plan_set(actor=coordinator, case=scenario.case, expected_revision=2)


def _add_conference_objects(scenario: Scenario, world) -> None:
    from django.core.files.base import ContentFile

    from zvh.cases.models import Theme
    from zvh.conferences import services as conference_services
    from zvh.conferences.models import ConferenceKind, ConfidentialityDeclaration
    from zvh.covenants.models import CovenantKind, CovenantStatus

    coordinator = actor_of(world.user("process_coordinator"), world.house)
    start = timezone.now() + timedelta(days=3)
    scenario.conference = conference_services.conference_create(
        actor=coordinator,
        data=conference_services.ConferenceInput(
            kind=ConferenceKind.TARGET_GROUP,
            schedule=conference_services.Schedule(
                starts_at=start, ends_at=start + timedelta(hours=1), location="Stadhuis"
            ),
            theme=Theme.objects.create(house=world.house, name="Nazorg matrix"),
            invitees=[world.user("partner_professional")],
        ),
    )
    conference_services.agenda_add(
        actor=coordinator, conference=scenario.conference, cases=[scenario.case]
    )
    scenario.conference_item = scenario.conference.items.get()
    ConferenceItem.objects.filter(pk=scenario.conference_item.pk).update(minutes="Besproken")
    scenario.covenant = Covenant.objects.create(
        house=world.house,
        kind=CovenantKind.PRIVACY,
        title="Privacyconvenant",
        status=CovenantStatus.SIGNED,
        signed_on=timezone.localdate() - timedelta(days=30),
    )
    scenario.covenant.parties.add(world.own_org)
    scenario.covenant.document.save("convenant.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    ConfidentialityDeclaration.objects.create(house=world.house, version=1, text="Geheim")


def _add_escalation_objects(scenario: Scenario, world) -> None:
    from zvh.escalation.services import EscalationInput, escalation_propose, escalation_raise

    coordinator = actor_of(world.user("process_coordinator"), world.house)
    scenario.escalation = escalation_propose(
        actor=coordinator,
        case=scenario.case,
        data=EscalationInput(reason="partner_not_delivering", explanation="Levert niet"),
    )
    escalation_raise(
        actor=coordinator, escalation=scenario.escalation, addressee=world.user("administrator")
    )


# --- the worst case: every organisation takes part in everything ------------------------------
# A BSN that passes the eleven-test, for the scenario's person: the door tests look for it.
WORST_CASE_BSN = "111222333"


@pytest.fixture
def worst_case(world, scenario) -> Scenario:
    """The scenario, and then every organisation of the world (and so every role) takes part in
    everything of the own house: every case (a participant), every triage session (a
    participating organisation, its users too), every conference (every user of the house
    invited, the confidentiality declaration accepted) and every covenant (a party). What a
    door lets through is then limited by the door alone, not by a missing participation
    (docs/decisions/0158; the hole the authorization matrix missed: issue 10, hole 1)."""
    from zvh.conferences.models import (
        ConfidentialityDeclaration,
        DeclarationAcceptance,
        Invitation,
    )
    from zvh.network.models import Membership

    house = world.house
    organisations = [world.own_org, world.other_org]
    users = [m.user for m in Membership.objects.filter(house=house).select_related("user")]
    Person.objects.filter(pk=scenario.person.pk).update(bsn=WORST_CASE_BSN)
    for case in Case.objects.filter(house=house):
        for organisation in organisations:
            if not CaseParticipant.objects.active().filter(case=case, organisation=organisation):
                CaseParticipantFactory(case=case, organisation=organisation)
    for session in TriageSession.objects.filter(house=house):
        session.participant_organisations.add(*organisations)
        session.participant_users.add(*users)
    declaration = ConfidentialityDeclaration.objects.get(house=house, active=True)
    for conference in Conference.objects.filter(house=house):
        for user in users:
            Invitation.objects.get_or_create(
                conference=conference, user=user, defaults={"organisation": user.organisation}
            )
            DeclarationAcceptance.objects.get_or_create(
                conference=conference,
                user=user,
                defaults={
                    "organisation": user.organisation,
                    "declaration": declaration,
                    "accepted_at": timezone.now(),
                },
            )
    for covenant in Covenant.objects.filter(house=house):
        covenant.parties.add(*organisations)
    scenario.person.refresh_from_db()
    return scenario
