"""Notification titles are stored as key and parameters and shown in the reader's language
(decision 0179); titles stored before that are recognised by the migration."""

from __future__ import annotations

import importlib
from datetime import date

from django.apps import apps
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation

from zvh.notifications import titles
from zvh.notifications.models import Notification
from zvh.notifications.services import notify
from zvh.triage.models import Decision

migration = importlib.import_module("zvh.notifications.migrations.0004_titles_from_stored_subjects")
INBOX = reverse("notifications:list")


def _in_english(client) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client.get(INBOX).content.decode()


def test_a_title_is_stored_as_key_and_shown_in_the_readers_language(
    world, client_for, django_capture_on_commit_callbacks
):
    me = world.user("process_coordinator")
    # The sender's language does not matter.
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        notify(
            user=me,
            house_id=world.house.id,
            subject=titles.gettext(
                "Evaluatie van casus %(number)s op %(date)s", number="C-1", date=date(2026, 12, 7)
            ),
        )
    stored = Notification.objects.get(user=me)
    assert stored.title == {
        "key": "Evaluatie van casus %(number)s op %(date)s",
        "params": {"number": "C-1", "date": {"date": "2026-12-07"}},
    }
    # The house's language for what is kept beside it, and for the e-mail.
    assert stored.subject == "Evaluatie van casus C-1 op 7 december 2026"
    assert mail.outbox[0].subject == "[ZVH] Evaluatie van casus C-1 op 7 december 2026"

    client = client_for(me)
    assert "Evaluatie van casus C-1 op 7 december 2026" in client.get(INBOX).content.decode()
    assert "Review of case C-1 on 7 December 2026" in _in_english(client)


def test_labels_and_plurals_follow_the_reader_too():
    decided = titles.gettext(
        "Besluit over uw aanmelding %(number)s: %(decision)s",
        number="A-1",
        decision=Decision.ACCEPTED.label,
    )
    many = titles.ngettext(
        "Convenanten: een waarschuwing", "Convenanten: %(n)d waarschuwingen", 3, n=3
    )
    one = titles.ngettext(
        "Convenanten: een waarschuwing", "Convenanten: %(n)d waarschuwingen", 1, n=1
    )
    with translation.override("nl"):
        assert decided.render() == "Besluit over uw aanmelding A-1: Geaccepteerd"
        assert many.render() == "Convenanten: 3 waarschuwingen"
    with translation.override("en"):
        assert decided.render() == "Decision on your referral A-1: Accepted"
        assert many.render() == "Covenants: 3 warnings"
        assert one.render() == "Covenants: one warning"


def test_a_title_that_does_not_fit_shows_the_stored_text():
    assert titles.render({}, fallback="Oude tekst") == "Oude tekst"
    broken = {"key": "Casus %(number)s", "params": {}}
    assert titles.render(broken, fallback="Casus C-9") == "Casus C-9"


def test_the_migration_recognises_the_titles_stored_before(world, client_for):
    me = world.user("partner_professional")
    texts = {
        "U bent eigenaar van een afspraak in casus C-2026-000001": {
            "key": "U bent eigenaar van een afspraak in casus %(number)s",
            "params": {"number": "C-2026-000001"},
        },
        "Evaluatie van casus C-7 op 17 maart 2027": {
            "key": "Evaluatie van casus %(number)s op %(date)s",
            "params": {"number": "C-7", "date": {"date": "2027-03-17"}},
        },
        "Besluit over uw aanmelding A-3: Meer informatie nodig": {
            "key": "Besluit over uw aanmelding %(number)s: %(decision)s",
            "params": {"number": "A-3", "decision": {"msgid": "Meer informatie nodig"}},
        },
        "5 afspraken vragen uw aandacht": {
            "key": "Een afspraak vraagt uw aandacht",
            "plural": "%(n)d afspraken vragen uw aandacht",
            "count": 5,
            "params": {"n": 5},
        },
        "Veiligheidshuis Buur heeft casus C-3 overgenomen": {
            "key": "%(house)s heeft casus %(number)s overgenomen",
            "params": {"house": "Veiligheidshuis Buur", "number": "C-3"},
        },
        "Decision on your referral A-4: Accepted": {},  # stored in English: kept as it is
        "Iets anders": {},
    }
    for text in texts:
        Notification.objects.create(user=me, house=world.house, subject=text)
    migration.forwards(apps, None)
    assert {n.subject: n.title for n in Notification.objects.filter(user=me)} == texts

    page = _in_english(client_for(me))
    assert "You are the owner of an agreement in case C-2026-000001" in page
    assert "5 agreements need your attention" in page
    assert "Decision on your referral A-3: More information needed" in page
    assert "Iets anders" in page
