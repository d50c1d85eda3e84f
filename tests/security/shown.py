"""Which persons a response shows, and whether an access event of that request names them.

The rule of the audit-coverage probe (docs/decisions/0159-audit-coverage-probe.md): a response
shows a person when its text holds the person's full name as the pages render it
(`Person.display_name`: given names, prefix, surname; whole words) or their BSN (nine digits, not
part of a longer number). The text of an HTML page is read with its entities decoded, tags and
attributes included; JSON also gets the name put together from its `given_names`,
`surname_prefix` and `surname` fields, as the API gives names in parts; CSV and plain text as
they are. PDF, images and archives cannot be read: `text_of` returns None for them.
"""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from collections.abc import Iterator

from zvh.audit.models import AuditEventPerson
from zvh.people.models import Person

TEXT_TYPES = ("text/html", "text/plain", "text/csv")
JSON_TYPES = ("application/json", "application/problem+json")


class PersonMatcher:
    """Every person of the database, by full name and by BSN. A name or BSN two persons share
    (one person known in two houses) maps to both: an event naming either satisfies it."""

    def __init__(self) -> None:
        self.by_key: dict[str, set[str]] = defaultdict(set)
        for person in Person.objects.all():
            self.by_key[_squash(person.display_name)].add(str(person.id))
            if person.bsn:
                self.by_key[person.bsn].add(str(person.id))
        # Longest first: "Sandra Maria Bakker" wins over a shorter name inside it.
        keys = sorted(self.by_key, key=lambda key: (-len(key), key))
        alternatives = "|".join(re.escape(key) for key in keys) or r"(?!x)x"
        self.pattern = re.compile(r"(?<!\w)(" + alternatives + r")(?!\w)")

    def shown(self, text: str) -> dict[str, set[str]]:
        """{name or BSN found: the ids of the persons it belongs to}."""
        return {key: self.by_key[key] for key in set(self.pattern.findall(_squash(text)))}


def text_of(content_type: str, body: bytes) -> str | None:
    """The text to search, or None for a body that cannot be read (PDF, images, ZIP)."""
    kind = content_type.split(";")[0].strip().lower()
    text = body.decode("utf-8", errors="replace")
    if kind in TEXT_TYPES:
        return html.unescape(text)
    if kind in JSON_TYPES:
        try:
            parsed = json.loads(text)
        except ValueError:
            return text
        return text + "\n" + "\n".join(_json_names(parsed))
    if kind.startswith(("text/", "application/vnd.oai.openapi")) or kind.endswith("yaml"):
        return text
    return None


def named_in_request(request_id: str) -> set[str]:
    """The persons the access events of one request name (through the log's person index)."""
    links = AuditEventPerson.objects.filter(event__request_id=request_id)
    return {str(person_id) for person_id in links.values_list("person_id", flat=True)}


def unnamed(matcher: PersonMatcher, text: str, request_id: str) -> dict[str, set[str]]:
    """What the text shows that no event of the request names: {name or BSN: person ids}."""
    shown = matcher.shown(text)
    if not shown:
        return {}
    named = named_in_request(request_id)
    return {key: ids for key, ids in shown.items() if not ids & named}


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _json_names(value: object) -> Iterator[str]:
    if isinstance(value, dict):
        if isinstance(value.get("surname"), str):
            parts = (value.get("given_names"), value.get("surname_prefix"), value["surname"])
            yield " ".join(str(part) for part in parts if part)
        for inner in value.values():
            yield from _json_names(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _json_names(inner)
