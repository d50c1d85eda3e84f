"""Conference reads, through the access policy (`conferences/policy.py`), audited where
they show persons. The conference page costs a fixed number of queries."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from zvh.accounts.models import User
from zvh.audit.models import Action, Result
from zvh.audit.reads import audited_export
from zvh.audit.services import audit_record
from zvh.authz.actor import Actor
from zvh.cases.models import Case, CaseParticipant, Theme
from zvh.cases.selectors import listed_persons
from zvh.conferences import policy as conference_policy
from zvh.core.keyset import Page, keyset_page
from zvh.core.listing import ListFilters, Sorting
from zvh.covenants.selectors import covenant_party_ids
from zvh.network.models import Membership, Role
from zvh.plans.models import Agreement

from .models import (
    AgendaItem,
    Conference,
    ConferenceDecision,
    ConferenceStatus,
    ConfidentialityDeclaration,
    DeclarationAcceptance,
    Invitation,
)
from .services import active_declaration

LIST_FIELDS = ("id", "number", "kind", "status", "starts_at", "ends_at", "location", "theme__name")
CANDIDATE_LIMIT = 100
EXPORT_LIMIT = 10_000
HOUSE_STAFF_ROLES = (Role.CHAIN_MANAGER, Role.PROCESS_COORDINATOR)


def _deny(actor: Actor, object_type: str, object_id: object) -> Http404:
    audit_record(
        actor=actor,
        action=Action.VIEW,
        object_type=object_type,
        object_id=object_id,
        result=Result.DENIED,
    )
    return Http404()


# --- lists ------------------------------------------------------------------------------------


def _filtered(actor: Actor, filters: ListFilters) -> QuerySet[Conference]:
    """The access policy's conferences, narrowed by the list's filters (decision 0180)."""
    queryset = conference_policy.visible_conferences(actor)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.theme_id:
        queryset = queryset.filter(theme_id=filters.theme_id)
    if filters.overdue:  # over, but neither closed nor cancelled
        queryset = queryset.filter(status=ConferenceStatus.PLANNED, ends_at__lt=timezone.now())
    if filters.start:
        queryset = queryset.filter(starts_at__date__gte=filters.start)
    if filters.end:
        queryset = queryset.filter(starts_at__date__lte=filters.end)
    return queryset.select_related("theme").only(*LIST_FIELDS)


def conference_list(
    *,
    actor: Actor,
    filters: ListFilters | None = None,
    sorting: Sorting | None = None,
    cursor: str | None = None,
    size: int = 50,
) -> Page[Conference]:
    """House staff: every conference of the house; attendees: those they are invited to.
    Newest first unless sorted otherwise. Shows no case or person, so it writes no audit
    event (a download does)."""
    filters = filters or ListFilters()
    order = sorting.order(filters.sort) if sorting else ("-starts_at", "-id")
    return keyset_page(_filtered(actor, filters), order=order, cursor=cursor, size=size)


def conference_export(*, actor: Actor, filters: ListFilters, sorting: Sorting) -> list[Conference]:
    """Every conference the list's filters select (at most EXPORT_LIMIT), in the list's order."""
    return audited_export(
        actor=actor,
        queryset=_filtered(actor, filters),
        order=sorting.order(filters.sort),
        limit=EXPORT_LIMIT,
        object_type="conference",
        list_name="conferences",
        filters=filters.detail(),
    )


# --- one conference ---------------------------------------------------------------------------


def conference_get(*, actor: Actor, conference_id: uuid.UUID) -> Conference:
    """A conference the actor may see (not yet audited: the page decides what it shows)."""
    conference = (
        conference_policy.visible_conferences(actor)
        .select_related("theme")
        .filter(pk=conference_id)
        .first()
    )
    if conference is None:
        raise _deny(actor, "conference", conference_id)
    return conference


def conference_get_for_planning(*, actor: Actor, conference_id: uuid.UUID) -> Conference:
    conference = (
        conference_policy.plannable_conferences(actor)
        .select_related("theme")
        .filter(pk=conference_id)
        .first()
    )
    if conference is None:
        raise _deny(actor, "conference", conference_id)
    return conference


@dataclass
class InviteeRow:
    invitation: Invitation
    covenant_party: bool
    needs_declaration: bool
    accepted: DeclarationAcceptance | None


@dataclass
class ConferencePage:
    conference: Conference
    may_see_content: bool
    declaration: ConfidentialityDeclaration | None = None  # to accept, when content is closed
    items: list[AgendaItem] = field(default_factory=list)
    invitees: list[InviteeRow] = field(default_factory=list)
    # Someone must accept a declaration, but the house has none yet: the planner is warned.
    declaration_missing: bool = False


def _items(queryset: QuerySet[AgendaItem]) -> list[AgendaItem]:
    """The items with their case, its persons, the decisions and their agreements: four
    queries in all."""
    return list(
        queryset.select_related("case", "minutes_by")
        .prefetch_related(
            listed_persons("case__case_persons"),
            Prefetch(
                "decisions",
                queryset=ConferenceDecision.objects.select_related("decided_by").order_by(
                    "decided_at", "id"
                ),
            ),
            Prefetch(
                "decisions__agreements",
                queryset=Agreement.objects.select_related(
                    "owner_user", "owner_organisation"
                ).order_by("due_date", "id"),
            ),
        )
        .order_by("position", "created_at")
    )


def _person_ids(items: list[AgendaItem]) -> list[uuid.UUID]:
    return [link.person_id for item in items for link in item.case.listed_persons]


def conference_page(*, actor: Actor, conference: Conference) -> ConferencePage:
    """What the conference page shows the actor: the invitees, and the agenda items (with
    minutes and decisions) of the cases the actor may see, once any declaration is accepted.
    One audited view event, naming the persons of the items shown."""
    party_ids = covenant_party_ids(conference.house_id)
    invitations = list(
        conference.invitations.select_related("user", "user__organisation").order_by(
            "user__sort_name", "user_id"
        )
    )
    acceptances = {
        acceptance.user_id: acceptance
        for acceptance in DeclarationAcceptance.objects.filter(
            conference=conference
        ).select_related("declaration")
    }
    staff_ids = set(
        Membership.objects.filter(
            house_id=conference.house_id,
            user_id__in=[invitation.user_id for invitation in invitations],
            role__in=HOUSE_STAFF_ROLES,
        ).values_list("user_id", flat=True)
    )
    rows = [
        InviteeRow(
            invitation=invitation,
            covenant_party=invitation.user.organisation_id in party_ids,
            needs_declaration=invitation.user_id not in staff_ids
            and invitation.user.organisation_id not in party_ids,
            accepted=acceptances.get(invitation.user_id),
        )
        for invitation in invitations
    ]
    required = conference_policy.declaration_required(actor, party_ids)
    may_see = not required or actor.user_id in acceptances
    page = ConferencePage(
        conference=conference,
        may_see_content=may_see,
        invitees=rows,
    )
    if may_see:
        page.items = _items(conference_policy.visible_agenda_items(actor, conference, party_ids))
    else:
        page.declaration = active_declaration(conference.house_id)
    if actor.is_house_staff and any(row.needs_declaration for row in rows):
        page.declaration_missing = active_declaration(conference.house_id) is None
    audit_record(
        actor=actor,
        action=Action.VIEW,
        object_type="conference",
        object_id=conference.id,
        person_ids=_person_ids(page.items),
        detail={"items": len(page.items), "declaration_pending": not may_see},
    )
    return page


# --- planning ---------------------------------------------------------------------------------


def agenda_item_get_for_planning(
    *, actor: Actor, conference: Conference, item_id: uuid.UUID
) -> AgendaItem:
    """One item of a conference the actor plans (read through the policy by the caller),
    with its case, persons and decisions; audited, as it shows the persons."""
    item = next(iter(_items(AgendaItem.objects.filter(conference=conference, pk=item_id))), None)
    if item is None:
        raise _deny(actor, "conference_item", item_id)
    item.conference = conference
    audit_record(
        actor=actor,
        action=Action.VIEW,
        object_type="conference_item",
        object_id=item.id,
        person_ids=_person_ids([item]),
        detail={"conference": str(conference.id)},
    )
    return item


def agenda_candidates(*, actor: Actor, conference: Conference) -> QuerySet[Case]:
    """Open cases of the conference's target group not yet on its agenda, newest first (the
    form shows the first CANDIDATE_LIMIT). The planner adds any other case by its number."""
    queryset = conference_policy.agenda_candidate_cases(actor).exclude(
        conference_items__conference=conference
    )
    if conference.theme_id is not None:
        queryset = queryset.filter(themes=conference.theme_id)
    return queryset.only("id", "number", "created_at").order_by("-created_at", "-id")


def cases_by_number(*, actor: Actor, numbers: list[str]) -> tuple[list[Case], list[str]]:
    """The cases with these numbers the planner may put on an agenda, and the numbers that
    match none of them (unknown, closed or hidden alike: existence must not leak)."""
    found = list(conference_policy.agenda_candidate_cases(actor).filter(number__in=numbers))
    known = {case.number for case in found}
    return found, [number for number in numbers if number not in known]


def agenda_numbers(conference: Conference) -> list[str]:
    """The case numbers on a conference's agenda (for the planner's follow-up form)."""
    return list(conference.items.order_by("position").values_list("case__number", flat=True))


def case_for_planning(*, actor: Actor, case_id: uuid.UUID) -> Case | None:
    return conference_policy.agenda_candidate_cases(actor).filter(pk=case_id).first()


def invitee_candidates(
    *, actor: Actor, conference: Conference | None = None, case: Case | None = None
) -> QuerySet[User]:
    case_ids: list[uuid.UUID] | None = None
    if case is not None:
        case_ids = [case.pk]
    elif conference is not None and conference.is_case_conference:
        case_ids = list(conference.items.values_list("case_id", flat=True))
    return (
        conference_policy.invitee_candidates(actor, case_ids)
        .select_related("organisation")
        .order_by("organisation__name", "sort_name", "id")
    )


def invited_user_ids(conference: Conference) -> list[int]:
    return list(conference.invitations.values_list("user_id", flat=True))


def follow_up_invitees(*, actor: Actor, previous: Conference, case: Case | None) -> list[User]:
    """Who was invited to the previous conference and may still be invited."""
    return list(
        invitee_candidates(actor=actor, case=case).filter(
            conference_invitations__conference=previous
        )
    )


def theme_choices(*, actor: Actor) -> QuerySet[Theme]:
    """The house's active themes: the target groups a conference can have."""
    if actor.house_id is None:
        return Theme.objects.none()
    return Theme.objects.filter(house_id=actor.house_id, active=True).order_by("position", "name")


def agreement_owner_candidates(case: Case) -> QuerySet[User]:
    """Who may own an agreement on this case: active professionals of the house whose
    organisation takes part in the case now (the plan checks the same)."""
    return (
        User.objects.filter(
            Exists(
                CaseParticipant.objects.active().filter(
                    case_id=case.pk, organisation_id=OuterRef("organisation_id")
                )
            ),
            Exists(Membership.objects.filter(user_id=OuterRef("pk"), house_id=case.house_id)),
            is_active=True,
        )
        .select_related("organisation")
        .order_by("organisation__name", "sort_name", "id")
    )


def declaration_versions(*, actor: Actor) -> list[ConfidentialityDeclaration]:
    return list(
        conference_policy.manageable_declarations(actor)
        .select_related("created_by")
        .order_by("-version")
    )


def case_conferences(*, actor: Actor, case: Case) -> list[Conference]:
    """The conferences with this case on their agenda that the viewer sees, and whose content
    they may see (the declaration gate, decision 0155): newest first. One query."""
    return list(
        conference_policy.visible_conferences(actor)
        .filter(
            Exists(AgendaItem.objects.filter(conference_id=OuterRef("pk"), case_id=case.pk)),
            conference_policy.conference_content_visible(actor, "pk"),
        )
        .only("id", "number", "kind", "status", "starts_at")
        .order_by("-starts_at", "-id")
    )
