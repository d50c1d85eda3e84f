"""The processing register (art. 30 AVG), generated from the configuration of the house."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.db.models import Max
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories.network import OrganisationFactory, PartnershipFactory
from zvh.api.models import ApiToken, Scope, new_token_parts
from zvh.audit.models import Action, AuditEvent
from zvh.covenants.models import Covenant, CovenantKind, CovenantStatus
from zvh.network.models import OrganisationKind, Role
from zvh.privacy.register import DEFINITIONS
from zvh.retention.models import RetentionKind, RetentionTerm
from zvh.sharing.categories import Audience, GdprBasis, InformationCategory
from zvh.sharing.models import CategoryRule, LegalBasis
from zvh.sharing.services import legal_bases_seed_defaults

URL = reverse("privacy:register")
CSV_URL = reverse("privacy:register-csv")


@pytest.fixture
def officer(world, client_for):
    return client_for(world.user(Role.PRIVACY_OFFICER))


@pytest.fixture
def configured(world):
    """Legal bases, one category rule changed, a privacy covenant with the own organisation,
    and partner applications."""
    legal_bases_seed_defaults(house=world.house)
    LegalBasis.objects.create(
        house=world.house,
        name="Oude grondslag",
        gdpr_basis=GdprBasis.LEGITIMATE_INTEREST,
        framework="Convenant 2019",
        active=False,
    )
    CategoryRule.objects.create(
        house=world.house,
        category=InformationCategory.FINANCIAL,
        audience=Audience.ALL_PARTICIPANTS,
    )
    covenant = Covenant.objects.create(
        house=world.house,
        kind=CovenantKind.PRIVACY,
        title="Privacyconvenant",
        status=CovenantStatus.SIGNED,
        signed_on="2025-01-01",
    )
    covenant.parties.set([world.own_org])
    zsm = OrganisationFactory(name="OM ZSM", kind=OrganisationKind.PUBLIC_PROSECUTION)
    for name, organisation, scopes, active in (
        ("zsm", zsm, [Scope.SIGNAL_LOOKUP], True),
        ("oud", OrganisationFactory(name="Ingetrokken"), [Scope.SIGNAL_LOOKUP], False),
        ("lezer", OrganisationFactory(name="Alleen lezen"), [Scope.PERSONS_READ], True),
    ):
        prefix, _secret = new_token_parts()
        ApiToken.objects.create(
            name=name,
            organisation=organisation,
            house=world.other_house,  # one lookup covers every house
            scopes=scopes,
            prefix=prefix,
            secret_hash="x",
            is_active=active,
        )


def test_the_register_shows_each_processing_from_the_configuration(world, officer, configured):
    response = officer.get(URL)
    assert response.status_code == 200
    register = response.context["register"]
    assert register.house == "Veiligheidshuis Test"
    assert [activity.key for activity in register.activities] == [d.key for d in DEFINITIONS]
    by_key = {activity.key: activity for activity in register.activities}

    case_work = by_key["case_work"]
    assert "Afstemmen van de aanpak" in case_work.purposes  # the purposes of the cooperation
    audiences = {entry.category: entry.audience for entry in case_work.categories}
    assert audiences["Financieel"] == "Alle deelnemers aan de casus"  # the house's rule
    assert audiences["Gezondheid (art. 9 AVG)"] == str(Audience.CONTRIBUTOR_AND_COORDINATOR.label)
    names = [basis.name for basis in case_work.legal_bases]
    assert "Toestemming van betrokkene" in names and "Oude grondslag" not in names
    assert [(entry.term, entry.confirmed) for entry in case_work.retention] == [
        ("5 jaar na het afsluiten van de casus", False),
        ("7 jaar na de gebeurtenis", False),
    ]
    assert not by_key["referral_triage"].categories

    signal = by_key["signal_lookup"]
    assert signal.signal_applications == ["OM ZSM"]
    assert signal.legal_bases and all(basis.public_task for basis in signal.legal_bases)
    assert "Toestemming van betrokkene" not in [basis.name for basis in signal.legal_bases]

    groups = {group.kind: group.organisations for group in register.recipient_groups}
    assert groups["Politie"] == [("Andere organisatie", False), ("Eigen organisatie", True)]
    assert register.retention_unconfirmed

    page = response.content.decode()
    for text in (
        "Aanmelding en triage",
        "Casuswerk (procesregie)",
        "Casusoverleggen",
        "Hit/no-hit-signaal",
        "geen partij",
        "standaard, niet bevestigd",
        "tweede factor",
    ):
        assert text in page, text


def test_retention_terms_are_the_houses_once_confirmed(world, officer, configured):
    for kind, months in (
        (RetentionKind.CLOSED_CASE, 30),
        (RetentionKind.REFERRAL_NOT_ACCEPTED, 6),
    ):
        RetentionTerm.objects.create(
            house=world.house, kind=kind, months=months, confirmed_at=timezone.now()
        )
    register = officer.get(URL).context["register"]
    triage = next(a for a in register.activities if a.key == "referral_triage")
    assert [(entry.term, entry.confirmed) for entry in triage.retention] == [
        ("6 maanden na het besluit (of het intrekken of doorsturen)", True),
        ("7 jaar na de gebeurtenis", False),
    ]
    case_work = next(a for a in register.activities if a.key == "case_work")
    assert case_work.retention[0].term == "30 maanden na het afsluiten van de casus"
    assert register.retention_unconfirmed
    RetentionTerm.objects.create(
        house=world.house, kind=RetentionKind.AUDIT_EVENT, months=84, confirmed_at=timezone.now()
    )
    response = officer.get(URL)
    assert not response.context["register"].retention_unconfirmed
    assert "standaard, niet bevestigd" not in response.content.decode()


def test_another_house_sees_its_own_configuration(world, client_for, configured):
    other = client_for(world.user(Role.PRIVACY_OFFICER, house="other")).get(URL)
    register = other.context["register"]
    assert register.house == "Veiligheidshuis Buur"
    case_work = next(a for a in register.activities if a.key == "case_work")
    audiences = {entry.category: entry.audience for entry in case_work.categories}
    assert audiences["Financieel"] != "Alle deelnemers aan de casus"  # the default there
    assert ("Eigen organisatie", False) in register.recipient_groups[0].organisations


def _rows(response) -> list[list[str]]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_the_download_is_a_spreadsheet_and_an_audited_export(world, officer, configured):
    # A name that a spreadsheet would run as a formula.
    PartnershipFactory(
        house=world.house,
        organisation=OrganisationFactory(name='=HYPERLINK("http://x")', kind="halt"),
    )
    before = AuditEvent.objects.aggregate(last=Max("id"))["last"] or 0
    response = officer.get(CSV_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert "verwerkingsregister-" in response["Content-Disposition"]
    rows = _rows(response)
    assert rows[0] == ["Verwerking", "Onderdeel", "Inhoud"]
    assert ["Casuswerk (procesregie)", "Doel", "Afstemmen van de aanpak"] in rows
    assert ["Hit/no-hit-signaal", "Partnerapplicatie", "OM ZSM"] in rows
    assert ["Ontvangers", "Politie", "Eigen organisatie (partij bij het privacyconvenant)"] in rows
    halt = next(row for row in rows if row[1] == "Halt")
    assert halt[2].startswith("'=HYPERLINK")
    assert any(row[0] == "Beveiliging" for row in rows)
    event = AuditEvent.objects.get(id__gt=before)
    assert (event.action, event.object_type) == (Action.EXPORT, "processing_register")
    assert event.user_id == world.user(Role.PRIVACY_OFFICER).pk


def test_other_roles_get_no_register(world, client_for):
    for role in (Role.CHAIN_MANAGER, Role.FUNCTIONAL_ADMIN, Role.PARTNER_PROFESSIONAL):
        client = client_for(world.user(role))
        assert client.get(URL).status_code == 404
        assert client.get(CSV_URL).status_code == 404


def test_the_register_does_not_grow(world, officer, configured, django_assert_max_num_queries):
    with CaptureQueriesContext(connection) as small:
        officer.get(URL)
    for n in range(30):
        organisation = OrganisationFactory(name=f"Partner {n}", kind=OrganisationKind.SHELTER)
        PartnershipFactory(house=world.house, organisation=organisation)
        LegalBasis.objects.create(
            house=world.house, name=f"Grondslag {n}", gdpr_basis="e", framework="WGS"
        )
    # Session, user, OTP device, memberships; house, category rules, legal bases, retention
    # terms, tokens, covenant parties, partners; the header's organisation; the session save (3).
    with django_assert_max_num_queries(15):
        officer.get(URL)
    with CaptureQueriesContext(connection) as large:
        officer.get(URL)
    assert len(large) == len(small)
