"""The case-work story of Regio Noord, told through the real services as the screens call them.

It continues the referral story (zvh.demo.story), whose two accepted referrals opened two cases:

1. **Youri Visser, from referral to step-down.** The process coordinator adds the partners
   (police, GGZ, the municipality, the social team, probation and the night shelter, which is
   no party to the privacy covenant), assigns the roles, and holds a Casus op Maat. The night
   shelter's professional accepts the confidentiality declaration first. Each decision makes
   agreements; the goals are set per life domain and the plan is set. Partners add information
   items, among them a health item of the GGZ that the police does not see (no consent is
   recorded: the demo's user can record it). The agreements are delivered, a review records
   ZRM scores, and the case is stepped down to the social team, with one criterion met by a
   documented exception.
2. **Gerard Mensink, stuck.** The acute case gets its partners, plan and agreements. The GGZ
   cannot deliver its assessment; the case director proposes an escalation, the process
   coordinator raises it to the chain manager, who raises it on to the mayor of Zwolle. The
   escalation is left open for the mayor to answer. The case carries a requested justice
   response, which the hit/no-hit signal returns to ZSM.

Everything happens today, in this order: the services refuse back-dated plans, agreements,
conferences and reviews (the information items' contact dates are the only dates set earlier).
The conference is planned to begin a moment from now, and the story waits for it to begin:
minutes and decisions are recorded only once a conference has begun (docs/decisions/0148).

The story is told once: only while both cases are as the referral story left them (accepted,
no participants, no plan). A second run, or a run after someone worked on them, leaves them
alone. See docs/demo.md.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from zvh.accounts.models import User
from zvh.authz.actor import Actor
from zvh.cases.models import Case, CaseStatus, Escalation, EscalationReason, Theme
from zvh.cases.services import (
    case_assign_roles,
    case_change_status,
    case_set_justice_response,
    case_update_details,
    participant_add,
)
from zvh.conferences.models import Conference, ConferenceKind
from zvh.conferences.services import (
    ConferenceInput,
    DecisionInput,
    Schedule,
    active_declaration,
    conference_close,
    conference_create,
    decision_record,
    declaration_accept,
    minutes_save,
)
from zvh.core.life_domains import LifeDomain
from zvh.escalation.services import EscalationInput, escalation_propose, escalation_raise
from zvh.network.models import House, Organisation
from zvh.plans.models import Agreement, InterventionDomain, Plan
from zvh.plans.services import (
    AgreementInput,
    agreement_complete,
    agreement_create,
    agreement_mark_not_delivered,
    plan_goal_set,
    plan_set,
)
from zvh.sharing.categories import DEFAULT_LEGAL_BASES, InformationCategory, Purpose
from zvh.sharing.models import LegalBasis
from zvh.sharing.services import NewItem, item_add
from zvh.stepdown.review import case_review_record, review_goals
from zvh.stepdown.services import CriterionJudgement, StepDown, case_step_down, step_down_criteria

from . import story
from .story import WebReferral, user_actor

COORDINATOR = story.COORDINATOR
CHAIN_MANAGER = "demo-ketenmanager"
POLICE = story.POLICE
GGZ = "demo-partner-ggz"
MUNICIPALITY = story.MUNICIPALITY
SHELTER = "demo-partner-opvang"
MAYOR = "demo-bestuurder"

_D = LifeDomain
_I = InterventionDomain

# --- Youri Visser -----------------------------------------------------------------------------

YOURI_THEMES = ("domestic_violence",)
# (organisation, reason): the process coordinator's reason for each, as the form asks it.
YOURI_PARTICIPANTS = (
    ("politie-noord", "Meldende partij: vijf aanhoudingen sinds de zomer, wijkagent kent Youri."),
    ("ggz-noord", "Verslavingszorg: dagelijks cocaïnegebruik, behandeling nodig."),
    ("gemeente-zwolle", "Schulden, inkomen en een woonplek: bijstand en beschermd wonen."),
    ("wijkteam-zwolle", "Ondersteuning van moeder en zus; neemt na afschaling de zorg over."),
    ("reclassering", "Advies over een justitieel kader bij de openstaande zaken."),
    ("opvang-noord", "Youri slaapt in de nachtopvang sinds hij zijn kamer kwijt is."),
)
YOURI_CASE_DIRECTOR = GGZ
CONFERENCE_LOCATION = "Veiligheidshuis Regio Noord, Zwolle, overlegruimte 2"
CONFERENCE_INVITEES = (POLICE, GGZ, MUNICIPALITY, SHELTER)
CONFERENCE_DURATION = timedelta(hours=1, minutes=30)
# The conference begins this long after it is planned; the story waits for it (see above).
CONFERENCE_LEAD = timedelta(milliseconds=200)
MINUTES = (
    "Aanwezig: procesregisseur, wijkagent, verslavingszorg (GGZ), gemeente Zwolle en de "
    "nachtopvang. De medewerker van de nachtopvang heeft vooraf de geheimhoudingsverklaring "
    "geaccepteerd.\n\n"
    "Youri is sinds de zomer vijf keer aangehouden; het geweld richt zich op moeder en zus. "
    "Hij gebruikt dagelijks cocaïne en heeft schulden bij meerdere partijen. Hij slaapt in de "
    "nachtopvang en wil zelf hulp. De partners spreken af samen één plan uit te voeren: "
    "behandeling, een woonplek en schuldhulp, met een strikt contactverbod als kader."
)


@dataclass(frozen=True)
class DemoAgreement:
    owner: str  # username
    what: str
    domain: str
    due_in_days: int
    done_note: str


@dataclass(frozen=True)
class DemoDecision:
    text: str
    agreements: tuple[DemoAgreement, ...]


YOURI_DECISIONS = (
    DemoDecision(
        "Youri start binnen twee weken met behandeling bij de verslavingszorg.",
        (
            DemoAgreement(
                GGZ,
                "Intake verslavingszorg en start van de ambulante behandeling.",
                _I.CARE,
                14,
                "Intake gehouden; Youri komt wekelijks en levert urinecontroles in.",
            ),
        ),
    ),
    DemoDecision(
        "Youri krijgt een vaste slaapplek, een inkomen en hulp bij zijn schulden.",
        (
            DemoAgreement(
                SHELTER,
                "Youri houdt een vaste slaapplek in de nachtopvang tot hij woonruimte heeft.",
                _I.SOCIAL,
                7,
                "Vast bed toegewezen; hij houdt zich aan de huisregels.",
            ),
            DemoAgreement(
                MUNICIPALITY,
                "Aanvraag bijstand en aanmelding bij de schuldhulpverlening.",
                _I.SOCIAL,
                21,
                "Bijstand toegekend; de schulden zijn in beeld en een regeling is aangevraagd.",
            ),
        ),
    ),
    DemoDecision(
        "Het contactverbod met moeder en zus blijft; de politie ziet toe op de naleving.",
        (
            DemoAgreement(
                POLICE,
                "Toezicht op het contactverbod; elke overtreding meteen melden aan de "
                "procesregisseur.",
                _I.CRIMINAL_JUSTICE,
                28,
                "Geen overtredingen gemeld; moeder en zus voelen zich veiliger.",
            ),
        ),
    ),
)
YOURI_GOALS = {
    _D.FINANCES: "Youri heeft een inkomen en een betalingsregeling voor zijn schulden.",
    _D.HOUSING: "Youri heeft een vaste slaapplek en zicht op eigen woonruimte.",
    _D.SUBSTANCE_USE: "Youri is in behandeling en gebruikt geen cocaïne meer.",
    _D.DOMESTIC_RELATIONS: "Moeder en zus zijn veilig; het contact verloopt alleen op hun "
    "voorwaarden.",
    _D.JUSTICE: "Youri pleegt geen nieuwe strafbare feiten en houdt zich aan het contactverbod.",
}
YOURI_PROGRESS = {
    _D.FINANCES: "Bijstand loopt; schuldhulp heeft een regeling aangevraagd.",
    _D.HOUSING: "Vast bed in de nachtopvang; ingeschreven voor een kamer.",
    _D.SUBSTANCE_USE: "In behandeling, urinecontroles schoon.",
    _D.DOMESTIC_RELATIONS: "Geen incidenten; moeder wil weer contact via het wijkteam.",
    _D.JUSTICE: "Geen nieuwe aanhoudingen.",
}
# ZRM scores at the review (1 acute problems, 5 fully self-reliant).
YOURI_ZRM = {
    _D.FINANCES: 3,
    _D.HOUSING: 2,
    _D.MENTAL_HEALTH: 3,
    _D.SUBSTANCE_USE: 3,
    _D.DOMESTIC_RELATIONS: 3,
    _D.SOCIAL_NETWORK: 3,
    _D.JUSTICE: 4,
}
STEP_DOWN_NOTE = "Afgeschaald naar het sociaal wijkteam; de verslavingszorg behandelt door."
RECEIVING_ORGANISATION = "wijkteam-zwolle"
RECEIVING_PERSON = "Marieke Jansen, wijkcoach Zwolle-Zuid"
# The criterion the house judges not yet met, and why it steps down all the same.
STEP_DOWN_EXCEPTION_CODE = "goals_or_stable"
STEP_DOWN_EXCEPTION = (
    "De situatie is stabiel, maar nog geen drie maanden. Het wijkteam ziet Youri wekelijks en "
    "meldt hem opnieuw aan bij een terugval; de verslavingszorg behandelt door."
)


@dataclass(frozen=True)
class DemoItem:
    author: str  # username
    days_ago: int
    category: str
    legal_basis: str  # the name of one of the house's legal bases
    purpose: str
    text: str


_GENERAL_BASIS, _CRIMINAL_BASIS, _HEALTH_BASIS = (basis[0] for basis in DEFAULT_LEGAL_BASES[:3])

# Contributed before the conference.
YOURI_ITEMS = (
    DemoItem(
        POLICE,
        5,
        InformationCategory.CRIMINAL_JUSTICE,
        _CRIMINAL_BASIS,
        Purpose.RISK_ASSESSMENT,
        "Vijf aanhoudingen sinds juli: drie keer vernieling, twee keer bedreiging van zijn "
        "moeder. Bij de laatste aanhouding is een mes in beslag genomen. Het OM houdt de zaken "
        "aan in afwachting van het plan van aanpak.",
    ),
    DemoItem(
        MUNICIPALITY,
        4,
        InformationCategory.GENERAL,
        _GENERAL_BASIS,
        Purpose.COORDINATION,
        "Youri heeft zich bij de gemeente gemeld voor een uitkering en hulp bij zijn schulden. "
        "Hij staat niet meer ingeschreven bij zijn moeder; een briefadres is geregeld.",
    ),
    DemoItem(
        SHELTER,
        2,
        InformationCategory.GENERAL,
        _GENERAL_BASIS,
        Purpose.COORDINATION,
        "Youri slaapt sinds vorige week in de nachtopvang. Rustig, houdt zich aan de "
        "huisregels, zegt dat hij van de drugs af wil.",
    ),
)
# Contributed after the intake: the police does not see it until Youri's consent is recorded.
HEALTH_ITEM = DemoItem(
    GGZ,
    1,
    InformationCategory.HEALTH,
    _HEALTH_BASIS,
    Purpose.PLAN_EXECUTION,
    "Intake verslavingszorg: ernstige stoornis in het gebruik van cocaïne en vermoedelijk ADHD. "
    "Start ambulante behandeling met wekelijkse gesprekken en urinecontroles; onderzoek naar "
    "ADHD volgt. Youri is gemotiveerd.",
)

# --- Gerard Mensink ---------------------------------------------------------------------------

ACUTE_THEMES = ("confused_behaviour", "nuisance")
ACUTE_PARTICIPANTS = (
    ("gemeente-zwolle", "Aanmeldende partij; regie op de ontruiming namens de gemeente."),
    ("ggz-noord", "Beoordeling van de psychische toestand vóór de ontruiming."),
    ("politie-noord", "Dreiging met brandstichting; veiligheid van buren en hulpverleners."),
    ("woning-noord", "Verhuurder; voert de ontruiming uit."),
)
ACUTE_CASE_DIRECTOR = MUNICIPALITY
JUSTICE_RESPONSE = (
    "Bij een aanhouding: vóór een ZSM-beslissing afstemmen met de procesregisseur. Voorkeur "
    "voor een voorwaardelijke afdoening met verplichte GGZ-behandeling boven alleen een "
    "taakstraf."
)
ACUTE_GOALS = {
    _D.FINANCES: "De huurachterstand is in een betalingsregeling ondergebracht.",
    _D.HOUSING: "Meneer Mensink houdt een dak boven zijn hoofd; een ontruiming verloopt zonder "
    "geweld.",
    _D.MENTAL_HEALTH: "Meneer Mensink is door de GGZ beoordeeld en krijgt passende zorg.",
}
STUCK_AGREEMENT = DemoAgreement(
    GGZ,
    "Crisisbeoordeling door de GGZ bij meneer Mensink thuis, vóór de ontruiming.",
    _I.CARE,
    0,
    "",
)
ACUTE_AGREEMENTS = (
    STUCK_AGREEMENT,
    DemoAgreement(
        MUNICIPALITY,
        "Woonstichting De Vechtoever vragen de ontruiming uit te stellen tot na de "
        "GGZ-beoordeling.",
        _I.ADMINISTRATIVE,
        2,
        "",
    ),
    DemoAgreement(
        POLICE,
        "De wijkagent gaat mee bij het huisbezoek en is bij een ontruiming aanwezig.",
        _I.CRIMINAL_JUSTICE,
        3,
        "",
    ),
)
ESCALATION_EXPLANATION = (
    "De GGZ laat weten de crisisbeoordeling niet vóór de ontruiming te kunnen doen: geen "
    "capaciteit voor een huisbezoek, en meneer weigert zelf contact. Zonder beoordeling stelt "
    "de woningcorporatie de ontruiming niet uit, en de dreiging met brandstichting staat nog. "
    "Nodig: een besluit op bestuurlijk niveau over uitstel van de ontruiming of inzet van de "
    "crisisdienst."
)
NOT_DELIVERED_NOTE = (
    "Geen beoordeling mogelijk vóór de ontruiming: de crisisdienst ziet geen acute grond voor "
    "een huisbezoek en heeft deze week geen capaciteit. Meneer weigert contact."
)


# --- telling it -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoCasework:
    """What the command prints: the two cases and the conference, as they are now."""

    stepped_down: Case
    stuck: Case
    conference: Conference | None
    escalation: Escalation | None


def casework_tell(*, house: House, organisations: dict[str, Organisation]) -> DemoCasework | None:
    """Tells the story if both cases are as the referral story left them; returns the cases
    (None when the referral story's cases are not there)."""
    youri = _case_of(house, story.POLICE_REFERRAL)
    acute = _case_of(house, story.ACUTE_REFERRAL)
    if youri is None or acute is None:
        return None
    if _untouched(youri) and _untouched(acute):
        _youri(house, youri, organisations)
        _acute(house, acute, organisations)
    return DemoCasework(
        stepped_down=_fresh(youri),
        stuck=_fresh(acute),
        conference=Conference.objects.filter(items__case=youri).order_by("starts_at").first(),
        escalation=acute.escalations.order_by("proposed_at").first(),
    )


def _case_of(house: House, referral: WebReferral) -> Case | None:
    return Case.objects.filter(
        house=house,
        origin_referral__isnull=False,
        persons__bsn=referral.person.bsn,
    ).first()


def _untouched(case: Case) -> bool:
    return (
        case.status == CaseStatus.ACCEPTED
        and not case.participants.exists()
        and not Plan.objects.filter(case=case).exists()
    )


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _fresh(case: Case) -> Case:
    """The case as a screen opened now shows it."""
    case.refresh_from_db()
    return case


def _opened(case: Case) -> int:
    """The version a form opened now would carry: every change moves it."""
    return _fresh(case).version


def _prepare(
    house: House,
    case: Case,
    organisations: dict[str, Organisation],
    *,
    themes: tuple[str, ...],
    participants: tuple[tuple[str, str], ...],
    case_director: str,
) -> None:
    """Type and themes, the participating organisations, the roles, and the plan's turn."""
    coordinator = user_actor(COORDINATOR, house)
    case_update_details(
        actor=coordinator,
        case=case,
        expected_version=_opened(case),
        case_type=case.case_type,
        themes=list(Theme.objects.filter(house=house, code__in=themes)),
        # Set when the case opened; a case opened by an older demo may have passed it.
        next_review_date=max(case.next_review_date, timezone.localdate())
        if case.next_review_date
        else None,
    )
    for key, reason in participants:
        participant_add(
            actor=coordinator,
            case=case,
            expected_version=_opened(case),
            organisation=organisations[key],
            reason=reason,
        )
    case_assign_roles(
        actor=coordinator,
        case=case,
        expected_version=_opened(case),
        process_coordinator=_user(COORDINATOR),
        case_director=_user(case_director),
    )
    case_change_status(
        actor=coordinator,
        case=case,
        expected_version=_opened(case),
        to_status=CaseStatus.PLAN_IN_PREPARATION,
    )


def _set_plan(house: House, case: Case, goals: dict[LifeDomain, str]) -> None:
    """Goals per life domain, the plan set as the coordinator saw it, and execution starts."""
    coordinator = user_actor(COORDINATOR, house)
    plan = Plan.objects.filter(case=case).first()
    plan_goal_set(
        actor=coordinator,
        case=_fresh(case),
        expected_version=plan.version if plan else 1,
        goals={str(domain): text for domain, text in goals.items()},
    )
    # Setting the plan moves the case to "in execution" (decision 0178).
    plan_set(
        actor=coordinator,
        case=_fresh(case),
        expected_revision=Plan.objects.get(case=case).revision,
    )


def _agreement_input(spec: DemoAgreement) -> AgreementInput:
    return AgreementInput(
        what=spec.what,
        domain=spec.domain,
        owner=_user(spec.owner),
        due_date=timezone.localdate() + timedelta(days=spec.due_in_days),
    )


def _add_item(house: House, case: Case, spec: DemoItem) -> None:
    item_add(
        actor=user_actor(spec.author, house),
        case=case,
        item=NewItem(
            contact_date=timezone.localdate() - timedelta(days=spec.days_ago),
            text=spec.text,
            category=spec.category,
            legal_basis_id=LegalBasis.objects.get(house=house, name=spec.legal_basis).pk,
            purpose=spec.purpose,
        ),
    )


def _youri(house: House, case: Case, organisations: dict[str, Organisation]) -> None:
    coordinator = user_actor(COORDINATOR, house)
    _prepare(
        house,
        case,
        organisations,
        themes=YOURI_THEMES,
        participants=YOURI_PARTICIPANTS,
        case_director=YOURI_CASE_DIRECTOR,
    )
    for item in YOURI_ITEMS:
        _add_item(house, case, item)
    _conference(house, case, coordinator)
    _set_plan(house, case, YOURI_GOALS)
    _add_item(house, case, HEALTH_ITEM)
    _deliver(house, case)
    goals = {goal.life_domain: goal for goal in review_goals(case)}
    case_review_record(
        actor=coordinator,
        case=_fresh(case),
        held_on=timezone.localdate(),
        progress={str(goals[domain].id): text for domain, text in YOURI_PROGRESS.items()},
        zrm_scores={str(domain): score for domain, score in YOURI_ZRM.items()},
    )
    case_change_status(
        actor=coordinator,
        case=case,
        expected_version=_opened(case),
        to_status=CaseStatus.STEP_DOWN_PROPOSED,
        note="Doelen grotendeels bereikt; het wijkteam kan de zorg overnemen.",
    )
    case_step_down(
        actor=coordinator,
        case=case,
        expected_version=_opened(case),
        step_down=StepDown(
            judgements={
                criterion.id: CriterionJudgement(met=False, exception=STEP_DOWN_EXCEPTION)
                if criterion.code == STEP_DOWN_EXCEPTION_CODE
                else CriterionJudgement(met=True)
                for criterion in step_down_criteria(house.id)
            },
            receiving_organisation=organisations[RECEIVING_ORGANISATION],
            receiving_person=RECEIVING_PERSON,
            note=STEP_DOWN_NOTE,
        ),
    )


def _conference(house: House, case: Case, coordinator: Actor) -> None:
    """The Casus op Maat: planned to begin now, the non-party's declaration accepted first,
    minutes and decisions with agreements, and closed."""
    starts_at = timezone.now() + CONFERENCE_LEAD
    conference = conference_create(
        actor=coordinator,
        data=ConferenceInput(
            kind=ConferenceKind.CASE,
            schedule=Schedule(
                starts_at=starts_at,
                ends_at=starts_at + CONFERENCE_DURATION,
                location=CONFERENCE_LOCATION,
            ),
            case=_fresh(case),
            invitees=[_user(username) for username in CONFERENCE_INVITEES],
        ),
    )
    declaration = active_declaration(house.id)
    declaration_accept(
        actor=user_actor(SHELTER, house),
        conference=conference,
        declaration_id=declaration.pk if declaration else None,
    )
    _wait_until(conference.starts_at)
    item = conference.items.get()
    minutes_save(actor=coordinator, item=item, expected_version=item.version, text=MINUTES)
    for decision in YOURI_DECISIONS:
        decision_record(
            actor=coordinator,
            item=item,
            data=DecisionInput(
                text=decision.text,
                agreements=[_agreement_input(spec) for spec in decision.agreements],
            ),
        )
    conference_close(actor=coordinator, conference=conference)


def _wait_until(moment: datetime) -> None:
    delay = (moment - timezone.now()).total_seconds()
    if delay > 0:
        time.sleep(delay + 0.001)


def _deliver(house: House, case: Case) -> None:
    """Each owner reports their agreement done, with what was done."""
    notes = {spec.what: spec.done_note for d in YOURI_DECISIONS for spec in d.agreements}
    for agreement in Agreement.objects.filter(case=case).select_related("owner_user", "case"):
        agreement_complete(
            actor=user_actor(agreement.owner_user.username, house),
            agreement=agreement,
            expected_version=agreement.version,
            note=notes[agreement.what],
        )


def _acute(house: House, case: Case, organisations: dict[str, Organisation]) -> None:
    coordinator = user_actor(COORDINATOR, house)
    _prepare(
        house,
        case,
        organisations,
        themes=ACUTE_THEMES,
        participants=ACUTE_PARTICIPANTS,
        case_director=ACUTE_CASE_DIRECTOR,
    )
    case_set_justice_response(
        actor=coordinator, case=case, expected_version=_opened(case), text=JUSTICE_RESPONSE
    )
    agreements = [
        agreement_create(actor=coordinator, case=_fresh(case), data=_agreement_input(spec))
        for spec in ACUTE_AGREEMENTS
    ]
    _set_plan(house, case, ACUTE_GOALS)
    stuck = agreements[ACUTE_AGREEMENTS.index(STUCK_AGREEMENT)]
    # The case director sees that the GGZ will not deliver, and proposes to escalate ...
    escalation = escalation_propose(
        actor=user_actor(ACUTE_CASE_DIRECTOR, house),
        case=_fresh(case),
        data=EscalationInput(
            reason=EscalationReason.PARTNER_NOT_DELIVERING,
            explanation=ESCALATION_EXPLANATION,
            agreement=stuck,
        ),
    )
    # ... the process coordinator raises it to the chain manager, who raises it on to the
    # mayor: it stays open for the mayor to answer.
    escalation = escalation_raise(
        actor=coordinator, escalation=escalation, addressee=_user(CHAIN_MANAGER)
    )
    escalation_raise(
        actor=user_actor(CHAIN_MANAGER, house), escalation=escalation, addressee=_user(MAYOR)
    )
    stuck.refresh_from_db()
    agreement_mark_not_delivered(
        actor=user_actor(STUCK_AGREEMENT.owner, house),
        agreement=stuck,
        expected_version=stuck.version,
        note=NOT_DELIVERED_NOTE,
    )
