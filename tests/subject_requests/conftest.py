"""A household the house holds data about, from several organisations: two members (Anna and
her brother), a household case with items about each and about both, a person case of Anna's
own, a household referral, a plan with an agreement, a review, a conference decision, a consent,
and an access-log event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from tests.factories.intake import actor_of, make_referral
from tests.factories.people import (
    CaseFactory,
    CaseParticipantFactory,
    CasePersonFactory,
    PersonFactory,
)
from zvh.audit.models import Action
from zvh.audit.services import audit_record
from zvh.authz.actor import Actor
from zvh.cases.models import Case, CaseReview, CaseType
from zvh.intake.models import Referral, ReferralPerson
from zvh.people.models import Person
from zvh.sharing.models import (
    Consent,
    ConsentGrant,
    InformationItem,
    InformationItemSubject,
    LegalBasis,
)
from zvh.subject_requests import services
from zvh.subject_requests.models import IdentityMethod, RequestKind, SubjectRequest


@dataclass
class Household:
    anna: Person
    bram: Person  # the other member: nothing of his may reach Anna's export
    household_case: Case
    own_case: Case  # a person-oriented case of Anna's alone
    item_anna: InformationItem
    item_bram: InformationItem
    item_both: InformationItem
    item_other_org: InformationItem  # in Anna's own case, contributed by the other organisation
    legacy_household_item: InformationItem  # no subjects recorded, in the household case
    referral: Referral


def officer_of(world, org: str = "own", house: str = "own") -> Actor:
    return actor_of(
        world.user("privacy_officer", org=org, house=house),
        world.house if house == "own" else world.other_house,
    )


def note(case, user, *, text, subjects, category="general", basis=None, organisation=None):
    item = InformationItem.objects.create(
        case=case,
        author=user,
        organisation=organisation or user.organisation,
        contact_date=timezone.localdate() - timedelta(days=3),
        text=text,
        category=category,
        legal_basis=basis,
        purpose="coordination",
    )
    for person in subjects:
        InformationItemSubject.objects.create(note=item, person=person)
    return item


@pytest.fixture
def household(world, settings, tmp_path) -> Household:
    settings.ZVH_PRIVATE_MEDIA_ROOT = tmp_path
    house = world.house
    anna = PersonFactory(house=house, given_names="Anna", surname="Verwey", bsn="111222333")
    bram = PersonFactory(house=house, given_names="Brammetje", surname="Verwey", bsn="123456782")
    household_case = CaseFactory(house=house, case_type=CaseType.SYSTEM)
    own_case = CaseFactory(house=house)
    for case, persons in ((household_case, (anna, bram)), (own_case, (anna,))):
        for person in persons:
            CasePersonFactory(case=case, person=person)
        for organisation in (world.own_org, world.other_org):
            CaseParticipantFactory(case=case, organisation=organisation)
    basis = LegalBasis.objects.create(
        house=house, name="Taak van algemeen belang", gdpr_basis="e", framework="WGS art. 2.1"
    )
    own_pro = world.user("partner_professional")
    other_pro = world.user("partner_professional", org="other")
    item_anna = note(household_case, own_pro, text="Anna gaat weer naar school", subjects=[anna])
    item_bram = note(
        household_case,
        other_pro,
        text="Schulden van de broer bij de woningcorporatie",
        subjects=[bram],
        category="financial",
        basis=basis,
    )
    item_both = note(household_case, own_pro, text="Gezinsgesprek gevoerd", subjects=[anna, bram])
    item_other_org = note(
        own_case,
        other_pro,
        text="Behandeling bij de GGZ gestart",
        subjects=[anna],
        category="health",
        basis=basis,
    )
    item_other_org.attachment.save("verslag.pdf", ContentFile(b"%PDF-1.4 verslag"), save=False)
    InformationItem.objects.filter(pk=item_other_org.pk).update(
        attachment=item_other_org.attachment.name, attachment_name="verslag intake.pdf"
    )
    legacy = note(household_case, own_pro, text="Oude notitie zonder betrokkenen", subjects=[])
    referral = make_referral(own_pro, house).referral
    for person in (anna, bram):
        ReferralPerson.objects.create(referral=referral, person=person)
    _plan_review_conference(world, household_case)
    consent = Consent.objects.create(
        house=house,
        person=anna,
        given_on=timezone.localdate() - timedelta(days=10),
        recorded_by=world.user("process_coordinator"),
    )
    ConsentGrant.objects.create(consent=consent, organisation=world.other_org, category="health")
    audit_record(
        actor=actor_of(own_pro, house), action=Action.VIEW, object_type="person",
        object_id=anna.id, person_ids=[anna.id],
    )  # fmt: skip
    return Household(
        anna=anna,
        bram=bram,
        household_case=household_case,
        own_case=own_case,
        item_anna=item_anna,
        item_bram=item_bram,
        item_both=item_both,
        item_other_org=item_other_org,
        legacy_household_item=legacy,
        referral=referral,
    )


def _plan_review_conference(world, case: Case) -> None:
    from zvh.conferences import services as conference_services
    from zvh.conferences.models import ConferenceDecision, ConferenceKind
    from zvh.plans import services as plan_services

    coordinator = world.user("process_coordinator")
    actor = actor_of(coordinator, world.house)
    plan_services.plan_goal_set(
        actor=actor, case=case, expected_version=1, goals={"housing": "Een eigen kamer"}
    )
    plan_services.agreement_create(
        actor=actor,
        case=case,
        data=plan_services.AgreementInput(
            what="Huisbezoek door de wijkagent",
            domain="criminal_justice",
            owner=world.user("partner_professional", org="other"),
            due_date=timezone.localdate() + timedelta(days=14),
        ),
    )
    CaseReview.objects.create(
        case=case,
        held_on=timezone.localdate(),
        author=coordinator,
        progress={"": "Rustiger thuis"},
        next_review_date=timezone.localdate() + timedelta(days=42),
    )
    start = timezone.now() + timedelta(days=1)
    conference = conference_services.conference_create(
        actor=actor,
        data=conference_services.ConferenceInput(
            kind=ConferenceKind.CASE,
            schedule=conference_services.Schedule(
                starts_at=start, ends_at=start + timedelta(hours=1), location="Huis"
            ),
            case=case,
        ),
    )
    ConferenceDecision.objects.create(
        item=conference.items.get(),
        text="Schuldhulp inschakelen",
        decided_by=coordinator,
        decided_at=timezone.now(),
    )


def register(world, person, *, kind=RequestKind.ACCESS, days_ago=0) -> SubjectRequest:
    return services.subject_request_register(
        actor=officer_of(world),
        person=person,
        data=services.RequestInput(
            kind=kind,
            received_on=timezone.localdate() - timedelta(days=days_ago),
            received_via="letter",
        ),
    )


def identify(world, request, *, org: str = "own") -> SubjectRequest:
    """The requester's identity check, recorded by a privacy officer of the house."""
    return services.subject_request_identity_record(
        actor=officer_of(world, org=org),
        request=request,
        expected_version=request.version,
        data=services.IdentityInput(
            method=IdentityMethod.DESK_ID_DOCUMENT, checked_on=timezone.localdate()
        ),
    )


def approve(world, request, *, role: str = "privacy_officer", org: str = "other") -> SubjectRequest:
    """The second person's approval: by default the other organisation's privacy officer."""
    return services.subject_request_opening_approve(
        actor=actor_of(world.user(role, org=org), world.house),
        request=request,
        expected_version=request.version,
    )


def register_opened(world, person, *, kind=RequestKind.ACCESS, days_ago=0) -> SubjectRequest:
    """A request registered by the own privacy officer and opened the proper way (0154)."""
    return approve(world, identify(world, register(world, person, kind=kind, days_ago=days_ago)))
