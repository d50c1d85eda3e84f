"""Role grants (issue 10, hole 2; decision 0153): nobody changes their own roles, and a role
that opens personal data is proposed by one person and approved by a different one."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tests.factories.network import (
    HouseFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    UserFactory,
)
from zvh.accounts.models import User
from zvh.audit.models import AuditEvent
from zvh.authz.actor import Actor
from zvh.network import services
from zvh.network.models import Membership, Role, RoleGrant

PERSONAL_DATA_ROLES = [
    Role.PROCESS_COORDINATOR,
    Role.CHAIN_MANAGER,
    Role.PRIVACY_OFFICER,
    Role.ADMINISTRATOR,
]


def _roles(user, house) -> set[str]:
    return set(Membership.objects.filter(user=user, house=house).values_list("role", flat=True))


# --- the hole: one's own roles ------------------------------------------------------------------


@pytest.mark.parametrize("role", [*PERSONAL_DATA_ROLES, Role.PARTNER_PROFESSIONAL])
def test_an_administrator_cannot_give_their_own_account_a_role(world, admin, admin_client, role):
    before = AuditEvent.objects.filter(object_type="user_roles").count()
    response = admin_client.post(
        reverse("network:user-edit", args=[admin.pk]), {"roles": ["functional_admin", role]}
    )
    assert response.status_code == 200
    assert "U kunt uw eigen rollen niet wijzigen" in response.content.decode()
    assert _roles(admin, world.house) == {"functional_admin"}
    assert AuditEvent.objects.filter(object_type="user_roles").count() == before


def test_an_administrator_cannot_remove_their_own_other_roles(world, admin, admin_client):
    MembershipFactory(user=admin, house=world.house, role=Role.PARTNER_PROFESSIONAL)
    response = admin_client.post(
        reverse("network:user-edit", args=[admin.pk]), {"roles": ["functional_admin"]}
    )
    assert "U kunt uw eigen rollen niet wijzigen" in response.content.decode()
    assert _roles(admin, world.house) == {"functional_admin", "partner_professional"}


# --- the hole: one administrator alone grants a personal-data role -----------------------------


@pytest.mark.parametrize("role", PERSONAL_DATA_ROLES)
def test_one_administrator_alone_does_not_grant_a_personal_data_role(world, admin_client, role):
    user = UserFactory(organisation=world.own_org)
    MembershipFactory(user=user, house=world.house, role=Role.PARTNER_PROFESSIONAL)
    response = admin_client.post(
        reverse("network:user-edit", args=[user.pk]), {"roles": ["partner_professional", role]}
    )
    assert response.status_code == 302
    assert _roles(user, world.house) == {"partner_professional"}


def test_creating_a_user_does_not_grant_a_personal_data_role_alone(world, admin_client):
    password = "paars-konijn-fietst-7"
    response = admin_client.post(
        reverse("network:user-create"),
        {
            "first_name": "Fatima",
            "last_name": "El Amrani",
            "email": "f.elamrani@ggz.example",
            "username": "felamrani",
            "organisation": str(world.own_org.pk),
            "roles": ["partner_professional", "privacy_officer"],
            "password1": password,
            "password2": password,
        },
    )
    assert response.status_code == 302
    assert not Membership.objects.filter(
        user__username="felamrani", role=Role.PRIVACY_OFFICER
    ).exists()


def test_the_service_itself_refuses_ones_own_roles(world, admin, admin_actor):
    with pytest.raises(ValidationError) as refused:
        services.user_roles_set(
            actor=admin_actor, user=admin, roles=["functional_admin", "privacy_officer"]
        )
    assert refused.value.code == "own_roles"
    assert _roles(admin, world.house) == {"functional_admin"}
    assert not RoleGrant.objects.exists()


def test_ones_own_page_shows_the_roles_without_a_form(world, admin, admin_client):
    html = admin_client.get(reverse("network:user-edit", args=[admin.pk])).content.decode()
    assert "U kunt uw eigen rollen niet wijzigen" in html
    assert "Functioneel beheerder" in html
    assert 'name="roles"' not in html
    other = world.user(Role.PROCESS_COORDINATOR)
    html = admin_client.get(reverse("network:user-edit", args=[other.pk])).content.decode()
    assert 'name="roles"' in html


# --- four eyes: propose, then a different account decides ----------------------------------


def _partner(world) -> User:
    user = UserFactory(organisation=world.own_org, first_name="Pim", last_name="Partner")
    MembershipFactory(user=user, house=world.house, role=Role.PARTNER_PROFESSIONAL)
    return user


def _propose(client, user, *roles: str):
    response = client.post(
        reverse("network:user-edit", args=[user.pk]),
        {"roles": ["partner_professional", *roles]},
    )
    assert response.status_code == 302
    return response


def _decide(client, grant: RoleGrant, decision: str):
    return client.post(
        reverse("network:role-grant-decide", args=[grant.pk]), {"decision": decision}
    )


def test_a_proposal_approved_by_another_administrator_grants_the_role(
    world, admin, admin_client, client_for
):
    user = _partner(world)
    response = _propose(admin_client, user, "privacy_officer")
    followed = admin_client.get(response["Location"]).content.decode()
    assert "Voorgesteld: Privacyfunctionaris" in followed
    grant = RoleGrant.objects.get(user=user)
    assert (grant.house, grant.role, grant.status) == (world.house, "privacy_officer", "proposed")
    assert grant.proposed_by == admin
    assert _roles(user, world.house) == {"partner_professional"}
    proposed = AuditEvent.objects.get(object_type="role_grant", action="create")
    assert (proposed.user_id, proposed.object_id) == (admin.pk, str(grant.pk))
    assert proposed.detail == {"user": user.pk, "role": "privacy_officer", "status": "proposed"}
    page = admin_client.get(reverse("network:user-edit", args=[user.pk])).content.decode()
    assert "Rollen die wachten op goedkeuring" in page

    second = world.user(Role.FUNCTIONAL_ADMIN, org="other")
    second_client = client_for(second)
    listing = second_client.get(reverse("network:role-grant-list"))
    assert listing.status_code == 200
    assert [row.pk for row in listing.context["page"].rows] == [grant.pk]
    assert "Pim Partner" in listing.content.decode()
    assert AuditEvent.objects.filter(
        object_type="role_grant", action="list", user_id=second.pk
    ).exists()

    response = _decide(second_client, grant, "approve")
    assert response.status_code == 302
    assert "Privacyfunctionaris is toegekend aan Pim Partner." in (
        second_client.get(response["Location"]).content.decode()
    )
    grant.refresh_from_db()
    assert (grant.status, grant.decided_by, grant.decided_at is not None) == (
        "approved",
        second,
        True,
    )
    assert _roles(user, world.house) == {"partner_professional", "privacy_officer"}
    decided = AuditEvent.objects.get(object_type="role_grant", action="update")
    assert (decided.user_id, decided.object_id) == (second.pk, str(grant.pk))
    assert decided.detail["status"] == "approved"
    change = AuditEvent.objects.get(object_type="user_roles", object_id=str(user.pk))
    assert (change.user_id, change.detail["added"]) == (second.pk, ["privacy_officer"])


def test_a_rejected_proposal_grants_nothing(world, admin_client, client_for):
    user = _partner(world)
    _propose(admin_client, user, "process_coordinator")
    grant = RoleGrant.objects.get(user=user)
    second = world.user(Role.FUNCTIONAL_ADMIN, org="other")
    assert _decide(client_for(second), grant, "reject").status_code == 302
    grant.refresh_from_db()
    assert (grant.status, grant.decided_by) == ("rejected", second)
    assert _roles(user, world.house) == {"partner_professional"}
    assert AuditEvent.objects.get(object_type="role_grant", action="update").detail["status"] == (
        "rejected"
    )
    assert not AuditEvent.objects.filter(object_type="user_roles").exists()


def test_a_decision_is_written_with_its_audit_event_or_not_at_all(
    world, admin_client, client_for, monkeypatch
):
    user = _partner(world)
    _propose(admin_client, user, "chain_manager")
    grant = RoleGrant.objects.get(user=user)

    def broken(**kwargs):
        raise RuntimeError("the access log is unavailable")

    monkeypatch.setattr(services, "audit_record", broken)
    second = world.user(Role.FUNCTIONAL_ADMIN, org="other")
    actor = Actor(
        user_id=second.pk,
        organisation_id=second.organisation_id,
        house_id=world.house.pk,
        roles=frozenset({Role.FUNCTIONAL_ADMIN}),
    )
    with pytest.raises(RuntimeError):
        services.role_grant_decide(actor=actor, grant=grant, approve=True)
    grant.refresh_from_db()
    assert grant.status == "proposed"
    assert _roles(user, world.house) == {"partner_professional"}
    with pytest.raises(RuntimeError):
        services.user_roles_set(
            actor=actor, user=user, roles=["partner_professional", "administrator"]
        )
    assert list(RoleGrant.objects.filter(user=user).values_list("role", flat=True)) == [
        "chain_manager"
    ]


def test_the_proposer_cannot_approve_their_own_proposal(world, admin, admin_client):
    user = _partner(world)
    _propose(admin_client, user, "privacy_officer")
    grant = RoleGrant.objects.get(user=user)
    assert admin_client.get(reverse("network:role-grant-list")).context["page"].rows == []
    assert _decide(admin_client, grant, "approve").status_code == 404
    grant.refresh_from_db()
    assert grant.status == "proposed"
    assert _roles(user, world.house) == {"partner_professional"}
    assert AuditEvent.objects.filter(
        action="denied", object_type="role_grant", object_id=str(grant.pk), user_id=admin.pk
    ).exists()


def test_the_user_who_would_get_the_role_cannot_approve_it(world, admin_client, client_for):
    subject = world.user(Role.FUNCTIONAL_ADMIN, org="other")  # the house's second administrator
    _propose_for(admin_client, subject, ["functional_admin", "privacy_officer"])
    grant = RoleGrant.objects.get(user=subject)
    subject_client = client_for(subject)
    assert subject_client.get(reverse("network:role-grant-list")).context["page"].rows == []
    assert _decide(subject_client, grant, "approve").status_code == 404
    grant.refresh_from_db()
    assert grant.status == "proposed"
    assert _roles(subject, world.house) == {"functional_admin"}


def _propose_for(client, user, roles):
    response = client.post(reverse("network:user-edit", args=[user.pk]), {"roles": roles})
    assert response.status_code == 302
    return response


def test_the_database_refuses_a_decision_by_the_proposer_or_the_user(world, admin):
    user = _partner(world)
    for decider in (admin, user):
        with pytest.raises(IntegrityError), transaction.atomic():
            RoleGrant.objects.create(
                user=user,
                house=world.house,
                role="privacy_officer",
                status="approved",
                proposed_by=admin,
                proposed_at=timezone.now(),
                decided_by=decider,
                decided_at=timezone.now(),
            )


def test_a_role_is_proposed_once_and_only_the_partner_professional_is_granted_at_once(
    world, admin_client
):
    user = UserFactory(organisation=world.own_org)
    MembershipFactory(user=user, house=world.house, role=Role.ADMINISTRATOR)
    _propose_for(admin_client, user, ["administrator", "partner_professional", "chain_manager"])
    _propose_for(admin_client, user, ["administrator", "partner_professional", "chain_manager"])
    assert _roles(user, world.house) == {"administrator", "partner_professional"}
    assert list(RoleGrant.objects.filter(user=user).values_list("role", "status")) == [
        ("chain_manager", "proposed")
    ]
    assert RoleGrant.objects.filter(role="partner_professional").count() == 0
    # Removing a role works at once, as before; the proposal stays for a second person.
    _propose_for(admin_client, user, ["partner_professional"])
    assert _roles(user, world.house) == {"partner_professional"}
    assert RoleGrant.objects.get(user=user).status == "proposed"


def test_granting_the_functional_administrator_role_needs_four_eyes_too(world, admin_client):
    user = _partner(world)
    _propose(admin_client, user, "functional_admin")
    assert _roles(user, world.house) == {"partner_professional"}
    assert RoleGrant.objects.get(user=user).role == "functional_admin"


def test_a_new_user_with_only_proposed_roles_stays_on_the_users_pages(world, admin_client):
    password = "paars-konijn-fietst-7"
    response = admin_client.post(
        reverse("network:user-create"),
        {
            "first_name": "Chris",
            "last_name": "Ketting",
            "email": "c.ketting@example.org",
            "username": "cketting",
            "organisation": str(world.own_org.pk),
            "roles": ["chain_manager"],
            "password1": password,
            "password2": password,
        },
    )
    assert response.status_code == 302
    html = admin_client.get(response["Location"]).content.decode()
    assert "Voorgesteld: Ketenmanager" in html
    assert "Ketting" in html  # the user list still shows the user
    user = User.objects.get(username="cketting")
    assert not Membership.objects.filter(user=user).exists()
    assert RoleGrant.objects.get(user=user).role == "chain_manager"
    assert AuditEvent.objects.get(object_type="user", action="create").detail == {
        "roles": [],
        "proposed": ["chain_manager"],
    }
    assert admin_client.get(reverse("network:user-edit", args=[user.pk])).status_code == 200


# --- who decides: another administrator, or the chain manager as the fallback ----------------


def _small_house(*admins: str):
    """A house with the given functional administrators (usernames), a chain manager and a
    partner professional."""
    house = HouseFactory()
    organisation = OrganisationFactory()
    PartnershipFactory(house=house, organisation=organisation)
    people = {}
    for name, role in [
        *[(admin, Role.FUNCTIONAL_ADMIN) for admin in admins],
        ("ketenmanager", Role.CHAIN_MANAGER),
        ("partner", Role.PARTNER_PROFESSIONAL),
    ]:
        people[name] = UserFactory(username=name, organisation=organisation)
        MembershipFactory(user=people[name], house=house, role=role)
    return house, people


def test_with_one_administrator_the_chain_manager_decides(db, client_for):
    house, people = _small_house("beheerder")
    _propose(client_for(people["beheerder"]), people["partner"], "process_coordinator")
    grant = RoleGrant.objects.get()
    chain = client_for(people["ketenmanager"])
    listing = chain.get(reverse("network:role-grant-list"))
    assert [row.pk for row in listing.context["page"].rows] == [grant.pk]
    assert _decide(chain, grant, "approve").status_code == 302
    assert _roles(people["partner"], house) == {"partner_professional", "process_coordinator"}
    grant.refresh_from_db()
    assert grant.decided_by == people["ketenmanager"]


def test_with_a_second_active_administrator_the_chain_manager_does_not_decide(db, client_for):
    house, people = _small_house("beheerder", "tweede")
    _propose(client_for(people["beheerder"]), people["partner"], "privacy_officer")
    grant = RoleGrant.objects.get()
    chain = client_for(people["ketenmanager"])
    assert chain.get(reverse("network:role-grant-list")).context["page"].rows == []
    assert _decide(chain, grant, "approve").status_code == 404
    assert _roles(people["partner"], house) == {"partner_professional"}
    # A deactivated second administrator decides nothing: the fallback holds again.
    User.objects.filter(pk=people["tweede"].pk).update(is_active=False)
    assert _decide(chain, grant, "approve").status_code == 302
    assert _roles(people["partner"], house) == {"partner_professional", "privacy_officer"}


def test_the_chain_manager_decides_when_the_only_other_administrator_is_the_user(db, client_for):
    house, people = _small_house("beheerder", "tweede")
    _propose_for(
        client_for(people["beheerder"]), people["tweede"], ["functional_admin", "privacy_officer"]
    )
    grant = RoleGrant.objects.get()
    assert _decide(client_for(people["tweede"]), grant, "approve").status_code == 404
    assert _decide(client_for(people["ketenmanager"]), grant, "approve").status_code == 302
    assert _roles(people["tweede"], house) == {"functional_admin", "privacy_officer"}


def test_the_chain_manager_of_a_house_with_two_administrators_sees_an_empty_list(
    world, admin_client, client_for
):
    _propose(admin_client, _partner(world), "privacy_officer")
    chain = client_for(world.user(Role.CHAIN_MANAGER))
    response = chain.get(reverse("network:role-grant-list"))
    assert response.status_code == 200
    assert response.context["page"].rows == []
    assert "Er wachten geen voorstellen op uw beslissing." in response.content.decode()


def test_other_roles_and_another_house_cannot_see_or_decide(world, admin_client, client_for):
    user = _partner(world)
    _propose(admin_client, user, "privacy_officer")
    grant = RoleGrant.objects.get(user=user)
    outsiders = [
        world.user(Role.FUNCTIONAL_ADMIN, house="other"),
        world.user(Role.CHAIN_MANAGER, house="other"),
        world.user(Role.PROCESS_COORDINATOR),
        world.user(Role.PRIVACY_OFFICER),
    ]
    for outsider in outsiders:
        client = client_for(outsider)
        listing = client.get(reverse("network:role-grant-list"))
        assert listing.status_code in {200, 404}, outsider.username
        if listing.status_code == 200:
            assert listing.context["page"].rows == [], outsider.username
        assert _decide(client, grant, "approve").status_code == 404, outsider.username
    grant.refresh_from_db()
    assert grant.status == "proposed"
    assert _roles(user, world.house) == {"partner_professional"}


def test_a_decision_needs_a_known_button_and_a_grant_is_decided_once(
    world, admin_client, client_for
):
    user = _partner(world)
    _propose(admin_client, user, "administrator")
    grant = RoleGrant.objects.get(user=user)
    second = client_for(world.user(Role.FUNCTIONAL_ADMIN, org="other"))
    for data in ({}, {"decision": "maybe"}):
        response = second.post(reverse("network:role-grant-decide", args=[grant.pk]), data)
        assert response.status_code == 302
        assert "Kies goedkeuren of afwijzen." in second.get(response["Location"]).content.decode()
    grant.refresh_from_db()
    assert grant.status == "proposed"
    assert second.get(reverse("network:role-grant-decide", args=[grant.pk])).status_code == 405
    assert _decide(second, grant, "reject").status_code == 302
    assert _decide(second, grant, "approve").status_code == 404  # no longer waiting
    assert _roles(user, world.house) == {"partner_professional"}


# --- the network import follows the same rule -------------------------------------------------


def test_the_upload_screen_proposes_personal_data_roles(world, admin_client):
    csv = (
        "type;name;kind;domains;username;email;first_name;last_name;organisation;roles\n"
        "organisation;Lentis;mental_health_care;care;;;;;;\n"
        "user;;;;abakker;a.bakker@lentis.example;Anna;Bakker;Lentis;"
        "partner_professional|chain_manager\n"
    )
    for _round in range(2):  # a re-import proposes nothing twice
        upload = SimpleUploadedFile("noord.csv", csv.encode(), content_type="text/csv")
        response = admin_client.post(reverse("network:import"), {"file": upload})
        assert "Het bestand is geïmporteerd." in response.content.decode()
    anna = User.objects.get(username="abakker")
    assert _roles(anna, world.house) == {"partner_professional"}
    assert list(RoleGrant.objects.filter(user=anna).values_list("role", "status")) == [
        ("chain_manager", "proposed")
    ]


def test_the_upload_screen_cannot_add_roles_to_ones_own_account(world, admin, admin_client):
    csv = (
        "type;username;email;first_name;last_name;organisation;roles\n"
        f"user;{admin.username};{admin.email};{admin.first_name};{admin.last_name};"
        f"{world.own_org.name};privacy_officer\n"
    )
    upload = SimpleUploadedFile("zelf.csv", csv.encode(), content_type="text/csv")
    response = admin_client.post(reverse("network:import"), {"file": upload})
    assert "U kunt uw eigen rollen niet wijzigen" in response.content.decode()
    assert _roles(admin, world.house) == {"functional_admin"}
    assert not RoleGrant.objects.exists()


def test_a_removed_proposer_does_not_open_the_fallback(db, client_for):
    house, people = _small_house("beheerder", "tweede")
    _propose(client_for(people["beheerder"]), people["partner"], "privacy_officer")
    grant = RoleGrant.objects.get()
    people["beheerder"].delete()  # the demo's reset removes accounts
    grant.refresh_from_db()
    assert grant.proposed_by is None
    assert _decide(client_for(people["ketenmanager"]), grant, "approve").status_code == 404
    assert _decide(client_for(people["tweede"]), grant, "approve").status_code == 302
    assert _roles(people["partner"], house) == {"partner_professional", "privacy_officer"}
