"""Generates a house at the case-work scale of issue 4: 50,000 cases, 500,000 agreements and
100,000 conferences, with bulk inserts (minutes, not hours).

Idempotent per scale, like `generate.generate`: a house named after the scale is reused when it
already exists. The numbers keep the issue's ratio (ten agreements and two conferences per
case) unless given. What the benchmarks open:

- the bench coordinator coordinates every `COORDINATORS`th case (2,500 of 50,000);
- the bench professional works for the organisation with the largest share of agreements;
- the featured case (the bench coordinator's first) has a realistic amount of content: three
  persons, eight participations (two ended), a set plan with six goals, forty agreements and
  thirty versions, reviews, escalations, conferences and a journal of about 170 lines.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.utils import timezone

from zvh.accounts.models import User
from zvh.cases.journal import JournalKind
from zvh.cases.models import (
    Case,
    CaseJournalEntry,
    CaseParticipant,
    CasePerson,
    CaseReview,
    CaseStatus,
    CaseStatusChange,
    CaseType,
    ClosureReason,
    Escalation,
    EscalationReason,
    EscalationStatus,
    Theme,
)
from zvh.cases.services import themes_seed_defaults
from zvh.conferences.models import (
    AgendaItem,
    Conference,
    ConferenceKind,
    ConferenceStatus,
    Invitation,
)
from zvh.core.life_domains import LifeDomain
from zvh.network.models import (
    House,
    Membership,
    Municipality,
    Organisation,
    OrganisationKind,
    Partnership,
    Role,
)
from zvh.people.models import Person, name_key
from zvh.plans.models import (
    Agreement,
    AgreementStatus,
    Goal,
    InterventionDomain,
    Plan,
    PlanStatus,
    PlanVersion,
)
from zvh.sharing.models import InformationItem

from .generate import BATCH, GIVEN, SURNAMES, _split_name

COORDINATORS = 20
PROFESSIONALS_PER_ORGANISATION = 8
TARGET_GROUP_SHARE = 10  # one conference in ten is a target-group conference ...
TARGET_GROUP_AGENDA = 15  # ... with this many cases on its agenda
FEATURED = {"persons": 3, "agreements": 40, "goals": 6, "versions": 30, "notes": 60}

# (name, kind, intervention domain of its agreements, weight in participations and ownership)
PARTNERS = [
    ("Bench Reclassering", OrganisationKind.PROBATION, InterventionDomain.CRIMINAL_JUSTICE, 6),
    ("Bench Politie", OrganisationKind.POLICE, InterventionDomain.CRIMINAL_JUSTICE, 5),
    ("Bench Sociaal Team", OrganisationKind.MUNICIPALITY, InterventionDomain.SOCIAL, 4),
    ("Bench GGZ", OrganisationKind.MENTAL_HEALTH_CARE, InterventionDomain.CARE, 3),
    ("Bench OM", OrganisationKind.PUBLIC_PROSECUTION, InterventionDomain.CRIMINAL_JUSTICE, 3),
    ("Bench Gemeente", OrganisationKind.MUNICIPALITY, InterventionDomain.ADMINISTRATIVE, 2),
    ("Bench Veilig Thuis", OrganisationKind.VEILIG_THUIS, InterventionDomain.CARE, 2),
    ("Bench Woonstichting", OrganisationKind.HOUSING_CORPORATION, InterventionDomain.SOCIAL, 2),
    ("Bench Jeugdbescherming", OrganisationKind.YOUTH_PROTECTION, InterventionDomain.CARE, 2),
    ("Bench Maatschappelijk Werk", OrganisationKind.SOCIAL_WORK, InterventionDomain.SOCIAL, 2),
    ("Bench GGD", OrganisationKind.PUBLIC_HEALTH, InterventionDomain.CARE, 1),
    ("Bench Nachtopvang", OrganisationKind.SHELTER, InterventionDomain.OTHER, 1),
]
STAFF = "Bench Zorg- en Veiligheidshuis"
WHATS = [
    "Huisbezoek afleggen en terugkoppelen",
    "Schuldhulptraject starten",
    "Intake verslavingszorg plannen",
    "Toezicht op bijzondere voorwaarden",
    "Woonbegeleiding regelen",
    "Gesprek met de verhuurder over de overlast",
    "Dagbesteding zoeken",
    "Advies over een last onder dwangsom",
    "Contact met de school opnemen",
    "Netwerkberaad met familie organiseren",
]
# Status of a case, with weights: most run, a quarter is closed.
STATUSES = [
    (CaseStatus.ACCEPTED, 5),
    (CaseStatus.PLAN_IN_PREPARATION, 10),
    (CaseStatus.IN_EXECUTION, 55),
    (CaseStatus.STEP_DOWN_PROPOSED, 5),
    (CaseStatus.CLOSED, 25),
]
OUTCOME_KINDS: dict[str, str] = {
    AgreementStatus.DONE: "agreement_done",
    AgreementStatus.NOT_DELIVERED: "agreement_not_delivered",
    AgreementStatus.CANCELLED: "agreement_cancelled",
}
PATH = [
    CaseStatus.ACCEPTED,
    CaseStatus.PLAN_IN_PREPARATION,
    CaseStatus.IN_EXECUTION,
    CaseStatus.STEP_DOWN_PROPOSED,
]


@dataclass(frozen=True)
class CaseWorkWorld:
    house: House
    coordinator: User  # coordinates every COORDINATORS-th case
    professional: User  # of the organisation that owns the most agreements
    chain_manager: User
    organisation: Organisation  # the professional's
    case: Case  # the featured case
    cases: int
    agreements: int
    conferences: int


@dataclass
class _Rows:
    """One batch of rows, inserted in the order of their foreign keys."""

    persons: list[Person] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    case_persons: list[CasePerson] = field(default_factory=list)
    participants: list[CaseParticipant] = field(default_factory=list)
    status_changes: list[CaseStatusChange] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    versions: list[PlanVersion] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    notes: list[InformationItem] = field(default_factory=list)
    journal: list[CaseJournalEntry] = field(default_factory=list)

    def insert(self) -> None:
        for rows in vars(self).values():
            _bulk(rows)


@dataclass(frozen=True)
class _People:
    chain_manager: User
    coordinators: list[User]
    professionals: dict[uuid.UUID, list[User]]  # per organisation


def _names(cases: int) -> tuple[str, str]:
    return f"Benchcasussen {cases}", f"bench-cw{cases}"


@transaction.atomic
def generate(
    *,
    cases: int,
    agreements: int | None = None,
    conferences: int | None = None,
    seed: int = 42,
) -> CaseWorkWorld:
    agreements = 10 * cases if agreements is None else agreements
    conferences = 2 * cases if conferences is None else conferences
    house_name, prefix = _names(cases)
    existing = House.objects.filter(name=house_name).first()
    if existing is not None:
        return _world(existing, cases, agreements, conferences)
    rng = random.Random(seed)
    seat, _ = Municipality.objects.get_or_create(
        cbs_code="GM9901", defaults={"name": "Benchstad", "inhabitants": 200_000}
    )
    house = House.objects.create(name=house_name, security_region="Bench", seat_municipality=seat)
    house.municipalities.add(seat)
    themes_seed_defaults(house=house)
    partners = [_organisation(house, name, kind) for name, kind, _, _ in PARTNERS]
    staff = _organisation(house, STAFF, OrganisationKind.HOUSE_STAFF)
    people = _people(house, prefix, staff, partners)
    weights = [weight for *_, weight in PARTNERS]
    domains = {org.id: domain for org, (_, _, domain, _) in zip(partners, PARTNERS, strict=True)}
    counts = _spread(agreements, cases, rng, first=FEATURED["agreements"])
    now, today = timezone.now(), timezone.localdate()
    case_ids: list[uuid.UUID] = []
    for start in range(0, cases, BATCH):
        rows = _Rows()
        for index in range(start, min(start + BATCH, cases)):
            case = _case(
                rows,
                rng,
                house=house,
                index=index,
                people=people,
                partners=partners,
                weights=weights,
                domains=domains,
                agreements=counts[index],
                today=today,
            )
            case_ids.append(case.id)
        rows.insert()
    _conferences(house, rng, conferences, case_ids, people, now)
    featured = Case.objects.get(house=house, number=_number(0))
    _enrich(featured, rng, people, now)
    return _world(house, cases, agreements, conferences)


def _number(index: int) -> str:
    return f"BC-{index:07d}"


def _organisation(house: House, name: str, kind: str) -> Organisation:
    organisation, _ = Organisation.objects.get_or_create(name=name, defaults={"kind": kind})
    Partnership.objects.get_or_create(house=house, organisation=organisation)
    return organisation


def _people(
    house: House, prefix: str, staff: Organisation, partners: list[Organisation]
) -> _People:
    def user(name: str, organisation: Organisation) -> User:
        return User(
            username=f"{prefix}-{name}",
            email=f"{prefix}-{name}@bench.invalid",
            first_name=name.split("-")[0].capitalize(),
            last_name=f"Bench {name}",
            organisation=organisation,
            password=make_password(None),  # unusable: the bench logs in with force_login
        )

    chain_manager = user("ketenmanager", staff)
    coordinators = [user(f"regisseur-{n}", staff) for n in range(COORDINATORS)]
    professionals = {
        org.id: [user(f"prof-{i}-{n}", org) for n in range(PROFESSIONALS_PER_ORGANISATION)]
        for i, org in enumerate(partners)
    }
    everyone = [chain_manager, *coordinators, *(u for us in professionals.values() for u in us)]
    User.objects.bulk_create(everyone)
    roles = [(chain_manager, Role.CHAIN_MANAGER)]
    roles += [(u, Role.PROCESS_COORDINATOR) for u in coordinators]
    roles += [(u, Role.PARTNER_PROFESSIONAL) for us in professionals.values() for u in us]
    Membership.objects.bulk_create(Membership(user=u, house=house, role=r) for u, r in roles)
    return _People(chain_manager, coordinators, professionals)


def _spread(total: int, count: int, rng: random.Random, first: int) -> list[int]:
    """`count` numbers summing to `total`: varied around the mean, `first` for the first."""
    base, extra = divmod(total, count)
    counts = [base + (index < extra) for index in range(count)]
    for index in range(1, count - 1, 2):
        shift = rng.randint(0, base * 3 // 4)
        counts[index] += shift
        counts[index + 1] -= shift
    surplus, counts[0] = first - counts[0], first
    for index in range(1, count):
        if surplus <= 0:
            break
        taken = min(surplus, counts[index] // 2)
        counts[index] -= taken
        surplus -= taken
    return counts


def _pick(rng: random.Random, items: list[Any], weights: list[int], k: int) -> list[Any]:
    """`k` distinct items, drawn by weight."""
    chosen: list[Any] = []
    while len(chosen) < min(k, len(items)):
        item = rng.choices(items, weights)[0]
        if item not in chosen:
            chosen.append(item)
    return chosen


def _at(day: date, rng: random.Random) -> datetime:
    """A time during office hours on that local day."""
    local = datetime(day.year, day.month, day.day, rng.randint(8, 17), rng.randint(0, 59))
    return timezone.make_aware(local)


def _case(
    rows: _Rows,
    rng: random.Random,
    *,
    house: House,
    index: int,
    people: _People,
    partners: list[Organisation],
    weights: list[int],
    domains: dict[uuid.UUID, InterventionDomain],
    agreements: int,
    today: date,
) -> Case:
    featured = index == 0
    status = (
        CaseStatus.IN_EXECUTION
        if featured
        else rng.choices([s for s, _ in STATUSES], [w for _, w in STATUSES])[0]
    )
    opened = today - timedelta(days=rng.randint(420, 900))
    opened_at = _at(opened, rng)
    coordinator = people.coordinators[index % COORDINATORS]
    participating = _pick(rng, partners, weights, 8 if featured else rng.randint(2, 5))
    if featured:  # the bench professional's organisation takes part, and has not left
        participating = [partners[0], *(org for org in participating if org != partners[0])][:8]
    ended = set(participating[-2:]) if featured else set()
    active = [org for org in participating if org not in ended]
    director = rng.choice(people.professionals[active[0].id]) if rng.random() < 0.7 else None
    closed = status == CaseStatus.CLOSED
    life_domains = rng.sample(LifeDomain.values, 6 if featured else rng.randint(2, 4))
    case = Case(
        house=house,
        number=_number(index),
        case_type=CaseType.SYSTEM if index % 4 == 0 else CaseType.PERSON,
        status=status,
        opened_at=opened_at,
        life_domains=life_domains,
        municipality_id=house.seat_municipality_id,
        process_coordinator_id=coordinator.id,
        case_director_id=director.id if director else None,
        next_review_date=(
            None if closed or index % 200 == 7 else today + timedelta(days=rng.randint(-21, 42))
        ),
        closed_at=_at(today - timedelta(days=rng.randint(1, 300)), rng) if closed else None,
        closure_reason=rng.choice(ClosureReason.values) if closed else "",
    )
    rows.cases.append(case)
    persons = FEATURED["persons"] if featured else (2 if case.case_type == CaseType.SYSTEM else 1)
    for _ in range(persons):
        surname_prefix, surname = _split_name(rng.choice(SURNAMES))
        person = Person(
            house=house,
            given_names=rng.choice(GIVEN),
            surname_prefix=surname_prefix,
            surname=surname,
            surname_normalised=name_key(surname, surname_prefix),
            date_of_birth=today - timedelta(days=rng.randint(6000, 25000)),
        )
        rows.persons.append(person)
        rows.case_persons.append(CasePerson(case_id=case.id, person_id=person.id))
    journal = _Journal(rows, case, coordinator)
    journal.add(JournalKind.OPENED, opened_at)
    for org in participating:
        added = opened_at + timedelta(days=rng.randint(0, 30))
        gone = _at(today - timedelta(days=rng.randint(10, 200)), rng) if org in ended else None
        rows.participants.append(
            CaseParticipant(
                case_id=case.id,
                organisation_id=org.id,
                added_at=added,
                added_by_id=coordinator.id,
                reason="Betrokken bij de hulpverlening",
                ended_at=gone,
                ended_by_id=coordinator.id if gone else None,
                end_reason="Niet langer betrokken" if gone else "",
            )
        )
        journal.add(JournalKind.PARTICIPANT_ADDED, added, organisation_id=org.id)
        if gone:
            journal.add(JournalKind.PARTICIPANT_ENDED, gone, organisation_id=org.id)
    _status_history(rows, journal, case, opened_at, rng)
    plan = _plan(rows, journal, case, opened_at, rng, featured=featured)
    owner_weights = [weights[partners.index(org)] for org in active]
    made = []
    for _ in range(agreements):
        org = rng.choices(active, owner_weights)[0]
        made.append(
            _agreement(
                rng,
                plan=plan,
                case=case,
                org=org,
                owner=rng.choice(people.professionals[org.id]),
                domain=domains[org.id],
                by=coordinator,
                today=today,
            )
        )
    rows.agreements += made
    for n in range(FEATURED["notes"] if featured else 1):
        author_org = rng.choice(active)
        author = rng.choice(people.professionals[author_org.id])
        contact = opened + timedelta(days=rng.randint(1, 400))
        note = InformationItem(
            case_id=case.id,
            author_id=author.id,
            organisation_id=author_org.id,
            contact_date=contact,
            text=f"Contact gehad met betrokkene ({n + 1}); afspraken doorgenomen.",
        )
        rows.notes.append(note)
        journal.add(
            JournalKind.NOTE,
            _at(contact, rng),
            note_id=note.id,
            by_id=author.id,
            by_organisation_id=author_org.id,
        )
    if featured:
        # The featured case's journal also tells what became of each agreement.
        for agreement in made:
            journal.add(
                "agreement_created",
                opened_at,
                organisation_id=agreement.owner_organisation_id,
                text=agreement.what,
            )
            if agreement.completed_at is not None:
                journal.add(
                    OUTCOME_KINDS[str(agreement.status)],
                    agreement.completed_at,
                    organisation_id=agreement.owner_organisation_id,
                    text=agreement.note,
                )
    return case


class _Journal:
    """Journal lines of one case, as the services write them (codes, not rendered text)."""

    def __init__(self, rows: _Rows, case: Case, by: User) -> None:
        self.rows, self.case, self.by = rows, case, by

    def add(self, kind: str, at: datetime, **values: Any) -> None:
        values.setdefault("by_id", self.by.id)
        values.setdefault("by_organisation_id", self.by.organisation_id)
        self.rows.journal.append(CaseJournalEntry(case_id=self.case.id, at=at, kind=kind, **values))


def _status_history(
    rows: _Rows, journal: _Journal, case: Case, at: datetime, rng: random.Random
) -> None:
    rows.status_changes.append(
        CaseStatusChange(
            case_id=case.id,
            from_status="",
            to_status=CaseStatus.ACCEPTED,
            at=at,
            by_id=journal.by.id,
        )
    )
    reached = PATH.index(CaseStatus(case.status)) if case.status in PATH else rng.randint(1, 2)
    for step in range(reached):
        at += timedelta(days=rng.randint(7, 60))
        before, after = PATH[step], PATH[step + 1]
        rows.status_changes.append(
            CaseStatusChange(
                case_id=case.id, from_status=before, to_status=after, at=at, by_id=journal.by.id
            )
        )
        journal.add(JournalKind.STATUS_CHANGED, at, data={"from": before, "to": after})
    if case.closed_at is not None:
        rows.status_changes.append(
            CaseStatusChange(
                case_id=case.id,
                from_status=PATH[reached],
                to_status=CaseStatus.CLOSED,
                at=case.closed_at,
                by_id=journal.by.id,
                closure_reason=case.closure_reason,
            )
        )
        journal.add(JournalKind.CLOSED, case.closed_at, data={"reason": case.closure_reason})


def _plan(
    rows: _Rows,
    journal: _Journal,
    case: Case,
    opened_at: datetime,
    rng: random.Random,
    *,
    featured: bool,
) -> Plan:
    is_set = case.status not in (CaseStatus.ACCEPTED, CaseStatus.PLAN_IN_PREPARATION)
    versions = FEATURED["versions"] if featured else 1
    set_at = opened_at + timedelta(days=rng.randint(14, 60))
    plan = Plan(
        case_id=case.id,
        status=PlanStatus.SET if is_set else PlanStatus.DRAFT,
        revision=versions,
        set_at=set_at if is_set else None,
        set_by_id=journal.by.id if is_set else None,
        set_revision=versions if is_set else None,
    )
    rows.plans.append(plan)
    domains = case.life_domains[: FEATURED["goals"]] if featured else case.life_domains[:3]
    rows.goals.extend(
        Goal(plan_id=plan.id, life_domain=domain, description="Stabiele situatie zonder overlast")
        for domain in domains
    )
    rows.versions.extend(
        PlanVersion(
            plan_id=plan.id,
            number=number,
            created_at=set_at - timedelta(days=versions - number),
            author_id=journal.by.id,
            change="agreement_created" if number > 1 else "goals",
            snapshot={"status": plan.status, "goals": [], "agreements": []},
        )
        for number in range(1, versions + 1)
    )
    if is_set:
        journal.add("plan_set", set_at, data={"revision": versions})
    return plan


def _agreement(
    rng: random.Random,
    *,
    plan: Plan,
    case: Case,
    org: Organisation,
    owner: User,
    domain: str,
    by: User,
    today: date,
) -> Agreement:
    """Closed cases hold only finished agreements; running cases about 45% open, a good part
    of those overdue; finished ones done on time, done late, not delivered or cancelled."""
    roll = rng.random()
    if case.status == CaseStatus.CLOSED:
        roll = 0.45 + roll * 0.55
    if roll < 0.45:
        status, due = AgreementStatus.OPEN, today + timedelta(days=rng.randint(-60, 90))
        completed = None
    else:
        due = today - timedelta(days=rng.randint(0, 400))
        status = (
            AgreementStatus.DONE
            if roll < 0.82
            else AgreementStatus.NOT_DELIVERED
            if roll < 0.91
            else AgreementStatus.CANCELLED
        )
        completed = _at(due + timedelta(days=rng.randint(-20, 15)), rng)
    return Agreement(
        plan_id=plan.id,
        case_id=case.id,
        house_id=case.house_id,
        what=rng.choice(WHATS),
        domain=domain,
        owner_organisation_id=org.id,
        owner_user_id=owner.id,
        due_date=due,
        status=status,
        note="" if status == AgreementStatus.OPEN else "Afgehandeld",
        completed_at=completed,
        completed_by_id=owner.id if completed else None,
        created_by_id=by.id,
    )


def _conferences(
    house: House,
    rng: random.Random,
    count: int,
    case_ids: list[uuid.UUID],
    people: _People,
    now: datetime,
) -> None:
    """Casus op Maat for one case each; every `TARGET_GROUP_SHARE`th a target-group
    conference with `TARGET_GROUP_AGENDA` cases. Spread over three years, the last two months
    still planned; each with two invitees."""
    themes = list(Theme.objects.filter(house=house))
    professionals = [u for us in people.professionals.values() for u in us]
    for start in range(0, count, BATCH):
        conferences: list[Conference] = []
        items: list[AgendaItem] = []
        invitations: list[Invitation] = []
        for index in range(start, min(start + BATCH, count)):
            target_group = index % TARGET_GROUP_SHARE == TARGET_GROUP_SHARE - 1
            starts = now + timedelta(days=60 - 1095, minutes=index * 1095 * 1440 // count)
            held = starts < now
            coordinator = people.coordinators[index % COORDINATORS]
            conference = Conference(
                house=house,
                number=f"O-{index:07d}",
                kind=ConferenceKind.TARGET_GROUP if target_group else ConferenceKind.CASE,
                theme=rng.choice(themes) if target_group else None,
                starts_at=starts,
                ends_at=starts + timedelta(hours=2 if target_group else 1),
                location="Benchstad, zaal 1",
                status=ConferenceStatus.HELD if held else ConferenceStatus.PLANNED,
                created_by_id=coordinator.id,
                held_at=starts + timedelta(hours=1) if held else None,
            )
            conferences.append(conference)
            first = rng.randrange(len(case_ids))
            on_agenda = min(TARGET_GROUP_AGENDA, len(case_ids)) if target_group else 1
            for position in range(on_agenda):
                items.append(
                    AgendaItem(
                        conference_id=conference.id,
                        case_id=case_ids[(first + position) % len(case_ids)],
                        position=position,
                        minutes="Besproken; afspraken bevestigd." if held else "",
                        minutes_by_id=coordinator.id if held else None,
                        minutes_at=conference.held_at,
                    )
                )
            invitations += [
                Invitation(
                    conference_id=conference.id,
                    user_id=user.id,
                    organisation_id=user.organisation_id,
                    invited_by_id=coordinator.id,
                    sent_at=starts - timedelta(days=7),
                    sent_sequence=0,
                )
                for user in (coordinator, rng.choice(professionals))
            ]
        for rows in (conferences, items, invitations):
            _bulk(rows)


def _bulk(rows: Iterable[models.Model]) -> None:
    rows = list(rows)
    if rows:
        type(rows[0])._default_manager.bulk_create(rows, batch_size=BATCH)


def _enrich(case: Case, rng: random.Random, people: _People, now: datetime) -> None:
    """What only the featured case has: reviews, escalations and a dozen conferences, each
    with its journal line."""
    coordinator = people.coordinators[0]
    today = timezone.localdate()
    journal = _Rows()
    lines = _Journal(journal, case, coordinator)
    goals = list(Goal.objects.filter(plan__case=case))
    reviews = []
    for n in range(4):
        held = today - timedelta(days=42 * (4 - n))
        reviews.append(
            CaseReview(
                case=case,
                held_on=held,
                author=coordinator,
                progress={str(goal.id): f"Voortgang {n + 1}: stap gezet." for goal in goals},
                goal_domains={str(goal.id): goal.life_domain for goal in goals},
                zrm_scores={goal.life_domain: rng.randint(1, 5) for goal in goals},
                next_review_date=held + timedelta(weeks=6),
            )
        )
        lines.add(
            JournalKind.REVIEW,
            _at(held, rng),
            data={
                "held_on": held.isoformat(),
                "next_review_date": (held + timedelta(weeks=6)).isoformat(),
            },
        )
    _bulk(reviews)
    open_ = Agreement.objects.filter(case=case, status=AgreementStatus.OPEN)
    stuck = open_.order_by("due_date")[:2]
    addressee = people.chain_manager
    _bulk(
        Escalation(
            case=case,
            house_id=case.house_id,
            status=EscalationStatus.RAISED if n == 0 else EscalationStatus.RESOLVED,
            reason=EscalationReason.PARTNER_NOT_DELIVERING,
            explanation="De afspraak komt niet van de grond.",
            agreement=agreement,
            proposed_by=coordinator,
            proposed_at=now - timedelta(days=30 - n * 10),
            raised_by=coordinator,
            raised_at=now - timedelta(days=29 - n * 10),
            addressee=addressee,
            response="" if n == 0 else "Opgepakt met de directie.",
            closed_at=None if n == 0 else now - timedelta(days=5),
        )
        for n, agreement in enumerate(stuck)
    )
    conferences = []
    for n in range(12):
        starts = now - timedelta(days=30 * (12 - n))
        conferences.append(
            Conference(
                house_id=case.house_id,
                number=f"OF-{n:03d}",
                kind=ConferenceKind.CASE,
                starts_at=starts,
                ends_at=starts + timedelta(hours=1),
                location="Benchstad, zaal 2",
                status=ConferenceStatus.HELD,
                created_by=coordinator,
                held_at=starts + timedelta(hours=1),
            )
        )
        lines.add("conference_held", starts + timedelta(hours=1), data={"number": f"OF-{n:03d}"})
        lines.add(
            "conference_decision",
            starts + timedelta(minutes=50),
            text="Afspraken bevestigd en verdeeld.",
            data={"number": f"OF-{n:03d}", "agreements": []},
        )
    _bulk(conferences)
    _bulk(
        AgendaItem(conference=c, case=case, minutes="Besproken.", minutes_by=coordinator)
        for c in conferences
    )
    journal.insert()


def _world(house: House, cases: int, agreements: int, conferences: int) -> CaseWorkWorld:
    _, prefix = _names(cases)
    users = {u.username: u for u in User.objects.filter(username__startswith=f"{prefix}-")}
    professional = users[f"{prefix}-prof-0-0"]
    return CaseWorkWorld(
        house=house,
        coordinator=users[f"{prefix}-regisseur-0"],
        professional=professional,
        chain_manager=users[f"{prefix}-ketenmanager"],
        organisation=Organisation.objects.get(users=professional),
        case=Case.objects.get(house=house, number=_number(0)),
        cases=cases,
        agreements=agreements,
        conferences=conferences,
    )
