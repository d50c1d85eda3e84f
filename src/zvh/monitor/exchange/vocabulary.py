"""The words of the house record, format version 1: every key in the order of the exchange
document, the allowed values of each coded key with its Dutch label, and the keys of the two
objects and the lists. One table serves the JSON Schema, the validation, the national tables and
the questionnaire's forms, so that a value cannot mean one thing here and another there.

Labels are Dutch on purpose: they are the printed labels of the report's tables (the exchange
document's `label_nl`), not interface text that follows the user's language."""

from __future__ import annotations

FORMAT_VERSION = 1

Choices = tuple[tuple[str, str], ...]

COVENANT_STATUS: Choices = (
    ("signed", "Getekend"),
    ("none", "Geen"),
    ("unknown", "Onbekend"),
)
PREPARATION_GROUP: Choices = (
    ("yes", "Wel ambtelijke voorbereidingsgroep"),
    ("no_organised_otherwise", "Geen ambtelijke voorbereidingsgroep: anders georganiseerd"),
    ("unclear", "Niet duidelijk"),
)
COOPERATION_DRIVER: Choices = (
    ("house_manager", "Manager veiligheidshuis"),
    ("central_municipality_official", "Ambtenaar centrumgemeente"),
    (
        "manager_with_central_official",
        "Manager veiligheidshuis samen met ambtenaar centrumgemeente",
    ),
    ("manager_with_others", "Manager veiligheidshuis met anderen"),
    ("other", "Anders"),
)
CASUS_OP_MAAT: Choices = (
    ("fully_implemented", "Ja, werkwijze met op maat bespreken is geheel ingevoerd"),
    ("limited", "Ja, we passen deze werkwijze beperkt toe"),
    ("not_implemented", "Nee, we passen deze werkwijze (nog) niet toe"),
)
EXPERT_FUNCTION: Choices = (
    ("hardly", "niet of nauwelijks"),
    ("occasionally", "af en toe"),
    ("structural", "structureel"),
)
GOAL_STATEMENT: Choices = (
    ("strongly_agree", "Helemaal mee eens"),
    ("somewhat_agree", "Beetje mee eens"),
    ("neutral", "Niet eens / niet oneens"),
    ("somewhat_disagree", "Beetje mee oneens"),
    ("strongly_disagree", "Helemaal mee oneens"),
)
COFINANCING_KEY: Choices = (
    ("inhabitants", "Aantal inwoners"),
    ("cases", "Aantal casussen"),
    ("inhabitants_and_cases", "Combinatie van inwoners en casussen"),
    ("inhabitants_and_other", "Combinatie van inwoners en ander criterium"),
    ("other", "Anders"),
    ("unknown", "Onbekend"),
)
COMPLEX_CASE_DEFINITION: Choices = (
    ("national", "Landelijke definitie in documenten genoemd (of verwijzing)"),
    ("own", "Eigen definitie in documenten genoemd"),
    ("none", "Geen definitie in documenten genoemd"),
    ("unknown", "onbekend"),
)
OPINION_DIFFERENCES: Choices = (
    ("no", "Nee, dat is niet of nauwelijks aan de orde"),
    ("somewhat", "Ja, enigszins"),
    ("strongly", "Ja, in sterke mate"),
)
REACH_STATUS: Choices = (
    ("estimate", "Schatting"),
    ("dont_know", "weet niet"),
    ("non_response", "non respons"),
)
# Questions 10 and 11: the share of the participating municipalities.
MUNICIPAL_SHARE: Choices = (
    ("all", "alle gemeenten"),
    ("over_half", "> 50% van de gemeenten"),
    ("quarter_to_half", "25 - 50% van de gemeenten"),
    ("under_quarter", "< 25% van de gemeenten"),
    ("none", "geen enkele gemeente"),
    ("unknown", "een onbekend deel"),
)
# Question 24: the same shares, with "weet niet" instead of "een onbekend deel".
MUNICIPAL_SHARE_OWN_DIRECTION: Choices = (
    ("all", "alle gemeenten"),
    ("over_half", "> 50% van de gemeenten"),
    ("quarter_to_half", "25 - 50% van de gemeenten"),
    ("under_quarter", "< 25% van de gemeenten"),
    ("none", "geen enkele gemeente"),
    ("dont_know", "weet niet"),
)
AGENDA_ALIGNMENT: Choices = (
    ("yes", "Ja, afgestemd met andere gremia of organisaties"),
    ("no", "Geen afstemming met gremia/organisaties"),
)
TRIAGE_IN_HOUSE: Choices = (
    ("important_task", "Ja, triage is een belangrijke taak van het veiligheidshuis"),
    ("limited", "Ja, in beperkte mate"),
    ("no", "Nee, triage gebeurt buiten het veiligheidshuis"),
)
EXTERNAL_TRIAGE_PROCEDURE: Choices = (
    ("yes", "Ja"),
    ("no", "Nee"),
    ("dont_know", "Weet niet"),
)

# The organisations that sign the cooperation (table 6; municipalities excluded).
PARTNER_ORG_KINDS: Choices = (
    ("police", "Politie"),
    ("public_prosecution", "Openbaar Ministerie"),
    ("probation", "Reclassering"),
    ("youth_protection", "Jeugdbescherming"),
    ("child_protection_board", "Raad voor de Kinderbescherming"),
    ("care_youth_mental_health", "Zorg, (Jeugd)hulpverlening, GGZ"),
    ("penitentiary_institutions", "Penitentiaire (jeugd)inrichtingen"),
    ("halt", "Halt"),
    ("shelter", "Maatschappelijke opvang"),
    ("social_work", "Maatschappelijk werk"),
    ("public_health_ggd", "GGD"),
    ("other", "Overige (o.a. Slachtofferhulp)"),
)
# Who brings the house its cases (question 19, table 22).
INFLOW_PARTNERS: Choices = (
    ("police", "politie"),
    ("municipality_cjg", "gemeente / CJG"),
    ("veilig_thuis", "Veilig Thuis"),
    ("public_prosecution", "OM"),
    ("probation", "reclassering"),
    ("youth_care_bjz", "BJZ"),
    ("mental_health_ggz", "GGZ"),
    ("child_protection_board", "RvdK"),
    ("public_health_ggd", "GGD"),
    ("lvb_organisation", "LVB"),
    ("other", "overige"),
)
NEW_TASK_TYPES: Choices = (
    ("jihadism", "Jihadisme"),
    ("confused_persons", "Verwarde personen"),
    ("other", "Andere taken/doelgroepen"),
)
AGENDA_BODY_CATEGORIES: Choices = (
    (
        "regional_administrative",
        "Regionaal/districtelijk bestuurlijk overleg (zoals DVO, RVO, Driehoek, et cetera)",
    ),
    ("justice_bodies", "Justitiële gremia (AJB, APJ, ZSM)"),
    ("national_steering_group", "Landelijke stuurgroep veiligheidshuizen"),
    ("regional_houses_consultation", "Regionaal overleg veiligheidshuizen"),
    ("veilig_thuis", "Veilig Thuis"),
    ("care_bodies", "Zorg-gremia"),
    ("various", "Diverse"),
)

# The coded keys of a record and their values. A key missing here is a number, a year, a
# boolean, a text, an object or a list (see the JSON Schema).
CODED_KEYS: dict[str, Choices] = {
    "cooperation_covenant_status": COVENANT_STATUS,
    "privacy_covenant_status": COVENANT_STATUS,
    "preparation_group": PREPARATION_GROUP,
    "cooperation_driver": COOPERATION_DRIVER,
    "casus_op_maat": CASUS_OP_MAAT,
    "expert_function": EXPERT_FUNCTION,
    "goal_statement": GOAL_STATEMENT,
    "cofinancing_key": COFINANCING_KEY,
    "complex_case_definition": COMPLEX_CASE_DEFINITION,
    "complex_case_opinion_differences": OPINION_DIFFERENCES,
    "complex_case_reach_status": REACH_STATUS,
    "municipalities_active_in_referral": MUNICIPAL_SHARE,
    "municipalities_contributed_to_vision": MUNICIPAL_SHARE,
    "municipalities_own_process_direction": MUNICIPAL_SHARE_OWN_DIRECTION,
    "agenda_alignment": AGENDA_ALIGNMENT,
    "triage_in_house": TRIAGE_IN_HOUSE,
    "external_triage_procedure": EXTERNAL_TRIAGE_PROCEDURE,
}

# The municipal-share keys whose answer must be possible for the house's number of
# municipalities (a house of one municipality cannot answer "> 50%").
MUNICIPAL_SHARE_KEYS: tuple[str, ...] = (
    "municipalities_active_in_referral",
    "municipalities_contributed_to_vision",
    "municipalities_own_process_direction",
)

FTE_FUNCTION_KEYS: tuple[str, ...] = (
    "fte_chain_manager",
    "fte_process_management",
    "fte_information_admin",
    "fte_other",
)

# Every key of a version-1 record with a short Dutch name, in the exchange document's order.
RECORD_KEYS: tuple[tuple[str, str], ...] = (
    ("id", "Code van het huis"),
    ("name", "Naam"),
    ("central_municipality", "Centrum- of zetelgemeente"),
    ("cooperation_covenant_status", "Algemeen samenwerkingsconvenant"),
    ("cooperation_covenant_year", "Jaar van het laatste samenwerkingsconvenant"),
    ("privacy_covenant_status", "Privacyconvenant"),
    ("privacy_covenant_year", "Jaar van het privacyconvenant"),
    ("preparation_group", "Ambtelijke voorbereidingsgroep"),
    ("cooperation_driver", "Trekker van de bestuurlijke samenwerking"),
    ("municipalities_count", "Aantal deelnemende gemeenten"),
    ("partner_org_counts", "Ondertekenende organisaties per soort"),
    ("thematic_case_meetings", "Vaste themagebonden overleggen"),
    ("casus_op_maat", "Casus op Maat"),
    ("expert_function", "Expertfunctie"),
    ("goal_statement", "Stelling: in staat de gestelde doelen te realiseren"),
    ("budget_total_eur", "Totale begroting (euro)"),
    ("national_contribution_eur", "Bijdrage Veiligheid en Justitie (euro)"),
    ("municipal_contribution_eur", "Bijdrage gemeenten (euro)"),
    ("other_contributions_eur", "Overige bijdragen (euro)"),
    ("cofinancing_key", "Verdeelsleutel cofinanciering gemeenten"),
    ("paying_municipalities", "Aantal betalende gemeenten"),
    ("fte_total", "FTE totaal"),
    ("fte_chain_manager", "FTE ketenmanager"),
    ("fte_process_management", "FTE procesmanagement"),
    ("fte_information_admin", "FTE informatievoorziening en ondersteuning"),
    ("fte_other", "FTE overige functies"),
    ("complex_case_definition", "Definitie complexe casuïstiek"),
    ("complex_case_opinion_differences", "Verschillen in opvatting over complexe casuïstiek"),
    ("complex_case_reach_status", "Schatting bereik complexe casuïstiek"),
    ("complex_case_reach_pct", "Geschat bereik complexe casuïstiek (%)"),
    ("inflow_share_pct", "Aandeel in de instroom per partner (%)"),
    ("municipalities_active_in_referral", "Gemeenten actief bij het aandragen van casuïstiek"),
    ("new_tasks_since_framework", "Nieuwe taken sinds het landelijk kader"),
    ("new_task_types", "Soorten nieuwe taken"),
    ("municipalities_contributed_to_vision", "Gemeenten die bijdroegen aan de gezamenlijke visie"),
    ("municipalities_own_process_direction", "Gemeenten die zelf procesregie voeren"),
    ("agenda_alignment", "Afstemming van de bestuurlijke agenda"),
    ("agenda_alignment_bodies", "Gremia waarmee de agenda is afgestemd"),
    ("triage_in_house", "Triage in het huis"),
    ("triage_partners_structurally_involved", "Partners structureel betrokken bij triage"),
    ("external_triage_procedure", "Triageprocedure buiten het huis"),
)

RECORD_KEY_NAMES: tuple[str, ...] = tuple(key for key, _ in RECORD_KEYS)

# Two optional free-text answers a record may carry besides the keys above (each a string or
# null). Nationally they are shown as lists (the report's tables 11 and 12); no table counts them.
OPTIONAL_TEXT_KEYS: tuple[tuple[str, str], ...] = (
    ("national_level_contribution", "Bijdrage die op landelijk niveau kan worden geleverd"),
    ("main_opportunity", "Belangrijkste kans voor het veiligheidshuis"),
)


def label(choices: Choices, value: str) -> str:
    """The Dutch label of a coded value (the value itself when it is not one of them)."""
    return dict(choices).get(value, value)


def values(choices: Choices) -> tuple[str, ...]:
    return tuple(value for value, _ in choices)
