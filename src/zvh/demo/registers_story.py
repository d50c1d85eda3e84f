"""The advice register and the system-signal register of Regio Noord: a year of advice to
professionals (about forty consultations that did not become a case) and six system signals,
some raised to the steering group and one answered (issue 11; decisions 0166 and 0167).

Dates lie in the past year, so the records are written directly (the services validate what a
user enters today; these are the register's history). Each record's arrival is in the access log
like an import. Nothing here is personal data: organisations, municipalities, topics and
obstacles. Told once: a house that already has advice records keeps them.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from zvh.accounts.models import User
from zvh.advice.models import Advice, AdviceTopic
from zvh.audit.models import Action
from zvh.audit.services import audit_record
from zvh.cases.models import Case
from zvh.network.models import House, Organisation
from zvh.system_signals.models import SignalCategory, SignalStatus, SystemSignal

ADVICE_COUNT = 40

# (organisation key or a non-partner's name, weight)
_REQUESTERS = (
    ("wijkteam-zwolle", 8),
    ("wijkteam-deventer", 6),
    ("politie-noord", 5),
    ("ggz-noord", 4),
    ("vt-noord", 4),
    ("gemeente-zwolle", 3),
    ("woning-noord", 3),
    ("Huisartsenpraktijk Assendorp", 2),
    ("Basisschool De Regenboog", 1),
)
_ADVICE = {
    AdviceTopic.MULTIPROBLEM: "Advies om een casusregisseur in het sociaal team aan te wijzen "
    "en de betrokken partners één plan te laten maken; zonder strafrechtelijke component is "
    "aanmelding bij het huis niet nodig.",
    AdviceTopic.DOMESTIC_VIOLENCE: "Advies om Veilig Thuis te raadplegen en de meldcode te "
    "volgen; bij herhaald geweld alsnog aanmelden bij het huis.",
    AdviceTopic.CONFUSED_BEHAVIOUR: "Advies over de route via de GGZ-crisisdienst en de "
    "mogelijkheden van de Wvggz; het huis schuift aan als er ook overlast en strafbare feiten "
    "zijn.",
    AdviceTopic.RADICALISATION: "Advies over signalen van radicalisering en het "
    "doorgeleiden naar het lokale duidingsoverleg.",
    AdviceTopic.REOFFENDING: "Advies over de persoonsgerichte aanpak en wanneer een "
    "veelpleger voor het huis in aanmerking komt.",
    AdviceTopic.YOUTH: "Advies over de inzet van Halt en jeugdreclassering naast de "
    "hulpverlening van het wijkteam.",
    AdviceTopic.RELEASE: "Advies over de nazorg na detentie: identiteitsbewijs, inkomen, "
    "woonruimte en zorg vóór de ontslagdatum regelen.",
    AdviceTopic.INFORMATION_SHARING: "Advies over wat de organisatie met het huis mag delen "
    "op grond van het privacyconvenant en wanneer toestemming nodig is.",
    AdviceTopic.COMPULSORY_CARE: "Advies over de verhouding tussen een zorgmachtiging en de "
    "afspraken in een plan van aanpak.",
    AdviceTopic.SUBVERSION: "Advies over signalen van uitbuiting en de samenwerking met het RIEC.",
}

_SIGNALS = (
    # title, category, description, days ago found, status, addressee, raised days ago,
    # response, response days ago, evidence cases
    (
        "Geen nachtopvang na 17.00 uur",
        SignalCategory.COOPERATION,
        "De nachtopvang neemt na 17.00 uur niemand meer op. Dak- en thuislozen die 's avonds "
        "uit detentie of een politiecel komen, staan op straat.",
        250,
        SignalStatus.ANSWERED,
        "Gemeente Zwolle (wethouder zorg)",
        200,
        "De gemeente financiert vanaf het tweede kwartaal twee avondbedden in de nachtopvang.",
        120,
        True,
    ),
    (
        "Wachtlijst beschermd wonen blokkeert uitstroom",
        SignalCategory.PROCEDURE,
        "Cliënten die klaar zijn voor beschermd wonen wachten maanden op een plek; de casus kan "
        "zolang niet worden afgeschaald.",
        160,
        SignalStatus.RAISED,
        "Centrumgemeente Zwolle en zorgkantoor",
        90,
        "",
        None,
        True,
    ),
    (
        "Schuldhulp vraagt een vast woonadres",
        SignalCategory.RULES,
        "De schuldhulpverlening neemt niemand zonder vast woonadres in behandeling, terwijl een "
        "woning pas komt na een schuldenregeling.",
        120,
        SignalStatus.RAISED,
        "Gemeenten Zwolle en Deventer",
        45,
        "",
        None,
        False,
    ),
    (
        "Reclassering niet op tijd bij ontslag uit detentie",
        SignalCategory.COOPERATION,
        "Het ontslagadvies van de penitentiaire inrichting bereikt de reclassering vaak pas na de "
        "ontslagdatum.",
        60,
        SignalStatus.RECORDED,
        "",
        None,
        "",
        None,
        False,
    ),
    (
        "Geen gedeelde spoedprocedure voor acute casussen in het weekend",
        SignalCategory.PROCEDURE,
        "Een acute aanmelding op vrijdagavond wacht tot maandag: er is geen afgesproken "
        "bereikbaarheid van de partners in het weekend.",
        30,
        SignalStatus.RECORDED,
        "",
        None,
        "",
        None,
        False,
    ),
    (
        "Dubbele intake bij wijkteam en GGZ",
        SignalCategory.OTHER,
        "Inwoners doen hetzelfde verhaal twee keer bij het wijkteam en de GGZ; afgesproken is nu "
        "een gezamenlijke intake.",
        300,
        SignalStatus.CLOSED,
        "",
        None,
        "",
        None,
        False,
    ),
)


def registers_tell(*, house: House, organisations: dict[str, Organisation]) -> None:
    if Advice.objects.filter(house=house).exists():
        return
    rng = random.Random(11)  # noqa: S311 -- demo data, the same register on every run
    today = timezone.localdate()
    municipalities = list(house.municipalities.order_by("name"))
    recorders = list(
        User.objects.filter(username__in=["demo-procesregisseur", "demo-ketenmanager"])
    )
    requesters = [key for key, weight in _REQUESTERS for _ in range(weight)]
    topics = list(_ADVICE)
    advice: list[Advice] = []
    for n in range(ADVICE_COUNT):
        requester = rng.choice(requesters)
        organisation = organisations.get(requester)
        topic = rng.choice(topics)
        advice.append(
            Advice(
                house=house,
                requester_organisation=organisation,
                requester_name="" if organisation is not None else requester,
                # The seat municipality (Zwolle) asks most.
                municipality=municipalities[0]
                if n % 3 == 0 or len(municipalities) == 1
                else rng.choice(municipalities),
                topic=topic,
                given_on=today - timedelta(days=rng.randint(1, 364)),
                advice_text=_ADVICE[topic],
                minutes=rng.choice((15, 20, 30, 30, 45, 45, 60, 60, 90, 120)),
                recorded_by=rng.choice(recorders) if recorders else None,
            )
        )
    Advice.objects.bulk_create(advice)
    evidence = list(Case.objects.filter(house=house).order_by("created_at")[:2])
    for spec in _SIGNALS:
        (
            title,
            category,
            description,
            found,
            status,
            addressee,
            raised,
            response,
            answered,
            cited,
        ) = spec
        signal = SystemSignal.objects.create(
            house=house,
            title=title,
            description=description,
            category=category,
            found_by=recorders[0] if recorders else None,
            found_on=today - timedelta(days=found),
            status=status,
            addressee=addressee,
            raised_on=today - timedelta(days=raised) if raised is not None else None,
            response=response,
            response_on=today - timedelta(days=answered) if answered is not None else None,
        )
        if cited:
            signal.evidence_cases.set(evidence)
    audit_record(
        actor=None,
        action=Action.IMPORT,
        object_type="demo_registers",
        house_id=house.id,
        detail={"advice": len(advice), "system_signals": len(_SIGNALS)},
    )
