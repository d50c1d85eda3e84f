"""The English catalogue: complete, compiled, placeholder-safe, and actually used by the UI.

The msgids are Dutch (docs/decisions/0001-ui-strings-dutch-source.md), so a missing English
translation silently shows Dutch; these tests make it visible instead.
"""

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from zvh.network.models import Role

LOCALE_DIR = Path(settings.BASE_DIR) / "src" / "zvh" / "locale" / "en" / "LC_MESSAGES"
PO_PATH = LOCALE_DIR / "django.po"
MO_PATH = LOCALE_DIR / "django.mo"

# Python %-format conversions: %(name)s, %s, %d, %.2f, ... and the literal %%.
PLACEHOLDER = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[-#0 +]*\d*(?:\.\d+)?(?P<conv>[diouxXeEfFgGcrsa%])"
)


def _catalog() -> Catalog:
    with PO_PATH.open("rb") as f:
        return read_po(f)


def _entries() -> list[Message]:
    return [message for message in _catalog() if message.id]


def _forms(message: Message) -> list[tuple[str, str]]:
    """(source, translation) pairs: singular with msgstr[0], plural with msgstr[1:]."""
    if isinstance(message.id, tuple):
        singular, plural = message.id
        strings = list(message.string)
        return [(singular, strings[0]), *((plural, s) for s in strings[1:])]
    return [(message.id, message.string)]


def _placeholders(text: str) -> tuple[frozenset[str], list[str]]:
    """Named placeholders as a set; positional ones in order (their order is their meaning)."""
    named, positional = set(), []
    for match in PLACEHOLDER.finditer(text):
        if match["conv"] == "%":
            continue
        if match["name"] is not None:
            named.add(match["name"])
        else:
            positional.append(match["conv"])
    return frozenset(named), positional


def test_catalogue_header_is_english_with_two_plural_forms():
    catalog = _catalog()
    assert str(catalog.locale) == "en"
    assert catalog.num_plurals == 2
    assert catalog.plural_expr == "(n != 1)"
    assert not catalog.fuzzy


def test_every_entry_has_a_non_fuzzy_english_translation():
    entries = _entries()
    assert len(entries) > 900, "the catalogue lost most of its entries"
    untranslated = [m.id for m in entries if not all(s.strip() for _, s in _forms(m))]
    fuzzy = [m.id for m in entries if m.fuzzy]
    assert not untranslated, f"{len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"


def _normalised(catalog: Catalog) -> dict[str | tuple[str, ...], tuple[str, ...]]:
    """msgid -> translations, with plural ids and forms as tuples (read_mo gives lists)."""

    def seq(value: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
        return (value,) if isinstance(value, str) else tuple(value)

    return {
        (m.id if isinstance(m.id, str) else tuple(m.id)): seq(m.string) for m in catalog if m.id
    }


def test_compiled_catalogue_matches_the_po_file():
    with MO_PATH.open("rb") as f:
        compiled = _normalised(read_mo(f))
    expected = _normalised(_catalog())
    hint = "recompile: pybabel compile -d src/zvh/locale -D django"
    assert compiled.keys() == expected.keys(), hint
    stale = [key for key in expected if compiled[key] != expected[key]]
    assert not stale, f"django.mo differs for {stale[:5]}; {hint}"


def test_translations_keep_the_placeholders_of_their_msgid():
    wrong = [
        (source, text)
        for message in _entries()
        for source, text in _forms(message)
        if _placeholders(source) != _placeholders(text)
    ]
    assert not wrong, wrong[:5]


def test_translations_keep_leading_and_trailing_whitespace():
    def edges(text: str) -> tuple[str, str]:
        return text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]

    wrong = [
        (source, text)
        for message in _entries()
        for source, text in _forms(message)
        if edges(source) != edges(text)
    ]
    assert not wrong, wrong[:5]


def test_placeholder_check_catches_a_dropped_or_renamed_placeholder():
    assert _placeholders("Gebruik hoogstens %(max)d tekens.") != _placeholders(
        "Use few characters."
    )
    assert _placeholders("Lid %(number)s") != _placeholders("Member %(num)s")
    assert _placeholders("%s en %d") != _placeholders("%d and %s")
    assert _placeholders("50%% van %(n)s") == _placeholders("%(n)s at 50%%")


def test_override_switches_known_strings_to_english():
    with translation.override("en"):
        assert translation.gettext("Inloggen") == "Log in"
        assert str(Role.CHAIN_MANAGER.label) == "Chain manager"
        assert translation.ngettext("%(hours)s uur", "%(hours)s uur", 2) % {"hours": 2} == (
            "2 hours"
        )
    with translation.override("nl"):
        assert translation.gettext("Inloggen") == "Inloggen"
        assert str(Role.CHAIN_MANAGER.label) == "Ketenmanager"


@pytest.mark.django_db
def test_login_page_is_dutch_by_default(client):
    html = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="nl">' in html
    assert "<h1>Inloggen</h1>" in html


@pytest.mark.django_db
def test_login_page_follows_the_language_cookie(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="en">' in html
    assert "<h1>Log in</h1>" in html
    assert "Inloggen" not in html


@pytest.mark.django_db
def test_login_page_follows_accept_language(client):
    html = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<h1>Log in</h1>" in html


@pytest.mark.django_db
def test_language_switch_in_the_footer_sets_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/inloggen/"})
    assert response.status_code == 302
    html = client.get(reverse("accounts:login")).content.decode()
    assert "<h1>Log in</h1>" in html
    assert "Change language" in html


def test_every_ui_string_in_the_source_is_in_the_catalogue(tmp_path, settings, monkeypatch):
    """Extracts the strings afresh (GNU gettext's xgettext, as `make messages` does) from a copy
    of the source, and fails on any that the committed catalogue lacks: run `make messages`
    and translate them. The copy keeps the work tree untouched."""
    import shutil

    from django.core.management import call_command

    assert shutil.which("xgettext"), (
        "GNU gettext is missing: install the Debian package gettext (make browser-deps)"
    )
    base = Path(settings.BASE_DIR)
    for part in ("src", "config"):
        shutil.copytree(base / part, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
    settings.LOCALE_PATHS = [tmp_path / "src" / "zvh" / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["en"], no_location=True, verbosity=0)
    with (tmp_path / "src" / "zvh" / "locale" / "en" / "LC_MESSAGES" / "django.po").open("rb") as f:
        extracted = {_msgid(m) for m in read_po(f) if m.id}
    committed = {_msgid(m) for m in _entries()}
    missing = sorted(extracted - committed)
    assert not missing, f"{len(missing)} UI strings are not in the catalogue, e.g. {missing[:5]}"


def _msgid(message: Message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]
