from django.contrib.sessions.models import Session
from django.urls import reverse

from tests.factories.network import (
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    UserFactory,
)
from zvh.accounts.models import User
from zvh.audit.models import AuditEvent
from zvh.network.models import Membership, Role, RoleGrant

GOOD_PASSWORD = "paars-konijn-fietst-7"


def _create_data(world, **overrides):
    data = {
        "first_name": "Fatima",
        "last_name": "El Amrani",
        "email": "f.elamrani@ggz.example",
        "username": "felamrani",
        "organisation": str(world.own_org.pk),
        "roles": ["partner_professional", "privacy_officer"],
        "password1": GOOD_PASSWORD,
        "password2": GOOD_PASSWORD,
    }
    data.update(overrides)
    return data


def test_user_list_shows_users_of_the_house_with_their_roles_here(world, admin_client):
    both = UserFactory(last_name="Tweehuizen", organisation=world.own_org)
    MembershipFactory(user=both, house=world.house, role=Role.CHAIN_MANAGER)
    MembershipFactory(user=both, house=world.other_house, role=Role.PRIVACY_OFFICER)
    response = admin_client.get(reverse("network:user-list"))
    html = response.content.decode()
    assert "Tweehuizen" in html
    row = html[html.index("Tweehuizen") :].split("</tr>")[0]
    assert "Ketenmanager" in row
    assert "Privacyfunctionaris" not in row  # a role in the other house is not shown here
    assert world.user(Role.PROCESS_COORDINATOR, house="own").username in html
    assert world.user(Role.PROCESS_COORDINATOR, house="other").username not in html
    assert AuditEvent.objects.filter(action="list", object_type="user").exists()


def test_user_list_pages_with_a_cursor(world, admin_client):
    for number in range(60):
        MembershipFactory(
            user=UserFactory(last_name=f"Zz{number:03d}", organisation=world.own_org),
            house=world.house,
        )
    first = admin_client.get(reverse("network:user-list"))
    cursor = first.context["page"].next_cursor
    assert cursor
    second = admin_client.get(reverse("network:user-list"), {"na": cursor})
    first_ids = {user.pk for user in first.context["page"].rows}
    second_ids = {user.pk for user in second.context["page"].rows}
    assert first_ids and second_ids and not first_ids & second_ids


def test_user_pages_are_only_for_the_functional_administrator(world, client_for):
    for role in Role:
        if role == Role.FUNCTIONAL_ADMIN:
            continue
        client = client_for(world.user(role))
        assert client.get(reverse("network:user-list")).status_code == 404, role
        assert client.post(reverse("network:user-create"), _create_data(world)).status_code == 404
    assert not User.objects.filter(username="felamrani").exists()


def test_create_a_user_with_roles_in_this_house(world, admin_client):
    response = admin_client.post(reverse("network:user-create"), _create_data(world))
    assert response.status_code == 302
    user = User.objects.get(username="felamrani")
    assert user.organisation == world.own_org
    assert user.check_password(GOOD_PASSWORD)
    # The partner professional's role at once; the privacy officer's waits for a second
    # administrator (four eyes, decision 0153).
    assert set(Membership.objects.filter(user=user).values_list("house_id", "role")) == {
        (world.house.pk, "partner_professional"),
    }
    assert set(RoleGrant.objects.filter(user=user).values_list("house_id", "role", "status")) == {
        (world.house.pk, "privacy_officer", "proposed"),
    }
    assert AuditEvent.objects.filter(
        action="create", object_type="user", object_id=str(user.pk)
    ).exists()


def test_create_user_validation_errors_are_dutch_and_change_nothing(world, admin_client):
    outsider = OrganisationFactory()  # not a partner of the house
    PartnershipFactory(house=world.other_house, organisation=outsider)
    existing = world.user(Role.CHAIN_MANAGER)
    cases = [
        ({"email": "geen-adres"}, "Vul een geldig e-mailadres in"),
        ({"email": existing.email.upper()}, "Er bestaat al een gebruiker met dit e-mailadres."),
        ({"username": existing.username}, "Deze gebruikersnaam is al in gebruik."),
        ({"username": "met spatie"}, "Voer een geldige gebruikersnaam in"),
        ({"organisation": str(outsider.pk)}, "Kies een organisatie die partner is van dit huis."),
        ({"roles": []}, "Kies ten minste één rol."),
        ({"roles": ["superuser"]}, "superuser is geen geldige keuze."),
        ({"password1": "kort", "password2": "kort"}, "Dit wachtwoord is te kort"),
        ({"password2": "iets-anders-dan-het-eerste"}, "De twee wachtwoorden zijn niet gelijk."),
    ]
    for overrides, message in cases:
        response = admin_client.post(
            reverse("network:user-create"), _create_data(world, **overrides)
        )
        assert response.status_code == 200, overrides
        assert message in response.content.decode(), overrides
    assert not User.objects.filter(first_name="Fatima").exists()


def test_edit_roles_in_this_house_only(world, admin_client, client_for):
    user = UserFactory(organisation=world.own_org)
    MembershipFactory(user=user, house=world.house, role=Role.PARTNER_PROFESSIONAL)
    MembershipFactory(user=user, house=world.other_house, role=Role.PROCESS_COORDINATOR)
    url = reverse("network:user-edit", args=[user.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"roles": ["chain_manager", "administrator"]})
    assert response.status_code == 302
    # The removal at once; the two new roles wait for a second administrator (decision 0153).
    assert set(Membership.objects.filter(user=user).values_list("house_id", "role")) == {
        (world.other_house.pk, "process_coordinator"),
    }
    second = client_for(world.user(Role.FUNCTIONAL_ADMIN, org="other"))
    for grant in RoleGrant.objects.filter(user=user):
        decide = reverse("network:role-grant-decide", args=[grant.pk])
        assert second.post(decide, {"decision": "approve"}).status_code == 302
    assert set(Membership.objects.filter(user=user).values_list("house_id", "role")) == {
        (world.house.pk, "chain_manager"),
        (world.house.pk, "administrator"),
        (world.other_house.pk, "process_coordinator"),
    }


def test_a_user_of_another_house_is_404(world, admin_client):
    theirs = world.user(Role.CHAIN_MANAGER, house="other")
    for name in ("network:user-edit", "network:user-deactivate", "network:user-reactivate"):
        response = admin_client.post(reverse(name, args=[theirs.pk]), {"roles": ["chain_manager"]})
        assert response.status_code == 404, name
    theirs.refresh_from_db()
    assert theirs.is_active
    assert not Membership.objects.filter(user=theirs, house=world.house).exists()


def test_the_administrator_cannot_drop_their_own_admin_role(world, admin, admin_client):
    response = admin_client.post(
        reverse("network:user-edit", args=[admin.pk]), {"roles": ["chain_manager"]}
    )
    # Nobody changes their own roles at all (decision 0153), so not this one either.
    assert "U kunt uw eigen rollen niet wijzigen." in response.content.decode()
    assert Membership.objects.filter(user=admin, role="functional_admin").exists()
    assert not Membership.objects.filter(user=admin, role="chain_manager").exists()


def test_deactivate_ends_sessions_and_reactivate_restores(world, admin_client, client_for):
    user = world.user(Role.PROCESS_COORDINATOR)
    client_for(user)  # an open session
    assert Session.objects.exists()
    response = admin_client.post(reverse("network:user-deactivate", args=[user.pk]))
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.is_active
    page = admin_client.get(reverse("network:user-edit", args=[user.pk])).content.decode()
    assert "Gedeactiveerd" in page
    assert admin_client.post(reverse("network:user-reactivate", args=[user.pk])).status_code == 302
    user.refresh_from_db()
    assert user.is_active


def test_the_administrator_cannot_deactivate_themselves(admin, admin_client):
    admin_client.post(reverse("network:user-deactivate", args=[admin.pk]))
    admin.refresh_from_db()
    assert admin.is_active


def test_deactivate_and_reactivate_are_post_only(world, admin_client):
    user = world.user(Role.PROCESS_COORDINATOR)
    assert admin_client.get(reverse("network:user-deactivate", args=[user.pk])).status_code == 405


def test_set_a_password_for_an_imported_user(world, admin_client, client_for):
    user = UserFactory(organisation=world.own_org)
    user.set_unusable_password()
    user.save()
    MembershipFactory(user=user, house=world.house)
    url = reverse("network:user-password", args=[user.pk])
    assert (
        "nog geen wachtwoord"
        in admin_client.get(reverse("network:user-edit", args=[user.pk])).content.decode()
    )
    response = admin_client.post(url, {"password1": "kort", "password2": "kort"})
    assert "Dit wachtwoord is te kort" in response.content.decode()
    response = admin_client.post(url, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(GOOD_PASSWORD)
    assert AuditEvent.objects.filter(
        action="update", object_type="user", object_id=str(user.pk)
    ).exists()


def test_setting_a_password_ends_the_users_sessions(world, admin_client, client_for):
    user = world.user(Role.PROCESS_COORDINATOR)
    own_session = client_for(user)
    assert own_session.get(reverse("web:home")).status_code == 200
    admin_client.post(
        reverse("network:user-password", args=[user.pk]),
        {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD},
    )
    assert own_session.get(reverse("web:home")).status_code == 302
