"""The access log in the privacy officer's words: a Dutch name for every kind of object, and a
number people use (casus C-2026-0012, aanmelding A-2026-0031) instead of the object's UUID
(decision 0181).

The audit app sits below the apps whose objects it names, so those apps register how to read
their numbers (`register_references`, in their AppConfig.ready). Each reader gets all ids of
its type on a page at once: one query per type on the page, never one per row."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable

from django.utils.translation import gettext_lazy as _

# A Dutch name for every object type the log records. tests/audit/test_references.py finds
# every type the code records and requires a name here.
OBJECT_TYPE_LABELS = {
    "access_report": _("Toegangslog"),
    "advice": _("Advies"),
    "agenda_item": _("Agendapunt"),
    "agreement": _("Afspraak"),
    "agreement_reminder": _("Herinnering aan een afspraak"),
    "anomaly_report": _("Afwijkingenrapport"),
    "api_token": _("Koppelingssleutel"),
    "assessment": _("Triagebeoordeling"),
    "audit_log": _("Toegangslog (opschonen)"),
    "case": _("Casus"),
    "case_note": _("Notitie bij een casus"),
    "case_participant": _("Deelnemer aan een casus"),
    "case_review": _("Evaluatie van een casus"),
    "case_settings": _("Casusinstellingen"),
    "case_transfer": _("Overdracht van een casus"),
    "category_rules": _("Regels per informatiecategorie"),
    "co_financing": _("Cofinanciering"),
    "conference": _("Casusoverleg"),
    "conference_decision": _("Besluit in een casusoverleg"),
    "conference_item": _("Bespreking in een casusoverleg"),
    "confidentiality_acceptance": _("Aanvaarding geheimhoudingsverklaring"),
    "confidentiality_declaration": _("Geheimhoudingsverklaring"),
    "consent": _("Toestemming"),
    "covenant": _("Convenant"),
    "covenant_document": _("Convenantdocument"),
    "covenant_warning": _("Waarschuwing over het convenant"),
    "demo": _("Demonstratiegegevens"),
    "demo_registers": _("Demonstratieregisters"),
    "escalation": _("Opschaling"),
    "escalation_list": _("Lijst van opschalingen"),
    "figure_settings": _("Instellingen cijfers"),
    "figures": _("Cijfers"),
    "house": _("Zorg- en Veiligheidshuis"),
    "house_municipality": _("Gemeente van het huis"),
    "legal_basis": _("Grondslag"),
    "local_criterion": _("Lokaal triagecriterium"),
    "mayor_briefing": _("Burgemeestersbriefing"),
    "monitor_answer": _("Antwoord in de monitorvragenlijst"),
    "monitor_import": _("Import van huisrecords (landelijke monitor)"),
    "monitor_profile": _("Huisprofiel (landelijke monitor)"),
    "monitor_questionnaire": _("Monitorvragenlijst van een jaar"),
    "monitor_record": _("Huisrecord (landelijke monitor)"),
    "municipality": _("Gemeente"),
    "national_tables": _("Landelijke tabellen"),
    "network_import": _("Import van het netwerk"),
    "oidc_identity": _("Koppeling met eenmalige aanmelding"),
    "outgoing_message": _("Uitgaand bericht"),
    "organisation": _("Organisatie"),
    "partnership": _("Deelname van een organisatie"),
    "person": _("Betrokkene"),
    "person_match": _("Controle op een bekende betrokkene"),
    "plan": _("Plan van aanpak"),
    "priority_list": _("Prioriteitenlijst"),
    "processing_register": _("Verwerkingsregister"),
    "referral": _("Aanmelding"),
    "retention_terms": _("Bewaartermijnen"),
    "review_notice": _("Aankondiging van een evaluatie"),
    "role_grant": _("Toekenning van een rol"),
    "saved_filter": _("Bewaard filter"),
    "signal_lookup": _("Signaalbevraging"),
    "steering_report": _("Stuurgroeprapportage"),
    "step_down": _("Afschaling"),
    "step_down_criterion": _("Afschalingscriterium"),
    "subject_request": _("Verzoek van betrokkene"),
    "subject_request_opening": _("Inhoud van een verzoek van betrokkene geopend"),
    "system_signal": _("Systeemsignaal"),
    "theme": _("Thema"),
    "totp_device": _("Tweede factor"),
    "triage_session": _("Triagesessie"),
    "triage_settings": _("Triage-instellingen"),
    "triage_table": _("Triagetafel"),
    "user": _("Gebruiker"),
    "user_roles": _("Rollen van een gebruiker"),
}

# ids -> {id: reference}; ids are the object ids of one type on a page, as stored (text).
Reader = Callable[[set[uuid.UUID]], dict[str, str]]
_readers: dict[str, Reader] = {}


def register_references(object_type: str, reader: Reader) -> None:
    _readers[object_type] = reader


def object_type_label(object_type: str) -> str:
    """The Dutch name of an object type; an unknown type is shown as stored."""
    return str(OBJECT_TYPE_LABELS.get(object_type, object_type))


def object_references(objects: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """(object type, object id) -> the number people use, for the types that have one."""
    wanted: dict[str, set[uuid.UUID]] = defaultdict(set)
    for object_type, object_id in objects:
        if object_type not in _readers or not object_id:
            continue
        try:
            wanted[object_type].add(uuid.UUID(object_id))
        except ValueError:
            continue  # not an object of that type (e.g. "index")
    found: dict[tuple[str, str], str] = {}
    for object_type, ids in wanted.items():
        for object_id, reference in _readers[object_type](ids).items():
            found[(object_type, object_id)] = reference
    return found
