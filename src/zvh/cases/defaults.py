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
