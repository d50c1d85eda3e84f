"""Covenant warnings for the chain manager: organisations in cases without a privacy covenant,
covenants about to end; on the pages, and as a daily message that is sent once."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories.network import OrganisationFactory, PartnershipFactory
from tests.factories.people import CaseFactory, CaseParticipantFactory
from zvh.audit.models import AuditEvent
from zvh.covenants.models import CovenantKind, CovenantStatus, CovenantWarningSent
from zvh.covenants.warning_digest import REPEAT_AFTER_DAYS, covenant_warnings_send
from zvh.covenants.warning_selectors import EXPIRY_WARNING_DAYS, house_covenant_warnings
from zvh.network.models import Role
from zvh.notifications.models import Notification
from zvh.notifications.services import notify_once

from .test_covenants import covenant


def today():
    return timezone.localdate()


def take_part(world, organisation, *, house=None, ended=False, cases=1):
    for _ in range(cases):
        CaseParticipantFactory(
            case=CaseFactory(house=house or world.house),
            organisation=organisation,
            ended_at=timezone.now() if ended else None,
        )


def partner(world, name):
    organisation = OrganisationFactory(name=name)
    PartnershipFactory(house=world.house, organisation=organisation)
    return organisation


def test_organisations_in_cases_without_a_valid_privacy_covenant(world):
    covered = partner(world, "Politie")
    covenant(world, parties=[covered])
    take_part(world, covered)
    uncovered = partner(world, "Zorgaanbieder")
    take_part(world, uncovered, cases=2)
    take_part(world, uncovered, ended=True)  # an ended participation counts for nothing
    only_cooperation = partner(world, "Woningcorporatie")
    covenant(world, kind=CovenantKind.COOPERATION, parties=[only_cooperation])
    take_part(world, only_cooperation)
    lapsed = partner(world, "Reclassering")
    covenant(world, expires_in=-1, parties=[lapsed])
    take_part(world, lapsed)
    draft_only = partner(world, "GGZ")
    covenant(world, status=CovenantStatus.DRAFT, parties=[draft_only])
    take_part(world, draft_only)
    ended_only = partner(world, "Halt")
    take_part(world, ended_only, ended=True)
    elsewhere = partner(world, "Buurhuispartner")
    take_part(world, elsewhere, house=world.other_house)

    warnings = house_covenant_warnings(world.house.id, today=today())
    assert [(row.name, row.cases) for row in warnings.uncovered] == [
        ("GGZ", 1),
        ("Reclassering", 1),
        ("Woningcorporatie", 1),
        ("Zorgaanbieder", 2),
    ]
    assert house_covenant_warnings(world.other_house.id, today=today()).uncovered[0].name == (
        "Buurhuispartner"
    )


def test_covenants_ending_within_the_warning_period_without_a_successor(world):
    police, care = partner(world, "Politie"), partner(world, "GGZ")
    soon = covenant(world, expires_in=30, parties=[police])
    last_day = covenant(world, expires_in=EXPIRY_WARNING_DAYS, parties=[care])
    covenant(world, status=CovenantStatus.DRAFT, expires_in=10, parties=[care])
    covenant(world, expires_in=-1, parties=[care])  # already ended
    ends_today = covenant(
        world, kind=CovenantKind.COOPERATION, expires_in=0, parties=[police, care]
    )
    covenant(world, house=world.other_house, expires_in=5, parties=[police])

    def expiring(day=None):
        warnings = house_covenant_warnings(world.house.id, today=day or today())
        return [(row.id, row.days_left) for row in warnings.expiring]

    assert expiring() == [(ends_today.id, 0), (soon.id, 30), (last_day.id, EXPIRY_WARNING_DAYS)]
    # A day earlier the last one is not yet within the period.
    assert (last_day.id, EXPIRY_WARNING_DAYS + 1) not in expiring(today() - timedelta(days=1))
    # The care covenant ends later but does not bind the police: no successor of the police
    # covenant. An open-ended renewal that binds the police (and more) is.
    covenant(world, expires_in=None, parties=[police, world.own_org])
    assert expiring() == [(ends_today.id, 0), (last_day.id, EXPIRY_WARNING_DAYS)]
    # A draft renewal silences nothing; a signed cooperation covenant with fewer parties neither.
    covenant(world, status=CovenantStatus.DRAFT, expires_in=None, parties=[care])
    covenant(world, kind=CovenantKind.COOPERATION, expires_in=None, parties=[police])
    assert expiring() == [(ends_today.id, 0), (last_day.id, EXPIRY_WARNING_DAYS)]


def test_the_covenant_page_home_and_my_work_show_the_warnings(world, client_for):
    uncovered = partner(world, "Zorgaanbieder Noord")
    take_part(world, uncovered, cases=3)
    ending = covenant(world, expires_in=20, parties=[world.own_org])
    ending.title = "Privacyconvenant oud"
    ending.save()
    manager = client_for(world.user(Role.CHAIN_MANAGER))
    for name in ("covenants:list", "web:home", "work:mine"):
        page = manager.get(reverse(name)).content.decode()
        assert "Waarschuwingen convenanten" in page, name
        assert "Zorgaanbieder Noord neemt deel aan 3 casussen" in page, name
        assert "„Privacyconvenant oud” verloopt op" in page and "(over 20 dagen)" in page, name
    coordinator = client_for(world.user(Role.PROCESS_COORDINATOR))
    for name in ("web:home", "work:mine"):
        assert "Waarschuwingen convenanten" not in coordinator.get(reverse(name)).content.decode()
    # The other house's chain manager sees the warnings of their own house only.
    other = client_for(world.user(Role.CHAIN_MANAGER, house="other"))
    assert "Zorgaanbieder Noord" not in other.get(reverse("covenants:list")).content.decode()


def test_without_warnings_the_pages_show_none(world, client_for):
    manager = client_for(world.user(Role.CHAIN_MANAGER))
    assert "Waarschuwingen convenanten" not in manager.get(reverse("web:home")).content.decode()


def _seed(world, n: int) -> None:
    """n covenants ending on the same day (none succeeds another), each with a party in
    cases, and n partners in cases without a covenant."""
    for i in range(n):
        covered = partner(world, f"Partner {n}-{i}")
        take_part(world, covered, cases=2)
        covenant(world, expires_in=10, parties=[covered, world.own_org])
        take_part(world, partner(world, f"Zonder convenant {n}-{i}"))


def test_the_covenant_page_does_not_grow(world, client_for, django_assert_max_num_queries):
    client = client_for(world.user(Role.CHAIN_MANAGER))
    url = reverse("covenants:list")
    _seed(world, 2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _seed(world, 25)
    # Session, user, OTP device, memberships; covenants and their parties; the two warning
    # queries; the header's organisation; the session save (savepoint, update, release).
    with django_assert_max_num_queries(12):
        response = client.get(url)
    warnings = response.context["warnings"]
    assert len(warnings.expiring) == len(warnings.uncovered) == 2 + 25
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) == len(small)


@pytest.fixture
def warned_house(world):
    uncovered = partner(world, "Zorgaanbieder Zuid")
    take_part(world, uncovered)
    covenant(world, expires_in=45, parties=[world.own_org])
    return uncovered


def _run(capture, day=None):
    with capture(execute=True):
        return covenant_warnings_send(today=day or today())


def test_each_chain_manager_is_warned_once_a_day_and_again_after_a_week(
    world, warned_house, django_capture_on_commit_callbacks
):
    managers = {
        world.user(Role.CHAIN_MANAGER).email,
        world.user(Role.CHAIN_MANAGER, org="other").email,
    }
    run = _run(django_capture_on_commit_callbacks)
    assert (run.messages, run.warnings) == (2, 4)
    assert {message.to[0] for message in mail.outbox} == managers
    body = mail.outbox[0].body
    assert "Zorgaanbieder Zuid neemt deel aan 1 casus" in body and "verloopt op" in body
    assert "/convenanten/" in body
    assert Notification.objects.filter(subject="Convenanten: 2 waarschuwingen").count() == 2
    assert AuditEvent.objects.filter(object_type="covenant_warning").count() == 2

    # The same day, and the rest of the week: nothing more.
    assert _run(django_capture_on_commit_callbacks).messages == 0
    assert _run(django_capture_on_commit_callbacks, today() + timedelta(days=3)).messages == 0
    assert len(mail.outbox) == 2

    # A new warning during the week comes alone.
    newcomer = partner(world, "Nieuwe partner")
    take_part(world, newcomer)
    run = _run(django_capture_on_commit_callbacks, today() + timedelta(days=4))
    assert (run.messages, run.warnings) == (2, 2)
    assert all("Zorgaanbieder" not in message.body for message in mail.outbox[2:])

    # A week after the first message the warnings that still hold come back.
    later = today() + timedelta(days=REPEAT_AFTER_DAYS)
    run = _run(django_capture_on_commit_callbacks, later)
    assert (run.messages, run.warnings) == (2, 4)
    assert CovenantWarningSent.objects.filter(day=later).count() == 4


def test_the_command_sends_to_active_chain_managers_of_the_house_only(
    world, warned_house, django_capture_on_commit_callbacks
):
    inactive = world.user(Role.CHAIN_MANAGER, org="other")
    inactive.is_active = False
    inactive.save()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_covenant_warnings", stdout=(out := io.StringIO()))
    assert "1 message(s)" in out.getvalue()
    assert [message.to for message in mail.outbox] == [[world.user(Role.CHAIN_MANAGER).email]]
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_covenant_warnings", stdout=(out := io.StringIO()))
    assert "0 message(s)" in out.getvalue()
    assert len(mail.outbox) == 1


def test_a_message_already_recorded_is_not_sent(world, django_capture_on_commit_callbacks):
    """What a concurrent run meets: its record hits the unique constraint, nothing goes out."""
    user = world.user(Role.CHAIN_MANAGER)

    def record():
        for _ in range(2):
            CovenantWarningSent.objects.create(
                house=world.house,
                recipient=user,
                kind="expiring",
                subject_id=world.house.id,
                day=today(),
            )

    with django_capture_on_commit_callbacks(execute=True):
        sent = notify_once(
            record=record,
            user=user,
            house_id=world.house.id,
            subject="X",
            audit_object_type="covenant_warning",
            audit_detail={},
        )
    assert sent is False
    assert not Notification.objects.exists() and not mail.outbox
    assert not AuditEvent.objects.filter(object_type="covenant_warning").exists()
    assert not CovenantWarningSent.objects.exists()
