"""The functional administrator's outgoing e-mail in Chromium, by keyboard (decision 0187): a
failed message is listed and "Opnieuw versturen" sends it; the page passes axe-core and the
CSP (see conftest.py)."""

from __future__ import annotations

from django.core import mail

from zvh.jobs.models import MessageStatus, OutgoingMessage
from zvh.network.models import Role


def test_the_administrator_sends_a_failed_message_again_by_keyboard(browser_page, world):
    message = OutgoingMessage.objects.create(
        house=world.house,
        kind="signal_digest",
        recipient="professional@example.org",
        subject="[ZVH] Nieuwe aanmelding",
        body="Er is een nieuwe aanmelding.",
        status=MessageStatus.FAILED,
        attempts=8,
        attempt_limit=8,
        last_error="SMTPServerDisconnected: Connection unexpectedly closed",
    )
    browser_page.login(world.user(Role.FUNCTIONAL_ADMIN))
    page = browser_page.page
    browser_page.tab_to("Uitgaande berichten", limit=60)
    browser_page.press_and_check("Enter")
    assert page.get_by_role("heading", name="Uitgaande berichten").is_visible()
    assert page.get_by_text("SMTPServerDisconnected").first.is_visible()
    browser_page.tab_to(
        "Opnieuw versturen: [ZVH] Nieuwe aanmelding – professional@example.org", limit=80
    )
    browser_page.press_and_check("Enter")
    assert page.get_by_text("wordt opnieuw verstuurd").first.is_visible()
    assert page.get_by_text("Er wachten geen berichten en er is niets mislukt.").is_visible()
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert [sent.to for sent in mail.outbox] == [["professional@example.org"]]
