"""The calendar attachment, checked line by line as strictly as RFC 5545 asks: CRLF line
ends, lines of at most 75 octets, folding with one leading space, the required properties
once each, times in UTC, escaped text, and no person's name anywhere."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from zvh.conferences import ics

CONTENT_LINE = re.compile(
    r"^(?P<name>[A-Z][A-Z0-9-]*)(?P<params>(;[A-Z-]+=[^;:]*)*):(?P<value>.*)$"
)
UTC_TIME = re.compile(r"^\d{8}T\d{6}Z$")


def parse(data: bytes) -> list[tuple[str, str, str]]:
    """Strict: fails on a bare LF or CR, a line over 75 octets, a missing final CRLF, a bad
    fold, a malformed content line or unbalanced BEGIN/END. Returns (name, params, value)."""
    assert data.endswith(b"\r\n"), "the last line must end in CRLF"
    physical = data[:-2].split(b"\r\n")
    for line in physical:
        assert b"\n" not in line and b"\r" not in line, f"bare line break in {line!r}"
        assert len(line) <= 75, f"{len(line)} octets: {line!r}"
        line.decode("utf-8")  # each physical line is whole UTF-8: no character split
    logical: list[str] = []
    for line in physical:
        text = line.decode("utf-8")
        if text.startswith(" "):
            assert logical, "a continuation line cannot come first"
            logical[-1] += text[1:]
        else:
            assert not text.startswith("\t")
            logical.append(text)
    properties = []
    stack: list[str] = []
    for line in logical:
        match = CONTENT_LINE.match(line)
        assert match, f"not a content line: {line!r}"
        name, params, value = match["name"], match["params"], match["value"]
        if name == "BEGIN":
            stack.append(value)
        elif name == "END":
            assert stack and stack.pop() == value, f"END:{value} does not close a BEGIN"
        properties.append((name, params, value))
    assert not stack, f"unclosed components: {stack}"
    return properties


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value)


def event(**overrides) -> ics.Event:
    amsterdam = ZoneInfo("Europe/Amsterdam")
    start = datetime(2026, 3, 29, 1, 30, tzinfo=amsterdam)
    values = {
        "uid": "8b1f0b9e-1111-4222-8333-944455556666@zvh.example.org",
        "sequence": 2,
        "start": start,
        "end": datetime(2026, 3, 29, 3, 30, tzinfo=amsterdam),
        "summary": "Casusoverleg ZVH O-2026-000007",
        "location": "Stadhuis Ééndracht; zaal 3, tweede verdieping – " + "ruimte " * 12,
        "description": "Agenda en stukken in ZVH: https://zvh.example.org/overleggen/1/\nTot dan",
        "url": "https://zvh.example.org/overleggen/8b1f0b9e-1111-4222-8333-944455556666/",
        "organizer_email": "zvh@example.org",
        "attendee_email": "k.de.boer@example.org",
        "attendee_name": 'Karin "KB" de Boer',
    }
    values.update(overrides)
    return ics.Event(**values)


def vevent(properties):
    inside = False
    found: dict[str, list[tuple[str, str]]] = {}
    for name, params, value in properties:
        if (name, value) == ("BEGIN", "VEVENT"):
            inside = True
        elif (name, value) == ("END", "VEVENT"):
            inside = False
        elif inside:
            found.setdefault(name, []).append((params, value))
    return found


def test_the_calendar_is_a_valid_request_with_one_event():
    dtstamp = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    properties = parse(ics.calendar(event(), method=ics.Method.REQUEST, dtstamp=dtstamp))
    assert properties[0] == ("BEGIN", "", "VCALENDAR")
    top = {name: value for name, _params, value in properties}
    assert top["VERSION"] == "2.0" and top["METHOD"] == "REQUEST" and top["PRODID"]
    found = vevent(properties)
    for name in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "LOCATION", "SEQUENCE"):
        assert len(found.get(name, [])) == 1, name
    for name in ("DTSTAMP", "DTSTART", "DTEND"):
        assert UTC_TIME.match(found[name][0][1]), name
    # The night the clocks go forward: 01:30 winter time is 00:30 UTC, 03:30 summer time 01:30.
    assert found["DTSTART"][0][1] == "20260329T003000Z"
    assert found["DTEND"][0][1] == "20260329T013000Z"
    assert found["DTSTAMP"][0][1] == "20260301T090000Z"
    assert found["SEQUENCE"][0][1] == "2"
    assert found["STATUS"][0][1] == "CONFIRMED"
    assert found["SUMMARY"][0][1] == "Casusoverleg ZVH O-2026-000007"
    assert unescape(found["LOCATION"][0][1]) == event().location
    assert unescape(found["DESCRIPTION"][0][1]).endswith("\nTot dan")
    assert found["ATTENDEE"][0][1] == "mailto:k.de.boer@example.org"
    assert 'CN="Karin KB de Boer"' in found["ATTENDEE"][0][0]


def test_long_lines_are_folded_without_splitting_a_character():
    location = "é" * 100  # 200 octets: folds, and a fold between the two octets would break
    data = ics.calendar(event(location=location), method="REQUEST", dtstamp=datetime.now(UTC))
    lines = data.split(b"\r\n")
    assert any(line.startswith(b" ") for line in lines)
    assert max(len(line) for line in lines) <= 75
    assert unescape(vevent(parse(data))["LOCATION"][0][1]) == location


def test_a_cancellation_keeps_the_uid_and_says_cancelled():
    first = vevent(parse(ics.calendar(event(), method="REQUEST", dtstamp=datetime.now(UTC))))
    cancel = ics.calendar(event(sequence=3), method=ics.Method.CANCEL, dtstamp=datetime.now(UTC))
    properties = parse(cancel)
    assert ("METHOD", "", "CANCEL") in properties
    found = vevent(properties)
    assert found["UID"] == first["UID"]
    assert found["STATUS"][0][1] == "CANCELLED"
    assert found["SEQUENCE"][0][1] == "3"


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("a,b", "a\\,b"),
        ("a;b", "a\\;b"),
        ("a\\b", "a\\\\b"),
        ("a\r\nb", "a\\nb"),
        ("a\nb", "a\\nb"),
    ],
)
def test_text_is_escaped(raw, escaped):
    assert ics.escape_text(raw) == escaped


def test_a_naive_time_is_refused():
    with pytest.raises(ValueError):
        ics.utc(datetime(2026, 1, 1, 10, 0))  # noqa: DTZ001 (the point of the test)


def test_fold_boundaries():
    exactly = "X" * 75
    assert ics.fold(exactly) == exactly + "\r\n"
    folded = ics.fold("X" * 76)
    assert folded == "X" * 75 + "\r\n" + " X\r\n"
    # A continuation holds 74 octets after its leading space.
    assert [len(line) for line in ics.fold("Y" * 200).split("\r\n")[:-1]] == [75, 75, 52]
