"""The search terms in the access log are an HMAC keyed with the secret key, checked against an
oracle that does not call the code under test: Python's hmac and hashlib, the key derived as
documented (Django's salted_hmac: key = SHA-256(salt + SECRET_KEY), then HMAC-SHA-256 of
"<field>=<value>"). An unkeyed SHA-256, a different salt or a different message fails here."""

from __future__ import annotations

import hashlib
import hmac

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from zvh.audit.models import Action
from zvh.audit.services import audit_record, hash_search_terms, search_term_digests

# The salt is part of the contract: every digest already in a log was made with it.
SALT = b"zvh.audit.search-term"
KEY = "test-secret-key-for-the-search-term-oracle-0123456789"
BSN = "111222333"


def oracle(secret: str, message: bytes) -> str:
    key = hashlib.sha256(SALT + secret.encode()).digest()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


@override_settings(SECRET_KEY=KEY)
def test_the_digest_is_the_hmac_of_field_and_value_under_the_configured_key():
    assert hash_search_terms({"bsn": BSN, "surname": "de vries"}) == {
        "bsn": oracle(KEY, b"bsn=111222333"),
        "surname": oracle(KEY, b"surname=de vries"),
    }


@override_settings(SECRET_KEY=KEY)
def test_a_known_answer():
    # Computed once with the oracle above and written down: a change of salt, key derivation,
    # message layout or hash function shows here even if the oracle were changed along with it.
    assert hash_search_terms({"bsn": BSN}) == {
        "bsn": "bc5585c7aa20aad7ebf4c1bea9ce5188adcf45d4204d1079a364405913fe6339"
    }


def test_the_digest_depends_on_the_key_and_is_no_plain_hash():
    with override_settings(SECRET_KEY=KEY):
        digest = hash_search_terms({"bsn": BSN})["bsn"]
    with override_settings(SECRET_KEY=KEY + "-rotated"):
        other_key = hash_search_terms({"bsn": BSN})["bsn"]
    assert digest != other_key
    assert other_key == oracle(KEY + "-rotated", b"bsn=111222333")
    unkeyed = {hashlib.sha256(text).hexdigest() for text in (b"bsn=111222333", BSN.encode(), SALT)}
    assert digest not in unkeyed
    assert hmac.new(KEY.encode(), b"bsn=111222333", hashlib.sha256).hexdigest() != digest


@override_settings(SECRET_KEY=KEY)
def test_a_term_that_is_no_valid_unicode_is_hashed_not_raised():
    """A lone surrogate cannot be encoded as UTF-8. The API refuses one (decision 0156), but the
    hash is written inside the access-log event of a search, which must not fail on its terms:
    such a term is hashed as its code points (UTF-8 with surrogatepass), still distinct."""
    terms = hash_search_terms({"surname": "\ud800x"})
    assert terms == {"surname": oracle(KEY, b"surname=\xed\xa0\x80x")}
    assert terms != hash_search_terms({"surname": "\udc00x"})


# --- the search-term key, apart from the secret key and rotatable (issue 14, part 5) ----------

SEARCH_KEY = "search-term-key-0123456789-abcdefghijklmnopqrstuvwxyz"
OLD_SEARCH_KEY = "old-search-term-key-0123456789-abcdefghijklmnopqrstuvwxyz"


@override_settings(SECRET_KEY=KEY, ZVH_SEARCH_TERM_KEY=SEARCH_KEY)
def test_a_separate_search_term_key_writes_the_digests():
    assert hash_search_terms({"bsn": BSN}) == {"bsn": oracle(SEARCH_KEY, b"bsn=111222333")}


def test_digests_under_former_keys_stay_answerable_through_rotations():
    with override_settings(SECRET_KEY=KEY, ZVH_SEARCH_TERM_KEY=""):
        before_separate = hash_search_terms({"bsn": BSN})["bsn"]
    with override_settings(SECRET_KEY=KEY, ZVH_SEARCH_TERM_KEY=OLD_SEARCH_KEY):
        before_rotation = hash_search_terms({"bsn": BSN})["bsn"]
    rotated = {
        "SECRET_KEY": "new-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "SECRET_KEY_FALLBACKS": [KEY],
        "ZVH_SEARCH_TERM_KEY": SEARCH_KEY,
        "ZVH_SEARCH_TERM_KEY_FALLBACKS": [OLD_SEARCH_KEY],
    }
    with override_settings(**rotated):
        now = hash_search_terms({"bsn": BSN})["bsn"]
        answerable = search_term_digests("bsn", BSN)
        assert now == oracle(SEARCH_KEY, b"bsn=111222333")
        assert {before_separate, before_rotation, now} <= answerable
        assert oracle(KEY, b"bsn=999999999") not in answerable
    # A key left out of the ring no longer answers: rotation without fallbacks forgets.
    with override_settings(SECRET_KEY="x" * 50, ZVH_SEARCH_TERM_KEY=SEARCH_KEY):
        assert before_rotation not in search_term_digests("bsn", BSN)


def test_the_command_finds_searches_under_old_and_new_keys(db, capsys):
    with override_settings(SECRET_KEY=KEY, ZVH_SEARCH_TERM_KEY=OLD_SEARCH_KEY):
        old = audit_record(
            actor=None, action=Action.SEARCH, detail={"terms": hash_search_terms({"bsn": BSN})}
        )
        audit_record(
            actor=None,
            action=Action.SEARCH,
            detail={"terms": hash_search_terms({"bsn": "999999999"})},
        )
    with override_settings(
        SECRET_KEY=KEY,
        ZVH_SEARCH_TERM_KEY=SEARCH_KEY,
        ZVH_SEARCH_TERM_KEY_FALLBACKS=[OLD_SEARCH_KEY],
    ):
        new = audit_record(
            actor=None, action=Action.SEARCH, detail={"terms": hash_search_terms({"bsn": BSN})}
        )
        call_command("audit_searched", "--term", f"bsn={BSN}")
    out = capsys.readouterr().out
    assert [line.split("\t")[0] for line in out.splitlines()[:-1]] == [str(old.id), str(new.id)]
    assert out.splitlines()[-1].startswith("2 search event(s)")
    for bad in ("bsn", "bsn=", "bsn__contains=1", "=1"):
        with pytest.raises(CommandError):
            call_command("audit_searched", "--term", bad)
