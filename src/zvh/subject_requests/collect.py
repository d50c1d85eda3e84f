"""What the house holds about one person: the content of the access export (art. 15 AVG).

Everything comes from the access policy's subject querysets (subject_requests/policy.py):
the person's own record, the referrals naming them, the cases they are in with the plan,
reviews, conference minutes and decisions, the information items about them from every
organisation, their consents, their earlier requests, and the access log. Each part says where
it comes from (`source`). Parts the privacy officer may withhold carry a `key`.

Never in it: another person's record, and in a household case another member's items. A case
says it is a household case, not who else is in it. Case-level texts of a household case (the
plan, reviews, minutes) are about the household and so about this person too; the preview flags
them for the officer to check for other members' data (art. 15 lid 4 AVG).

The query count is fixed: one or two per kind of part, however many cases or items there are.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from zvh.accounts.models import User
from zvh.audit.models import AuditEventPerson
from zvh.authz.actor import Actor
from zvh.cases.models import Case, CaseParticipant, CaseReview, CaseStatusChange, CaseType, Theme
from zvh.conferences.models import AgendaItem, ConferenceDecision
from zvh.core.keyset import keyset_page
from zvh.core.life_domains import LifeDomain
from zvh.intake.models import ReferralPerson
from zvh.network.models import Organisation
from zvh.people.access_report import EVENT_FIELDS, _access_rows
from zvh.people.models import Person
from zvh.plans.models import Agreement, Plan
from zvh.sharing.categories import InformationCategory, Purpose
from zvh.sharing.models import Consent, ConsentGrant, InformationItem
from zvh.subject_requests import policy as subject_request_policy
from zvh.triage.models import Assessment

from .models import SubjectRequest, Withholding

FORMAT = "zvh-inzage/1"
ACCESS_LOG_CHUNK = 500

PERSON_FIELDS = (
    "given_names",
    "surname_prefix",
    "surname",
    "date_of_birth",
    "bsn",
    "street",
    "house_number",
    "postcode",
    "city",
)


def record_key(kind: str, pk: object) -> str:
    return f"{kind}:{pk}"


def _name(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


def _organisation_name(organisation: Organisation | None) -> str:
    return organisation.name if organisation is not None else ""


def _source(
    record: str,
    *,
    at: datetime | None = None,
    organisation: Organisation | None = None,
    by: User | None = None,
) -> dict[str, Any]:
    """Where a part comes from: the organisation that contributed it, the person who recorded
    it (a professional, never another data subject), when, and the record it was read from."""
    if organisation is None and by is not None:
        organisation = by.organisation
    return {
        "organisation": _organisation_name(organisation),
        "recorded_by": _name(by),
        "recorded_at": at,
        "record": record,
    }


def _labels(values: Iterable[str], choices: Any) -> list[str]:
    labels = dict(choices)
    return [str(labels.get(value, value)) for value in values]


# --- the person and their referrals -----------------------------------------------------------


def _person(person: Person) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(person, name) for name in PERSON_FIELDS}
    values["municipality"] = person.municipality.name if person.municipality else ""
    return {
        "id": person.id,
        "display_name": person.display_name,
        **values,
        "source": _source(record_key("person", person.id), at=person.created_at),
    }


def _referrals(actor: Actor, person: Person) -> list[dict[str, Any]]:
    others = ReferralPerson.objects.filter(referral_id=OuterRef("pk")).exclude(person_id=person.pk)
    referrals = (
        subject_request_policy.subject_referrals(actor, person)
        .annotate(names_others=Exists(others))
        .select_related("referring_organisation", "referring_user__organisation")
        .prefetch_related(
            Prefetch(
                "assessments",
                queryset=Assessment.objects.select_related("decided_by__organisation").order_by(
                    "decided_at"
                ),
            )
        )
        .order_by("received_at", "id")
    )
    return [
        {
            "key": record_key("referral", referral.id),
            "label": _("Aanmelding %(number)s") % {"number": referral.number},
            "number": referral.number,
            "received_at": referral.received_at,
            "channel": referral.get_channel_display(),
            "referrer_kind": referral.get_source_display(),
            "status": referral.get_status_display(),
            "reason": referral.reason,
            "request": referral.request,
            "life_domains": _labels(referral.life_domains, LifeDomain.choices),
            "behaviour": referral.get_behaviour_display(),
            "urgency": referral.get_urgency_display(),
            # Other persons are named by the referral; who they are is not this person's data.
            "names_others": referral.names_others,
            "triage": [
                {
                    "decided_at": assessment.decided_at,
                    "decision": assessment.get_decision_display(),
                    "motivation": assessment.motivation,
                    "advice": assessment.advice,
                    "referred_to": assessment.get_referred_to_display(),
                    "current": assessment.is_current,
                    "source": _source(
                        record_key("assessment", assessment.id),
                        at=assessment.decided_at,
                        by=assessment.decided_by,
                    ),
                }
                for assessment in referral.assessments.all()
            ],
            "source": _source(
                record_key("referral", referral.id),
                at=referral.received_at,
                organisation=referral.referring_organisation,
                by=referral.referring_user,
            ),
        }
        for referral in referrals
    ]


# --- cases ------------------------------------------------------------------------------------


def _cases(actor: Actor, person: Person) -> list[dict[str, Any]]:
    cases = list(
        subject_request_policy.subject_cases(actor, person)
        .select_related(
            "municipality",
            "referring_organisation",
            "process_coordinator__organisation",
            "case_director__organisation",
        )
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.only("id", "name").order_by("name")),
            Prefetch(
                "participants",
                queryset=CaseParticipant.objects.select_related("organisation").order_by(
                    "added_at", "id"
                ),
            ),
            Prefetch("status_changes", queryset=CaseStatusChange.objects.order_by("at", "id")),
        )
        .order_by("created_at", "id")
    )
    case_ids = [case.id for case in cases]
    parts = _case_parts(actor, person, case_ids)
    return [_case(case, parts) for case in cases]


def _case_parts(
    actor: Actor, person: Person, case_ids: list[uuid.UUID]
) -> dict[str, dict[uuid.UUID, list[Any]]]:
    """Plans, agreements, reviews, conference items and information items of the cases, one
    query (or two with a prefetch) per kind, grouped by case."""
    grouped: dict[str, dict[uuid.UUID, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for plan in Plan.objects.filter(case_id__in=case_ids).prefetch_related("goals"):
        grouped["plan"][plan.case_id].append(plan)
    for agreement in (
        Agreement.objects.filter(case_id__in=case_ids)
        .select_related("owner_organisation", "owner_user", "created_by__organisation")
        .order_by("due_date", "id")
    ):
        grouped["agreements"][agreement.case_id].append(agreement)
    for review in (
        CaseReview.objects.filter(case_id__in=case_ids)
        .select_related("author__organisation")
        .order_by("held_on", "id")
    ):
        grouped["reviews"][review.case_id].append(review)
    for item in (
        AgendaItem.objects.filter(case_id__in=case_ids)
        .select_related("conference", "minutes_by__organisation")
        .prefetch_related(
            Prefetch(
                "decisions",
                queryset=ConferenceDecision.objects.select_related(
                    "decided_by__organisation"
                ).order_by("decided_at", "id"),
            )
        )
        .order_by("conference__starts_at", "id")
    ):
        grouped["conference_items"][item.case_id].append(item)
    for note in (
        subject_request_policy.subject_items(actor, person)
        .select_related("organisation", "author__organisation", "legal_basis")
        .order_by("contact_date", "created_at", "id")
    ):
        grouped["items"][note.case_id].append(note)
    return grouped


def _case(case: Case, parts: dict[str, dict[uuid.UUID, list[Any]]]) -> dict[str, Any]:
    plans = parts["plan"].get(case.id, [])
    return {
        "key": record_key("case", case.id),
        "label": _("Casus %(number)s") % {"number": case.number},
        "number": case.number,
        "case_type": case.get_case_type_display(),
        # A household case says so; who else is in it is theirs, not this person's, data.
        "household": case.case_type == CaseType.SYSTEM,
        "status": case.get_status_display(),
        "opened_at": case.opened_at,
        "closed_at": case.closed_at,
        "closure_reason": case.get_closure_reason_display() if case.closure_reason else "",
        "closure_note": case.closure_note,
        "receiving_party": case.receiving_party,
        "municipality": case.municipality.name if case.municipality else "",
        "referring_organisation": _organisation_name(case.referring_organisation),
        "themes": [theme.name for theme in case.themes.all()],
        "life_domains": case.life_domain_labels,
        "requested_justice_response": case.requested_justice_response,
        "roles": [
            {
                "role": role,
                "name": _name(user),
                "organisation": _organisation_name(user.organisation),
            }
            for role, user in (
                (_("Procesregisseur"), case.process_coordinator),
                (_("Casusregisseur"), case.case_director),
            )
            if user is not None
        ],
        "participants": [
            {
                "organisation": participant.organisation.name,
                "from": participant.added_at,
                "until": participant.ended_at,
            }
            for participant in case.participants.all()
        ],
        "status_history": [
            {
                "at": change.at,
                "from": change.get_from_status_display() if change.from_status else "",
                "to": change.get_to_status_display(),
                "closure_reason": (
                    change.get_closure_reason_display() if change.closure_reason else ""
                ),
                "note": change.note,
            }
            for change in case.status_changes.all()
        ],
        "plan": _plan(case, plans[0]) if plans else None,
        "agreements": [_agreement(case, a) for a in parts["agreements"].get(case.id, [])],
        "reviews": [_review(case, r) for r in parts["reviews"].get(case.id, [])],
        "conferences": [
            _conference_item(case, i) for i in parts["conference_items"].get(case.id, [])
        ],
        "items": [_item(case, note) for note in parts["items"].get(case.id, [])],
        "source": _source(
            record_key("case", case.id),
            at=case.opened_at or case.created_at,
            organisation=case.referring_organisation,
        ),
    }


def _plan(case: Case, plan: Plan) -> dict[str, Any]:
    domains = dict(LifeDomain.choices)
    return {
        "status": plan.get_status_display(),
        "set_at": plan.set_at,
        "revision": plan.revision,
        "goals": [
            {
                "key": record_key("goal", goal.id),
                "label": _("Doel (%(domain)s) in casus %(number)s")
                % {
                    "domain": domains.get(goal.life_domain, goal.life_domain),
                    "number": case.number,
                },
                "life_domain": str(domains.get(goal.life_domain, goal.life_domain)),
                "description": goal.description,
                "source": _source(record_key("goal", goal.id), at=goal.created_at),
            }
            for goal in sorted(plan.goals.all(), key=lambda goal: goal.life_domain)
        ],
    }


def _agreement(case: Case, agreement: Agreement) -> dict[str, Any]:
    return {
        "key": record_key("agreement", agreement.id),
        "label": _("Afspraak met streefdatum %(date)s in casus %(number)s")
        % {"date": f"{agreement.due_date:%d-%m-%Y}", "number": case.number},
        "what": agreement.what,
        "domain": agreement.get_domain_display(),
        "owner": _name(agreement.owner_user),
        "owner_organisation": agreement.owner_organisation.name,
        "due_date": agreement.due_date,
        "status": agreement.get_status_display(),
        "note": agreement.note,
        "completed_at": agreement.completed_at,
        "source": _source(
            record_key("agreement", agreement.id),
            at=agreement.created_at,
            organisation=agreement.owner_organisation,
            by=agreement.created_by,
        ),
    }


def _review(case: Case, review: CaseReview) -> dict[str, Any]:
    return {
        "key": record_key("review", review.id),
        "label": _("Evaluatie van %(date)s in casus %(number)s")
        % {"date": f"{review.held_on:%d-%m-%Y}", "number": case.number},
        "held_on": review.held_on,
        "progress": [{"life_domain": d, "text": text} for d, text in review.progress_rows],
        "zrm_scores": [{"life_domain": d, "score": score} for d, score in review.zrm_rows],
        "next_review_date": review.next_review_date,
        "source": _source(record_key("review", review.id), at=review.created_at, by=review.author),
    }


def _conference_item(case: Case, item: AgendaItem) -> dict[str, Any]:
    conference = item.conference
    return {
        "key": record_key("conference_item", item.id),
        "label": _("Overleg %(conference)s over casus %(number)s")
        % {"conference": conference.number, "number": case.number},
        "conference": conference.number,
        "kind": conference.get_kind_display(),
        "starts_at": conference.starts_at,
        "minutes": item.minutes,
        "decisions": [
            {
                "text": decision.text,
                "decided_at": decision.decided_at,
                "source": _source(
                    record_key("conference_decision", decision.id),
                    at=decision.decided_at,
                    by=decision.decided_by,
                ),
            }
            for decision in item.decisions.all()
        ],
        "source": _source(
            record_key("conference_item", item.id), at=item.minutes_at, by=item.minutes_by
        ),
    }


def _item(case: Case, note: InformationItem) -> dict[str, Any]:
    basis = note.legal_basis
    organisation = note.organisation or (note.author.organisation if note.author else None)
    return {
        "key": record_key("item", note.id),
        "label": _("Informatie-item van %(date)s (%(organisation)s) in casus %(number)s")
        % {
            "date": f"{note.contact_date:%d-%m-%Y}",
            "organisation": _organisation_name(organisation) or "-",
            "number": case.number,
        },
        "contact_date": note.contact_date,
        "category": note.category_label,
        "legal_basis": (
            {
                "name": basis.name,
                "gdpr_basis": basis.get_gdpr_basis_display(),
                "special_ground": basis.special_ground,
                "framework": basis.framework,
            }
            if basis is not None
            else None
        ),
        "purpose": _labels([note.purpose], Purpose.choices)[0] if note.purpose else "",
        "text": note.text,
        "attachment": note.attachment_name if note.attachment else "",
        "attachment_path": note.attachment.name if note.attachment else "",
        "source": _source(
            record_key("item", note.id),
            at=note.created_at,
            organisation=organisation,
            by=note.author,
        ),
    }


# --- consents, requests, access log -----------------------------------------------------------


def _consents(person: Person) -> list[dict[str, Any]]:
    consents = (
        Consent.objects.filter(person_id=person.pk, house_id=person.house_id)
        .select_related("recorded_by__organisation")
        .prefetch_related(
            Prefetch(
                "grants",
                queryset=ConsentGrant.objects.select_related("organisation").order_by(
                    "organisation__name", "category"
                ),
            )
        )
        .order_by("given_on", "recorded_at")
    )
    categories = dict(InformationCategory.choices)
    return [
        {
            "given_on": consent.given_on,
            "expires_on": consent.expires_on,
            "withdrawn_at": consent.withdrawn_at,
            "note": consent.note,
            "grants": [
                {
                    "organisation": grant.organisation.name,
                    "category": str(categories.get(grant.category, grant.category)),
                }
                for grant in consent.grants.all()
            ],
            "source": _source(
                record_key("consent", consent.id),
                at=consent.recorded_at,
                by=consent.recorded_by,
            ),
        }
        for consent in consents
    ]


def _requests(person: Person) -> list[dict[str, Any]]:
    return [
        {
            "number": request.number,
            "kind": request.get_kind_display(),
            "received_on": request.received_on,
            "status": request.get_status_display(),
            "closed_at": request.closed_at,
        }
        for request in SubjectRequest.objects.filter(person_id=person.pk).order_by(
            "received_on", "created_at"
        )
    ]


def _access_log(person: Person) -> list[dict[str, Any]]:
    """Every access-log event about the person, newest first: the access report's rows, read
    in chunks through the per-person index."""
    rows: list[dict[str, Any]] = []
    links = AuditEventPerson.objects.filter(person_id=person.pk).select_related("event")
    links = links.only("id", "event", *(f"event__{name}" for name in EVENT_FIELDS))
    cursor = None
    while True:
        page = keyset_page(links, order=("-event_id", "-id"), cursor=cursor, size=ACCESS_LOG_CHUNK)
        rows.extend(
            {
                "at": row.occurred_at,
                "user": row.user,
                "organisation": row.organisation,
                "via_api": row.via_api,
                "action": row.action,
                "object_type": row.object_type,
                "result": row.result,
            }
            for row in _access_rows([link.event for link in page.rows])
        )
        if page.next_cursor is None:
            return rows
        cursor = page.next_cursor


# --- the whole, and withholding ---------------------------------------------------------------


def subject_data(
    *, actor: Actor, request: SubjectRequest, person: Person, access_log: bool = True
) -> dict[str, Any]:
    """Everything, nothing withheld yet (the officer's preview shows this). Without the access
    log when only the parts are needed (checking what may be withheld). Only of an opened
    request (0154)."""
    if not subject_request_policy.can_read_content(actor, request):
        raise PermissionDenied
    return {
        "format": FORMAT,
        "generated_at": timezone.now(),
        "house": request.house.name,
        "request": {"number": request.number, "received_on": request.received_on},
        "person": _person(person),
        "referrals": _referrals(actor, person),
        "cases": _cases(actor, person),
        "consents": _consents(person),
        "requests": _requests(person),
        "access_log": _access_log(person) if access_log else [],
        "withheld": [],
    }


def records(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The parts that can be withheld, each a dict with `key` and `label`."""
    found = list(data["referrals"])
    for case in data["cases"]:
        found.append(case)
        found.extend(case["plan"]["goals"] if case["plan"] else [])
        for name in ("agreements", "reviews", "conferences", "items"):
            found.extend(case[name])
    return found


def without_withheld(data: dict[str, Any], withholdings: list[Withholding]) -> dict[str, Any]:
    """The export as it goes to the person: withheld parts left out, and per legal ground how
    many parts were withheld (art. 12 lid 4 AVG: the person is told that, and why; which parts
    is not said, as that alone could reveal what the ground protects)."""
    withheld = {w.record: w for w in withholdings}

    def kept(parts: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [part for part in parts if part["key"] not in withheld]

    result = dict(data)
    result["referrals"] = kept(data["referrals"])
    cases = []
    for case in kept(data["cases"]):
        case = dict(case)
        for name in ("agreements", "reviews", "conferences", "items"):
            case[name] = kept(case[name])
        if case["plan"]:
            case["plan"] = {**case["plan"], "goals": kept(case["plan"]["goals"])}
        cases.append(case)
    result["cases"] = cases
    present = {part["key"] for part in records(data)}
    counts: dict[str, int] = defaultdict(int)
    labels: dict[str, str] = {}
    for withholding in withheld.values():
        if withholding.record in present:
            counts[withholding.ground] += 1
            labels[withholding.ground] = withholding.get_ground_display()
    result["withheld"] = [
        {"ground": ground, "ground_label": labels[ground], "parts": count}
        for ground, count in sorted(counts.items())
    ]
    return result
