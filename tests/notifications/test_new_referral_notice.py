"""A process coordinator hears of every new referral in their house (decision 0179): acute ones
always, the others unless they turned that off on their preferences page."""

from __future__ import annotations

from django.core import mail
from django.urls import reverse

from tests.factories.intake import make_referral
from zvh.intake.models import Urgency
from zvh.network.models import Role
from zvh.notifications.models import Notification

PREFERENCES = reverse("notifications:preferences")


def _subjects(user) -> list[str]:
    return list(Notification.objects.filter(user=user).values_list("subject", flat=True))


def test_coordinators_of_the_house_hear_of_every_new_referral(
    world, django_capture_on_commit_callbacks
):
    coordinator = world.user(Role.PROCESS_COORDINATOR)
    other_house = world.user(Role.PROCESS_COORDINATOR, house="other")
    chain_manager = world.user(Role.CHAIN_MANAGER)
    with django_capture_on_commit_callbacks(execute=True):
        referral = make_referral(world.user(Role.PARTNER_PROFESSIONAL), world.house).referral
    assert _subjects(coordinator) == [f"Nieuwe aanmelding {referral.number}"]
    notice = Notification.objects.get(user=coordinator)
    assert notice.link == reverse("intake:detail", args=[referral.id])
    assert _subjects(other_house) == [] and _subjects(chain_manager) == []
    # By e-mail too, as every notification, when the user wants e-mail: number and link only.
    recipients = {address for message in mail.outbox for address in message.to}
    assert coordinator.email in recipients and other_house.email not in recipients
    assert all("Jansen" not in message.body for message in mail.outbox)


def test_a_coordinator_can_turn_off_all_but_the_acute_ones(world, client_for):
    coordinator = world.user(Role.PROCESS_COORDINATOR)
    client = client_for(coordinator)
    page = client.get(PREFERENCES).content.decode()
    assert "notify_new_referrals" in page and "checked" in page  # on by default
    response = client.post(PREFERENCES, {"email_notifications": "on"})
    assert response.status_code == 302
    coordinator.refresh_from_db()
    assert coordinator.notify_new_referrals is False and coordinator.email_notifications

    referrer = world.user(Role.PARTNER_PROFESSIONAL)
    make_referral(referrer, world.house)
    acute = make_referral(referrer, world.house, urgency=Urgency.ACUTE).referral
    assert _subjects(coordinator) == [f"Nieuwe acute aanmelding {acute.number}"]


def test_the_preferences_page_offers_the_referral_choice_to_coordinators_only(world, client_for):
    professional = world.user(Role.PARTNER_PROFESSIONAL)
    client = client_for(professional)
    assert "notify_new_referrals" not in client.get(PREFERENCES).content.decode()
    # Posting it anyway changes nothing of it; e-mail can be turned off by anyone.
    client.post(PREFERENCES, {"notify_new_referrals": ""})
    professional.refresh_from_db()
    assert professional.notify_new_referrals is True
    assert professional.email_notifications is False
    # Reachable from the notifications page.
    assert PREFERENCES in client.get(reverse("notifications:list")).content.decode()
