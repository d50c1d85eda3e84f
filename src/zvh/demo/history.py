"""A house's history: referrals over a span of days with their triage, and the cases that came
of them with conferences, plans, agreements per partner, reviews with ZRM scores,
escalations, step-downs, closures and a few reopenings. Written with bulk inserts.

One generator serves two callers (decision 0171):
- the demo (`history_tell`): a plausible year of Regio Noord, about 350 referrals and 150
  cases, so that every figure page shows real-looking numbers on `make run`;
- the figures bench (`bench/figures.py`): the same life at 50,000 cases.

Deterministic: one seeded random generator, days counted back from `end`. Everything is data
setup, not access: nothing here writes access-log events except the one import event the demo
writes for the fictitious persons it adds, as the demo does for its other persons.
"""

from __future__ import annotations

import math
import random
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db import models
from django.db.models import F
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
from zvh.cases.zrm import zrm_changes_refresh
from zvh.conferences.models import AgendaItem, Conference, ConferenceKind, ConferenceStatus
from zvh.core.life_domains import LifeDomain
from zvh.core.models import Counter
from zvh.intake.models import (
    Behaviour,
    Channel,
    EventKind,
    Orientation,
    Referral,
    ReferralEvent,
    ReferralPerson,
    ReferralStatus,
    Source,
    Urgency,
)
from zvh.network.models import House, Municipality, Organisation
from zvh.people.models import Person, name_key
from zvh.plans.models import (
    Agreement,
    AgreementStatus,
    Goal,
    Plan,
    PlanStatus,
    PlanVersion,
)
from zvh.triage.criteria import SYSTEM_HINT_DOMAINS, ReferralFacts, derive, is_complex
from zvh.triage.models import Assessment, Decision, LocalCriterion, OtherTable
from zvh.triage.services import departs_from_rule

BATCH = 2000

# Fictitious persons: given names and surnames combined at random, born on a random day; no
# address. The surnames are none of the demo stories' (their tests find persons by surname).
# BSNs only where the caller hands out fictional ones.
GIVEN = (
    "Anna", "Bram", "Chantal", "Daan", "Esra", "Fleur", "Gijs", "Hamza", "Iris", "Jesse",
    "Kim", "Lars", "Mila", "Nadia", "Olaf", "Petra", "Quinten", "Rachid", "Sanne", "Tim",
    "Uriel", "Vera", "Wouter", "Yara", "Zoë", "Mohamed", "Fatima", "Kevin", "Lotte", "Ruud",
)  # fmt: skip
SURNAMES = (
    "Akkerveld", "Brinkhorst", "Dalmeijer", "Esveldt", "van Gravendijk", "Holterman",
    "Kampsteeg", "Linthorst", "Meerveld", "Noordhoek", "Oldenkamp", "Peelen", "Rietveldt",
    "Slotboom", "Hesselink", "Veenhuis", "van Zandvliet", "Benali", "Aydemir", "Ouali", "Şahin",
    "Wesselink", "Klaassen", "Nijhof", "Grevink", "Lubbers", "Roelofsen", "Timmerhuis",
    "Vrielink", "Haverkamp", "Stegeman", "de Kruijf",
)  # fmt: skip

# (value, weight): the mix of the field as the report describes it.
CHANNELS = ((Channel.WEB, 45), (Channel.API, 15), (Channel.JZV, 25), (Channel.PRIORITY_LIST, 7))
DIRECT_SHARE = 0.04  # entered directly, without triage (priority-list bypass)
ACUTE_SHARE = 0.15
ORIENTATIONS = ((Orientation.PERSON, 75), (Orientation.SYSTEM, 20), (Orientation.AREA, 5))
DECISIONS = (
    (Decision.ACCEPTED, 60),
    (Decision.NOT_ACCEPTED, 18),
    (Decision.REFERRED_ELSEWHERE, 10),
    (Decision.CONSULTATION, 5),
)
CLOSURES = (
    (ClosureReason.STEPPED_DOWN, 42),
    (ClosureReason.GOALS_ACHIEVED, 24),
    (ClosureReason.MOVED_OR_DECEASED, 8),
    (ClosureReason.DETENTION, 8),
    (ClosureReason.NOT_INFLUENCEABLE, 9),
    (ClosureReason.OTHER, 9),
)
ESCALATION_REASONS = (
    (EscalationReason.PARTNER_NOT_DELIVERING, 45),
    (EscalationReason.MISSING_MANDATE, 20),
    (EscalationReason.SYSTEM_OBSTACLE, 15),
    (EscalationReason.DISAGREEMENT, 12),
    (EscalationReason.OTHER, 8),
)
REASONS = (
    "Herhaalde overlast in de buurt en zorgen over verward gedrag.",
    "Huiselijk geweld; kinderen in het gezin.",
    "Veelpleger met schulden en zonder vaste woonplek.",
    "Dreigende uitzetting; zorg wordt geweigerd.",
    "Terugkeer na detentie zonder dagbesteding en inkomen.",
    "Escalerende burenruzie met bedreigingen.",
)
REQUESTS = (
    "Regie op de samenwerking tussen zorg en straf.",
    "Eén plan van aanpak met de betrokken partners.",
    "Afstemming over toezicht en behandeling.",
)
WHATS = (
    "Huisbezoek afleggen en terugkoppelen",
    "Schuldhulptraject starten",
    "Intake verslavingszorg plannen",
    "Toezicht op bijzondere voorwaarden",
    "Woonbegeleiding regelen",
    "Gesprek met de verhuurder over de overlast",
    "Dagbesteding zoeken",
    "Behandeling bij de GGZ starten",
    "Contact met de school opnemen",
    "Netwerkberaad met familie organiseren",
)
RECEIVING = (
    "Sociaal wijkteam, vaste contactpersoon",
    "GGZ-behandelaar, ambulant team",
    "Reclassering, toezichthouder",
    "Maatschappelijk werk, casemanager",
)
ADVICE = (
    "Bespreek de situatie in het lokale zorgoverleg; het wijkteam kan regie voeren.",
    "Schakel Veilig Thuis in voor een veiligheidsbeoordeling.",
    "Meld opnieuw aan als de lokale aanpak vastloopt.",
)
DEPARTURE_MOTIVATIONS = (
    "Afgeweken van de landelijke regel: de lokale aanpak dreigt vast te lopen en de "
    "veiligheidsrisico's zijn groot.",
    "Afgeweken van de landelijke regel: één keten kan dit oplossen; het wijkteam neemt het op.",
)


@dataclass(frozen=True)
class Partner:
    """An organisation that owns agreements, its contact person and its intervention domain;
    `weight` sets its share of participations."""

    organisation: Organisation
    contact: User
    domain: str
    weight: int


@dataclass(frozen=True)
class HistoryCast:
    """Who and where: what the history refers to, made by the caller."""

    house: House
    municipalities: Sequence[Municipality]  # referrals spread by inhabitants
    referrers: Sequence[tuple[Organisation, int]]  # referring organisations, with weights
    partners: Sequence[Partner]
    coordinators: Sequence[User]  # process coordinators; the first also decides in triage
    addressees: Sequence[User]  # escalations go to these (chain manager, administrator)
    number_tag: str = ""  # put after the prefix of every number ("A-H-2026-..."), or nothing
    # Who sends through an application channel (api, jzv), if not every referrer: a partner
    # application lists what it sent, so a demo's API key should not see invented referrals.
    application_referrers: dict[str, Sequence[tuple[Organisation, int]]] = field(
        default_factory=dict
    )


@dataclass(frozen=True)
class HistoryMade:
    referrals: int
    assessments: int
    cases: int
    agreements: int
    reviews: int
    escalations: int
    person_ids: list[uuid.UUID]


@dataclass
class _Rows:
    """One batch of rows, inserted in the order of their foreign keys."""

    persons: list[Person] = field(default_factory=list)
    referrals: list[Referral] = field(default_factory=list)
    referral_persons: list[ReferralPerson] = field(default_factory=list)
    events: list[ReferralEvent] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    case_persons: list[CasePerson] = field(default_factory=list)
    case_themes: list[models.Model] = field(default_factory=list)
    participants: list[CaseParticipant] = field(default_factory=list)
    status_changes: list[CaseStatusChange] = field(default_factory=list)
    conferences: list[Conference] = field(default_factory=list)
    items: list[AgendaItem] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    versions: list[PlanVersion] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    reviews: list[CaseReview] = field(default_factory=list)
    escalations: list[Escalation] = field(default_factory=list)
    journal: list[CaseJournalEntry] = field(default_factory=list)

    def insert(self) -> None:
        # A referral may name a case of the same batch (linked_case): foreign keys are
        # checked at commit, as Django declares them deferrable.
        for rows in vars(self).values():
            if rows:
                type(rows[0])._default_manager.bulk_create(rows, batch_size=BATCH)
        # Created when they happened, not when generated: lists ordered by creation (the case
        # list, newest first) put the history behind what the house does today.
        Referral.objects.filter(id__in=[r.id for r in self.referrals]).update(
            created_at=F("received_at")
        )
        Case.objects.filter(id__in=[c.id for c in self.cases]).update(created_at=F("opened_at"))
        # What the review service keeps beside each review it writes.
        zrm_changes_refresh({review.case_id for review in self.reviews})


class _Numbers:
    """Running numbers per series and year, as `zvh.core.numbering` writes them, continuing
    after what the house already has; the counters are brought up to date at the end."""

    def __init__(self, house: House, tag: str) -> None:
        self.house, self.tag = house, tag
        self.values: dict[tuple[str, int], int] = {}

    def next(self, name: str, prefix: str, year: int, model: type[models.Model]) -> str:
        key = (name, year)
        if key not in self.values:
            start = f"{prefix}-{self.tag}{year}-"
            existing = [
                int(number[len(start) :])
                for number in model._default_manager.filter(
                    house=self.house, number__startswith=start
                ).values_list("number", flat=True)
                if number[len(start) :].isdigit()
            ]
            counter = Counter.objects.filter(house_id=self.house.id, name=name, year=year).first()
            self.values[key] = max([0, *existing, counter.value if counter else 0])
        self.values[key] += 1
        return f"{prefix}-{self.tag}{year}-{self.values[key]:06d}"

    def save(self) -> None:
        if self.tag:
            return  # a tagged series is the history's own: the services' counters stay as they are
        for (name, year), value in self.values.items():
            counter, _ = Counter.objects.get_or_create(house_id=self.house.id, name=name, year=year)
            if counter.value < value:
                counter.value = value
                counter.save(update_fields=["value"])


def _choice(rng: random.Random, weighted: Sequence[tuple[Any, int]]) -> Any:
    return rng.choices([value for value, _ in weighted], [weight for _, weight in weighted])[0]


def _at(day: date, rng: random.Random) -> datetime:
    """A moment during office hours on that local day."""
    local = datetime(day.year, day.month, day.day, rng.randint(8, 16), rng.randint(0, 59))  # noqa: DTZ001 (made aware in the house's zone below)
    return timezone.make_aware(local)


def history_generate(
    cast: HistoryCast,
    *,
    referrals: int,
    end: date,
    days: int = 365,
    seed: int = 2026,
    bsns: Iterable[str] = (),
) -> HistoryMade:
    """`referrals` referrals received over the `days` days up to `end`, and their life.

    About 85% is assessed (two thirds of those accepted), 5% enters directly, the rest waits,
    is withdrawn or forwarded; a sixth of the accepted referrals after the first two months
    joins a case that is already open. Call inside a transaction."""
    rng = random.Random(seed)  # noqa: S311 (fictitious data, reproducible on purpose)
    bsn_pool = iter(bsns)
    themes = list(Theme.objects.filter(house=cast.house, active=True).order_by("position"))
    criteria = [
        str(pk)
        for pk in LocalCriterion.objects.filter(house=cast.house, active=True).values_list(
            "id", flat=True
        )
    ]
    through = Case.themes.through
    numbers = _Numbers(cast.house, cast.number_tag)
    municipality_weights = [max(1, m.inhabitants or 1) for m in cast.municipalities]
    start = end - timedelta(days=days - 1)
    # Arrival days, slightly more towards the end (the house became better known), in order.
    arrivals = sorted(
        start + timedelta(days=min(days - 1, int(days * rng.random() ** 0.85)))
        for _ in range(referrals)
    )
    world = _World(cast, rng, themes, through, numbers, end)
    world.criteria = criteria
    world.start = start
    made = dict.fromkeys(("assessments", "cases", "agreements", "reviews", "escalations"), 0)
    person_ids: list[uuid.UUID] = []
    for first in range(0, referrals, BATCH):
        rows = _Rows()
        for index in range(first, min(first + BATCH, referrals)):
            world.referral(rows, arrivals[index], municipality_weights, bsn_pool)
        rows.insert()
        made["assessments"] += len(rows.assessments)
        made["cases"] += len(rows.cases)
        made["agreements"] += len(rows.agreements)
        made["reviews"] += len(rows.reviews)
        made["escalations"] += len(rows.escalations)
        person_ids += [person.id for person in rows.persons]
    numbers.save()
    return HistoryMade(referrals=referrals, person_ids=person_ids, **made)


class _World:
    def __init__(
        self,
        cast: HistoryCast,
        rng: random.Random,
        themes: list[Theme],
        through: type[models.Model],
        numbers: _Numbers,
        end: date,
    ) -> None:
        self.cast, self.rng, self.themes, self.through = cast, rng, themes, through
        self.numbers, self.end = numbers, end
        self.start = end
        self.criteria: list[str] = []
        self.now = min(timezone.now(), _at(end, rng).replace(hour=17))
        self.decider = cast.coordinators[0]
        self.open_cases: list[tuple[Case, datetime | None]] = []  # (case, closes at or None)
        self.tag = cast.number_tag

    # --- referrals and triage ------------------------------------------------------------------

    def referral(
        self,
        rows: _Rows,
        day: date,
        municipality_weights: list[int],
        bsns: Any,
    ) -> None:
        rng, cast = self.rng, self.cast
        received = _at(day, rng)
        if received > self.now:
            received = self.now - timedelta(minutes=rng.randint(5, 120))
        municipality = rng.choices(cast.municipalities, municipality_weights)[0]
        channel = _choice(rng, CHANNELS)
        organisation = _choice(rng, cast.application_referrers.get(channel, cast.referrers))
        direct = rng.random() < DIRECT_SHARE
        if direct:
            channel = Channel.PRIORITY_LIST
        acute = not direct and rng.random() < ACUTE_SHARE
        orientation = _choice(rng, ORIENTATIONS)
        life_domains = rng.sample(LifeDomain.values, rng.randint(1, 4))
        chains = rng.sample(
            ["criminal_justice", "care", "administrative", "social"], rng.randint(1, 3)
        )
        behaviour = rng.choice(
            [Behaviour.PRESENT, Behaviour.PRESENT, Behaviour.EXPECTED, Behaviour.NONE]
        )
        stuck = rng.random() < 0.35
        # The generated referrers who name trouble in relations or the network also say that it
        # affects the system (so the history's figures stay as they were).
        system_impact = any(domain.value in life_domains for domain in SYSTEM_HINT_DOMAINS)
        referral = Referral(
            house=cast.house,
            number=self.numbers.next("referral", "A", received.year, Referral),
            channel=channel,
            source=Source.PRIORITY_LIST if channel == Channel.PRIORITY_LIST else Source.PARTNER,
            referring_organisation=organisation,
            received_at=received,
            orientation=orientation,
            municipality=municipality,
            reason=rng.choice(REASONS),
            request=rng.choice(REQUESTS),
            life_domains=life_domains,
            behaviour=behaviour,
            chains_involved=chains,
            system_impact=system_impact,
            local_approach_tried=stuck or rng.random() < 0.5,
            local_approach_stuck=stuck,
            urgency=Urgency.ACUTE if acute else Urgency.REGULAR,
            acute_deadline=received + timedelta(hours=24) if acute else None,
            entered_without_triage=direct,
            status=ReferralStatus.ENTERED_DIRECTLY if direct else ReferralStatus.RECEIVED,
        )
        rows.referrals.append(referral)
        persons = 2 if orientation == Orientation.SYSTEM else 1
        made = [self.person(rows, municipality, bsns) for _ in range(persons)]
        rows.referral_persons += [ReferralPerson(referral=referral, person=p) for p in made]
        rows.events.append(ReferralEvent(referral=referral, kind=EventKind.RECEIVED, at=received))
        if direct:
            rows.events.append(
                ReferralEvent(referral=referral, kind=EventKind.ENTERED_WITHOUT_TRIAGE, at=received)
            )
            self.case(rows, referral, made, opened=received + timedelta(hours=rng.randint(1, 48)))
            return
        if rng.random() < 0.03:
            referral.status = ReferralStatus.WITHDRAWN
            return
        if acute:
            hours = rng.randint(2, 22) if rng.random() < 0.86 else rng.randint(25, 60)
            decided = received + timedelta(hours=hours)
        else:
            decided = received + timedelta(days=rng.randint(3, 24), hours=rng.randint(0, 6))
        if decided >= self.now:
            # The history leaves nothing waiting: what waits for triage is the stories' (and
            # the house's own, later). The newest referrals were decided quickly.
            decided = received + (self.now - received) / 2
        decision = _choice(rng, DECISIONS)
        if rng.random() > 0.15 and decision != Decision.MORE_INFORMATION:
            # Mostly the rule and the decision agree: what the referral says fits the
            # decision (a stuck local approach for an accepted one, none for the others).
            # About one decision in fifteen departs from the rule, with a motivation.
            stuck = decision == Decision.ACCEPTED
            referral.local_approach_stuck = stuck
            referral.local_approach_tried = stuck or referral.local_approach_tried
            if not stuck:
                behaviour = referral.behaviour = Behaviour.NONE
        derivation = derive(
            ReferralFacts(
                life_domains=frozenset(life_domains),
                behaviour=behaviour,
                chain_domains=frozenset(chains),
                orientation=orientation,
                local_approach_stuck=stuck,
                system_impact=system_impact,
            )
        )
        complex_case = is_complex(derivation.answers)
        departs = departs_from_rule(decision, complex_case)
        motivation = (
            rng.choice(DEPARTURE_MOTIVATIONS)
            if departs
            else "Besloten volgens de landelijke criteria."
        )
        rows.assessments.append(
            Assessment(
                referral=referral,
                acute=acute,
                decided_by=self.decider,
                decided_at=decided,
                c1=derivation.answers.c1,
                c2=derivation.answers.c2,
                c3a=derivation.answers.c3a,
                c3b=derivation.answers.c3b,
                c4=derivation.answers.c4,
                derived={
                    "answers": vars(derivation.answers),
                    "reasons": {key: str(value) for key, value in derivation.reasons.items()},
                },
                # The house's own criteria: all met for an accepted referral.
                local_answers={
                    pk: decision == Decision.ACCEPTED or rng.random() < 0.5 for pk in self.criteria
                },
                rule_outcome=complex_case,
                decision=decision,
                departs_from_rule=departs,
                motivation=motivation,
                advice=rng.choice(ADVICE) if decision == Decision.NOT_ACCEPTED else "",
                referred_to=(
                    rng.choice(OtherTable.values) if decision == Decision.REFERRED_ELSEWHERE else ""
                ),
                questions=(
                    "Welke hulp is er al geboden?" if decision == Decision.MORE_INFORMATION else ""
                ),
            )
        )
        referral.status = (
            ReferralStatus.MORE_INFORMATION
            if decision == Decision.MORE_INFORMATION
            else ReferralStatus.DECIDED
        )
        if decision != Decision.MORE_INFORMATION:
            referral.first_decided_at = decided  # as the triage service notes it
        rows.events.append(ReferralEvent(referral=referral, kind=EventKind.DECIDED, at=decided))
        if decision != Decision.ACCEPTED:
            return
        # A new referral about someone whose case is already open joins that case.
        recent = self.open_cases[-60:]
        running = [
            c
            for c, closes in recent
            if c.opened_at is not None
            and c.opened_at < decided
            and (closes is None or closes > decided)
        ]
        if running and rng.random() < 0.3 and (decided.date() - self.start).days > 60:
            referral.linked_case = rng.choice(running)
            return
        self.case(rows, referral, made, opened=decided + timedelta(hours=rng.randint(1, 72)))

    def person(self, rows: _Rows, municipality: Municipality, bsns: Any) -> Person:
        rng = self.rng
        full = rng.choice(SURNAMES).split(" ")
        prefix, surname = " ".join(full[:-1]), full[-1]
        person = Person(
            house=self.cast.house,
            given_names=rng.choice(GIVEN),
            surname_prefix=prefix,
            surname=surname,
            surname_normalised=name_key(surname, prefix),
            date_of_birth=self.end - timedelta(days=rng.randint(14 * 365, 75 * 365)),
            bsn=next(bsns, "") if rng.random() < 0.6 else "",
            municipality=municipality,
        )
        rows.persons.append(person)
        return person

    # --- cases ---------------------------------------------------------------------------------

    def case(
        self, rows: _Rows, referral: Referral, persons: list[Person], opened: datetime
    ) -> None:
        rng, cast = self.rng, self.cast
        if opened >= self.now:
            opened = self.now - timedelta(minutes=rng.randint(1, 60))
        coordinator = rng.choice(cast.coordinators)
        case = Case(
            house=cast.house,
            number=self.numbers.next("case", "C", opened.year, Case),
            case_type=(
                referral.orientation if referral.orientation in CaseType.values else CaseType.PERSON
            ),
            status=CaseStatus.ACCEPTED,
            origin_referral=referral,
            opened_at=opened,
            life_domains=list(referral.life_domains),
            municipality=referral.municipality,
            referring_organisation=referral.referring_organisation,
            process_coordinator=coordinator,
        )
        rows.cases.append(case)
        rows.case_persons += [CasePerson(case=case, person=p) for p in persons]
        for theme in rng.sample(self.themes, min(len(self.themes), rng.choice([1, 1, 2]))):
            rows.case_themes.append(self.through(case_id=case.id, theme_id=theme.id))
        journal = _Journal(rows, case, coordinator)
        journal.add(
            JournalKind.OPENED, opened, data={"without_triage": referral.entered_without_triage}
        )
        rows.status_changes.append(
            CaseStatusChange(
                case=case, from_status="", to_status=CaseStatus.ACCEPTED, at=opened, by=coordinator
            )
        )
        # How long the case runs: most between three months and a year.
        runs = timedelta(days=max(40, int(rng.lognormvariate(math.log(190), 0.45))))
        closes: datetime | None = opened + runs
        if closes is not None and closes >= self.now:
            closes = None
        status: str = CaseStatus.ACCEPTED
        # Participants: two to five partners, by weight.
        chosen: list[Partner] = []
        while len(chosen) < min(len(cast.partners), rng.randint(2, 5)):
            partner = rng.choices(cast.partners, [p.weight for p in cast.partners])[0]
            if partner not in chosen:
                chosen.append(partner)
        for partner in chosen:
            added = opened + timedelta(days=rng.randint(0, 5))  # before the first conference
            if added < self.now:
                rows.participants.append(
                    CaseParticipant(
                        case=case,
                        organisation=partner.organisation,
                        added_at=added,
                        added_by=coordinator,
                        reason="Betrokken bij de hulpverlening",
                    )
                )
                journal.add(
                    JournalKind.PARTICIPANT_ADDED, added, organisation_id=partner.organisation.id
                )
        limit = closes or self.now
        # First case conference, then the plan.
        conference_at = _at((opened + timedelta(days=rng.randint(6, 28))).date(), rng)
        plan = Plan(case=case, status=PlanStatus.DRAFT, revision=1)
        rows.plans.append(plan)
        goals = [
            Goal(plan=plan, life_domain=domain, description="Stabiele situatie zonder overlast")
            for domain in case.life_domains[:3]
        ]
        rows.goals += goals
        set_at: datetime | None = None
        if conference_at < limit:
            self.conference(rows, case, coordinator, conference_at)
            status = self.move(
                rows, journal, case, status, CaseStatus.PLAN_IN_PREPARATION, conference_at
            )
            candidate = conference_at + timedelta(days=rng.randint(1, 35))
            if candidate < limit:
                set_at = candidate
                plan.status, plan.set_at, plan.first_set_at, plan.set_by, plan.set_revision = (
                    PlanStatus.SET,
                    set_at,
                    set_at,
                    coordinator,
                    1,
                )
                journal.add(JournalKind.PLAN_SET, set_at, data={"revision": 1})
                status = self.move(rows, journal, case, status, CaseStatus.IN_EXECUTION, set_at)
        rows.versions.append(
            PlanVersion(
                plan=plan,
                number=1,
                created_at=set_at or conference_at if conference_at < limit else opened,
                author=coordinator,
                change="goals",
                snapshot={"status": plan.status, "goals": [], "agreements": []},
            )
        )
        agreements: list[Agreement] = []
        if set_at is not None:
            agreements = self.agreements(rows, case, plan, chosen, coordinator, set_at, closes)
            self.reviews(rows, journal, case, goals, coordinator, set_at, closes)
            if rng.random() < 0.18:
                self.escalation(rows, case, coordinator, agreements, set_at, limit)
            if rng.random() < 0.3 and set_at + timedelta(days=60) < limit:
                later = _at((set_at + timedelta(days=rng.randint(40, 120))).date(), rng)
                if later < limit:
                    self.conference(rows, case, coordinator, later)
        if closes is not None:
            reason = _choice(rng, CLOSURES)
            if reason == ClosureReason.STEPPED_DOWN:
                proposed = closes - timedelta(days=rng.randint(7, 30))
                if status == CaseStatus.IN_EXECUTION and proposed > (set_at or opened):
                    status = self.move(
                        rows, journal, case, status, CaseStatus.STEP_DOWN_PROPOSED, proposed
                    )
                case.receiving_party = rng.choice(RECEIVING)
                owner = rng.choice(chosen)
                case.receiving_organisation = owner.organisation
            rows.status_changes.append(
                CaseStatusChange(
                    case=case,
                    from_status=status,
                    to_status=CaseStatus.CLOSED,
                    at=closes,
                    by=coordinator,
                    closure_reason=reason,
                )
            )
            journal.add(JournalKind.CLOSED, closes, data={"reason": reason})
            case.closure_reason = reason
            case.closed_at = closes
            before, status = status, CaseStatus.CLOSED
            # A few come back: reopened within months, back to where they were.
            back = closes + timedelta(days=rng.randint(20, 150))
            if rng.random() < 0.05 and back < self.now:
                rows.status_changes.append(
                    CaseStatusChange(
                        case=case,
                        from_status=CaseStatus.CLOSED,
                        to_status=before,
                        at=back,
                        by=coordinator,
                        note="Opnieuw zorgen gemeld; casus heropend.",
                    )
                )
                journal.add(JournalKind.REOPENED, back, data={"to": before})
                status, case.closed_at, case.closure_reason = before, None, ""
                case.receiving_party, case.receiving_organisation = "", None
                case.next_review_date = (back + timedelta(weeks=4)).date()
                closes = None
        case.status = status
        if status != CaseStatus.CLOSED and case.next_review_date is None:
            case.next_review_date = (set_at or opened).date() + timedelta(weeks=6)
        self.open_cases.append((case, closes))
        if len(self.open_cases) > 400:  # only the newest are joined by a later referral
            del self.open_cases[:200]

    def move(
        self, rows: _Rows, journal: _Journal, case: Case, before: str, after: str, at: datetime
    ) -> str:
        rows.status_changes.append(
            CaseStatusChange(case=case, from_status=before, to_status=after, at=at, by=journal.by)
        )
        journal.add(JournalKind.STATUS_CHANGED, at, data={"from": before, "to": after})
        return after

    def conference(self, rows: _Rows, case: Case, coordinator: User, at: datetime) -> None:
        conference = Conference(
            house=self.cast.house,
            number=self.numbers.next("conference", "O", at.year, Conference),
            kind=ConferenceKind.CASE,
            starts_at=at,
            ends_at=at + timedelta(hours=1),
            location="Veiligheidshuis, overlegruimte",
            status=ConferenceStatus.HELD,
            created_by=coordinator,
            held_at=at + timedelta(hours=1),
        )
        rows.conferences.append(conference)
        if case.first_conference_at is None or at < case.first_conference_at:
            case.first_conference_at = at  # as closing the conference does
        rows.items.append(
            AgendaItem(
                conference=conference,
                case=case,
                position=0,
                minutes="Besproken; afspraken verdeeld.",
                minutes_by=coordinator,
                minutes_at=conference.held_at,
            )
        )

    def agreements(
        self,
        rows: _Rows,
        case: Case,
        plan: Plan,
        partners: list[Partner],
        coordinator: User,
        set_at: datetime,
        closes: datetime | None,
    ) -> list[Agreement]:
        """Two to six agreements; when due: done on time, done late, not delivered, lapsed, or
        still open (overdue); a closed case keeps no open agreement."""
        rng, today = self.rng, self.end
        made = []
        for _ in range(rng.randint(2, 6)):
            partner = rng.choices(partners, [p.weight for p in partners])[0]
            due = (set_at + timedelta(days=rng.randint(14, 120))).date()
            completed: datetime | None = None
            roll = rng.random()
            if due < today:
                if roll < 0.55:
                    status, completed = (
                        AgreementStatus.DONE,
                        _at(due - timedelta(days=rng.randint(0, 12)), rng),
                    )
                elif roll < 0.72:
                    status, completed = (
                        AgreementStatus.DONE,
                        _at(due + timedelta(days=rng.randint(1, 30)), rng),
                    )
                elif roll < 0.80:
                    status, completed = (
                        AgreementStatus.NOT_DELIVERED,
                        _at(due + timedelta(days=rng.randint(0, 20)), rng),
                    )
                elif roll < 0.88:
                    status, completed = (
                        AgreementStatus.CANCELLED,
                        _at(due + timedelta(days=rng.randint(0, 20)), rng),
                    )
                else:
                    status = AgreementStatus.OPEN  # overdue
            elif roll < 0.2:
                status, completed = (
                    AgreementStatus.DONE,
                    _at(today - timedelta(days=rng.randint(0, 10)), rng),
                )
            else:
                status = AgreementStatus.OPEN
            if completed is not None and completed < set_at:
                completed = set_at + timedelta(hours=2)
            ceiling = closes or self.now
            if completed is not None and completed > ceiling:
                completed = ceiling - timedelta(hours=1)
            if closes is not None and status == AgreementStatus.OPEN:
                status, completed = AgreementStatus.CANCELLED, closes - timedelta(hours=1)
            made.append(
                Agreement(
                    plan=plan,
                    case=case,
                    house=self.cast.house,
                    what=rng.choice(WHATS),
                    domain=partner.domain,
                    owner_organisation=partner.organisation,
                    owner_user=partner.contact,
                    due_date=due,
                    status=status,
                    note="" if status == AgreementStatus.OPEN else "Afgehandeld",
                    completed_at=completed,
                    completed_by=partner.contact if completed else None,
                    created_by=coordinator,
                )
            )
        rows.agreements += made
        return made

    def reviews(
        self,
        rows: _Rows,
        journal: _Journal,
        case: Case,
        goals: list[Goal],
        coordinator: User,
        set_at: datetime,
        closes: datetime | None,
    ) -> None:
        """Every six to ten weeks after the plan is set. ZRM 1-5 per goal's life domain: a
        low first score, mostly improving later, some the same or worse."""
        rng = self.rng
        limit = (closes or self.now).date()
        held = set_at.date() + timedelta(days=rng.randint(35, 70))
        scores = {goal.life_domain: rng.choice([1, 1, 2, 2, 3]) for goal in goals}
        while held < limit:
            rows.reviews.append(
                CaseReview(
                    case=case,
                    held_on=held,
                    author=coordinator,
                    progress={str(goal.id): "Stap gezet; afspraken lopen." for goal in goals},
                    goal_domains={str(goal.id): goal.life_domain for goal in goals},
                    zrm_scores=dict(scores),
                    next_review_date=held + timedelta(weeks=6),
                )
            )
            journal.add(
                JournalKind.REVIEW,
                _at(held, rng),
                data={
                    "held_on": held.isoformat(),
                    "next_review_date": (held + timedelta(weeks=6)).isoformat(),
                },
            )
            case.next_review_date = held + timedelta(weeks=rng.choice([6, 6, 8]))
            for domain in scores:
                step = _choice(rng, ((1, 50), (0, 35), (-1, 15)))
                scores[domain] = min(5, max(1, scores[domain] + step))
            held += timedelta(days=rng.randint(42, 70))
        if closes is not None:
            case.next_review_date = None

    def escalation(
        self,
        rows: _Rows,
        case: Case,
        coordinator: User,
        agreements: list[Agreement],
        set_at: datetime,
        limit: datetime,
    ) -> None:
        rng = self.rng
        proposed = set_at + timedelta(days=rng.randint(10, 90))
        if proposed >= limit:
            return
        reason = _choice(rng, ESCALATION_REASONS)
        stuck = next(
            (
                a
                for a in agreements
                if a.status in (AgreementStatus.OPEN, AgreementStatus.NOT_DELIVERED)
            ),
            None,
        )
        raised = proposed + timedelta(days=rng.randint(1, 7))
        outcome = _choice(
            rng,
            (
                (EscalationStatus.RESOLVED, 50),
                (EscalationStatus.UNRESOLVED, 20),
                (EscalationStatus.RAISED, 25),
                (EscalationStatus.PROPOSED, 5),
            ),
        )
        closed = raised + timedelta(days=rng.randint(5, 60))
        if outcome in (EscalationStatus.RESOLVED, EscalationStatus.UNRESOLVED) and closed >= limit:
            outcome = EscalationStatus.RAISED
        if raised >= limit:
            outcome = EscalationStatus.PROPOSED
        if outcome in (EscalationStatus.RAISED, EscalationStatus.PROPOSED) and limit < self.now:
            # The case closed: an escalation still open then was closed with it.
            outcome, closed = EscalationStatus.UNRESOLVED, limit - timedelta(hours=1)
            raised = min(raised, closed - timedelta(hours=1))
        is_raised = outcome != EscalationStatus.PROPOSED
        is_closed = outcome in (EscalationStatus.RESOLVED, EscalationStatus.UNRESOLVED)
        rows.escalations.append(
            Escalation(
                case=case,
                house=self.cast.house,
                status=outcome,
                reason=reason,
                explanation="De samenwerking loopt vast; er is een besluit nodig.",
                agreement=stuck if reason == EscalationReason.PARTNER_NOT_DELIVERING else None,
                proposed_by=coordinator,
                proposed_at=proposed,
                raised_by=coordinator if is_raised else None,
                raised_at=raised if is_raised else None,
                addressee=rng.choice(self.cast.addressees) if is_raised else None,
                response=(
                    (
                        "Opgepakt met de directie van de partner."
                        if outcome == EscalationStatus.RESOLVED
                        else "Geen oplossing gevonden."
                    )
                    if is_closed
                    else ""
                ),
                closed_at=closed if is_closed else None,
            )
        )


class _Journal:
    """Journal lines of one case, as the services write them (codes, not rendered text)."""

    def __init__(self, rows: _Rows, case: Case, by: User) -> None:
        self.rows, self.case, self.by = rows, case, by

    def add(self, kind: str, at: datetime, **values: Any) -> None:
        values.setdefault("by_id", self.by.id)
        values.setdefault("by_organisation_id", self.by.organisation_id)
        self.rows.journal.append(CaseJournalEntry(case=self.case, at=at, kind=kind, **values))
