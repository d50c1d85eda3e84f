"""The API's one JSON parser: DRF's, plus the limits of a body (decision 0156).

A body nested deeper than MAX_DEPTH, holding a number beyond a float's range (Python reads
1e999999 as infinity), or holding a lone surrogate (`"\\ud800"`: valid JSON text,
but no Unicode string; RFC 7493, I-JSON, says to refuse it), is a 400 before any view, serializer
or service sees it. The size limit is Django's DATA_UPLOAD_MAX_MEMORY_SIZE, checked against the
Content-Length when the body is read; problems.py turns it into a 413.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.utils import json

# Levels of arrays and objects, the outermost one counted. The deepest body the API takes
# (a JZV melding) has 4.
MAX_DEPTH = 64

# How a lone surrogate gets into a parsed string: written as an escape in the JSON text.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _has_surrogate(text: str) -> bool:
    # Nearly all text is ASCII, and str.isascii() is a flag lookup. Otherwise the UTF-8 encoder
    # finds a surrogate faster than a regular expression does (it refuses them).
    if text.isascii():
        return False
    try:
        text.encode()
    except UnicodeEncodeError:
        return True
    return False


class _NumberOutOfRange(ValueError):
    pass


def _finite_float(text: str) -> float:
    """JSON numbers as Python floats, refusing what only overflows into one: 1e999999 reads as
    infinity, which neither PostgreSQL's jsonb nor any JSON renderer takes."""
    value = float(text)
    if not math.isfinite(value):
        raise _NumberOutOfRange(text)
    return value


def check_body(data: Any, *, depth: bool = True, surrogates: bool = True) -> None:
    """Raises ParseError for a parsed body nested deeper than MAX_DEPTH (`depth`) or holding a
    lone surrogate in a string or an object key (`surrogates`). Level by level, without
    recursion (the body decides how deep it goes)."""
    if surrogates and isinstance(data, str) and _has_surrogate(data):
        raise _invalid_unicode()
    containers = [data] if isinstance(data, (dict, list)) else []
    level = 0
    while containers:
        level += 1
        if depth and level > MAX_DEPTH:
            raise _too_deep()
        inner: list[Any] = []
        for container in containers:
            values = container.values() if isinstance(container, dict) else container
            if surrogates and (
                any(_has_surrogate(value) for value in values if isinstance(value, str))
                or (isinstance(container, dict) and any(map(_has_surrogate, container)))
            ):
                raise _invalid_unicode()
            inner += [value for value in values if isinstance(value, (dict, list))]
        containers = inner


class StrictJSONParser(parsers.JSONParser):
    """DRF's JSONParser (the body comes from `request.body`, so Django's size limit applies; the
    charset is checked as DRF checks it), then check_body.

    Python's decoder recurses per level and gives up with a RecursionError near the interpreter's
    recursion limit (about 1,000 levels): that is a body too deep as well. check_body walks the
    parsed value only where the text leaves room for doubt: a text with at most MAX_DEPTH
    opening brackets cannot nest deeper, and a lone surrogate comes from a `\\uD800`-`\\uDFFF`
    escape (strict decoding refuses one encoded as bytes; a charset such as `unicode_escape`
    can still make one, so non-ASCII text is searched too). A usual signal lookup is never
    walked."""

    def parse(
        self,
        stream: Any,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        # DRF's charset check (text encodings only); newer than the type stubs.
        encoding = parsers.get_encoding(parser_context or {})  # type: ignore[attr-defined]
        try:
            text = stream.read().decode(encoding)
            data = json.loads(
                text,
                parse_constant=json.strict_constant if self.strict else None,
                parse_float=_finite_float,
            )
        except _NumberOutOfRange:
            raise _number_out_of_range() from None
        except ValueError as exc:  # as DRF's JSONParser words it
            raise ParseError(f"JSON parse error - {exc}") from None
        except RecursionError:
            raise _too_deep() from None
        may_nest = text.count("[") + text.count("{") > MAX_DEPTH
        may_hold_surrogate = (
            "\\u" in text and _SURROGATE_ESCAPE.search(text) is not None
        ) or _has_surrogate(text)
        if may_nest or may_hold_surrogate:
            check_body(data, depth=may_nest, surrogates=may_hold_surrogate)
        return data


def _too_deep() -> ParseError:
    return ParseError(
        _("De JSON is te diep genest: ten hoogste %(limit)d niveaus.") % {"limit": MAX_DEPTH},
        code="nesting_too_deep",
    )


def _number_out_of_range() -> ParseError:
    return ParseError(
        _("De JSON bevat een getal dat te groot is om als getal te bewaren."),
        code="number_out_of_range",
    )


def _invalid_unicode() -> ParseError:
    return ParseError(
        _(
            "De JSON bevat een losse surrogaat (U+D800 tot en met U+DFFF) in een tekst; dat is "
            "geen geldige Unicode."
        ),
        code="invalid_unicode",
    )
