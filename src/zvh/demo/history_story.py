"""A plausible year of Regio Noord (decision 0171): about 350 referrals over the year up to
today with their triage, about 150 cases with conferences, plans, agreements per partner,
reviews with ZRM scores, escalations, step-downs, closures and a few reopenings, so that every
figure page of the demo shows real-looking numbers. Written in bulk by `zvh.demo.history`, the
generator the figures bench uses at 50,000 cases.

Runs once: a house whose history is there is left as it is."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from zvh.accounts.models import User
from zvh.audit.models import Action
from zvh.audit.services import audit_record
from zvh.cases.models import Case
from zvh.cases.services import themes_seed_defaults
from zvh.network.models import House, Membership, Organisation, Role
from zvh.people.models import Person

from . import data
from .history import HistoryCast, HistoryMade, Partner, history_generate

DEMO_REFERRALS = 340
DEMO_SEED = 11
# Weights of the referring organisations of Regio Noord (the police refers most).
REFERRERS = {
    "politie-noord": 30,
    "reclassering": 12,
    "wijkteam-zwolle": 10,
    "wijkteam-deventer": 8,
    "vt-noord": 10,
    "ggz-noord": 10,
    "om-noord": 8,
    "gemeente-zwolle": 6,
    "woning-noord": 5,
    "jb-noord": 4,
    "ggd-noord": 3,
    "pi-noord": 3,
    "opvang-noord": 2,
    "lvb-noord": 2,
    "rvdk": 2,
    "halt": 2,
}
# Who sends through the application channels: JZV from the social teams and Veilig Thuis,
# the REST API from police and probation.
APPLICATION_REFERRERS = {
    "jzv": {"wijkteam-zwolle": 3, "wijkteam-deventer": 3, "vt-noord": 2},
    "api": {"politie-noord": 3, "reclassering": 2},
}
# Partners that own agreements, with weights. The demo's partner accounts own their
# organisation's; every other partner gets one fictitious contact person.
PARTNERS = {
    "politie-noord": 6,
    "reclassering": 6,
    "ggz-noord": 5,
    "wijkteam-zwolle": 4,
    "wijkteam-deventer": 3,
    "vt-noord": 3,
    "om-noord": 3,
    "woning-noord": 3,
    "gemeente-zwolle": 2,
    "jb-noord": 2,
    "ggd-noord": 1,
    "opvang-noord": 1,
    "lvb-noord": 1,
}
CONTACTS = {
    "politie-noord": "demo-partner-politie",
    "ggz-noord": "demo-partner-ggz",
    "gemeente-zwolle": "demo-partner-gemeente",
    "opvang-noord": "demo-partner-opvang",
}
# Process coordinators beside the demo's own, so that the caseload has more than one column.
COORDINATORS = (("regisseur-1", "Ruben", "Kamphuis"), ("regisseur-2", "Nienke", "Oosterhof"))
# The fictional BSNs the history hands out start after the ones data.PERSONS uses.
BSN_FROM = data.FICTIONAL_BSN_OFFSET + 100


def history_tell(*, house: House, organisations: dict[str, Organisation]) -> HistoryMade | None:
    """Writes the year of history of `house` (Regio Noord) unless it is there already."""
    if Case.objects.filter(
        house=house, process_coordinator__username__startswith=data.HISTORY_USER_PREFIX
    ).exists():
        return None
    themes_seed_defaults(house=house)
    staff = organisations["noord-staff"]
    coordinators = [User.objects.get(username="demo-procesregisseur")]
    coordinators += [
        _user(key, first, last, staff, house, Role.PROCESS_COORDINATOR)
        for key, first, last in COORDINATORS
    ]
    partners = []
    for key, weight in PARTNERS.items():
        organisation = organisations[key]
        contact = (
            User.objects.get(username=CONTACTS[key])
            if key in CONTACTS
            else _user(key, "Contactpersoon", organisation.name, organisation, house)
        )
        domain = organisation.domains[0] if organisation.domains else "other"
        partners.append(Partner(organisation, contact, domain, weight))
    cast = HistoryCast(
        house=house,
        municipalities=list(house.municipalities.order_by("cbs_code")),
        referrers=[(organisations[key], weight) for key, weight in REFERRERS.items()],
        # The demo's JZV key is Gemeente Zwolle's: its list of sent referrals stays the story's.
        application_referrers={
            channel: [(organisations[key], weight) for key, weight in senders.items()]
            for channel, senders in APPLICATION_REFERRERS.items()
        },
        partners=partners,
        coordinators=coordinators,
        addressees=[
            User.objects.get(username="demo-ketenmanager"),
            User.objects.get(username="demo-bestuurder"),
        ],
    )
    # Fictional BSNs the stories have not given out already (the Top-X list brings its own).
    taken = set(Person.objects.filter(house=house).exclude(bsn="").values_list("bsn", flat=True))
    made = history_generate(
        cast,
        referrals=DEMO_REFERRALS,
        end=timezone.localdate(),
        seed=DEMO_SEED,
        bsns=[bsn for bsn in data.FICTIONAL_BSNS[BSN_FROM:] if bsn not in taken],
    )
    # Fictional persons, but personal data in form: their arrival is logged like an import,
    # as the demo's other persons are.
    audit_record(
        actor=None,
        action=Action.IMPORT,
        object_type="demo",
        person_ids=made.person_ids,
        house_id=house.id,
        detail={"persons_created": len(made.person_ids), "history": True},
    )
    return made


def _user(
    key: str,
    first_name: str,
    last_name: str,
    organisation: Organisation,
    house: House,
    role: Role = Role.PARTNER_PROFESSIONAL,
) -> User:
    username = f"{data.HISTORY_USER_PREFIX}{key}"
    user, _ = User.objects.get_or_create(
        username=username,
        defaults={
            "email": f"{username}@example.org",
            "first_name": first_name,
            "last_name": last_name,
            "organisation": organisation,
            "password": make_password(None),  # nobody logs in as them
        },
    )
    Membership.objects.get_or_create(user=user, house=house, role=role)
    return user
