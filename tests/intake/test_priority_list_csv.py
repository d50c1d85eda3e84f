import pytest
from django.core.exceptions import ValidationError

from zvh.intake.priority_lists import parse_csv


def test_semicolon_csv_with_bom_is_read():
    content = "\ufeffgeslachtsnaam;voornamen;geboortedatum;bsn\nJansen;Piet;01-02-1980;111222333\n"
    parsed = parse_csv(content.encode("utf-8"))
    assert not parsed.problems
    (line, person, _note) = parsed.entries[0]
    assert line == 2 and person.surname == "Jansen" and str(person.date_of_birth) == "1980-02-01"


def test_bad_rows_are_reported_per_row_and_column():
    content = (
        "geslachtsnaam,bsn,geboortedatum\n,,\nJansen,123456789,2999-01-01\nDe Boer,,1970-13-01\n"
    )
    parsed = parse_csv(content.encode())
    assert {(p.row, p.column) for p in parsed.problems} == {
        (3, "bsn"),
        (3, "geboortedatum"),
        (4, "geboortedatum"),
    }


@pytest.mark.parametrize(
    "content",
    [
        b"\xff\xfe\x00x",
        b"naam;bsn\nJansen;1\n",
        b"geslachtsnaam;kleur\nJansen;rood\n",
        b"geslachtsnaam\n",
    ],
)
def test_unusable_files_are_refused_with_a_message(content):
    with pytest.raises(ValidationError):
        parse_csv(content)
