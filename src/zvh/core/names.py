"""Names as people look them up: normalised for matching, and sorted by surname without its
prefix ("de Boer" under B), as Dutch lists and telephone books do."""

from __future__ import annotations

import unicodedata

# Letters whose upper and lower case do not meet under casefold (Turkish dotless i).
_FOLD_EXTRA = str.maketrans({"ı": "i"})

# Prefixes (tussenvoegsels) a Dutch or Belgian surname may start with, lower case. Articles of
# other languages that Dutch registers keep in the surname ("El Amrani") are not among them. A
# surname is never reduced to nothing: "Van" alone stays "Van".
SURNAME_PREFIXES = frozenset(
    {
        "'s", "'t", "aan", "bij", "d'", "da", "de", "del", "della", "den", "der", "des", "di",
        "du", "het", "in", "l'", "la", "le", "les", "op", "te", "ten", "ter", "tot", "uit",
        "van", "ver", "von", "voor", "zu", "zum", "zur",
    }
)  # fmt: skip


def normalise_name(value: str) -> str:
    """Case-, accent- and spacing-insensitive form used for matching: "Öztürk" and "ozturk",
    "De  Vries" and "de vries", "Groß" and "GROSS", "Yıldız" and "Yildiz" all meet."""
    decomposed = unicodedata.normalize("NFKD", value.casefold().translate(_FOLD_EXTRA))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def split_surname_prefix(surname: str) -> tuple[str, str]:
    """("de", "Boer") for "de Boer", ("van der", "Berg") for "van der Berg"; ("", name) when
    there is no prefix."""
    words = surname.split()
    start = 0
    while start < len(words) - 1 and words[start].casefold() in SURNAME_PREFIXES:
        start += 1
    return " ".join(words[:start]), " ".join(words[start:])


def person_sort_key(surname: str, given_names: str = "", max_length: int = 300) -> str:
    """What lists of users sort on: "boer de femke" for Femke de Boer."""
    prefix, core = split_surname_prefix(surname)
    return normalise_name(f"{core} {prefix} {given_names}")[:max_length]
