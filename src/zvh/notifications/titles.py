"""Notification titles are translated when shown, not when stored (decision 0179).

A title is stored as its message id (the Dutch source text) and its parameters, and rendered in
the reader's language each time it is shown. The two builders are named like gettext's own so
that `makemessages` extracts their message ids (`titles.gettext("...")`, `titles.ngettext("...",
"...", n)`); they translate nothing themselves.

Parameters are kept as JSON: a date as its ISO form (formatted in the reader's language), a
lazily translated label (a choice's display) as its message id, anything else as text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import translation
from django.utils.formats import date_format
from django.utils.functional import Promise

SOURCE_LANGUAGE = "nl"  # the language of the message ids


@dataclass(frozen=True)
class Title:
    key: str
    params: dict[str, Any] = field(default_factory=dict)
    plural: str = ""
    count: int | None = None

    def stored(self) -> dict[str, Any]:
        value: dict[str, Any] = {"key": self.key, "params": self.params}
        if self.plural:
            value |= {"plural": self.plural, "count": self.count}
        return value

    def render(self) -> str:
        return render(self.stored(), fallback=self.key)


def gettext(key: str, /, **params: object) -> Title:
    """A title with parameters, e.g. `titles.gettext("Nieuwe aanmelding %(number)s", number=n)`."""
    return Title(key=key, params={name: _store(value) for name, value in params.items()})


def ngettext(singular: str, plural: str, count: int, /, **params: object) -> Title:
    """A title whose wording depends on a count."""
    return Title(
        key=singular,
        plural=plural,
        count=count,
        params={name: _store(value) for name, value in params.items()},
    )


def gettext_noop(key: str, /) -> str:
    """Marks a title's message id where the parameters come later (passed to `gettext`)."""
    return key


def _store(value: object) -> Any:
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, Promise):
        with translation.override(SOURCE_LANGUAGE):
            return {"msgid": str(value)}
    if isinstance(value, int):
        return value
    return str(value)


def _shown(value: Any) -> Any:
    if isinstance(value, dict):
        if "date" in value:
            return date_format(date.fromisoformat(value["date"]))
        if "msgid" in value:
            return translation.gettext(value["msgid"])
    return value


def render(stored: dict[str, Any], *, fallback: str) -> str:
    """The title in the active language; the stored text where there is no key (a title the
    migration could not recognise) or the key does not fit its parameters."""
    if not stored or not stored.get("key"):
        return fallback
    try:
        if stored.get("plural"):
            text = translation.ngettext(stored["key"], stored["plural"], int(stored["count"]))
        else:
            text = translation.gettext(stored["key"])
        params = {name: _shown(value) for name, value in stored.get("params", {}).items()}
        return text % params
    except (KeyError, TypeError, ValueError):
        return fallback
