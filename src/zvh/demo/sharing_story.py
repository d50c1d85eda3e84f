"""Lawful sharing in the demo: what the house has arranged, through the real services.

- Regio Noord's chain manager registers the signed privacy covenant (most partners are party;
  the night shelter and the LVB care provider, private providers hired by municipalities, are
  not) and the confidentiality declaration that non-parties accept before a conference.
- Both houses' chain managers confirm the default retention terms, so `apply_retention` runs.
- The public prosecution's ZSM table gets an API key with the scope `signal-lookup`.
- The privacy officer registers an access request of Youri Visser (the case-work story's
  person), records that he showed his identity document at the desk, and the chain manager
  approves opening its content (the four-eyes rule of 0154), so the officer can answer it with
  one export.

Each step looks for what it would make and makes it only when it is missing, so a second run
adds nothing. See docs/demo.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from zvh.api.models import Scope
from zvh.conferences.models import ConfidentialityDeclaration
from zvh.conferences.services import declaration_create
from zvh.covenants.models import Covenant, CovenantKind, CovenantStatus
from zvh.covenants.services import CovenantInput, covenant_create
from zvh.network.models import House, Organisation
from zvh.people.models import Person
from zvh.retention.models import DEFAULT_MONTHS, RetentionTerm
from zvh.retention.services import retention_terms_confirm
from zvh.subject_requests.models import IdentityMethod, ReceivedVia, RequestKind, SubjectRequest
from zvh.subject_requests.services import (
    IdentityInput,
    RequestInput,
    subject_request_identity_record,
    subject_request_opening_approve,
    subject_request_register,
)

from . import data
from .story import demo_api_token, user_actor

CHAIN_MANAGERS = {data.NOORD: "demo-ketenmanager", data.DRENTHE: "demo-ketenmanager-drenthe"}
PRIVACY_OFFICER = "demo-privacy"

COVENANT_TITLE = "Privacyconvenant Veiligheidshuis Regio Noord"
COVENANT_VERSION = "2.1"
# Private care providers hired by municipalities: they take part in cases, but did not sign.
NOT_COVENANT_PARTIES = frozenset({"opvang-noord", "lvb-noord"})

DECLARATION_TEXT = (
    "Ik neem deel aan een casusoverleg van Veiligheidshuis Regio Noord. Mijn organisatie is "
    "geen partij bij het privacyconvenant van het huis. Ik verklaar dat ik alles wat ik in dit "
    "overleg hoor en lees over de besproken personen geheimhoud. Ik gebruik het alleen voor de "
    "afspraken die in dit overleg worden gemaakt en deel het met niemand binnen of buiten mijn "
    "organisatie, tenzij een wettelijk voorschrift mij daartoe verplicht. Aantekeningen die ik "
    "maak, vernietig ik zodra mijn afspraak is uitgevoerd."
)

ZSM_ORGANISATION = "om-noord"
ZSM_TOKEN_NAME = "ZSM-tafel Oost-Nederland (hit/no-hit)"  # noqa: S105 - a name, no secret
# What the partner states as the purpose of a lookup: it goes into the access log as given,
# so it names no person and no number.
ZSM_PURPOSE = "Beoordeling van een verdachte aan de ZSM-tafel"

ACCESS_REQUEST_NOTES = (
    "Per brief: de betrokkene vraagt welke gegevens het huis en zijn partners over hem "
    "vastleggen, waar ze vandaan komen en wie ze heeft ingezien."
)
ACCESS_REQUEST_DAYS_AGO = 3
# He came to the desk with his identity card the day after his letter arrived.
IDENTITY_CHECK_DAYS_AGO = 2


@dataclass(frozen=True)
class DemoSignalToken:
    prefix: str
    secret: str | None  # "<prefix>.<secret>", only from the run that created it
    organisation_name: str
    house_name: str


def house_arrangements(*, houses: dict[str, House], organisations: dict[str, Organisation]) -> None:
    """The privacy covenant and the confidentiality declaration of Regio Noord, and both
    houses' retention terms: in place before the case work starts."""
    house = houses[data.NOORD]
    chain_manager = user_actor(CHAIN_MANAGERS[data.NOORD], house)
    if not Covenant.objects.filter(
        house=house, kind=CovenantKind.PRIVACY, title=COVENANT_TITLE
    ).exists():
        signed_on = date(timezone.localdate().year - 1, 1, 1)
        covenant_create(
            actor=chain_manager,
            data=CovenantInput(
                kind=CovenantKind.PRIVACY,
                title=COVENANT_TITLE,
                status=CovenantStatus.SIGNED,
                document_version=COVENANT_VERSION,
                signed_on=signed_on,
                expires_on=date(signed_on.year + 3, 12, 31),
                parties=[
                    organisations[spec.key]
                    for spec in data.ORGANISATIONS
                    if data.NOORD in spec.houses and spec.key not in NOT_COVENANT_PARTIES
                ],
            ),
        )
    if not ConfidentialityDeclaration.objects.filter(house=house, active=True).exists():
        declaration_create(actor=chain_manager, text=DECLARATION_TEXT)
    for key, username in CHAIN_MANAGERS.items():
        if not RetentionTerm.objects.filter(house=houses[key]).exists():
            retention_terms_confirm(
                actor=user_actor(username, houses[key]),
                months=dict(DEFAULT_MONTHS),
                versions={},
            )


def zsm_token(
    *, houses: dict[str, House], organisations: dict[str, Organisation]
) -> DemoSignalToken:
    """The prosecution's key for the hit/no-hit signal; its secret only when made now."""
    house = houses[data.NOORD]
    organisation = organisations[ZSM_ORGANISATION]
    token, secret = demo_api_token(
        house, organisation, name=ZSM_TOKEN_NAME, scope=Scope.SIGNAL_LOOKUP
    )
    return DemoSignalToken(
        prefix=token.prefix,
        secret=secret,
        organisation_name=organisation.name,
        house_name=house.name,
    )


def access_request(*, house: House, person: Person) -> SubjectRequest:
    """The privacy officer registers the person's access request, received a few days ago by
    letter, and records the identity check at the desk; the chain manager approves opening its
    content. The request stays open: answering it is for the demo's user."""
    officer = user_actor(PRIVACY_OFFICER, house)
    request = SubjectRequest.objects.filter(
        house=house, person=person, kind=RequestKind.ACCESS
    ).first()
    if request is None:
        request = subject_request_register(
            actor=officer,
            person=person,
            data=RequestInput(
                kind=RequestKind.ACCESS,
                received_on=timezone.localdate() - timedelta(days=ACCESS_REQUEST_DAYS_AGO),
                received_via=ReceivedVia.LETTER,
                notes=ACCESS_REQUEST_NOTES,
            ),
        )
    if request.is_open and not request.identity_recorded:
        subject_request_identity_record(
            actor=officer,
            request=request,
            expected_version=request.version,
            data=IdentityInput(
                method=IdentityMethod.DESK_ID_DOCUMENT,
                checked_on=timezone.localdate() - timedelta(days=IDENTITY_CHECK_DAYS_AGO),
            ),
        )
    if request.is_open and not request.is_opened:
        subject_request_opening_approve(
            actor=user_actor(CHAIN_MANAGERS[data.NOORD], house),
            request=request,
            expected_version=request.version,
        )
    return request
