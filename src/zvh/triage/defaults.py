"""The five local criteria every house starts with (domain: "Complex case"), as data.

Stored as plain Dutch text: they are the house's own configuration, which the functional
administrator renames, explains differently or switches off. They start as informative, so
that seeding never blocks an acceptance; a house makes a criterion required deliberately.
The data migration that seeds existing houses reads this list too.
"""

DEFAULT_LOCAL_CRITERIA: tuple[tuple[str, str], ...] = (
    (
        "Actualiteit",
        "Het probleem speelt nu, of er is nu een concrete kans om in te grijpen.",
    ),
    (
        "Dreiging",
        "Er is een reële dreiging van (escalerend) geweld, overlast of criminaliteit.",
    ),
    (
        "Voldoende informatie",
        "Er is genoeg informatie om de casus te wegen en een aanpak te kiezen.",
    ),
    (
        "Beïnvloedbaar",
        "Het gedrag of de situatie is met een gezamenlijke aanpak te beïnvloeden "
        "(de afweging 'bad, sad of mad').",
    ),
    (
        "Inwonerschap",
        "De betrokkene woont in een van de gemeenten van het huis.",
    ),
)
