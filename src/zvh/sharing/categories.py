"""Information categories, the audiences a house can give them, and the safe defaults.

The defaults are the table in docs/information-sharing.md; a test checks that both agree.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class InformationCategory(models.TextChoices):
    GENERAL = "general", _("Algemeen")
    CRIMINAL_JUSTICE = "criminal_justice", _("Strafrechtelijke gegevens")
    HEALTH = "health", _("Gezondheid (art. 9 AVG)")
    DOMESTIC_VIOLENCE = "domestic_violence", _("Huiselijk geweld / kindermishandeling")
    RADICALISATION = "radicalisation", _("Radicalisering")
    FINANCIAL = "financial", _("Financieel")
    YOUTH_PROTECTION = "youth_protection", _("Jeugdbescherming")


class Audience(models.TextChoices):
    """Who, besides the contributing organisation, sees an item of a category. Every audience
    is a subset of the case's participants and house staff: nothing opens a case."""

    ALL_PARTICIPANTS = "all_participants", _("Alle deelnemers aan de casus")
    COVENANT_PARTIES = "covenant_parties", _("Deelnemers die partij zijn bij het privacyconvenant")
    CONTRIBUTOR_AND_COORDINATOR = (
        "contributor_and_coordinator",
        _("Inbrenger en procesregisseur; anderen met toestemming of vrijgave"),
    )
    CONTRIBUTOR_STAFF_VEILIG_THUIS = (
        "contributor_staff_veilig_thuis",
        _("Inbrenger, medewerkers van het huis en Veilig Thuis"),
    )
    STAFF_AND_RADICALISATION_CONFERENCE = (
        "staff_and_radicalisation_conference",
        _("Medewerkers van het huis en leden van het radicaliseringsoverleg"),
    )


DEFAULT_AUDIENCE: dict[str, str] = {
    InformationCategory.GENERAL: Audience.ALL_PARTICIPANTS,
    InformationCategory.CRIMINAL_JUSTICE: Audience.COVENANT_PARTIES,
    InformationCategory.HEALTH: Audience.CONTRIBUTOR_AND_COORDINATOR,
    InformationCategory.DOMESTIC_VIOLENCE: Audience.CONTRIBUTOR_STAFF_VEILIG_THUIS,
    InformationCategory.RADICALISATION: Audience.STAFF_AND_RADICALISATION_CONFERENCE,
    InformationCategory.FINANCIAL: Audience.COVENANT_PARTIES,
    InformationCategory.YOUTH_PROTECTION: Audience.CONTRIBUTOR_STAFF_VEILIG_THUIS,
}

# Consent of the person, or a release by the contributor, widens only this audience: it is the
# one whose legal ground is the person's own interest (health data under art. 9 AVG).
WIDENED_BY_CONSENT = frozenset({Audience.CONTRIBUTOR_AND_COORDINATOR})

# The theme code whose target-group conferences form the house's radicalisation conference.
RADICALISATION_THEME = "radicalisation"


class GdprBasis(models.TextChoices):
    """Article 6(1) AVG."""

    CONSENT = "a", _("a – toestemming")
    CONTRACT = "b", _("b – overeenkomst")
    LEGAL_OBLIGATION = "c", _("c – wettelijke verplichting")
    VITAL_INTEREST = "d", _("d – vitaal belang")
    PUBLIC_TASK = "e", _("e – taak van algemeen belang")
    LEGITIMATE_INTEREST = "f", _("f – gerechtvaardigd belang")


class Purpose(models.TextChoices):
    """The purposes of the cooperation, after the WGS: a closed list, so the processing
    register can name them."""

    COORDINATION = "coordination", _("Afstemmen van de aanpak")
    RISK_ASSESSMENT = "risk_assessment", _("Inschatten van risico's")
    PLAN_EXECUTION = "plan_execution", _("Uitvoeren van het plan van aanpak")
    MONITORING = "monitoring", _("Volgen en evalueren")


# The legal bases every house starts with; the house confirms or edits them.
DEFAULT_LEGAL_BASES: tuple[tuple[str, str, str, str], ...] = (
    # (name, art. 6 basis, art. 9/10 ground, framework)
    (
        "Taak van algemeen belang (WGS)",
        GdprBasis.PUBLIC_TASK,
        "",
        "Wet gegevensverwerking door samenwerkingsverbanden (artikel door het huis in te vullen)",
    ),
    (
        "Strafrechtelijke gegevens (WGS)",
        GdprBasis.PUBLIC_TASK,
        "Art. 10 AVG, op grond van de WGS",
        "Wet gegevensverwerking door samenwerkingsverbanden (artikel door het huis in te vullen)",
    ),
    (
        "Gezondheidsgegevens (WGS)",
        GdprBasis.PUBLIC_TASK,
        "Art. 9 lid 2 sub g AVG, op grond van de WGS",
        "Wet gegevensverwerking door samenwerkingsverbanden (artikel door het huis in te vullen)",
    ),
    (
        "Toestemming van betrokkene",
        GdprBasis.CONSENT,
        "Art. 9 lid 2 sub a AVG",
        "Privacyconvenant van het huis",
    ),
)
