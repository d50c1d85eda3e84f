"""The issue's retention test: the demo, every case closed but one and every referral settled,
a clock past every term, `apply_retention`, and then a scan of every text and date column of
every table for the demo persons' names, BSNs, dates of birth and addresses. Only the persons
of the case still running may remain. `audit_verify` passes."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.audit.support import audit_verify
from tests.factories.intake import actor_of
from zvh.accounts.models import User
from zvh.cases.models import Case, CasePerson, CaseStatus
from zvh.cases.services import Closure, case_close
from zvh.demo import data
from zvh.intake.models import Referral, ReferralStatus
from zvh.intake.services import OPEN_REFERRAL_STATUSES
from zvh.people.models import Person
from zvh.sharing.models import InformationItem

from .support import apply_retention, confirm_terms, frozen_clock, identifiers, scan

pytestmark = pytest.mark.django_db

DRENTHE = data.HOUSES[1].name
COORDINATORS = {
    data.HOUSES[0].name: "demo-procesregisseur",
    DRENTHE: "demo-procesregisseur-drenthe",
}


def _write_about_everyone() -> None:
    """Free text naming the persons where staff write it: an item per case, and the closure."""
    for case in Case.objects.select_related("house"):
        coordinator = User.objects.get(username=COORDINATORS[case.house.name])
        for person in case.persons.all():
            InformationItem.objects.create(
                case=case,
                author=coordinator,
                organisation=coordinator.organisation,
                contact_date=timezone.localdate(),
                text=f"Gesprek met {person.display_name} ({person.date_of_birth:%d-%m-%Y}), "
                f"{person.street} {person.house_number}.",
            )


def _close_all_but(kept: Case) -> None:
    for case in Case.objects.exclude(pk=kept.pk).exclude(status=CaseStatus.CLOSED):
        coordinator = User.objects.get(username=COORDINATORS[case.house.name])
        names = ", ".join(person.display_name for person in case.persons.all())
        case_close(
            actor=actor_of(coordinator, case.house),
            case=case,
            expected_version=case.version,
            closure=Closure(reason="other", note=f"Afgesloten na gesprek met {names}."),
        )


def test_after_retention_no_table_holds_a_demo_person_but_those_of_a_running_case(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.ZVH_PRIVATE_MEDIA_ROOT = tmp_path
    call_command("demo", "--force", stdout=io.StringIO())
    _write_about_everyone()
    running = Case.objects.get(house__name=DRENTHE, number="C-2025-000001")
    _close_all_but(running)
    Referral.objects.filter(status__in=OPEN_REFERRAL_STATUSES).update(
        status=ReferralStatus.WITHDRAWN
    )
    confirm_terms()
    kept = set(CasePerson.objects.filter(case=running).values_list("person_id", flat=True))
    everyone = list(Person.objects.all())
    assert len(everyone) > 40 and len(kept) == 1
    # Others may share a kept person's identifiers (Patrick Dekker is registered in both
    # houses): those strings stay, so they cannot be looked for.
    kept_identifiers = {
        value for person in everyone if person.id in kept for value in identifiers(person)
    }
    needles = {
        value for person in everyone if person.id not in kept for value in identifiers(person)
    } - kept_identifiers
    # Before, the scan finds every BSN and date of birth (so it can fail), and names far
    # beyond the people table.
    before = scan(needles)
    found = {needle for _column, needle in before}
    assert {needle for needle in needles if needle.isdigit() or _is_iso_date(needle)} <= found
    assert {column.split(".")[0] for column, _needle in before} > {"people_person"}

    past_every_term = timezone.now() + datetime.timedelta(days=365 * 8)
    with frozen_clock(past_every_term), django_capture_on_commit_callbacks(execute=True):
        apply_retention()

    assert set(Person.objects.values_list("id", flat=True)) == kept
    assert scan(needles) == []
    assert scan(kept_identifiers)  # the running case keeps its person
    broken, output = audit_verify()
    assert broken is None, output


def _is_iso_date(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True
