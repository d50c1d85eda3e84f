"""The API's JSON parser: where its limits lie, and what it still takes (decision 0156)."""

from __future__ import annotations

import io
import json

import pytest
from rest_framework.exceptions import ParseError

from zvh.api.parsers import MAX_DEPTH, StrictJSONParser


def _parse(text: str | bytes) -> object:
    raw = text.encode() if isinstance(text, str) else text
    return StrictJSONParser().parse(io.BytesIO(raw), "application/json", {})


def _nested(levels: int) -> str:
    return '{"a": ' + "[" * (levels - 1) + "]" * (levels - 1) + "}"


def _code(text: str) -> str:
    with pytest.raises(ParseError) as refused:
        _parse(text)
    assert refused.value.status_code == 400
    return refused.value.get_codes()


def test_nesting_up_to_the_limit_is_taken_one_more_level_is_refused():
    assert _parse(_nested(MAX_DEPTH)) is not None
    assert _code(_nested(MAX_DEPTH + 1)) == "nesting_too_deep"
    assert _code("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)) == "nesting_too_deep"


def test_nesting_past_the_interpreters_recursion_limit_is_refused_the_same_way():
    assert _code("[" * 5000 + "]" * 5000) == "nesting_too_deep"
    assert _code('{"a":' * 5000 + "1" + "}" * 5000) == "nesting_too_deep"


def test_deep_nesting_inside_a_string_is_just_text():
    assert _parse(json.dumps({"a": "[" * 5000})) == {"a": "[" * 5000}


@pytest.mark.parametrize(
    "body",
    [
        '"\\ud800"',  # a top-level string
        '{"a": "x\\udfff"}',  # a low surrogate alone
        '{"a": ["ok", {"b": "\\ud800x"}]}',  # deep inside
        '{"\\ud800": 1}',  # a key
        '{"a": "\\ude00\\ud83d"}',  # a pair in the wrong order is two lone halves
    ],
)
def test_a_lone_surrogate_is_refused_wherever_it_is(body):
    assert _code(body) == "invalid_unicode"


def test_unicode_text_and_escaped_pairs_are_taken():
    assert _parse('{"a": "\\ud83d\\ude00"}') == {"a": "\U0001f600"}  # a pair: one character
    assert _parse('{"naam": "Çelik", "plaats": "’s-Hertogenbosch"}'.encode()) == {
        "naam": "Çelik",
        "plaats": "’s-Hertogenbosch",
    }


def test_what_drf_refused_before_it_still_refuses():
    with pytest.raises(ParseError):
        _parse('{"a": ')
    with pytest.raises(ParseError):
        _parse('{"a": NaN}')  # STRICT_JSON
    with pytest.raises(ParseError):
        _parse(b'{"a": "\xed\xa0\x80"}')  # a surrogate encoded as UTF-8 is not UTF-8


def test_the_charset_cannot_smuggle_a_surrogate_in_or_break_the_parser():
    def parse(body: bytes, charset: str) -> object:
        return StrictJSONParser().parse(io.BytesIO(body), "application/json", {"encoding": charset})

    # unicode_escape turns the bytes \ud800 into the character itself, not into a JSON escape.
    with pytest.raises(ParseError) as refused:
        parse(b'{"a": "\\ud800"}', "unicode_escape")
    assert refused.value.get_codes() == "invalid_unicode"
    assert parse('{"a": "Çelik"}'.encode("utf-16"), "utf-16") == {"a": "Çelik"}
    for charset in ("bogus", "base64", "bz2_codec"):
        with pytest.raises(ParseError):
            parse(b'{"a": 1}', charset)
