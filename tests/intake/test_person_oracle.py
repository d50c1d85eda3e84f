"""Issue 10, hole 6: the referral form is no person-existence oracle (decision 0157).

The referrer learns nothing about a person's presence, and sees no stored data they did not
enter, unless BSN, surname and date of birth all match what the house holds. Every check is an
access-log event with hashed terms, and checks are rate-limited per user.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import date

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from tests.factories.intake import actor_of
from tests.intake.test_views import FORM
from zvh.audit.models import Action, AuditEvent, Result
from zvh.intake import services
from zvh.intake.models import Referral
from zvh.intake.services import PersonInput, ReferralInput, referral_create
from zvh.people.models import Person

BSN = "111222333"  # passes the eleven-test
STORED = "Sandra Maria"
STORED_DOB_SHOWN = "30-8-1971"
NOTICE = "kent deze persoon"
CHECK = "person_match"


@pytest.fixture
def sandra(world):
    return Person.objects.create(
        house=world.house,
        given_names=STORED,
        surname="Bakker",
        date_of_birth=date(1971, 8, 30),
        bsn=BSN,
        city="Zwolle",
    )


@pytest.fixture
def referrer(world, client_for):
    return client_for(world.user("partner_professional"))


def partial(**extra):
    """A known BSN with a wrong surname and a wrong date of birth."""
    return dict(FORM, **{"person-bsn": BSN}, **extra)


def full(**extra):
    """BSN, surname and date of birth as the house holds them; no given names."""
    form = dict(
        FORM,
        **{
            "person-bsn": BSN,
            "person-surname": "Bakker",
            "person-given_names": "",
            "person-date_of_birth": "1971-08-30",
        },
    )
    form.update(extra)
    return form


def checks():
    return list(AuditEvent.objects.filter(action=Action.SEARCH, object_type=CHECK).order_by("id"))


def expected_digest(name: str, value: str) -> str:
    """Django's salted_hmac, written out: HMAC-SHA256 keyed with sha256(salt + SECRET_KEY)."""
    key = hashlib.sha256(("zvh.audit.search-term" + django_settings.SECRET_KEY).encode()).digest()
    return hmac.new(key, f"{name}={value}".encode(), hashlib.sha256).hexdigest()


def test_a_known_bsn_with_a_wrong_name_and_birth_date_reveals_nothing(referrer, sandra):
    first = referrer.post(reverse("intake:create"), partial(), follow=True)
    html = first.content.decode()
    assert NOTICE not in html
    assert STORED not in html and STORED_DOB_SHOWN not in html
    # Accepted as entered: the referrer sees their own entry, nothing of the registration.
    referral = Referral.objects.get()
    assert first.redirect_chain[-1][0] == reverse("intake:detail", args=[referral.id])
    assert "Piet Jansen" in html and "6-5-1980" in html
    assert "daaraan gekoppeld" not in html


def test_a_confirmation_sent_by_hand_reveals_nothing_either(referrer, sandra):
    response = referrer.post(reverse("intake:create"), partial(confirmed="1"), follow=True)
    html = response.content.decode()
    assert STORED not in html and STORED_DOB_SHOWN not in html
    assert NOTICE not in html


def test_no_page_of_the_flow_shows_the_stored_data(referrer, sandra, world):
    """The form, the confirmation, the referral page, the referrer's list: none of them shows
    the given names or the birth date the referrer did not enter."""
    pages = [
        referrer.get(reverse("intake:create")),
        referrer.post(reverse("intake:create"), partial(), follow=True),
        referrer.post(reverse("intake:create"), full(), follow=True),
        referrer.post(reverse("intake:create"), full(confirmed="1"), follow=True),
    ]
    for referral in Referral.objects.all():
        pages.append(referrer.get(reverse("intake:detail", args=[referral.id])))
    pages.append(referrer.get(reverse("intake:mine")))
    assert Referral.objects.count() == 2
    for page in pages:
        assert page.status_code == 200
        html = page.content.decode()
        assert STORED not in html, page.request["PATH_INFO"]
        # The full match typed the date of birth itself: only the partial one must not see it.
    partial_referral = Referral.objects.order_by("received_at").first()
    assert partial_referral is not None
    page = referrer.get(reverse("intake:detail", args=[partial_referral.id])).content.decode()
    assert STORED_DOB_SHOWN not in page


def test_a_full_match_is_announced_with_only_what_was_entered(referrer, sandra):
    notice = referrer.post(reverse("intake:create"), full())
    html = notice.content.decode()
    assert notice.status_code == 200 and NOTICE in html
    assert STORED not in html
    assert not Referral.objects.exists()
    confirmed = referrer.post(reverse("intake:create"), full(confirmed="1"), follow=True)
    html = confirmed.content.decode()
    referral = Referral.objects.get()
    # The house links it to the person it knows; the referrer sees what they typed.
    assert list(referral.persons.all()) == [sandra]
    assert "Bakker (30-8-1971)" in html and STORED not in html


def test_house_staff_see_the_registration_and_what_was_entered(referrer, sandra, world, client_for):
    referrer.post(reverse("intake:create"), partial())
    referral = Referral.objects.get()
    # Same BSN, same person (decision 0050): the house links it; its staff see both.
    assert list(referral.persons.all()) == [sandra]
    staff = client_for(world.user("process_coordinator"))
    html = staff.get(reverse("intake:detail", args=[referral.id])).content.decode()
    assert "Sandra Maria Bakker" in html
    assert "Piet Jansen" in html


def test_every_check_is_one_event_with_hashed_terms(referrer, sandra):
    referrer.post(reverse("intake:create"), partial())
    referrer.post(reverse("intake:create"), full())
    # The same name and date of birth as the first: sent on purpose (decision 0181).
    again = {"person-bsn": "123456782", "duplicate_confirmed": "1"}
    referrer.post(reverse("intake:create"), dict(FORM, **again))
    events = checks()
    assert [event.detail["outcome"] for event in events] == ["miss", "hit", "miss"]
    assert [event.person_ids for event in events] == [[], [str(sandra.id)], []]
    assert all(event.result == Result.OK for event in events)
    for event in events:
        text = json.dumps(event.detail)
        for clear in (BSN, "123456782", "Bakker", "bakker", "Jansen", "jansen", "1971-08-30"):
            assert clear not in text
    assert events[1].detail["terms"] == [
        {
            "bsn": expected_digest("bsn", BSN),
            "date_of_birth": expected_digest("date_of_birth", "1971-08-30"),
            "surname": expected_digest("surname", "bakker"),
        }
    ]
    assert events[0].detail["terms"][0]["bsn"] == expected_digest("bsn", BSN)
    assert events[0].detail["terms"][0]["surname"] == expected_digest("surname", "jansen")


def test_a_form_with_errors_performs_no_check(referrer, sandra):
    referrer.post(reverse("intake:create"), partial(reason=""))
    assert checks() == []


def test_over_the_limit_the_check_is_refused_and_nothing_stored(referrer, sandra, settings):
    settings.ZVH_REFERRAL_CHECK_RATE = "2/hour"
    assert referrer.post(reverse("intake:create"), partial()).status_code == 302
    assert referrer.post(reverse("intake:create"), full()).status_code == 200  # the notice
    persons, referrals = Person.objects.count(), Referral.objects.count()
    refused = referrer.post(reverse("intake:create"), full(confirmed="1"))
    html = refused.content.decode()
    assert refused.status_code == 200
    assert "U heeft in korte tijd te veel aanmeldingen ingediend" in html
    assert NOTICE not in html and STORED not in html
    assert (Person.objects.count(), Referral.objects.count()) == (persons, referrals)
    events = checks()
    assert len(events) == 3
    assert events[-1].result == Result.DENIED
    assert events[-1].detail["outcome"] == "rate_limited"
    assert events[-1].person_ids == []
    assert BSN not in json.dumps(events[-1].detail)


def test_the_limit_is_per_user(referrer, sandra, world, client_for, settings):
    settings.ZVH_REFERRAL_CHECK_RATE = "1/hour"
    assert referrer.post(reverse("intake:create"), partial()).status_code == 302
    colleague = client_for(world.user("partner_professional", org="other"))
    assert colleague.post(reverse("intake:create"), FORM).status_code == 302
    assert Referral.objects.count() == 2


def test_the_api_tells_a_known_person_only_on_a_full_match(world, client_for, sandra):
    client = client_for(world.user("partner_professional"))
    body = {
        "persons": [{"surname": "Jansen", "date_of_birth": "1980-05-06", "bsn": BSN}],
        "reason": "Overlast",
        "request": "Regie",
    }
    answer = client.post(
        "/api/v1/referrals/", data=json.dumps(body), content_type="application/json"
    )
    assert answer.status_code == 201
    assert answer.json()["known_person"] is False and answer.json()["linked"] is False
    assert "Sandra" not in answer.content.decode()
    body["persons"] = [{"surname": "Bakker", "date_of_birth": "1971-08-30", "bsn": BSN}]
    answer = client.post(
        "/api/v1/referrals/", data=json.dumps(body), content_type="application/json"
    )
    assert answer.status_code == 201
    assert answer.json()["known_person"] is True


def test_the_service_keeps_what_was_entered(world, sandra):
    user = world.user("partner_professional")
    created = referral_create(
        actor=actor_of(user, world.house),
        house=world.house,
        data=ReferralInput(
            channel="web",  # type: ignore[arg-type]
            source="partner",  # type: ignore[arg-type]
            referring_organisation_id=user.organisation_id,
            referring_user_id=user.pk,
            persons=[PersonInput(surname="Jansen", given_names="Piet", bsn=BSN)],
            reason="Overlast",
            request="Regie",
        ),
    )
    assert created.known_person and created.full_matches == 0
    link = created.referral.referral_persons.get()
    assert link.person == sandra
    assert (link.entered_name, link.entered_date_of_birth) == ("Piet Jansen", None)


def test_the_check_and_the_referral_are_written_together(world, sandra, monkeypatch):
    """The check's event is in the referral's transaction: when the referral fails, neither
    stays."""

    def broken(**kwargs):
        raise RuntimeError("the referral could not be written")

    monkeypatch.setattr(services, "referral_create", broken)
    user = world.user("partner_professional")
    with pytest.raises(RuntimeError):
        services.referral_submit_web(
            actor=actor_of(user, world.house),
            house=world.house,
            confirmed=False,
            data=ReferralInput(
                channel="web",  # type: ignore[arg-type]
                source="partner",  # type: ignore[arg-type]
                referring_organisation_id=user.organisation_id,
                referring_user_id=user.pk,
                persons=[PersonInput(surname="Jansen", bsn=BSN)],
                reason="Overlast",
                request="Regie",
            ),
        )
    assert checks() == []
    assert not Referral.objects.exists()
