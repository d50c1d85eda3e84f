"""Case reads, through the access policy, audited. Each page costs a fixed number of queries."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import Exists, Model, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from zvh.accounts.models import User
from zvh.audit.models import Action, Result
from zvh.audit.reads import audited_export, audited_get
from zvh.audit.services import audit_record, hash_search_terms
from zvh.authz.actor import Actor
from zvh.cases import policy as case_policy
from zvh.core.filetypes import default_upload_types
from zvh.core.keyset import Page, keyset_page
from zvh.core.listing import ListFilters, Sorting
from zvh.core.page_sections import PageSections
from zvh.core.uploads import DEFAULT_UPLOAD_MB
from zvh.intake import policy as referral_policy
from zvh.intake.models import Referral
from zvh.network import policy as network_policy
from zvh.network.models import Membership, Organisation, Role
from zvh.people.models import Person

from .journal import describe, journal_line_conditions, kind_label
from .models import (
    Case,
    CaseJournalEntry,
    CaseParticipant,
    CasePerson,
    CaseSettings,
    CaseStatus,
    CaseTransfer,
    Theme,
    TransferStatus,
)
from .search import CASE_NUMBER, REFERRAL_NUMBER, CaseQuery, parse_case_query, person_condition

LIST_FIELDS = (
    "id",
    "number",
    "status",
    "case_type",
    "created_at",
    "next_review_date",
    "process_coordinator__id",
    "process_coordinator__first_name",
    "process_coordinator__last_name",
)
PERSON_FIELDS = ("id", "given_names", "surname_prefix", "surname", "date_of_birth")
SEARCH_LIMIT = 25
JOURNAL_PAGE_SIZE = 50

# "Open" is every status but closed: what a list shows unless asked otherwise.
OPEN = "open"
ALL = "all"
EXPORT_LIMIT = 10_000


def _item_subjects() -> type[Model]:
    # The information item lives in `sharing`, above `cases`: reached through the app
    # registry, not an import (decision 0196).
    return apps.get_model("sharing", "InformationItemSubject")


def case_settings_for(house_id: uuid.UUID) -> CaseSettings:
    settings, _ = CaseSettings.objects.get_or_create(house_id=house_id)
    return settings


def upload_rules_for(house_id: uuid.UUID) -> tuple[int, list[str]]:
    """The house's largest upload in MB and its allowed file types (zvh.core.uploads)."""
    row = (
        CaseSettings.objects.filter(house_id=house_id)
        .values_list("upload_max_mb", "upload_types")
        .first()
    )
    return (row[0], list(row[1])) if row else (DEFAULT_UPLOAD_MB, default_upload_types())


# Where a listed case keeps its persons' links (CasePerson with the person), by surname.
LISTED_PERSONS = "listed_persons"


def listed_persons(lookup: str = "case_persons") -> Prefetch:
    """The persons of each listed case in one extra query for the whole page, as a plain list
    in `case.listed_persons`: a prefetch into the related manager builds a queryset per case,
    which cost 10 ms on a 100-row page (issue 16)."""
    return Prefetch(
        lookup,
        queryset=CasePerson.objects.select_related("person")
        .only("case_id", *(f"person__{name}" for name in PERSON_FIELDS))
        .order_by("person__surname_normalised", "person_id"),
        to_attr=LISTED_PERSONS,
    )


def _with_persons(queryset: QuerySet[Case]) -> QuerySet[Case]:
    return queryset.prefetch_related(listed_persons())


def _listed(queryset: QuerySet[Case]) -> QuerySet[Case]:
    return _with_persons(queryset.select_related("process_coordinator").only(*LIST_FIELDS))


def _listed_person_ids(rows: list[Case]) -> list[uuid.UUID]:
    return [link.person_id for row in rows for link in row.listed_persons]


# --- list and search --------------------------------------------------------------------------


def _filtered(actor: Actor, filters: ListFilters) -> QuerySet[Case]:
    """The access policy's cases, narrowed by the list's filters (decision 0180)."""
    queryset = case_policy.visible_cases(actor)
    if filters.status in ("", OPEN):
        queryset = queryset.exclude(status=CaseStatus.CLOSED)
    elif filters.status in CaseStatus.values:
        queryset = queryset.filter(status=filters.status)
    if filters.coordinator_id:
        queryset = queryset.filter(process_coordinator_id=filters.coordinator_id)
    if filters.theme_id:
        queryset = queryset.filter(themes=filters.theme_id)  # (case, theme) is unique
    if filters.municipality_id:
        queryset = queryset.filter(municipality_id=filters.municipality_id)
    if filters.organisation_id:
        queryset = queryset.filter(referring_organisation_id=filters.organisation_id)
    if filters.overdue:
        queryset = queryset.exclude(status=CaseStatus.CLOSED).filter(
            next_review_date__lt=timezone.localdate()
        )
    if filters.start:
        queryset = queryset.filter(created_at__date__gte=filters.start)
    if filters.end:
        queryset = queryset.filter(created_at__date__lte=filters.end)
    return _listed(queryset)


def case_list(
    *,
    actor: Actor,
    filters: ListFilters | None = None,
    sorting: Sorting | None = None,
    cursor: str | None = None,
    size: int = 50,
) -> Page[Case]:
    """House staff: every case of the house; partner professionals: the cases their
    organisation takes part in. Open cases, newest first, unless the filters say otherwise."""
    filters = filters or ListFilters()
    order = sorting.order(filters.sort) if sorting else ("-created_at", "-id")
    page = keyset_page(_filtered(actor, filters), order=order, cursor=cursor, size=size)
    audit_record(
        actor=actor,
        action=Action.LIST,
        object_type="case",
        person_ids=_listed_person_ids(page.rows),
        detail={"list": "cases", "status": filters.status or OPEN, **filters.detail()},
    )
    return page


def case_export(*, actor: Actor, filters: ListFilters, sorting: Sorting) -> list[Case]:
    """Every case the list's filters select (at most EXPORT_LIMIT), in the list's order."""
    return audited_export(
        actor=actor,
        queryset=_filtered(actor, filters),
        order=sorting.order(filters.sort),
        limit=EXPORT_LIMIT,
        object_type="case",
        list_name="cases",
        filters={"status": filters.status or OPEN, **filters.detail()},
        person_ids=_listed_person_ids,
    )


@dataclass
class CaseSearch:
    query: CaseQuery | None = None
    rows: list[Case] = field(default_factory=list)
    truncated: bool = False  # more matches than shown: the user should narrow the search
    error: str = ""


def case_search(*, actor: Actor, text: str) -> CaseSearch:
    """Cases the actor may see that match one term. Every search is audited with the term
    as a keyed hash (never in clear), also a search that could not be run."""
    try:
        query = parse_case_query(text)
    except ValidationError as error:
        if text.strip():
            audit_record(
                actor=actor,
                action=Action.SEARCH,
                object_type="case",
                result=Result.FAILED,
                detail={"terms": hash_search_terms({"invalid": " ".join(text.split())})},
            )
        return CaseSearch(error=" ".join(error.messages))
    queryset = case_policy.visible_cases(actor).filter(_case_condition(query))
    rows = list(_listed(queryset).order_by("-created_at", "-id")[: SEARCH_LIMIT + 1])
    result = CaseSearch(query=query, rows=rows[:SEARCH_LIMIT], truncated=len(rows) > SEARCH_LIMIT)
    audit_record(
        actor=actor,
        action=Action.SEARCH,
        object_type="case",
        person_ids=_listed_person_ids(result.rows),
        detail={"terms": hash_search_terms({query.kind: query.value}), "found": len(result.rows)},
    )
    return result


def _case_condition(query: CaseQuery) -> Q:
    if query.kind == CASE_NUMBER:
        # Also the number a case had in the house it was transferred from: the partners of
        # the new house still know it by that number. Only the hop into its present house.
        return Q(number=query.value) | Q(
            Exists(
                CaseTransfer.objects.filter(
                    case_id=OuterRef("pk"),
                    to_house_id=OuterRef("house_id"),
                    status=TransferStatus.ACCEPTED,
                    from_number=query.value,
                )
            )
        )
    if query.kind == REFERRAL_NUMBER:
        return Q(origin_referral__number=query.value) | Q(
            Exists(Referral.objects.filter(linked_case_id=OuterRef("pk"), number=query.value))
        )
    return Q(
        Exists(
            CasePerson.objects.filter(person_condition(query, "person__"), case_id=OuterRef("pk"))
        )
    )


# --- one case ---------------------------------------------------------------------------------


def _get(actor: Actor, case_id: uuid.UUID, queryset: QuerySet[Case]) -> Case:
    return audited_get(
        actor=actor,
        queryset=queryset.select_related(
            "process_coordinator",
            "case_director__organisation",
            "municipality",
            "referring_organisation",
            "receiving_organisation",
            "origin_referral",
        ),
        pk=case_id,
        object_type="case",
        person_ids=lambda case: case.case_persons.values_list("person_id", flat=True),
    )


def case_get(*, actor: Actor, case_id: uuid.UUID) -> Case:
    """One case the actor may see; an unknown or hidden id is a 404, audited as a denial."""
    return _get(actor, case_id, case_policy.visible_cases(actor))


@dataclass
class CaseRead:
    case: Case
    persons: list[Person]


def case_read(*, actor: Actor, case_id: uuid.UUID) -> CaseRead:
    """One case with its persons, for the API: only the roles it shows are joined, and the
    persons are read once, also to name them in the access-log event (issue 16)."""
    persons: list[Person] = []

    def person_ids(case: Case) -> list[uuid.UUID]:
        persons.extend(case_persons(case))
        return [person.id for person in persons]

    case = audited_get(
        actor=actor,
        queryset=case_policy.visible_cases(actor).select_related(
            "process_coordinator", "case_director"
        ),
        pk=case_id,
        object_type="case",
        person_ids=person_ids,
    )
    return CaseRead(case=case, persons=persons)


def case_get_for_management(*, actor: Actor, case_id: uuid.UUID) -> Case:
    """One case the actor may manage (roles, status, participants)."""
    return _get(actor, case_id, case_policy.manageable_cases(actor))


def participant_get(*, actor: Actor, case: Case, participant_id: uuid.UUID) -> CaseParticipant:
    """A participation of this case, active or ended (the case was read through the policy)."""
    participant = (
        CaseParticipant.objects.select_related("organisation")
        .filter(case=case, pk=participant_id)
        .first()
    )
    if participant is None:
        audit_record(
            actor=actor,
            action=Action.VIEW,
            object_type="case_participant",
            object_id=participant_id,
            result=Result.DENIED,
        )
        raise Http404
    return participant


def case_persons(case: Case) -> list[Person]:
    """The persons of a case the caller read through the policy (and audited): one query."""
    return list(
        Person.objects.filter(case_links__case=case)
        .only(*PERSON_FIELDS)
        .order_by("surname_normalised", "id")
    )


def case_participants(case: Case) -> list[CaseParticipant]:
    """Every participation, active and ended, of a case the caller read through the policy:
    one query."""
    return list(
        case.participants.select_related("organisation", "added_by", "ended_by").order_by(
            "ended_at", "added_at"
        )
    )


# The case page's sections from apps above cases (decision 0195): they register in ready().
case_page_sections = PageSections()


def case_page_context(
    *, actor: Actor, case: Case, journal_cursor: str | None = None
) -> dict[str, Any]:
    """What the case page shows beside the case, in a fixed number of queries. The caller has
    read the case through the policy (and audited it)."""
    persons = case_persons(case)
    participants = case_participants(case)
    history = list(case.status_changes.select_related("by").order_by("at", "id"))
    journal = keyset_page(
        case_journal(actor=actor, case=case),
        order=("-at", "-id"),
        cursor=journal_cursor,
        size=JOURNAL_PAGE_SIZE,
    )
    for entry in journal.rows:
        entry.title = kind_label(entry.kind)  # type: ignore[attr-defined]
        entry.summary = describe(entry)  # type: ignore[attr-defined]
    return {
        "persons": persons,
        "referrals": case_referrals(actor=actor, case=case),
        "themes": list(case.themes.order_by("position", "name")),
        "active_participants": [p for p in participants if p.is_active],
        "former_participants": [p for p in participants if not p.is_active],
        "history": history,
        "journal": journal,
        **case_page_sections.context(actor=actor, case=case),
    }


def case_referrals(*, actor: Actor, case: Case) -> list[Referral]:
    """The referrals the case came from (the accepted one, and those linked to it because the
    person was already in the case), as far as the viewer may see them. One query."""
    return list(
        referral_policy.visible_referrals(actor)
        .filter(Q(case=case) | Q(linked_case=case))
        .only("id", "number", "status", "received_at")
        .order_by("received_at", "id")
    )


def case_journal(*, actor: Actor, case: Case) -> QuerySet[CaseJournalEntry]:
    """System events and the notes the actor may see, as one stream. A line that carries a
    conference's content (a decision, minutes) is absent for a reader who has not passed that
    conference's confidentiality declaration (docs/decisions/0155)."""
    return (
        CaseJournalEntry.objects.filter(case=case)
        .filter(*journal_line_conditions(actor, case))
        .select_related(
            "by",
            "by_organisation",
            "organisation",
            "user",
            "note",
            "note__author",
            "note__organisation",
            "note__legal_basis",
        )
        .prefetch_related(
            Prefetch(
                "note__subject_links",
                queryset=_item_subjects()._default_manager.select_related("person").order_by("id"),
            )
        )
    )


# --- choices for the forms --------------------------------------------------------------------


def coordinator_candidates(case: Case) -> QuerySet[User]:
    """Active users with the process coordinator role in the case's house."""
    return User.objects.filter(
        Exists(
            Membership.objects.filter(
                user_id=OuterRef("pk"), house_id=case.house_id, role=Role.PROCESS_COORDINATOR
            )
        ),
        is_active=True,
    ).order_by("sort_name", "id")


def director_candidates(case: Case) -> QuerySet[User]:
    """Professionals of organisations that take part in the case now; and process
    coordinators of the house where the house lets them direct cases."""
    in_house = Membership.objects.filter(user_id=OuterRef("pk"), house_id=case.house_id)
    condition = Q(
        Exists(in_house.filter(role=Role.PARTNER_PROFESSIONAL)),
        Exists(
            CaseParticipant.objects.active().filter(
                case_id=case.pk, organisation_id=OuterRef("organisation_id")
            )
        ),
    )
    if case_settings_for(case.house_id).coordinators_may_direct:
        condition |= Q(Exists(in_house.filter(role=Role.PROCESS_COORDINATOR)))
    return (
        User.objects.filter(condition, is_active=True)
        .select_related("organisation")
        .order_by("sort_name", "id")
    )


def participant_candidates(*, actor: Actor, case: Case) -> QuerySet[Organisation]:
    """Partners of the house that do not take part in the case now."""
    return (
        network_policy.visible_organisations(actor)
        .exclude(
            Exists(
                CaseParticipant.objects.active().filter(
                    case_id=case.pk, organisation_id=OuterRef("pk")
                )
            )
        )
        .order_by("name")
    )


def house_coordinators(actor: Actor) -> QuerySet[User]:
    """The process coordinators of the actor's house, for the list's filter."""
    if actor.house_id is None:
        return User.objects.none()
    return User.objects.filter(
        Exists(
            Membership.objects.filter(
                user_id=OuterRef("pk"), house_id=actor.house_id, role=Role.PROCESS_COORDINATOR
            )
        )
    ).order_by("last_name", "first_name", "id")


def house_themes(actor: Actor) -> QuerySet[Theme]:
    """Every theme of the actor's house, switched off ones too: old cases still carry them."""
    if actor.house_id is None:
        return Theme.objects.none()
    return Theme.objects.filter(house_id=actor.house_id).order_by("position", "name")


def theme_choices(case: Case) -> QuerySet[Theme]:
    """The house's active themes, and any switched-off theme the case still carries."""
    return (
        Theme.objects.filter(Q(active=True) | Q(cases=case), house_id=case.house_id)
        .distinct()
        .order_by("position", "name")
    )


def referral_case(*, actor: Actor, referral: Referral) -> Case | None:
    """The case this referral became (accepted) or was linked to (a person already in an open
    case), if the viewer may see that case; otherwise none, and nothing says one exists."""
    return (
        case_policy.visible_cases(actor)
        .filter(Q(origin_referral_id=referral.id) | Q(pk=referral.linked_case_id))
        .only("id", "number", "status")
        .order_by("-opened_at", "id")
        .first()
    )


def referral_page_section(*, actor: Actor, referral: Referral, **_: Any) -> dict[str, Any]:
    """The referral page's link to its case (a section the cases app adds, decision 0195)."""
    return {"case": referral_case(actor=actor, referral=referral)}
