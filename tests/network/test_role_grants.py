"""Role grants (issue 10, hole 2; decision 0153): nobody changes their own roles, and a role
that opens personal data is proposed by one person and approved by a different one."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories.network import MembershipFactory, UserFactory
from zvh.audit.models import AuditEvent
from zvh.network.models import Membership, Role

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
