"""The access log holds internal ids only: no event names a person, their BSN or date of birth.
That is what lets retention delete a person and leave the chain verifiable.

The demo writes events through the real services (persons registered, referrals, triage,
cases); on top, every kind of search is run with a person's name, BSN and date of birth: the
people list, the case search, the privacy officer's access report, the hit/no-hit signal, the
duplicate check of a new registration. Then every event is scanned."""

from __future__ import annotations

import io
import uuid

import pytest
from django.core.management import call_command

from tests.factories.intake import actor_of
from zvh.accounts.models import User
from zvh.audit.models import Action, AuditEvent, AuditEventPerson
from zvh.audit.services import audit_record
from zvh.authz.actor import Actor
from zvh.cases.search import SURNAME
from zvh.cases.selectors import case_search
from zvh.core.listing import ListFilters
from zvh.network.models import House, Organisation
from zvh.people.access_report import access_report_person_search
from zvh.people.models import Person
from zvh.people.selectors import person_list
from zvh.people.services import PossibleDuplicate, person_create
from zvh.signals_lookup.services import signal_lookup

from .support import identifiers, scan

pytestmark = pytest.mark.django_db

AUDIT_TABLES = [AuditEvent, AuditEventPerson]


@pytest.fixture
def demo() -> None:
    call_command("demo", "--force", stdout=io.StringIO())


def _search_for_everyone(house: House) -> None:
    coordinator = actor_of(User.objects.get(username="demo-procesregisseur"), house)
    officer = actor_of(User.objects.get(username="demo-privacy"), house)
    signal = Actor(
        user_id=None,
        organisation_id=Organisation.objects.filter(name__startswith="Politie").first().id,
        house_id=house.id,
        api_token_id=uuid.uuid4(),
        scopes=frozenset({"signal-lookup"}),
    )
    for person in Person.objects.filter(house=house).exclude(bsn="")[:5]:
        dob = person.date_of_birth
        person_list(actor=coordinator, filters=ListFilters(name=person.surname))
        for term in (person.surname, person.display_name, person.bsn, f"{dob:%d-%m-%Y}"):
            case_search(actor=coordinator, text=term)
        case_search(actor=coordinator, text=f"{person.bsn[:-1]}0")  # fails the 11-test
        access_report_person_search(
            actor=officer, surname=person.surname, bsn=person.bsn, date_of_birth=dob
        )
        signal_lookup(
            actor=signal,
            organisation_id=signal.organisation_id,
            query={"bsn": person.bsn, "purpose": "ZSM-beoordeling"},
        )
        signal_lookup(
            actor=signal,
            organisation_id=signal.organisation_id,
            query={
                "surname": person.surname,
                "given_names": person.given_names,
                "date_of_birth": dob,
                "purpose": "ZSM-beoordeling",
            },
        )
        with pytest.raises(PossibleDuplicate):  # after the duplicate check, which is audited
            person_create(
                actor=coordinator,
                surname=person.surname,
                surname_prefix=person.surname_prefix,
                date_of_birth=dob,
                bsn=person.bsn,
            )


def test_no_event_names_a_person_or_holds_their_bsn_or_date_of_birth(demo):
    house = House.objects.get(name="Veiligheidshuis Regio Noord")
    _search_for_everyone(house)
    searches = AuditEvent.objects.filter(action=Action.SEARCH).count()
    assert searches >= 5 * 9
    assert AuditEvent.objects.filter(object_type="case", detail__has_key="terms").exists()
    needles = {value for person in Person.objects.all() for value in identifiers(person)}
    surnames = {person.surname for person in Person.objects.all()}
    assert scan(needles | surnames, only=AUDIT_TABLES) == []


def test_the_scan_sees_an_identifier_that_slips_into_an_event(demo):
    """The check above can fail: an event with a name in its details is found."""
    person = Person.objects.exclude(bsn="").first()
    audit_record(
        actor=None,
        action=Action.VIEW,
        object_type="person",
        object_id=person.id,
        detail={SURNAME: person.surname, "about": person.bsn},
    )
    found = {needle for _column, needle in scan(identifiers(person) | {person.surname})}
    assert {person.surname.lower(), person.bsn} <= found
