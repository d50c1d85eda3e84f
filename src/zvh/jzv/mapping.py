"""From a JZV Melding to our ReferralInput, and from our triage outcome to an UitkomstMelding."""

from __future__ import annotations

import uuid
from typing import Any

from zvh.intake.models import Behaviour, Channel, Referral, ReferralStatus, Source
from zvh.intake.services import PersonInput, ReferralInput
from zvh.triage.models import Assessment, Decision

# Our outcome → the standard's status. The standard has no ZVH codes yet; we use the VT codes
# whose meaning fits, and add our own outcome in `zvhUitkomst` (docs/jzv-meldingen.md).
DECISION_TO_STATUS = {
    Decision.ACCEPTED: "VT-01-01",  # follow-up steps are taken by the receiver
    Decision.NOT_ACCEPTED: "VT-01-03",  # no follow-up steps by the receiver (advice given)
    Decision.REFERRED_ELSEWHERE: "VT-02",  # handed over
    Decision.CONSULTATION: "VT-03",  # closed without handing over
}
FORWARDED_STATUS = "VT-99"  # wrongly addressed: forwarded to the house where the person lives


def referral_input_from_melding(
    melding: dict[str, Any], *, organisation_id: uuid.UUID, raw: dict[str, Any]
) -> ReferralInput:
    person = melding["natuurlijkPersoon"]
    naam = person["naam"]
    adres = person["adres"]["straatAdres"]
    situatie = melding["zorgelijkeSituatie"]
    incident = melding["incident"]
    reason_parts = [
        situatie.get("situatieSchets", ""),
        situatie.get("nadereOmschrijving", ""),
        incident.get("omschrijving", ""),
    ]
    reason = "\n\n".join(part for part in reason_parts if part.strip()) or melding["verzoek"]
    return ReferralInput(
        channel=Channel.JZV,
        source=Source.PARTNER,
        referring_organisation_id=organisation_id,
        persons=[
            PersonInput(
                surname=naam["geslachtsnaam"],
                given_names=naam.get("voornamen") or naam.get("voorletters1", ""),
                surname_prefix=naam.get("voorvoegselGeslachtsnaam", ""),
                date_of_birth=person.get("geboorte", {}).get("datum"),
                bsn=person.get("burgerservicenummer", ""),
                street=adres["straatnaam"],
                house_number=f"{adres['huisnummer']}{adres.get('huisletter', '')}",
            )
        ],
        reason=reason,
        request=melding["verzoek"],
        # An incident report is about behaviour that took place.
        behaviour=Behaviour.PRESENT if incident.get("omschrijving", "").strip() else Behaviour.NONE,
        external_id=melding["registratienummer"],
        external_payload=raw,
    )


def uitkomst_for(referral: Referral, assessment: Assessment | None) -> dict[str, Any] | None:
    """The outcome message for a referral, or None while there is no final outcome yet."""
    if referral.status == ReferralStatus.FORWARDED:
        return {"registratienummer": referral.external_id, "status": FORWARDED_STATUS}
    if assessment is None or assessment.decision not in DECISION_TO_STATUS:
        return None
    body: dict[str, Any] = {
        "registratienummer": referral.external_id,
        "status": DECISION_TO_STATUS[Decision(assessment.decision)],
        "zvhUitkomst": assessment.decision,
    }
    if assessment.advice:
        body["zvhAdvies"] = assessment.advice
    if assessment.referred_to:
        body["zvhDoorverwezenNaar"] = assessment.referred_to
    return body
