"""The text a house starts from when it writes its confidentiality declaration. Plain Dutch:
the declaration is the house's own text, which it adapts and versions."""

DEFAULT_DECLARATION_TEXT = (
    "Ik neem deel aan dit casusoverleg van het Zorg- en Veiligheidshuis. Mijn organisatie is "
    "geen partij bij het privacyconvenant van het huis. Ik verklaar dat ik:\n"
    "1. alles wat ik in dit overleg hoor, lees of zie over personen en casussen geheimhoud, "
    "ook na afloop van het overleg en van mijn betrokkenheid;\n"
    "2. deze informatie alleen gebruik voor de afspraken die ik in dit overleg op mij neem;\n"
    "3. niets hiervan vastleg, kopieer of deel buiten wat voor die afspraken nodig is;\n"
    "4. de procesregisseur meteen meld wanneer informatie bij onbevoegden terecht is gekomen."
)
