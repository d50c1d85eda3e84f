"""Who sees which case conference and which of its agenda items (part of the access policy;
see policy.py for the principles).

- House staff (chain manager, process coordinators) see every conference of the house and
  every agenda item.
- A partner professional sees the conferences they are invited to, and of those only the
  agenda items of cases their organisation takes part in *now* (`policy.visible_cases`):
  a target-group conference does not open its cases to everyone at the table. The other
  items are absent, not greyed out and not counted.
- An attendee whose organisation is no party to the house's signed privacy covenant sees no
  agenda item at all until they have accepted the confidentiality declaration for that
  conference.
- That declaration gate is one condition, `conference_content_visible`, and every channel that
  shows a conference's content applies it: the conference page's agenda items, and the case
  journal's lines that carry a decision or minutes (`CaseJournalEntry.conference_id`). See
  docs/decisions/0155-conference-content-gate.md.
- Scheduling, agenda, invitations and minutes: house staff with Function.PLAN_CONFERENCES,
  for the cases they may manage.
"""

from __future__ import annotations

import operator
import uuid
from collections.abc import Collection
from functools import reduce

from django.db.models import Exists, OuterRef, Q, QuerySet

from zvh.accounts.models import User
from zvh.authz.actor import Actor
from zvh.authz.functions import Function
from zvh.authz.policy import can_use
from zvh.cases.models import Case, CaseParticipant, CaseStatus
from zvh.cases.policy import manageable_cases, visible_cases
from zvh.conferences.models import (
    AgendaItem,
    Conference,
    ConfidentialityDeclaration,
    DeclarationAcceptance,
    Invitation,
)
from zvh.covenants.policy import covenant_party_links
from zvh.network.models import Membership, Role

INVITABLE_ROLES = (Role.PARTNER_PROFESSIONAL, Role.PROCESS_COORDINATOR, Role.CHAIN_MANAGER)
# Conditions that hold for every row and for none, which stay so when combined with | and &
# (an empty Q() would vanish from an OR and turn "always" into "never").
ALWAYS = ~Q(pk__in=[])
NEVER = Q(pk__in=[])


def visible_conferences(actor: Actor) -> QuerySet[Conference]:
    if actor.house_id is None or not can_use(actor, Function.VIEW_CONFERENCES):
        return Conference.objects.none()
    in_house = Conference.objects.filter(house_id=actor.house_id)
    if actor.is_house_staff:
        return in_house
    if actor.user_id is None:
        return Conference.objects.none()
    return in_house.filter(
        Exists(Invitation.objects.filter(conference_id=OuterRef("pk"), user_id=actor.user_id))
    )


def plannable_conferences(actor: Actor) -> QuerySet[Conference]:
    if actor.house_id is None or not can_use(actor, Function.PLAN_CONFERENCES):
        return Conference.objects.none()
    return Conference.objects.filter(house_id=actor.house_id)


def declaration_required(actor: Actor, covenant_party_ids: Collection[uuid.UUID]) -> bool:
    """Whether the actor must accept the confidentiality declaration before seeing case
    content: everyone but house staff whose organisation is no privacy covenant party."""
    if actor.is_house_staff:
        return False
    if actor.organisation_id is None:
        return True
    return actor.organisation_id not in covenant_party_ids


def conference_content_visible(
    actor: Actor,
    conference_field: str,
    covenant_party_ids: Collection[uuid.UUID] | None = None,
) -> Q:
    """The declaration gate as a condition on rows that name a conference in
    `conference_field` (a field holding its id: "pk" on a conference, "conference_id" on an
    agenda item or a journal line): whether the actor may see that conference's content
    (minutes, decisions, the cases on its agenda). The rule of `declaration_required` plus the
    acceptance, one condition per line:

    - house staff: always;
    - a professional of an organisation that is party to the house's privacy covenant: always;
    - anyone else: only once they accepted the declaration for that very conference.

    With `covenant_party_ids` (already read by the caller) the covenant test is made here;
    without, it is an uncorrelated subquery in the same statement. Either way no extra query.
    An actor without a user (an API token) can accept nothing, so only staff and covenant
    parties pass."""
    if actor.is_house_staff:
        return ALWAYS
    if covenant_party_ids is not None and not declaration_required(actor, covenant_party_ids):
        return ALWAYS
    conditions: list[Q] = []
    if covenant_party_ids is None and actor.house_id and actor.organisation_id:
        party = covenant_party_links(actor.house_id).filter(organisation_id=actor.organisation_id)
        conditions.append(Q(Exists(party)))
    if actor.user_id is not None:
        accepted = DeclarationAcceptance.objects.filter(
            conference_id=OuterRef(conference_field), user_id=actor.user_id
        )
        conditions.append(Q(Exists(accepted)))
    if not conditions:
        return NEVER
    return reduce(operator.or_, conditions)


def visible_agenda_items(
    actor: Actor, conference: Conference, covenant_party_ids: Collection[uuid.UUID]
) -> QuerySet[AgendaItem]:
    """The items of this conference the actor may see. The caller read the conference
    through `visible_conferences`."""
    return AgendaItem.objects.filter(
        conference_content_visible(actor, "conference_id", covenant_party_ids),
        Exists(visible_cases(actor).filter(pk=OuterRef("case_id"))),
        conference_id=conference.pk,
    )


def agenda_candidate_cases(actor: Actor) -> QuerySet[Case]:
    """Cases the planner may put on an agenda: open cases they may manage."""
    if not can_use(actor, Function.PLAN_CONFERENCES):
        return Case.objects.none()
    return manageable_cases(actor).exclude(status=CaseStatus.CLOSED)


def invitee_candidates(actor: Actor, case_ids: Collection[uuid.UUID] | None) -> QuerySet[User]:
    """Whom the planner may invite: active users with a case-work role in the house. For a
    Casus op Maat (`case_ids` given) only house staff and professionals of organisations that
    take part in the case: an invitee must be able to see what is discussed."""
    if actor.house_id is None or not can_use(actor, Function.PLAN_CONFERENCES):
        return User.objects.none()
    in_house = Membership.objects.filter(user_id=OuterRef("pk"), house_id=actor.house_id)
    condition = Q(Exists(in_house.filter(role__in=INVITABLE_ROLES)))
    if case_ids is not None:
        condition = Q(
            Exists(in_house.filter(role__in=[Role.PROCESS_COORDINATOR, Role.CHAIN_MANAGER]))
        ) | Q(
            Exists(in_house.filter(role=Role.PARTNER_PROFESSIONAL)),
            Exists(
                CaseParticipant.objects.active().filter(
                    case_id__in=case_ids, organisation_id=OuterRef("organisation_id")
                )
            ),
        )
    return User.objects.filter(condition, is_active=True)


def manageable_declarations(actor: Actor) -> QuerySet[ConfidentialityDeclaration]:
    """The versions of the house's confidentiality declaration."""
    if actor.house_id is None or not can_use(actor, Function.MANAGE_COVENANTS):
        return ConfidentialityDeclaration.objects.none()
    return ConfidentialityDeclaration.objects.filter(house_id=actor.house_id)
