"""The themes every house starts with (issue: "Type and themes"), as data.

Stored as plain Dutch text: they are the house's own configuration, which it may rename or
switch off. The code stays, so figures per theme remain comparable between houses. The data
migration that seeds existing houses reads this list too.
"""

DEFAULT_THEMES: tuple[tuple[str, str], ...] = (
    ("high_impact_crime", "High impact crime / prioriteitenlijst"),
    ("domestic_violence", "Huiselijk geweld"),
    ("radicalisation", "Radicalisering"),
    ("confused_behaviour", "Verward gedrag / EPA"),
    ("aftercare", "Nazorg ex-gedetineerden"),
    ("youth", "Jeugd"),
    ("nuisance", "Overlast"),
    ("other", "Overig"),
)

# The step-down checklist every house starts with (issue: "Review and step-down"), as data.
DEFAULT_STEP_DOWN_CRITERIA: tuple[tuple[str, str], ...] = (
    ("goals_or_stable", "Doelen bereikt, of de situatie is ten minste 3 maanden stabiel"),
    ("no_open_agreements", "Geen open afspraken meer, of alle afspraken zijn overgedragen"),
    ("receiving_party", "Een benoemde partij (organisatie en persoon) neemt over"),
    ("risks_assessed", "Risico's zijn ingeschat"),
)
