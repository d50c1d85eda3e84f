"""Builds (and removes) the demo. Safe to run repeatedly: what exists is left as it is."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from zvh.accounts.models import User
from zvh.api.models import ApiToken
from zvh.audit.models import Action
from zvh.audit.services import audit_record
from zvh.cases.models import Case, CaseParticipant, CasePerson, CaseStatus, Escalation
from zvh.conferences.models import Conference, ConfidentialityDeclaration
from zvh.core.models import Counter
from zvh.figures.models import FigureSettings
from zvh.intake.models import PriorityList, Referral, ReferralTransfer
from zvh.network.models import (
    House,
    HouseKind,
    Membership,
    Municipality,
    Organisation,
    Partnership,
    Role,
)
from zvh.people.models import Person
from zvh.subject_requests.models import SubjectRequest
from zvh.triage.models import Assessment, TriageSession

from . import data
from .casework_story import DemoCasework, casework_tell
from .history_story import history_tell
from .monitor_story import monitor_tell
from .national_story import national_monitor_reset, national_monitor_tell
from .registers_story import registers_tell
from .report_story import steering_reports_tell
from .sharing_story import DemoSignalToken, access_request, house_arrangements, zsm_token
from .story import DemoApiToken, story_tell

TOTP_DEVICE_NAME = "demo"


class DemoResetRefused(Exception):
    """Other data refers to the demo's objects; removing them would break it."""


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role
    house_name: str
    organisation_name: str
    password: str
    totp_secret: str  # base32, as authenticator apps take it
    otpauth_uri: str


def demo_totp_key(username: str) -> str:
    """A fixed TOTP key per demo account (40 hex digits), so the printed secrets stay valid
    across runs and machines. Public by design: this is demo data."""
    return hashlib.sha256(f"zvh-demo-totp:{username}".encode()).hexdigest()[:40]


@dataclass(frozen=True)
class DemoBuilt:
    accounts: list[DemoAccount]
    api_token: DemoApiToken
    casework: DemoCasework | None
    signal_token: DemoSignalToken
    access_request: SubjectRequest | None


def demo_build() -> DemoBuilt:
    """Creates whatever of the demo is missing and returns its accounts and API key."""
    with transaction.atomic():
        municipalities = _municipalities()
        houses = _houses(municipalities)
        organisations = _organisations(houses, municipalities)
        _briefing(houses)
        accounts = [_account(spec, houses, organisations) for spec in data.ACCOUNTS]
        persons = _persons(houses, municipalities)
        _cases(houses, persons, organisations)
        api_token = story_tell(
            houses=houses, organisations=organisations, municipalities=municipalities
        )
        house_arrangements(houses=houses, organisations=organisations)
        casework = casework_tell(house=houses[data.NOORD], organisations=organisations)
        signal_token = zsm_token(houses=houses, organisations=organisations)
        registers_tell(house=houses[data.NOORD], organisations=organisations)
        request = (
            access_request(house=houses[data.NOORD], person=casework.stepped_down.persons.get())
            if casework is not None
            else None
        )
        # Last: its numbers continue after the stories'.
        history_tell(house=houses[data.NOORD], organisations=organisations)
        # After the history: the reports freeze its figures.
        steering_reports_tell(house=houses[data.NOORD], today=timezone.localdate())
        monitor_tell(house=houses[data.NOORD], today=timezone.localdate())
        national_monitor_tell(
            house=houses[data.NOORD], office=houses[data.NATIONAL], today=timezone.localdate()
        )
    return DemoBuilt(
        accounts=accounts,
        api_token=api_token,
        casework=casework,
        signal_token=signal_token,
        access_request=request,
    )


def demo_reset() -> None:
    """Removes the demo's houses with everything in them (referrals, triage, cases with their
    plans, conferences, escalations and items, persons with their consents, covenants, data-
    subject requests, API keys), its accounts, and its organisations and municipalities where
    nothing else uses them, so demo_build() starts afresh. The access log keeps its events: it
    is append-only."""
    house_names = [house.name for house in (*data.HOUSES, data.NATIONAL_OFFICE)]
    usernames = [spec.username for spec in data.ACCOUNTS]
    try:
        with transaction.atomic():
            houses = House.objects.filter(name__in=house_names)
            # Referrals and cases point at each other (PROTECT both ways): untie them first.
            Referral.objects.filter(house__in=houses).update(duplicate_of=None, linked_case=None)
            # What protects a case, its agreements or the accounts: conferences (their agenda
            # items), escalations (their stuck agreement), declarations, requests.
            Conference.objects.filter(house__in=houses).delete()
            ConfidentialityDeclaration.objects.filter(house__in=houses).delete()
            Escalation.objects.filter(house__in=houses).delete()
            SubjectRequest.objects.filter(house__in=houses).delete()
            Case.objects.filter(house__in=houses).delete()
            ReferralTransfer.objects.filter(
                Q(from_house__in=houses) | Q(to_house__in=houses)
            ).delete()
            Assessment.objects.filter(referral__house__in=houses).delete()
            TriageSession.objects.filter(house__in=houses).delete()
            Referral.objects.filter(house__in=houses).delete()
            PriorityList.objects.filter(house__in=houses).delete()
            ApiToken.objects.filter(house__in=houses).delete()
            Counter.objects.filter(house_id__in=houses.values("id")).delete()
            Person.objects.filter(house__name__in=house_names).delete()
            national_monitor_reset(usernames)
            User.objects.filter(
                Q(username__in=usernames) | Q(username__startswith=data.HISTORY_USER_PREFIX)
            ).delete()
            House.objects.filter(name__in=house_names).delete()
            Organisation.objects.filter(
                name__in=[organisation.name for organisation in data.ORGANISATIONS],
                partnerships__isnull=True,
                users__isnull=True,
            ).delete()
            Municipality.objects.filter(
                cbs_code__in=[
                    m.cbs_code
                    for house in (*data.HOUSES, data.NATIONAL_OFFICE)
                    for m in house.municipalities
                ],
                houses__isnull=True,
                seat_of_houses__isnull=True,
                residents__isnull=True,
                organisations__isnull=True,
            ).delete()
    except ProtectedError as error:
        raise DemoResetRefused(str(error)) from error


def _municipalities() -> dict[str, Municipality]:
    result: dict[str, Municipality] = {}
    for house in data.HOUSES:
        for spec in house.municipalities:
            result[spec.cbs_code], _ = Municipality.objects.get_or_create(
                cbs_code=spec.cbs_code,
                defaults={"name": spec.name, "inhabitants": spec.inhabitants},
            )
    return result


def _houses(municipalities: dict[str, Municipality]) -> dict[str, House]:
    result: dict[str, House] = {}
    for spec in data.HOUSES:
        house, _ = House.objects.get_or_create(
            name=spec.name,
            defaults={
                "security_region": spec.security_region,
                "seat_municipality": municipalities[spec.seat],
            },
        )
        # add() skips the links that exist already.
        house.municipalities.add(*(municipalities[m.cbs_code] for m in spec.municipalities))
        result[spec.key] = house
    office = data.NATIONAL_OFFICE
    seat = office.municipalities[0]
    seat_municipality, _ = Municipality.objects.get_or_create(
        cbs_code=seat.cbs_code, defaults={"name": seat.name, "inhabitants": seat.inhabitants}
    )
    result[office.key], _ = House.objects.get_or_create(
        name=office.name,
        defaults={
            "kind": HouseKind.NATIONAL,
            "security_region": office.security_region,
            "seat_municipality": seat_municipality,
        },
    )
    return result


def _organisations(
    houses: dict[str, House], municipalities: dict[str, Municipality]
) -> dict[str, Organisation]:
    result: dict[str, Organisation] = {}
    for spec in data.ORGANISATIONS:
        municipality = municipalities[spec.municipality] if spec.municipality else None
        organisation, _ = Organisation.objects.get_or_create(
            name=spec.name,
            defaults={
                "kind": spec.kind,
                "domains": [domain.value for domain in spec.domains],
                "municipality": municipality,
            },
        )
        if municipality is not None and organisation.municipality_id != municipality.id:
            organisation.municipality = municipality
            organisation.save(update_fields=["municipality"])
        for house_key in spec.houses:
            Partnership.objects.get_or_create(house=houses[house_key], organisation=organisation)
        result[spec.key] = organisation
    return result


def _briefing(houses: dict[str, House]) -> None:
    """Regio Noord shows the mayor's briefing (case numbers only): the mayor of Zwolle sees the
    escalation of the casework story in it (decision 0168)."""
    settings, _ = FigureSettings.objects.get_or_create(house=houses[data.NOORD])
    if not settings.mayor_briefing_enabled:
        settings.mayor_briefing_enabled = True
        settings.save(update_fields=["mayor_briefing_enabled"])


def _account(
    spec: data.DemoAccountSpec, houses: dict[str, House], organisations: dict[str, Organisation]
) -> DemoAccount:
    organisation = organisations[spec.organisation]
    house = houses[spec.house]
    user, created = User.objects.get_or_create(
        username=spec.username,
        defaults={
            "email": f"{spec.username}@example.org",
            "first_name": spec.first_name,
            "last_name": spec.last_name,
            "organisation": organisation,
        },
    )
    if created or not user.check_password(data.DEMO_PASSWORD):
        user.set_password(data.DEMO_PASSWORD)
        user.save(update_fields=["password"])
    Membership.objects.get_or_create(user=user, house=house, role=spec.role)
    key = demo_totp_key(spec.username)
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name=TOTP_DEVICE_NAME, defaults={"key": key, "confirmed": True}
    )
    if device.key != key or not device.confirmed:
        device.key = key
        device.confirmed = True
        device.save(update_fields=["key", "confirmed"])
    return DemoAccount(
        username=spec.username,
        role=spec.role,
        house_name=house.name,
        organisation_name=organisation.name,
        password=data.DEMO_PASSWORD,
        totp_secret=base64.b32encode(bytes.fromhex(key)).decode("ascii"),
        otpauth_uri=device.config_url,
    )


def _persons(
    houses: dict[str, House], municipalities: dict[str, Municipality]
) -> dict[tuple[str, str], Person]:
    result: dict[tuple[str, str], Person] = {}
    created_per_house: dict[str, list[Person]] = {}
    for spec in data.PERSONS:
        person, created = Person.objects.get_or_create(
            house=houses[spec.house],
            surname=spec.surname,
            given_names=spec.given_names,
            date_of_birth=spec.date_of_birth,
            defaults={
                "surname_prefix": spec.surname_prefix,
                "bsn": spec.bsn,
                "street": spec.street,
                "house_number": spec.house_number,
                "postcode": spec.postcode,
                "city": spec.city,
                "municipality": municipalities[spec.municipality],
            },
        )
        result[(spec.house, spec.key)] = person
        if created:
            created_per_house.setdefault(spec.house, []).append(person)
    for house_key, created_persons in created_per_house.items():
        # Fictional persons, but personal data in form: their arrival is logged like an import.
        audit_record(
            actor=None,
            action=Action.IMPORT,
            object_type="demo",
            person_ids=[person.id for person in created_persons],
            house_id=houses[house_key].id,
            detail={"persons_created": len(created_persons)},
        )
    return result


def _cases(
    houses: dict[str, House],
    persons: dict[tuple[str, str], Person],
    organisations: dict[str, Organisation],
) -> None:
    coordinators = {
        spec.house: User.objects.get(username=spec.username)
        for spec in data.ACCOUNTS
        if spec.role == Role.PROCESS_COORDINATOR
    }
    today = timezone.localdate()
    for index, spec in enumerate(data.CASES):
        case, _ = Case.objects.get_or_create(
            house=houses[spec.house], number=spec.number, defaults={"status": spec.status}
        )
        # A running case has a process coordinator and a next review (decision 0179), so the
        # demo coordinator's "Mijn werk" shows them: one review already past, the others
        # a week apart. Set once: a later run keeps what the demo's users changed.
        if case.status != CaseStatus.CLOSED and case.process_coordinator_id is None:
            case.process_coordinator = coordinators[spec.house]
            case.next_review_date = case.next_review_date or today + timedelta(
                days=7 * (index % 5) - 3
            )
            case.save(update_fields=["process_coordinator", "next_review_date"])
        for person_key in spec.persons:
            CasePerson.objects.get_or_create(case=case, person=persons[(spec.house, person_key)])
        for organisation_key in spec.participants:
            CaseParticipant.objects.get_or_create(
                case=case, organisation=organisations[organisation_key]
            )
