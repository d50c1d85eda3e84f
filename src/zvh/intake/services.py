"""Referral writes. Every channel (web form, REST, JZV, priority list) calls `referral_create`."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zvh.accounts.models import User
from zvh.audit.models import Action, Result
from zvh.audit.services import audit_record, hash_search_terms
from zvh.authz.actor import Actor
from zvh.core.life_domains import LifeDomain
from zvh.core.numbering import next_number
from zvh.core.rate_window import parse_rate, rate_window_count
from zvh.core.validation import birth_date_error
from zvh.network.models import Domain, House, Membership, Municipality, Role
from zvh.notifications import titles
from zvh.notifications.services import notify
from zvh.people.bsn import normalise_bsn, passes_eleven_test
from zvh.people.models import Person, name_key
from zvh.people.selectors import person_matches

from .events import referral_entered_directly, referral_without_open_referral
from .models import (
    Behaviour,
    Channel,
    EventKind,
    Orientation,
    PriorityList,
    Referral,
    ReferralEvent,
    ReferralPerson,
    ReferralStatus,
    Source,
    Urgency,
)
from .selectors import triage_settings_for

OPEN_REFERRAL_STATUSES = (
    ReferralStatus.RECEIVED,
    ReferralStatus.ON_AGENDA,
    ReferralStatus.MORE_INFORMATION,
)


@dataclass(frozen=True)
class PersonInput:
    surname: str
    given_names: str = ""
    surname_prefix: str = ""
    date_of_birth: date | None = None
    bsn: str = ""
    street: str = ""
    house_number: str = ""
    postcode: str = ""
    city: str = ""


@dataclass(frozen=True)
class ReferralInput:
    channel: Channel
    source: Source
    referring_organisation_id: uuid.UUID
    persons: list[PersonInput]
    reason: str
    request: str
    referring_user_id: int | None = None
    referrer_contact: str = ""
    orientation: Orientation = Orientation.PERSON
    municipality_id: uuid.UUID | None = None
    life_domains: list[str] = field(default_factory=list)
    behaviour: Behaviour = Behaviour.NONE
    chains_involved: list[str] = field(default_factory=list)
    system_impact: bool = False
    local_approach_tried: bool = False
    local_approach_stuck: bool = False
    urgency: Urgency = Urgency.REGULAR
    external_id: str = ""
    external_payload: dict[str, Any] | None = None
    received_at: datetime | None = None


@dataclass(frozen=True)
class ReferralCreated:
    referral: Referral
    # What the house did, for the house: never tell the referrer these as they stand.
    known_person: bool  # at least one person was already known to the house
    linked: bool  # linked to an open referral or case of the same person
    # Persons the house knew, and of those the ones matched on BSN, surname and date of birth.
    reused: int = 0
    full_matches: int = 0

    @property
    def referrer_may_know(self) -> bool:
        """Whether the referrer may be told that the house knew the persons and what it linked
        the referral to: only when every known person was a full match (decision 0157)."""
        return self.full_matches > 0 and self.full_matches == self.reused


def validate_referral_input(data: ReferralInput) -> None:
    """Raises ValidationError with a Dutch message per field. Changes nothing."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if not data.persons:
        add("persons", _("Geef ten minste één betrokkene op."))
    if data.orientation == Orientation.PERSON and len(data.persons) > 1:
        add("persons", _("Een persoonsgerichte aanmelding gaat over één persoon."))
    for index, person in enumerate(data.persons):
        if not person.surname.strip():
            add(f"persons[{index}].surname", _("De geslachtsnaam is verplicht."))
        if person.bsn and not passes_eleven_test(person.bsn):
            add(f"persons[{index}].bsn", _("Dit BSN is ongeldig (elfproef)."))
        born = birth_date_error(person.date_of_birth)
        if born:
            add(f"persons[{index}].date_of_birth", born)
    if not data.reason.strip():
        add("reason", _("Geef de reden van aanmelding."))
    if not data.request.strip():
        add("request", _("Geef aan wat u van het huis vraagt."))
    unknown_domains = set(data.life_domains) - set(LifeDomain.values)
    if unknown_domains:
        add("life_domains", _("Onbekend leefgebied: %s") % ", ".join(sorted(unknown_domains)))
    unknown_chains = set(data.chains_involved) - set(Domain.values)
    if unknown_chains:
        add("chains_involved", _("Onbekende keten: %s") % ", ".join(sorted(unknown_chains)))
    if data.local_approach_stuck and not data.local_approach_tried:
        add(
            "local_approach_stuck",
            _("Een lokale aanpak kan alleen vastlopen als die geprobeerd is."),
        )
    if errors:
        raise ValidationError(errors)


def referral_create(
    *,
    actor: Actor,
    house: House,
    data: ReferralInput,
    priority_list: PriorityList | None = None,
    notify_coordinators: bool = True,
) -> ReferralCreated:
    validate_referral_input(data)
    now = timezone.now()
    with transaction.atomic():
        resolved = _resolve_persons(
            house=house, inputs=data.persons, municipality_id=data.municipality_id
        )
        persons = [item.person for item in resolved]
        reused = sum(item.reused for item in resolved)
        full_matches = sum(item.full_match for item in resolved)
        known = reused > 0
        bypass = priority_list is not None and priority_list.bypassed_triage
        referral = Referral.objects.create(
            house=house,
            number=next_number(house_id=house.id, name="referral", prefix="A"),
            channel=data.channel,
            source=data.source,
            referring_organisation_id=data.referring_organisation_id,
            referring_user_id=data.referring_user_id,
            referrer_contact=data.referrer_contact,
            received_at=data.received_at or now,
            orientation=data.orientation,
            municipality_id=data.municipality_id,
            outside_region=_outside_region(house, data.municipality_id),
            reason=data.reason,
            request=data.request,
            life_domains=sorted(set(data.life_domains)),
            behaviour=data.behaviour,
            chains_involved=sorted(set(data.chains_involved)),
            system_impact=data.system_impact,
            local_approach_tried=data.local_approach_tried,
            local_approach_stuck=data.local_approach_stuck,
            urgency=data.urgency,
            acute_deadline=_acute_deadline(house, data.urgency, now),
            priority_list=priority_list,
            entered_without_triage=bypass,
            status=ReferralStatus.ENTERED_DIRECTLY if bypass else ReferralStatus.RECEIVED,
            external_id=data.external_id,
            external_payload=data.external_payload,
        )
        _link_persons(referral, resolved)
        events = [
            ReferralEvent(
                referral=referral, kind=EventKind.RECEIVED, at=now, user_id=data.referring_user_id
            )
        ]
        # Only a person the house already knew can have open work.
        linked = known and _link_to_open_work(referral, persons)
        if linked:
            events.append(ReferralEvent(referral=referral, kind=EventKind.LINKED_DUPLICATE, at=now))
        if bypass:
            events.append(
                ReferralEvent(referral=referral, kind=EventKind.ENTERED_WITHOUT_TRIAGE, at=now)
            )
        ReferralEvent.objects.bulk_create(events)
        audit_record(
            actor=actor,
            action=Action.CREATE,
            object_type="referral",
            object_id=referral.id,
            person_ids=[person.id for person in persons],
            detail={
                "channel": data.channel,
                "known_person": known,
                "linked": linked,
                "full_matches": full_matches,
            },
        )
        if notify_coordinators and not bypass:
            _tell_coordinators(referral)
    if bypass:
        referral_entered_directly.send(sender=Referral, actor=actor, referral=referral)
    return ReferralCreated(
        referral=referral,
        known_person=known,
        linked=linked,
        reused=reused,
        full_matches=full_matches,
    )


def _tell_coordinators(referral: Referral) -> None:
    """Every process coordinator of the house hears of a new referral: of an acute one always
    (its decision deadline runs), of the others unless they turned that off (decision 0179).
    The text names the number only; the page behind the link applies the access policy."""
    acute = referral.urgency == Urgency.ACUTE
    coordinators = User.objects.filter(
        Exists(
            Membership.objects.filter(
                user_id=OuterRef("pk"), house_id=referral.house_id, role=Role.PROCESS_COORDINATOR
            )
        ),
        is_active=True,
    ).exclude(pk=referral.referring_user_id or 0)
    if not acute:
        coordinators = coordinators.filter(notify_new_referrals=True)
    subject = (
        titles.gettext("Nieuwe acute aanmelding %(number)s", number=referral.number)
        if acute
        else titles.gettext("Nieuwe aanmelding %(number)s", number=referral.number)
    )
    link = reverse("intake:detail", kwargs={"referral_id": referral.id})
    for user in coordinators.order_by("pk"):
        notify(
            user=user,
            house_id=referral.house_id,
            subject=subject,
            body=_("Bekijk de aanmelding en plan haar voor triage."),
            link=link,
        )


@dataclass(frozen=True)
class _Resolved:
    person: Person
    entered: PersonInput
    reused: bool  # a person the house already knew
    full_match: bool  # ... matched on BSN, surname and date of birth together


def is_full_match(person: Person, item: PersonInput) -> bool:
    """BSN, surname and date of birth as entered are all what the house holds (decision 0157).
    Given names do not count: they are written differently most often (decision 0050)."""
    return bool(
        item.bsn
        and item.date_of_birth is not None
        and normalise_bsn(item.bsn) == person.bsn
        and item.date_of_birth == person.date_of_birth
        and name_key(item.surname, item.surname_prefix) == person.surname_normalised
    )


def _entered(item: PersonInput) -> dict[str, str]:
    """What the referrer's side is shown of a person: their own entry, never the registration."""
    return {
        "given_names": item.given_names,
        "surname_prefix": item.surname_prefix,
        "surname": item.surname,
        "date_of_birth": item.date_of_birth.isoformat() if item.date_of_birth else "",
    }


def _link_persons(referral: Referral, resolved: list[_Resolved]) -> None:
    ReferralPerson.objects.bulk_create(
        [
            ReferralPerson(referral=referral, person=item.person, entered=_entered(item.entered))
            for item in resolved
        ]
    )


def _resolve_persons(
    *, house: House, inputs: list[PersonInput], municipality_id: uuid.UUID | None
) -> list[_Resolved]:
    """Reuse a person the house already knows (same BSN, or same name and date of birth:
    decision 0050); otherwise register them as entered."""
    resolved: list[_Resolved] = []
    for item in inputs:
        matches = person_matches(
            house_id=house.id,
            bsn=item.bsn,
            surname=item.surname,
            surname_prefix=item.surname_prefix,
            date_of_birth=item.date_of_birth,
        )
        if len(matches) == 1:
            match = matches[0]
            resolved.append(_Resolved(match, item, True, is_full_match(match, item)))
            continue
        person = Person(
            house=house,
            given_names=item.given_names,
            surname_prefix=item.surname_prefix,
            surname=item.surname,
            date_of_birth=item.date_of_birth,
            bsn=item.bsn,
            street=item.street,
            house_number=item.house_number,
            postcode=item.postcode,
            city=item.city,
            municipality_id=municipality_id,
        )
        person.save()
        resolved.append(_Resolved(person, item, False, False))
    return resolved


# The web form's check of the persons entered (decision 0157). The object type the check has
# always been logged under; the signal's lookups are `signal_lookup`.
PERSON_CHECK = "person_match"
REFERRAL_CHECK_SCOPE = "referral_check"


@dataclass(frozen=True)
class PersonCheck:
    # Persons matched on BSN, surname and date of birth: all the referrer may learn of.
    full_match_ids: list[uuid.UUID]

    @property
    def full_matches(self) -> int:
        return len(self.full_match_ids)


@dataclass(frozen=True)
class WebReferral:
    check: PersonCheck
    created: ReferralCreated | None  # None: a full match, shown to be confirmed first
    # The referral this same form made before (sent twice, e.g. after Back): nothing new made.
    earlier: Referral | None = None
    # A referral this user made of the same persons lately: shown to be confirmed first.
    likely_duplicate: Referral | None = None


# How long a referral of the same persons by the same user counts as a likely duplicate.
LIKELY_DUPLICATE_WINDOW = timedelta(days=1)


def _persons_key(persons: list[dict[str, str]]) -> frozenset[tuple[str, str]]:
    return frozenset(
        (name_key(p.get("surname", ""), p.get("surname_prefix", "")), p.get("date_of_birth", ""))
        for p in persons
    )


def _likely_duplicate(*, house: House, data: ReferralInput) -> Referral | None:
    """The user's latest referral of the same persons (as they entered them: surname, prefix,
    date of birth) within the window: a form sent again after Back carries a new token, since
    the page is never cached, so the token alone does not catch it (decision 0181)."""
    if data.referring_user_id is None:
        return None
    wanted = _persons_key([_entered(person) for person in data.persons])
    recent = (
        Referral.objects.filter(
            house=house,
            referring_user_id=data.referring_user_id,
            received_at__gte=timezone.now() - LIKELY_DUPLICATE_WINDOW,
        )
        .prefetch_related("referral_persons")
        .order_by("-received_at", "-id")[:20]
    )
    for referral in recent:
        entered = [link.entered for link in referral.referral_persons.all()]
        if _persons_key(entered) == wanted:
            return referral
    return None


def _earlier_submission(*, house: House, data: ReferralInput) -> Referral | None:
    """The referral the same rendered form made already. The web form's token is kept as the
    sender's registration number, so the unique (house, channel, external_id) constraint holds
    it to one referral even when both submits race (decision 0181)."""
    if data.channel != Channel.WEB or not data.external_id:
        return None
    return Referral.objects.filter(
        house=house,
        channel=Channel.WEB,
        external_id=data.external_id,
        referring_user_id=data.referring_user_id,
    ).first()


def _check_terms(persons: list[PersonInput]) -> list[dict[str, str]]:
    """The entered terms as keyed hashes, normalised as the signal's are, so that one BSN or
    name gives one digest in both logs (zvh.signals_lookup.services)."""
    return [
        hash_search_terms(
            {
                "bsn": normalise_bsn(item.bsn),
                "surname": name_key(item.surname, item.surname_prefix) if item.surname else "",
                "date_of_birth": item.date_of_birth.isoformat() if item.date_of_birth else "",
            }
        )
        for item in persons
    ]


def _within_check_budget(actor: Actor) -> bool:
    """One more check against the user's budget (zvh.core.rate_window, as the API's)."""
    allowed, period = parse_rate(str(settings.ZVH_REFERRAL_CHECK_RATE))
    hits, _started = rate_window_count(
        key=f"throttle_{REFERRAL_CHECK_SCOPE}_{actor.user_id}", now=time.time(), period=period
    )
    return hits <= allowed


def referral_person_check(*, actor: Actor, house: House, persons: list[PersonInput]) -> PersonCheck:
    """Which of the entered persons the house knows by BSN, surname and date of birth together.
    Logged, hit or miss: a search naming the fully matched persons only, the terms hashed.
    Call inside the transaction of whatever the request writes with it."""
    full: list[uuid.UUID] = []
    for item in persons:
        matches = person_matches(
            house_id=house.id,
            bsn=item.bsn,
            surname=item.surname,
            surname_prefix=item.surname_prefix,
            date_of_birth=item.date_of_birth,
        )
        if len(matches) == 1 and is_full_match(matches[0], item):
            full.append(matches[0].id)
    audit_record(
        actor=actor,
        action=Action.SEARCH,
        object_type=PERSON_CHECK,
        person_ids=full,
        detail={
            "purpose": "referral",
            "outcome": "hit" if full else "miss",
            "entered": len(persons),
            "full_matches": len(full),
            "terms": _check_terms(persons),
        },
    )
    return PersonCheck(full_match_ids=full)


def referral_submit_web(
    *,
    actor: Actor,
    house: House,
    data: ReferralInput,
    confirmed: bool,
    duplicate_confirmed: bool = False,
) -> WebReferral:
    """The web form's submission: refused over the user's budget of checks (logged, nothing
    stored); else the persons are checked and, unless a full match is to be confirmed first,
    the referral is created, both in one transaction. The referrer learns of a known person
    only on a full match (decision 0157). The same form sent again makes nothing new and
    returns the referral it made (`earlier`); a referral of the same persons by the same user
    lately is returned to be confirmed first (`likely_duplicate`)."""
    validate_referral_input(data)
    earlier = _earlier_submission(house=house, data=data)
    if earlier is not None:
        return WebReferral(check=PersonCheck(full_match_ids=[]), created=None, earlier=earlier)
    if not duplicate_confirmed:
        likely = _likely_duplicate(house=house, data=data)
        if likely is not None:
            return WebReferral(
                check=PersonCheck(full_match_ids=[]), created=None, likely_duplicate=likely
            )
    else:
        # They confirmed sending the same persons again: that the house knows them is no news.
        confirmed = True
    if not _within_check_budget(actor):
        audit_record(
            actor=actor,
            action=Action.SEARCH,
            object_type=PERSON_CHECK,
            result=Result.DENIED,
            detail={
                "purpose": "referral",
                "outcome": "rate_limited",
                "entered": len(data.persons),
                "terms": _check_terms(data.persons),
            },
        )
        raise ValidationError(
            _(
                "U heeft in korte tijd te veel aanmeldingen ingediend. Er is niets opgeslagen; "
                "probeer het later opnieuw."
            ),
            code="rate_limited",
        )
    try:
        return _check_and_create(actor=actor, house=house, data=data, confirmed=confirmed)
    except IntegrityError:
        if not data.external_id:
            raise
    # The same form's other submit won the race for the token; or the token is not this
    # user's (only a forged form has one): then it is no token at all.
    earlier = _earlier_submission(house=house, data=data)
    if earlier is not None:
        return WebReferral(check=PersonCheck(full_match_ids=[]), created=None, earlier=earlier)
    return _check_and_create(
        actor=actor, house=house, data=replace(data, external_id=""), confirmed=confirmed
    )


def _check_and_create(
    *, actor: Actor, house: House, data: ReferralInput, confirmed: bool
) -> WebReferral:
    with transaction.atomic():
        check = referral_person_check(actor=actor, house=house, persons=data.persons)
        if check.full_matches and not confirmed:
            return WebReferral(check=check, created=None)
        created = referral_create(actor=actor, house=house, data=data)
    return WebReferral(check=check, created=created)


def _outside_region(house: House, municipality_id: uuid.UUID | None) -> bool:
    if municipality_id is None:
        return False
    return not Municipality.objects.filter(pk=municipality_id, houses=house).exists()


def _acute_deadline(house: House, urgency: str, now: datetime) -> datetime | None:
    if urgency != Urgency.ACUTE:
        return None
    return now + timedelta(hours=triage_settings_for(house.id).acute_deadline_hours)


def _link_to_open_work(referral: Referral, persons: list[Person]) -> bool:
    """Links the new referral to an open referral of the same person(s) in this house, or else
    to an open case of theirs. Starts from the persons' own (indexed) links, which are few."""
    person_ids = [person.id for person in persons]
    referral_ids = list(
        ReferralPerson.objects.filter(person_id__in=person_ids)
        .exclude(referral_id=referral.pk)
        .values_list("referral_id", flat=True)
    )
    earlier = (
        Referral.objects.filter(
            pk__in=referral_ids,
            house_id=referral.house_id,
            status__in=OPEN_REFERRAL_STATUSES,
            duplicate_of__isnull=True,
        )
        .order_by("received_at")
        .first()
        if referral_ids
        else None
    )
    if earlier is not None:
        referral.duplicate_of = earlier
        referral.save(update_fields=["duplicate_of"])
        return True
    # Open work higher up (a case) is the cases app's to find (decision 0195).
    answers = referral_without_open_referral.send(
        sender=Referral, referral=referral, person_ids=person_ids
    )
    return any(linked for _receiver, linked in answers)


def record_event(
    *, referral: Referral, kind: EventKind, user_id: int | None, note: str = ""
) -> ReferralEvent:
    return ReferralEvent.objects.create(
        referral=referral, kind=kind, at=timezone.now(), user_id=user_id, note=note
    )


def referral_supply_information(*, actor: Actor, referral: Referral, text: str) -> None:
    """The referrer answers the triage's questions; the referral goes back into the queue."""
    if not text.strip():
        raise ValidationError({"text": _("Vul de gevraagde informatie in.")})
    if referral.status != ReferralStatus.MORE_INFORMATION:
        raise ValidationError(_("Er is voor deze aanmelding geen informatie gevraagd."))
    with transaction.atomic():
        referral.status = ReferralStatus.RECEIVED
        referral.version += 1
        referral.save(update_fields=["status", "version", "updated_at"])
        record_event(
            referral=referral, kind=EventKind.INFORMATION_SUPPLIED, user_id=actor.user_id, note=text
        )
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            object_type="referral",
            object_id=referral.id,
            person_ids=referral.referral_persons.values_list("person_id", flat=True),
        )


def referral_keep_despite_residence(*, actor: Actor, referral: Referral, reason: str) -> None:
    if not reason.strip():
        raise ValidationError({"reason": _("Geef aan waarom het huis deze aanmelding houdt.")})
    with transaction.atomic():
        referral.residence_kept_reason = reason
        referral.save(update_fields=["residence_kept_reason", "updated_at"])
        record_event(
            referral=referral, kind=EventKind.RESIDENCE_KEPT, user_id=actor.user_id, note=reason
        )
        audit_record(
            actor=actor, action=Action.UPDATE, object_type="referral", object_id=referral.id
        )


def referral_forward(*, actor: Actor, referral: Referral, to_house: House, reason: str) -> Referral:
    """Forwards a referral to the house where the person lives: the receiving house gets a new
    referral with the same content; both houses see the transfer record."""
    from .models import ReferralTransfer

    if to_house.id == referral.house_id:
        raise ValidationError({"to_house": _("Kies een ander huis.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Een toelichting is verplicht.")})
    if referral.status not in OPEN_REFERRAL_STATUSES:
        raise ValidationError(_("Alleen een openstaande aanmelding kan worden doorgestuurd."))
    persons = list(referral.persons.all())
    data = ReferralInput(
        channel=Channel(referral.channel),
        source=Source(referral.source),
        referring_organisation_id=referral.referring_organisation_id,
        referring_user_id=referral.referring_user_id,
        referrer_contact=referral.referrer_contact,
        persons=[
            PersonInput(
                surname=p.surname,
                given_names=p.given_names,
                surname_prefix=p.surname_prefix,
                date_of_birth=p.date_of_birth,
                bsn=p.bsn,
                street=p.street,
                house_number=p.house_number,
                postcode=p.postcode,
                city=p.city,
            )
            for p in persons
        ],
        reason=referral.reason,
        request=referral.request,
        orientation=Orientation(referral.orientation),
        municipality_id=referral.municipality_id,
        life_domains=list(referral.life_domains),
        behaviour=Behaviour(referral.behaviour),
        chains_involved=list(referral.chains_involved),
        system_impact=referral.system_impact,
        local_approach_tried=referral.local_approach_tried,
        local_approach_stuck=referral.local_approach_stuck,
        urgency=Urgency(referral.urgency),
        received_at=referral.received_at,
    )
    with transaction.atomic():
        created = referral_create(actor=actor, house=to_house, data=data).referral
        referral.status = ReferralStatus.FORWARDED
        referral.version += 1
        referral.save(update_fields=["status", "version", "updated_at"])
        ReferralTransfer.objects.create(
            referral=referral,
            from_house_id=referral.house_id,
            to_house=to_house,
            new_referral=created,
            reason=reason,
            by_user_id=actor.person_user_id,
        )
        record_event(
            referral=referral, kind=EventKind.FORWARDED, user_id=actor.user_id, note=reason
        )
    return created


WITHDRAWABLE = (ReferralStatus.RECEIVED, ReferralStatus.MORE_INFORMATION)


def referral_replace_content(*, actor: Actor, referral: Referral, data: ReferralInput) -> Referral:
    """The sender corrects a referral that triage has not taken up yet (JZV PUT)."""
    validate_referral_input(data)
    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        if locked.status != ReferralStatus.RECEIVED:
            raise ValidationError(
                _("Deze aanmelding is al in behandeling en kan niet meer worden gewijzigd."),
                code="conflict",
            )
        house = locked.house
        resolved = _resolve_persons(
            house=house, inputs=data.persons, municipality_id=data.municipality_id
        )
        persons = [item.person for item in resolved]
        locked.referral_persons.all().delete()
        _link_persons(locked, resolved)
        locked.reason = data.reason
        locked.request = data.request
        locked.behaviour = data.behaviour
        locked.external_payload = data.external_payload
        locked.version += 1
        locked.save()
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            object_type="referral",
            object_id=locked.id,
            person_ids=[person.id for person in persons],
        )
    return locked


def referral_withdraw(*, actor: Actor, referral: Referral) -> None:
    """The sender withdraws a referral that has not been decided yet."""
    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        if locked.status not in WITHDRAWABLE:
            raise ValidationError(
                _("Over deze aanmelding is al besloten of ze staat op de agenda."),
                code="conflict",
            )
        locked.status = ReferralStatus.WITHDRAWN
        locked.version += 1
        locked.save(update_fields=["status", "version", "updated_at"])
        audit_record(actor=actor, action=Action.DELETE, object_type="referral", object_id=locked.id)
