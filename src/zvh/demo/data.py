# ruff: noqa: E501 - the tables below read best one row per line
"""What the demo builds. Municipalities, their CBS codes and the safety regions are real
(inhabitants rounded); the houses' names, the care organisations, every account and every
person are fictional. See docs/demo.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from zvh.network.models import Domain, OrganisationKind, Role
from zvh.people.bsn import with_check_digit

NOORD = "noord"
DRENTHE = "drenthe"
# The national monitor's office (decision 0184): a tenant without cases.
NATIONAL = "landelijk"

# The demo's fictional BSNs: nine digits starting with 99999, the block in which the fictional
# persons of the national BRP test data sets are numbered, completed with the eleven-test's
# check digit. Numbers for which no check digit exists are skipped.
FICTIONAL_BSN_PREFIX = "99999"
FICTIONAL_BSNS: tuple[str, ...] = tuple(
    bsn
    for serial in range(1000)
    if (bsn := with_check_digit(f"{FICTIONAL_BSN_PREFIX}{serial:03d}")) is not None
)
# Where the demo's own numbers start, away from the low serials that test data sets favour.
FICTIONAL_BSN_OFFSET = 400

# Accounts the year of history adds (zvh.demo.history_story): fictitious colleagues without a
# password, so that caseload and delivery have more than one name; demo_reset removes them.
HISTORY_USER_PREFIX = "demo-historie-"

DEMO_PASSWORD = "demo-wachtwoord-ZVH"  # noqa: S105 - a documented demo password, never in production


@dataclass(frozen=True)
class DemoMunicipality:
    cbs_code: str
    name: str
    inhabitants: int


@dataclass(frozen=True)
class DemoHouse:
    key: str
    name: str
    security_region: str
    seat: str  # CBS code
    municipalities: tuple[DemoMunicipality, ...]


@dataclass(frozen=True)
class DemoOrganisation:
    key: str
    name: str
    kind: OrganisationKind
    domains: tuple[Domain, ...]
    houses: tuple[str, ...]
    # The CBS code of the municipality a municipal organisation belongs to (the mayor's briefing).
    municipality: str = ""


@dataclass(frozen=True)
class DemoAccountSpec:
    username: str
    first_name: str
    last_name: str
    role: Role
    organisation: str
    house: str


@dataclass(frozen=True)
class DemoPerson:
    key: str
    house: str
    given_names: str
    surname_prefix: str
    surname: str
    date_of_birth: date
    street: str
    house_number: str
    postcode: str
    city: str
    municipality: str  # CBS code
    bsn_serial: int | None  # index into the fictional BSNs; None: the house does not know it

    @property
    def bsn(self) -> str:
        if self.bsn_serial is None:
            return ""
        return FICTIONAL_BSNS[FICTIONAL_BSN_OFFSET + self.bsn_serial]


@dataclass(frozen=True)
class DemoCase:
    house: str
    number: str
    status: str
    persons: tuple[str, ...]
    participants: tuple[str, ...]


# Veiligheidsregio IJsselland: its eleven municipalities, seat Zwolle.
NOORD_MUNICIPALITIES = (
    DemoMunicipality("GM0193", "Zwolle", 132_000),
    DemoMunicipality("GM0150", "Deventer", 102_000),
    DemoMunicipality("GM0160", "Hardenberg", 62_000),
    DemoMunicipality("GM0166", "Kampen", 55_000),
    DemoMunicipality("GM1708", "Steenwijkerland", 45_000),
    DemoMunicipality("GM0177", "Raalte", 38_000),
    DemoMunicipality("GM0148", "Dalfsen", 29_000),
    DemoMunicipality("GM1896", "Zwartewaterland", 23_000),
    DemoMunicipality("GM0175", "Ommen", 18_500),
    DemoMunicipality("GM1773", "Olst-Wijhe", 18_500),
    DemoMunicipality("GM0180", "Staphorst", 17_500),
)

# Veiligheidsregio Drenthe: its twelve municipalities, seat Assen.
DRENTHE_MUNICIPALITIES = (
    DemoMunicipality("GM0114", "Emmen", 108_000),
    DemoMunicipality("GM0106", "Assen", 69_000),
    DemoMunicipality("GM0118", "Hoogeveen", 56_000),
    DemoMunicipality("GM0109", "Coevorden", 35_500),
    DemoMunicipality("GM0119", "Meppel", 35_000),
    DemoMunicipality("GM1730", "Tynaarlo", 35_000),
    DemoMunicipality("GM1731", "Midden-Drenthe", 33_500),
    DemoMunicipality("GM1699", "Noordenveld", 32_500),
    DemoMunicipality("GM1680", "Aa en Hunze", 25_500),
    DemoMunicipality("GM1681", "Borger-Odoorn", 25_500),
    DemoMunicipality("GM1690", "De Wolden", 24_500),
    DemoMunicipality("GM1701", "Westerveld", 20_000),
)

# fmt: off
HOUSES = (
    DemoHouse(
        NOORD, "Veiligheidshuis Regio Noord", "Veiligheidsregio IJsselland", "GM0193",
        NOORD_MUNICIPALITIES,
    ),
    DemoHouse(
        DRENTHE, "Zorg- en Veiligheidshuis Regio Drenthe", "Veiligheidsregio Drenthe", "GM0106",
        DRENTHE_MUNICIPALITIES,
    ),
)
# fmt: on

# The national monitor's office: seated in The Hague, no municipalities of its own.
NATIONAL_OFFICE = DemoHouse(
    NATIONAL,
    "Landelijke monitor veiligheidshuizen",
    "Landelijk",
    "GM0518",
    (DemoMunicipality("GM0518", "'s-Gravenhage", 550_000),),
)

_CJ = Domain.CRIMINAL_JUSTICE
_CARE = Domain.CARE
_ADM = Domain.ADMINISTRATIVE
_SOC = Domain.SOCIAL
_K = OrganisationKind
BOTH = (NOORD, DRENTHE)

# fmt: off
ORGANISATIONS = (
    # The houses' own staff.
    DemoOrganisation("noord-staff", "Veiligheidshuis Regio Noord", _K.HOUSE_STAFF, (_ADM,), (NOORD,)),
    DemoOrganisation("drenthe-staff", "Zorg- en Veiligheidshuis Regio Drenthe", _K.HOUSE_STAFF, (_ADM,), (DRENTHE,)),
    # Regio Noord's partners.
    DemoOrganisation("politie-noord", "Politie Oost-Nederland, district IJsselland", _K.POLICE, (_CJ,), (NOORD,)),
    DemoOrganisation("om-noord", "Openbaar Ministerie, parket Oost-Nederland", _K.PUBLIC_PROSECUTION, (_CJ,), (NOORD,)),
    DemoOrganisation("jb-noord", "Jeugdbescherming Regio Noord", _K.YOUTH_PROTECTION, (_CARE, _CJ), (NOORD,)),
    DemoOrganisation("ggz-noord", "GGZ IJssel en Vecht", _K.MENTAL_HEALTH_CARE, (_CARE,), (NOORD,)),
    DemoOrganisation("ggd-noord", "GGD IJsselland", _K.PUBLIC_HEALTH, (_CARE,), (NOORD,)),
    DemoOrganisation("vt-noord", "Veilig Thuis IJsselland", _K.VEILIG_THUIS, (_CARE, _SOC), (NOORD,)),
    DemoOrganisation("gemeente-zwolle", "Gemeente Zwolle", _K.MUNICIPALITY, (_ADM, _SOC), (NOORD,), "GM0193"),
    DemoOrganisation("wijkteam-zwolle", "Sociaal Wijkteam Zwolle", _K.MUNICIPALITY, (_SOC,), (NOORD,), "GM0193"),
    DemoOrganisation("wijkteam-deventer", "Sociaal Team Deventer", _K.MUNICIPALITY, (_SOC,), (NOORD,), "GM0150"),
    DemoOrganisation("woning-noord", "Woonstichting De Vechtoever", _K.HOUSING_CORPORATION, (_SOC,), (NOORD,)),
    DemoOrganisation("pi-noord", "Penitentiaire Inrichting Zwolle", _K.PRISON, (_CJ,), (NOORD,)),
    DemoOrganisation("opvang-noord", "Stichting Nachtopvang De Poort", _K.SHELTER, (_SOC,), (NOORD,)),
    DemoOrganisation("lvb-noord", "LVB-zorg Het Anker", _K.LVB, (_CARE,), (NOORD,)),
    # National organisations, partner in both houses.
    DemoOrganisation("reclassering", "Reclassering Nederland", _K.PROBATION, (_CJ,), BOTH),
    DemoOrganisation("rvdk", "Raad voor de Kinderbescherming", _K.CHILD_PROTECTION_BOARD, (_CJ,), BOTH),
    DemoOrganisation("halt", "Halt", _K.HALT, (_CJ,), BOTH),
    DemoOrganisation("slachtofferhulp", "Slachtofferhulp Nederland", _K.VICTIM_SUPPORT, (_SOC,), BOTH),
    # Regio Drenthe's own partners.
    DemoOrganisation("politie-drenthe", "Politie Noord-Nederland, district Drenthe", _K.POLICE, (_CJ,), (DRENTHE,)),
    DemoOrganisation("om-drenthe", "Openbaar Ministerie, parket Noord-Nederland", _K.PUBLIC_PROSECUTION, (_CJ,), (DRENTHE,)),
    DemoOrganisation("ggz-drenthe", "GGZ Drentse Aa", _K.MENTAL_HEALTH_CARE, (_CARE,), (DRENTHE,)),
    DemoOrganisation("vt-drenthe", "Veilig Thuis Drenthe", _K.VEILIG_THUIS, (_CARE, _SOC), (DRENTHE,)),
    DemoOrganisation("gemeente-assen", "Gemeente Assen", _K.MUNICIPALITY, (_ADM, _SOC), (DRENTHE,), "GM0106"),
    # The national monitor's office.
    DemoOrganisation("landelijk-bureau", "Landelijk monitorbureau veiligheidshuizen", _K.OTHER, (_ADM,), (NATIONAL,)),
)
# fmt: on

# One account per role in Regio Noord (four partner professionals: police and GGZ, so
# need-to-know shows; the municipality, which refers in the referral story; and the night
# shelter, a private care provider that is no party to the privacy covenant, so the
# confidentiality declaration shows), and a process coordinator and a chain manager next door,
# so house isolation shows (the chain manager confirms that house's retention terms).
# fmt: off
ACCOUNTS = (
    DemoAccountSpec("demo-procesregisseur", "Sanne", "Dijkstra", Role.PROCESS_COORDINATOR, "noord-staff", NOORD),
    DemoAccountSpec("demo-ketenmanager", "Marco", "Hendriks", Role.CHAIN_MANAGER, "noord-staff", NOORD),
    DemoAccountSpec("demo-beheerder", "Ingrid", "Vos", Role.FUNCTIONAL_ADMIN, "noord-staff", NOORD),
    DemoAccountSpec("demo-privacy", "Lotte", "Brouwer", Role.PRIVACY_OFFICER, "noord-staff", NOORD),
    DemoAccountSpec("demo-partner-politie", "Bas", "Mulder", Role.PARTNER_PROFESSIONAL, "politie-noord", NOORD),
    DemoAccountSpec("demo-partner-ggz", "Femke", "de Boer", Role.PARTNER_PROFESSIONAL, "ggz-noord", NOORD),
    DemoAccountSpec("demo-partner-gemeente", "Eva", "Scholten", Role.PARTNER_PROFESSIONAL, "gemeente-zwolle", NOORD),
    DemoAccountSpec("demo-partner-opvang", "Joost", "Veenstra", Role.PARTNER_PROFESSIONAL, "opvang-noord", NOORD),
    DemoAccountSpec("demo-bestuurder", "Harm", "Wolters", Role.ADMINISTRATOR, "gemeente-zwolle", NOORD),
    DemoAccountSpec("demo-stuurgroep", "Wim", "Bakker", Role.STEERING_GROUP_MEMBER, "politie-noord", NOORD),
    DemoAccountSpec("demo-procesregisseur-drenthe", "Jeroen", "Kuipers", Role.PROCESS_COORDINATOR, "drenthe-staff", DRENTHE),
    DemoAccountSpec("demo-ketenmanager-drenthe", "Anja", "Smeenge", Role.CHAIN_MANAGER, "drenthe-staff", DRENTHE),
    DemoAccountSpec("demo-landelijk-analist", "Nadia", "Verhoeven", Role.NATIONAL_ANALYST, "landelijk-bureau", NATIONAL),
)
# fmt: on


def _p(key, house, given, prefix, surname, born, street, number, postcode, city, cbs, serial):
    born_on = date.fromisoformat(born)
    return DemoPerson(
        key, house, given, prefix, surname, born_on, street, number, postcode, city, cbs, serial
    )


# fmt: off
PERSONS = (
    # Regio Noord
    _p("kevin-bakker", NOORD, "Kevin", "", "Bakker", "1994-03-12", "Assendorperstraat", "41", "8012 DH", "Zwolle", "GM0193", 0),
    _p("sandra-bakker", NOORD, "Sandra Maria", "", "Bakker", "1971-08-30", "Assendorperstraat", "41", "8012 DH", "Zwolle", "GM0193", 1),
    _p("dylan-bakker", NOORD, "Dylan", "", "Bakker", "2009-11-02", "Assendorperstraat", "41", "8012 DH", "Zwolle", "GM0193", 2),
    _p("ricardo-martina", NOORD, "Ricardo", "", "Martina", "1988-05-17", "Brinkgreverweg", "112", "7413 AE", "Deventer", "GM0150", 3),
    _p("johannes-van-der-veen", NOORD, "Johannes Hendrik", "van der", "Veen", "1962-01-24", "Oudestraat", "7", "8261 CJ", "Kampen", "GM0166", 4),
    _p("priscilla-kok", NOORD, "Priscilla", "", "Kok", "1990-07-09", "Rembrandtkade", "23", "7415 JL", "Deventer", "GM0150", 5),
    _p("mehmet-yildiz", NOORD, "Mehmet", "", "Yıldız", "1985-10-03", "Knutteldijk", "18", "7416 BH", "Deventer", "GM0150", 6),
    _p("anouk-de-graaf", NOORD, "Anouk", "de", "Graaf", "1999-12-21", "Stationsstraat", "9", "7772 AC", "Hardenberg", "GM0160", 7),
    _p("gerrit-jan-huisman", NOORD, "Gerrit Jan", "", "Huisman", "1958-04-15", "Gemeenteweg", "201", "7951 CK", "Staphorst", "GM0180", 8),
    _p("jordy-van-dam", NOORD, "Jordy", "van", "Dam", "2001-02-28", "Lindenlaan", "14", "8102 EG", "Raalte", "GM0177", 9),
    _p("naima-bouzid", NOORD, "Naima", "", "Bouzid", "1993-06-11", "Dobbe", "55", "8032 JV", "Zwolle", "GM0193", 10),
    _p("wilhelmina-post", NOORD, "Wilhelmina", "", "Post", "1947-09-05", "Vrijthof", "3", "7731 DT", "Ommen", "GM0175", None),
    _p("dennis-schouten", NOORD, "Dennis", "", "Schouten", "1979-03-19", "Kornoeljestraat", "6", "8332 BK", "Steenwijk", "GM1708", 11),
    _p("chantal-schouten", NOORD, "Chantal", "", "Schouten", "1982-11-27", "Kornoeljestraat", "6", "8332 BK", "Steenwijk", "GM1708", 12),
    _p("lucas-schouten", NOORD, "Lucas", "", "Schouten", "2012-04-08", "Kornoeljestraat", "6", "8332 BK", "Steenwijk", "GM1708", 13),
    _p("bram-van-den-heuvel", NOORD, "Bram", "van den", "Heuvel", "1996-01-14", "Thorbeckegracht", "30", "8011 VM", "Zwolle", "GM0193", 14),
    _p("ilse-kramer", NOORD, "Ilse", "", "Kramer", "1987-08-22", "Flevoweg", "88", "8264 PB", "Kampen", "GM0166", 15),
    _p("tomasz-nowak", NOORD, "Tomasz", "", "Nowak", "1983-05-30", "Zuiderzeelaan", "140", "8017 JV", "Zwolle", "GM0193", None),
    _p("henk-prins", NOORD, "Henk", "", "Prins", "1966-12-12", "Langstraat", "27", "8131 BA", "Wijhe", "GM1773", 16),
    _p("samira-haddou", NOORD, "Samira", "", "Haddou", "1998-02-03", "Roggestraat", "61", "7411 HK", "Deventer", "GM0150", 17),
    _p("rik-willems", NOORD, "Rik", "", "Willems", "2003-09-16", "Wilhelminastraat", "12", "7721 CD", "Dalfsen", "GM0148", 18),
    _p("esther-koster", NOORD, "Esther", "", "Koster", "1975-06-25", "Bruchterweg", "77", "7772 BH", "Hardenberg", "GM0160", 19),
    _p("thijs-hoekstra", NOORD, "Thijs", "", "Hoekstra", "1991-10-10", "Kerkstraat", "19", "8281 BL", "Genemuiden", "GM1896", 20),
    _p("maria-jacobs", NOORD, "Maria Magdalena", "", "Jacobs", "1954-03-08", "Kerkstraat", "4", "8102 EA", "Raalte", "GM0177", 21),
    _p("stefan-de-haan", NOORD, "Stefan", "de", "Haan", "1986-07-01", "Holtenbroekerweg", "45", "8031 NG", "Zwolle", "GM0193", 22),
    _p("daan-van-der-linden", NOORD, "Daan", "van der", "Linden", "2005-05-05", "Keizerstraat", "8", "7411 HC", "Deventer", "GM0150", 23),
    _p("fatma-demir", NOORD, "Fatma", "", "Demir", "1978-01-29", "Palestrinastraat", "16", "8031 VK", "Zwolle", "GM0193", 24),
    _p("arjen-vermeulen", NOORD, "Arjen", "", "Vermeulen", "1969-11-11", "IJsselkade", "36", "8261 AG", "Kampen", "GM0166", 25),
    _p("roxanne-smit", NOORD, "Roxanne", "", "Smit", "2000-04-20", "Diezerstraat", "96", "8011 RJ", "Zwolle", "GM0193", 26),
    _p("patrick-dekker-noord", NOORD, "Patrick", "", "Dekker", "1980-08-08", "Gemeenteweg", "320", "7951 PE", "Staphorst", "GM0180", 27),
    # Regio Drenthe. Patrick Dekker moved from Staphorst to Meppel: each house holds its own
    # registration of him (same BSN), and neither sees the other's.
    _p("patrick-dekker-drenthe", DRENTHE, "Patrick", "", "Dekker", "1980-08-08", "Zuideinde", "52", "7941 GJ", "Meppel", "GM0119", 27),
    _p("jessica-meijer", DRENTHE, "Jessica", "", "Meijer", "1992-02-14", "Kloosterstraat", "21", "9401 KE", "Assen", "GM0106", 40),
    _p("ronald-oosting", DRENTHE, "Ronald", "", "Oosting", "1973-06-06", "Hoofdstraat", "140", "7811 EP", "Emmen", "GM0114", 41),
    _p("kim-van-dijk", DRENTHE, "Kim", "van", "Dijk", "2004-10-30", "Grote Kerkstraat", "5", "7902 CH", "Hoogeveen", "GM0118", 42),
    _p("sven-zwiers", DRENTHE, "Sven", "", "Zwiers", "1989-12-01", "Friesestraat", "33", "7741 GW", "Coevorden", "GM0109", 43),
    _p("hanneke-bosma", DRENTHE, "Hanneke", "", "Bosma", "1965-03-23", "Vaart Noordzijde", "70", "9401 GL", "Assen", "GM0106", None),
)
# fmt: on

# fmt: off
CASES = (
    # The Bakker family: domestic violence, a son at risk.
    DemoCase(NOORD, "C-2025-000001", "in_execution", ("kevin-bakker", "sandra-bakker", "dylan-bakker"), ("politie-noord", "vt-noord", "rvdk", "wijkteam-zwolle")),
    DemoCase(NOORD, "C-2025-000002", "plan_in_preparation", ("ricardo-martina",), ("ggz-noord", "reclassering", "woning-noord", "wijkteam-deventer")),
    # Confused behaviour with threats: police, care and prosecution together.
    DemoCase(NOORD, "C-2025-000003", "in_execution", ("mehmet-yildiz",), ("politie-noord", "ggz-noord", "om-noord")),
    # Aftercare after detention.
    DemoCase(NOORD, "C-2025-000004", "in_execution", ("jordy-van-dam",), ("politie-noord", "om-noord", "reclassering", "pi-noord")),
    DemoCase(NOORD, "C-2025-000005", "accepted", ("dennis-schouten", "chantal-schouten", "lucas-schouten"), ("ggz-noord", "vt-noord", "jb-noord")),
    # Nuisance in a rented flat: no police, no mental-health care.
    DemoCase(NOORD, "C-2025-000006", "plan_in_preparation", ("bram-van-den-heuvel",), ("woning-noord", "wijkteam-zwolle", "ggd-noord")),
    # A priority-list (Top-X) offender.
    DemoCase(NOORD, "C-2025-000007", "in_execution", ("stefan-de-haan",), ("politie-noord", "om-noord", "reclassering")),
    DemoCase(NOORD, "C-2025-000008", "closed", ("anouk-de-graaf",), ("ggz-noord", "ggd-noord", "lvb-noord")),
    DemoCase(DRENTHE, "C-2025-000001", "in_execution", ("patrick-dekker-drenthe",), ("politie-drenthe", "reclassering", "om-drenthe")),
    DemoCase(DRENTHE, "C-2025-000002", "accepted", ("jessica-meijer",), ("ggz-drenthe", "vt-drenthe")),
)
# fmt: on
