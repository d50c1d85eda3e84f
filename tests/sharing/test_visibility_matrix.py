"""The visibility matrix of information items, table-driven from the documented defaults
(docs/information-sharing.md): category × who × taking part or not × covenant party or not ×
consent or not, with exact expectations, checked through the access policy, the case page,
the API, the case search and the data-subject export.

The expectation is written from the documentation's table (`expected` below), not from the
policy code; a test also checks that the documented table and the defaults in code agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.api.conftest import bearer
from tests.factories.intake import actor_of
from tests.factories.network import (
    MembershipFactory,
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
from tests.factories.sharing import add_item
from zvh.accounts.models import User
from zvh.api.models import Scope
from zvh.api.services import api_token_create
from zvh.cases.models import Case, Theme
from zvh.conferences.models import Conference, ConferenceKind, Invitation
from zvh.covenants.models import Covenant, CovenantKind, CovenantStatus
from zvh.network.models import Organisation, OrganisationKind, Role
from zvh.sharing.categories import DEFAULT_AUDIENCE, InformationCategory
from zvh.sharing.policy import visible_items
from zvh.sharing.services import NewConsent, consent_record

DOCS = Path(__file__).resolve().parents[2] / "docs" / "information-sharing.md"
CATEGORIES = list(InformationCategory.values)


def documented_defaults() -> dict[str, str]:
    """category code → audience code, read from the table in the documentation."""
    rows = re.findall(r"^\| `([a-z_]+)` \| .*? \| `([a-z_]+)` \|", DOCS.read_text(), re.M)
    return dict(rows)


def test_the_documented_table_is_the_default_in_code():
    assert documented_defaults() == {str(k): str(v) for k, v in DEFAULT_AUDIENCE.items()}


@dataclass(frozen=True)
class Viewer:
    name: str
    role: Role
    participating: bool = False
    covenant: bool = False
    consent: bool = False
    case_coordinator: bool = False
    veilig_thuis: bool = False
    radicalisation_member: bool = False
    contributor: bool = False

    @property
    def staff(self) -> bool:
        return self.role in (Role.CHAIN_MANAGER, Role.PROCESS_COORDINATOR)


def expected(viewer: Viewer, category: str) -> bool:
    """The documented rule: see the case first; the contributor sees its own; then the table."""
    if not (viewer.staff or viewer.participating):
        return False
    if viewer.contributor:
        return True
    audience = documented_defaults()[category]
    return {
        "all_participants": True,
        "covenant_parties": viewer.covenant,
        "contributor_and_coordinator": viewer.case_coordinator or viewer.consent,
        "contributor_staff_veilig_thuis": viewer.staff or viewer.veilig_thuis,
        "staff_and_radicalisation_conference": viewer.staff or viewer.radicalisation_member,
    }[audience]


PROFESSIONALS = [
    Viewer(
        "partner"
        + ("-deelnemer" if p else "")
        + ("-convenant" if c else "")
        + ("-toestemming" if t else ""),
        Role.PARTNER_PROFESSIONAL,
        participating=p,
        covenant=c,
        consent=t,
    )
    for p in (True, False)
    for c in (True, False)
    for t in (True, False)
]
VIEWERS = [
    *PROFESSIONALS,
    Viewer("inbrenger", Role.PARTNER_PROFESSIONAL, participating=True, contributor=True),
    Viewer("veilig-thuis", Role.PARTNER_PROFESSIONAL, participating=True, veilig_thuis=True),
    Viewer(
        "radicalisering", Role.PARTNER_PROFESSIONAL, participating=True, radicalisation_member=True
    ),
    # House staff work for the house, which is party to the privacy covenant.
    Viewer("regisseur-casus", Role.PROCESS_COORDINATOR, covenant=True, case_coordinator=True),
    Viewer("regisseur-ander", Role.PROCESS_COORDINATOR, covenant=True),
    Viewer("ketenmanager", Role.CHAIN_MANAGER, covenant=True),
]


@dataclass
class Table:
    case: Case
    users: dict[str, User]
    texts: dict[str, str]  # category → the item's unique text


@pytest.fixture
def table(world) -> Table:
    house = world.house
    today = timezone.localdate()
    staff_org = OrganisationFactory(
        name="Zorg- en Veiligheidshuis", kind=OrganisationKind.HOUSE_STAFF
    )
    PartnershipFactory(house=house, organisation=staff_org)
    case = CaseFactory(house=house)
    person = PersonFactory(house=house, surname="Matrixsma")
    CasePersonFactory(case=case, person=person)
    covenant = Covenant.objects.create(
        house=house,
        kind=CovenantKind.PRIVACY,
        title="Privacyconvenant",
        status=CovenantStatus.SIGNED,
        signed_on=today - timedelta(days=30),
    )
    covenant.parties.add(staff_org)
    theme = Theme.objects.create(house=house, code="radicalisation", name="Radicalisering")
    conference = Conference.objects.create(
        house=house,
        number="O-1",
        kind=ConferenceKind.TARGET_GROUP,
        theme=theme,
        starts_at=timezone.now() + timedelta(days=3),
        ends_at=timezone.now() + timedelta(days=3, hours=1),
    )
    users: dict[str, User] = {}
    consent_orgs: list[Organisation] = []
    for viewer in VIEWERS:
        if viewer.staff:
            org = staff_org
        else:
            kind = (
                OrganisationKind.VEILIG_THUIS
                if viewer.veilig_thuis
                else (
                    OrganisationKind.MENTAL_HEALTH_CARE
                    if viewer.contributor
                    else OrganisationKind.POLICE
                )
            )
            org = OrganisationFactory(name=f"Organisatie {viewer.name}", kind=kind)
            PartnershipFactory(house=house, organisation=org)
            if viewer.participating:
                CaseParticipantFactory(case=case, organisation=org)
            if viewer.covenant:
                covenant.parties.add(org)
            if viewer.consent:
                consent_orgs.append(org)
        user = UserFactory(username=viewer.name, organisation=org)
        MembershipFactory(user=user, house=house, role=viewer.role)
        users[viewer.name] = user
        if viewer.radicalisation_member:
            Invitation.objects.create(conference=conference, user=user, organisation=org)
    case.process_coordinator = users["regisseur-casus"]
    case.save()
    coordinator = actor_of(users["regisseur-casus"], house)
    consent_record(
        actor=coordinator,
        case=case,
        consent=NewConsent(
            person_id=person.id,
            organisation_ids=[o.id for o in consent_orgs],
            categories=CATEGORIES,
            given_on=today,
            expires_on=None,
        ),
    )
    contributor = actor_of(users["inbrenger"], house)
    texts = {category: f"Item-{category}-tekst" for category in CATEGORIES}
    for category, text in texts.items():
        add_item(contributor, case, category=category, text=text)
    return Table(case=case, users=users, texts=texts)


def test_through_the_access_policy(world, table):
    for viewer in VIEWERS:
        actor = actor_of(table.users[viewer.name], world.house)
        seen = set(visible_items(actor).filter(case=table.case).values_list("category", flat=True))
        assert seen == {c for c in CATEGORIES if expected(viewer, c)}, viewer.name


def test_through_the_case_page_and_search(world, table, client_for):
    page = reverse("cases:detail", kwargs={"case_id": table.case.id})
    for viewer in VIEWERS:
        client = client_for(table.users[viewer.name])
        response = client.get(page)
        if not (viewer.staff or viewer.participating):
            assert response.status_code == 404, viewer.name
            continue
        html = response.content.decode()
        for category, text in table.texts.items():
            assert (text in html) == expected(viewer, category), (viewer.name, category)
        # The search finds the case, never the items' content.
        found = client.post(reverse("cases:search"), {"q": "Matrixsma"}).content.decode()
        assert not any(text in found for text in table.texts.values()), viewer.name


def test_through_the_api(world, table):
    url = f"/api/v1/cases/{table.case.id}/items/"
    for viewer in VIEWERS:
        if viewer.staff:
            continue  # a token stands for a partner organisation, not for house staff
        _, secret = api_token_create(
            house=world.house,
            organisation=table.users[viewer.name].organisation,
            name=f"Koppeling {viewer.name}",
            scopes=(Scope.CASES_READ,),
        )
        response = bearer(secret).get(url)
        if not viewer.participating:
            assert response.status_code == 404, viewer.name
            continue
        # A token stands for its organisation: membership of a conference is a person's.
        as_organisation = replace(viewer, radicalisation_member=False)
        seen = {item["category"] for item in response.json()["results"]}
        assert seen == {c for c in CATEGORIES if expected(as_organisation, c)}, viewer.name


def test_withdrawn_consent_takes_effect_at_once(world, table):
    from zvh.sharing.models import Consent
    from zvh.sharing.services import consent_withdraw

    viewer = next(v for v in VIEWERS if v.consent and v.participating and not v.covenant)
    actor = actor_of(table.users[viewer.name], world.house)
    assert visible_items(actor).filter(category="health").exists()
    consent = Consent.objects.get(person__case_links__case=table.case)
    consent_withdraw(
        actor=actor_of(table.users["regisseur-casus"], world.house),
        case=table.case,
        consent=consent,
    )
    assert not visible_items(actor).filter(category="health").exists()


def test_a_release_opens_one_item_to_one_organisation(world, table):
    from zvh.sharing.services import item_release

    viewer = next(v for v in VIEWERS if v.participating and not v.consent and not v.covenant)
    actor = actor_of(table.users[viewer.name], world.house)
    assert not visible_items(actor).filter(category="health").exists()
    item = table.case.notes.get(category="health")
    item_release(
        actor=actor_of(table.users["inbrenger"], world.house),
        item=item,
        organisation=table.users[viewer.name].organisation,
    )
    assert list(visible_items(actor).filter(category="health")) == [item]


def test_an_ended_participation_hides_every_item(world, table):
    viewer = next(v for v in VIEWERS if v.participating and v.covenant and v.consent)
    actor = actor_of(table.users[viewer.name], world.house)
    assert visible_items(actor).filter(case=table.case).count() == len(
        [c for c in CATEGORIES if expected(viewer, c)]
    )
    table.case.participants.filter(organisation=table.users[viewer.name].organisation).update(
        ended_at=timezone.now()
    )
    assert not visible_items(actor).exists()


def test_through_the_data_subject_export(world, table):
    """The privacy officer's access export is the one place where the audience does not
    apply: the person is entitled to everything the house holds about them (art. 15 AVG)."""
    import json
    import zipfile

    from tests.subject_requests.conftest import officer_of, register_opened
    from zvh.subject_requests import export

    person = table.case.case_persons.get().person
    # Opened the proper way: identity recorded, approved by a second person (0154).
    request = register_opened(world, person)
    result = export.access_export(actor=officer_of(world), request=request)
    data = json.loads(zipfile.ZipFile(result.file).read("inzage.json"))
    exported = {item["text"] for case in data["cases"] for item in case["items"]}
    assert exported == set(table.texts.values())
