"""Consent (scope, expiry, withdrawal) and the house's sharing configuration."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.factories.intake import actor_of
from zvh.audit.models import AuditEvent
from zvh.core.concurrency import StaleObjectError
from zvh.network.models import Role
from zvh.sharing.models import CategoryRule, Consent, LegalBasis
from zvh.sharing.rules import category_audiences
from zvh.sharing.services import NewConsent, category_rules_update, consent_record


def consent(case, **overrides) -> NewConsent:
    values = {
        "person_id": case.case_persons.get().person_id,
        "organisation_ids": [],
        "categories": ["health"],
        "given_on": timezone.localdate(),
        "expires_on": None,
        **overrides,
    }
    return NewConsent(**values)


def test_a_consent_that_expires_before_it_starts_is_refused(world, case, coordinator):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as info:
        consent_record(
            actor=coordinator,
            case=case,
            consent=consent(
                case, organisation_ids=[world.own_org.id], expires_on=today - timedelta(days=1)
            ),
        )
    assert info.value.message_dict["expires_on"] == [
        "De einddatum ligt vóór de datum waarop toestemming is gegeven."
    ]
    assert not Consent.objects.exists()


def test_a_consent_needs_organisations_of_the_house_and_categories(world, case, coordinator):
    from tests.factories.network import OrganisationFactory

    stranger = OrganisationFactory(name="Geen partner")
    with pytest.raises(ValidationError) as info:
        consent_record(
            actor=coordinator,
            case=case,
            consent=consent(case, organisation_ids=[stranger.id], categories=[]),
        )
    assert set(info.value.message_dict) == {"organisations", "categories"}


def test_only_house_staff_record_consent(world, case):
    professional = actor_of(world.user(Role.PARTNER_PROFESSIONAL), world.house)
    with pytest.raises(PermissionDenied):
        consent_record(
            actor=professional,
            case=case,
            consent=consent(case, organisation_ids=[world.own_org.id]),
        )


def test_the_consent_page_records_and_withdraws(world, case, client_for):
    client = client_for(world.user(Role.PROCESS_COORDINATOR))
    url = reverse("sharing:consents", kwargs={"case_id": case.id})
    person_id = case.case_persons.get().person_id
    bad = client.post(url, {"person": person_id, "given_on": "2026-13-01"})
    assert bad.status_code == 400 and "Kies ten minste één organisatie." in bad.content.decode()
    response = client.post(
        url,
        {
            "person": person_id,
            "organisations": [world.own_org.id],
            "categories": ["health", "financial"],
            "given_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    record = Consent.objects.get()
    assert sorted(record.grants.values_list("category", flat=True)) == ["financial", "health"]
    withdraw = reverse(
        "sharing:consent-withdraw", kwargs={"case_id": case.id, "consent_id": record.id}
    )
    assert client.post(withdraw).status_code == 302  # without confirming: nothing happens
    record.refresh_from_db()
    assert record.withdrawn_at is None
    client.post(withdraw, {"confirm": "yes"})
    record.refresh_from_db()
    assert record.withdrawn_at is not None
    assert "ingetrokken op" in client.get(url).content.decode()


def test_category_rules_are_set_per_house_and_never_overwrite_unseen(world):
    admin = actor_of(world.user(Role.FUNCTIONAL_ADMIN), world.house)
    seen = category_audiences(world.house.id)
    category_rules_update(
        actor=admin, audiences={**seen, "financial": "all_participants"}, seen=seen
    )
    assert category_audiences(world.house.id)["financial"] == "all_participants"
    assert category_audiences(world.other_house.id)["financial"] == "covenant_parties"
    with pytest.raises(StaleObjectError):  # the form still shows the old rule
        category_rules_update(actor=admin, audiences=seen, seen=seen)
    assert CategoryRule.objects.get().audience == "all_participants"
    assert AuditEvent.objects.filter(object_type="category_rules").count() == 1


def test_the_configuration_pages(world, client_for):
    client = client_for(world.user(Role.FUNCTIONAL_ADMIN))
    page = client.get(reverse("sharing:config"))
    assert page.status_code == 200 and "Wie ziet welke categorie" in page.content.decode()
    create = reverse("sharing:legal-basis-create")
    empty = client.post(create, {"gdpr_basis": "e"})
    assert empty.status_code == 400 and "Geef de grondslag een naam." in empty.content.decode()
    data = {"name": "Convenant art. 4", "gdpr_basis": "e", "framework": "Convenant", "active": "on"}
    assert client.post(create, data).status_code == 302
    duplicate = client.post(create, {**data, "name": "convenant ART. 4"})
    assert "Er is al een grondslag met deze naam." in duplicate.content.decode()
    assert LegalBasis.objects.filter(house=world.house).count() == 1


def test_a_new_house_gets_the_default_legal_bases_once(world):
    from zvh.network.services import house_seed_defaults
    from zvh.sharing.categories import DEFAULT_LEGAL_BASES
    from zvh.sharing.services import legal_bases_seed_defaults

    house_seed_defaults(house=world.house)
    names = set(LegalBasis.objects.filter(house=world.house).values_list("name", flat=True))
    assert names == {name for name, *_ in DEFAULT_LEGAL_BASES}
    assert legal_bases_seed_defaults(house=world.house) == 0
