from django.urls import reverse

from zvh.notifications.models import Notification
from zvh.notifications.services import notify


def test_inbox_shows_own_notifications_and_marks_them_read(world, client_for):
    me = world.user("partner_professional")
    other = world.user("partner_professional", org="other")
    notify(user=me, house_id=world.house.id, subject="Besluit over A-1", link="/aanmeldingen/")
    notify(user=other, house_id=world.house.id, subject="Besluit over A-2")
    client = client_for(me)
    assert reverse("notifications:list") in client.get(reverse("web:home")).content.decode()
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Besluit over A-1" in page and "Besluit over A-2" not in page
    assert client.post(reverse("notifications:mark-read")).status_code == 302
    assert not Notification.objects.filter(user=me, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=other, read_at__isnull=True).exists()
