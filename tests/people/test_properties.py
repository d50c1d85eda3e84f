"""Properties of the BSN eleven-test and of name normalisation, checked with hypothesis."""

from __future__ import annotations

import unicodedata

from hypothesis import assume, given
from hypothesis import strategies as st

from zvh.people.bsn import normalise_bsn, passes_eleven_test, validate_bsn, with_check_digit
from zvh.people.models import normalise_name
from zvh.people.postcode import normalise_postcode

# The eleven-test's weights, written out here rather than imported: the test builds valid
# numbers by its own arithmetic, so a wrong weight in the code cannot hide.
WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2)


def _build(first_eight: list[int]) -> str | None:
    total = sum(digit * weight for digit, weight in zip(first_eight, WEIGHTS, strict=True))
    check = total % 11  # the ninth digit counts -1, so it must equal total mod 11
    if check == 10 or total - check == 0:  # no such digit, or a weighted sum of 0
        return None
    return "".join(map(str, first_eight)) + str(check)


eight_digits = st.lists(st.integers(0, 9), min_size=8, max_size=8)
valid_bsns = eight_digits.map(_build).filter(lambda bsn: bsn is not None)


@given(eight_digits)
def test_numbers_built_by_the_rule_pass(first_eight):
    bsn = _build(first_eight)
    assume(bsn is not None)
    assert passes_eleven_test(bsn)
    validate_bsn(bsn)  # raises if not
    assert with_check_digit(bsn[:8]) == bsn


@given(valid_bsns, st.integers(0, 8), st.integers(0, 9))
def test_changing_any_single_digit_fails(bsn, position, digit):
    assume(int(bsn[position]) != digit)
    changed = bsn[:position] + str(digit) + bsn[position + 1 :]
    assert not passes_eleven_test(changed)


@given(valid_bsns, st.integers(0, 7))
def test_swapping_two_different_neighbours_fails(bsn, position):
    assume(bsn[position] != bsn[position + 1])
    swapped = bsn[:position] + bsn[position + 1] + bsn[position] + bsn[position + 2 :]
    assert not passes_eleven_test(swapped)


@given(st.text())
def test_anything_but_nine_ascii_digits_fails_without_crashing(value):
    if not (len(value) == 9 and value.isascii() and value.isdigit()):
        assert not passes_eleven_test(value)


def test_known_numbers():
    assert passes_eleven_test("111222333")
    assert passes_eleven_test("999993653")  # a well-known fictional test number
    assert not passes_eleven_test("123456789")
    assert not passes_eleven_test("000000000")  # sums to 0: no real number
    assert not passes_eleven_test("１１１２２２３３３")  # full-width digits
    assert normalise_bsn(" 1112.22-333 ") == "111222333"


# --- names -----------------------------------------------------------------------------------

latin_text = st.text(
    alphabet=st.characters(categories=("Lu", "Ll", "Zs"), max_codepoint=0x24F), max_size=40
)
ascii_words = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=10), min_size=1, max_size=4
)
combining_marks = st.sampled_from(["\u0300", "\u0301", "\u0302", "\u0308", "\u0327", "\u030c"])


@given(st.text())
def test_normalising_twice_changes_nothing(value):
    once = normalise_name(value)
    assert normalise_name(once) == once


@given(st.text())
def test_normalised_names_have_single_spaces_and_no_ends(value):
    result = normalise_name(value)
    assert result == result.strip()
    assert "  " not in result
    assert normalise_name(f" \t{value}\n ") == result


@given(latin_text)
def test_case_does_not_matter(value):
    assert normalise_name(value.upper()) == normalise_name(value.lower()) == normalise_name(value)


@given(ascii_words, st.data())
def test_accents_do_not_matter(words, data):
    plain = " ".join(words)
    decorated = "".join(
        letter + (data.draw(combining_marks) if letter != " " and data.draw(st.booleans()) else "")
        for letter in plain
    )
    assert normalise_name(unicodedata.normalize("NFC", decorated)) == normalise_name(plain)
    assert normalise_name(decorated) == plain


@given(ascii_words, st.lists(st.sampled_from([" ", "  ", "\t", " \n"]), min_size=3, max_size=3))
def test_spacing_between_words_does_not_matter(words, separators):
    spaced = "".join(word + separators[i % 3] for i, word in enumerate(words))
    assert normalise_name(spaced) == " ".join(words)


def test_dutch_and_immigrant_names_meet_their_plain_forms():
    assert normalise_name("Öztürk") == normalise_name("OZTURK") == "ozturk"
    assert normalise_name("Yıldız") == normalise_name("YILDIZ") == "yildiz"
    assert normalise_name("De  Vries") == normalise_name("de vries")
    assert normalise_name("Groß") == normalise_name("GROSS")
    assert normalise_name("Ĳzerman") == normalise_name("IJzerman") == "ijzerman"


# --- postcodes -------------------------------------------------------------------------------


@given(
    st.integers(1000, 9999), st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=2)
)
def test_postcodes_are_written_one_way(number, letters):
    expected = f"{number} {letters}"
    for typed in (f"{number}{letters.lower()}", f" {number}  {letters} ", f"{number} {letters}"):
        assert normalise_postcode(typed) == expected
