"""The API's one JSON parser: DRF's, plus the limits of a body (decision 0156).

A body nested deeper than MAX_DEPTH, or holding a lone surrogate (`"\\ud800"`: valid JSON text,
but no Unicode string; RFC 7493, I-JSON, says to refuse it), is a 400 before any view, serializer
or service sees it. The size limit is Django's DATA_UPLOAD_MAX_MEMORY_SIZE, checked against the
Content-Length when the body is read; problems.py turns it into a 413.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# Levels of arrays and objects, the outermost one counted. The deepest body the API takes
# (a JZV melding) has 4.
MAX_DEPTH = 64

_SURROGATE = re.compile("[\ud800-\udfff]")


def _has_surrogate(text: str) -> bool:
    # Nearly all text is ASCII: str.isascii() is a flag lookup, so the search rarely runs.
    return not text.isascii() and _SURROGATE.search(text) is not None


def check_body(data: Any) -> None:
    """Raises ParseError for a parsed body that is nested too deep or holds a lone surrogate in
    a string or an object key. One pass, without recursion (the body decides how deep it goes).
    """
    if isinstance(data, str):
        if _has_surrogate(data):
            raise _invalid_unicode()
        return
    if not isinstance(data, (dict, list)):
        return
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        container, depth = stack.pop()
        if isinstance(container, dict):
            for key in container:
                if _has_surrogate(key):
                    raise _invalid_unicode()
            values = container.values()
        else:
            values = container
        for value in values:
            if isinstance(value, str):
                if _has_surrogate(value):
                    raise _invalid_unicode()
            elif isinstance(value, (dict, list)):
                if depth >= MAX_DEPTH:
                    raise _too_deep()
                stack.append((value, depth + 1))


class StrictJSONParser(JSONParser):
    """DRF's JSONParser (it reads `request.body`, so Django's size limit applies), then
    check_body. Python's decoder recurses per level and gives up with a RecursionError near the
    interpreter's recursion limit (about 1,000 levels): that is a body too deep as well."""

    def parse(
        self,
        stream: Any,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise _too_deep() from None
        check_body(data)
        return data


def _too_deep() -> ParseError:
    return ParseError(
        _("De JSON is te diep genest: ten hoogste %(limit)d niveaus.") % {"limit": MAX_DEPTH},
        code="nesting_too_deep",
    )


def _invalid_unicode() -> ParseError:
    return ParseError(
        _(
            "De JSON bevat een losse surrogaat (U+D800 tot en met U+DFFF) in een tekst; dat is "
            "geen geldige Unicode."
        ),
        code="invalid_unicode",
    )
