"""The house's formatting rules (issue 12): one date format on every page, named in the
templates; quantities with thousands separated; the privacy officer's Dutch name."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.template import engines
from django.utils import translation
from django.utils.formats import date_format

from zvh.figures.formatting import cell_text, number_text
from zvh.figures.table import Column, Row, ValueKind
from zvh.network.models import Role

SRC = Path(__file__).resolve().parents[2] / "src" / "zvh"
DAY = date(2026, 12, 7)
MOMENT = datetime(2026, 12, 7, 14, 30, tzinfo=ZoneInfo("Europe/Amsterdam"))


def render(text: str, **context) -> str:
    return engines["django"].from_string(text).render(context)


@pytest.mark.parametrize(
    ("language", "long", "with_time", "short"),
    [
        ("nl", "7 december 2026", "7 december 2026 14:30", "7-12-2026"),
        ("en", "7 December 2026", "7 December 2026 14:30", "7-12-2026"),
    ],
)
def test_the_named_date_formats(language, long, with_time, short):
    with translation.override(language):
        assert render("{{ d|date }}", d=DAY) == long
        assert render("{{ d }}", d=DAY) == long  # a date printed as it is, too
        assert render('{{ m|date:"DATETIME_FORMAT" }}', m=MOMENT) == with_time
        assert render('{{ d|date:"SHORT_DATE_FORMAT" }}', d=DAY) == short
        assert date_format(DAY) == long  # what services put in messages and e-mails


# A weekday with the time (meetings) and the second (audit trails) are the only spelled-out
# formats; both are the long format with something added.
ALLOWED_LITERALS = {"H:i", "l j F Y H:i", "j F Y H:i:s"}


def test_templates_name_their_date_format_instead_of_spelling_it():
    spelled = re.compile(r'\|date:"([^"]+)"')
    found = {
        f"{path.relative_to(SRC)}: {fmt}"
        for path in SRC.rglob("*.html")
        for fmt in spelled.findall(path.read_text())
        if not fmt.endswith("_FORMAT") and fmt not in ALLOWED_LITERALS
    }
    assert not found, "use |date, DATETIME_FORMAT or SHORT_DATE_FORMAT: " + ", ".join(sorted(found))


def test_python_code_uses_the_named_formats_too():
    spelled = re.compile(r'date_format\([^)]*"j [FM] Y"|strftime\("%d-%m-%Y"\)')
    found = [str(p.relative_to(SRC)) for p in SRC.rglob("*.py") if spelled.search(p.read_text())]
    assert not found


@pytest.mark.parametrize(("language", "expected"), [("nl", "540.500"), ("en", "540,500")])
def test_the_number_filter_separates_thousands(language, expected):
    with translation.override(language):
        assert render("{{ n|number }}", n=540500) == expected
        assert render("{{ n|number }}", n=12) == "12"
        assert render("{{ n|number }}", n="–") == "–"  # no number, left alone
        assert render("{{ n }}", n=2026) == "2026"  # a year is not grouped


def test_figure_cells_on_the_page_separate_thousands_the_csv_does_not():
    count = Column("inhabitants", "Inwoners", ValueKind.COUNT)
    row = Row("a", "Gemeente A", {"inhabitants": 540500})
    with translation.override("nl"):
        assert cell_text(row, count) == "540.500"
        assert number_text(540500, ValueKind.COUNT) == "540500"


def test_the_privacy_officer_is_a_privacyfunctionaris_in_the_ui():
    assert str(Role.PRIVACY_OFFICER.label) == "Privacyfunctionaris"
    po = (SRC / "locale" / "en" / "LC_MESSAGES" / "django.po").read_text()
    msgids = re.findall(r'^msgid "(.*)"$', po, flags=re.MULTILINE)
    other_names = [m for m in msgids if re.search(r"privacy[ -]?officer", m, re.IGNORECASE)]
    assert not other_names
    for path in SRC.rglob("*.html"):
        assert not re.search(r"privacy[ -]?officer", path.read_text(), re.IGNORECASE), path
