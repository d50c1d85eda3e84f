"""REST endpoints for conferences (`/api/v1/conferences/`), declared in the endpoint table
(zvh/api/endpoints.py, decision 0192).

The same selectors and services as the web pages, so the same rule meets the same row: a
conference the caller may not see (or plan) is a 404, recorded; a conference's case content
(agenda, minutes, decisions, invitees) is withheld until a participant who needs one has
signed the confidentiality declaration; every read of it is audited by `conference_page`.
Planning, inviting, minutes and decisions are recorded in a person's name, as is the
declaration; and the policy shows a conference only to house staff and to the users invited,
which a token (an organisation, not a person) never is. So every endpoint is for logged-in
users (403 `person_required` for a token). Scopes: the case scopes, as a conference is case work.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from zvh.api.endpoints import Endpoint, Operation
from zvh.api.models import Scope
from zvh.api.serializers import (
    CasePersonsField,
    OrganisationRefSerializer,
    PageQuerySerializer,
    UserRefSerializer,
)
from zvh.api.views import page_query, validated_body
from zvh.authz.functions import Function
from zvh.cases.api import service_field_names
from zvh.network.request import actor_for_request
from zvh.plans.api import OWNER_REFUSED
from zvh.plans.models import MAX_WHAT, InterventionDomain
from zvh.plans.services import AgreementInput

from . import selectors, services
from .models import Conference, ConferenceKind, ConferenceStatus

# A conference is case work: the case scopes (decision 0192).
READ = Scope.CASES_READ
WRITE = Scope.CASES_WRITE
TAGS = ("conferences",)
INVITEE_REFUSED = _("Kies alleen personen die u voor dit overleg mag uitnodigen.")


# --- shapes -----------------------------------------------------------------------------------


class ConferenceListItemSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    number = serializers.CharField()
    kind = serializers.ChoiceField(choices=ConferenceKind.choices)
    status = serializers.ChoiceField(choices=ConferenceStatus.choices)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    location = serializers.CharField()
    theme = serializers.CharField(source="theme.name", allow_null=True, default=None)


class ConferencePageSerializer(serializers.Serializer):
    results = ConferenceListItemSerializer(many=True)
    next_cursor = serializers.CharField(allow_null=True)


class ConferenceStateSerializer(ConferenceListItemSerializer):
    """A conference without its content: what a write returns, and the version to send next."""

    video_link = serializers.CharField()
    version = serializers.IntegerField(help_text="Send it back with a change of the invitees.")


class DeclarationSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    version = serializers.IntegerField()
    text = serializers.CharField()


class InviteeSerializer(serializers.Serializer):
    user = UserRefSerializer(source="invitation.user")
    organisation = OrganisationRefSerializer(source="invitation.user.organisation", allow_null=True)
    needs_declaration = serializers.BooleanField()
    declaration_signed_at = serializers.DateTimeField(
        source="accepted.accepted_at", allow_null=True, default=None
    )
    invitation_sent_at = serializers.DateTimeField(source="invitation.sent_at", allow_null=True)


class DecisionAgreementRefSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    what = serializers.CharField()
    owner_user = UserRefSerializer()
    due_date = serializers.DateField()


class DecisionSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    text = serializers.CharField()
    decided_by = UserRefSerializer()
    decided_at = serializers.DateTimeField()
    agreements = DecisionAgreementRefSerializer(many=True, source="agreements.all")


class AgendaItemSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    case_id = serializers.UUIDField()
    case_number = serializers.CharField(source="case.number")
    persons = CasePersonsField(source="case")
    minutes = serializers.CharField()
    minutes_at = serializers.DateTimeField(allow_null=True)
    version = serializers.IntegerField(help_text="Send it back with a change of the minutes.")
    decisions = DecisionSerializer(many=True, source="decisions.all")


class ConferenceContentSerializer(serializers.Serializer):
    content_visible = serializers.BooleanField(
        help_text="False until the caller signed the confidentiality declaration for this "
        "conference (`conferences_declaration_sign`); until then `items` and `invitees` are "
        "empty and `declaration` is the text to sign."
    )
    declaration = DeclarationSerializer(
        allow_null=True, help_text="The declaration to sign; null when there is nothing to sign."
    )
    items = AgendaItemSerializer(
        many=True, help_text="The agenda items of the cases the caller may see."
    )
    invitees = InviteeSerializer(many=True)


class ConferenceDetailSerializer(ConferenceStateSerializer, ConferenceContentSerializer):
    """The schema of a read: the state and, once visible, the content."""


class ConferenceCreateSerializer(serializers.Serializer):
    id = serializers.UUIDField(
        required=False,
        help_text="Chosen by the client: planning again with the same id returns the first "
        "conference and creates nothing twice.",
    )
    kind = serializers.ChoiceField(choices=ConferenceKind.choices)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField(help_text="After `starts_at`, at most 12 hours later.")
    location = serializers.CharField(max_length=200, required=False, allow_blank=True)
    video_link = serializers.URLField(max_length=500, required=False, allow_blank=True)
    theme = serializers.UUIDField(
        required=False, allow_null=True, help_text="For `target_group`: a target group (theme)."
    )
    case = serializers.UUIDField(
        required=False,
        allow_null=True,
        help_text="For `case`: the open case that the Casus op Maat puts on its agenda.",
    )


class InviteesSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1, help_text="The `version` of the conference as the client last read it."
    )
    invitees = serializers.ListField(
        child=serializers.IntegerField(),
        max_length=500,
        help_text="Every user to invite (ids): those left out are uninvited and lose access.",
    )
    send = serializers.BooleanField(
        default=False,
        help_text="Also send the invitations (a calendar invitation by e-mail) to whoever has "
        "not received the current one.",
    )


class InviteResultSerializer(serializers.Serializer):
    conference = ConferenceStateSerializer()
    sent = serializers.IntegerField(help_text="Invitations sent by this request.")


class DeclarationSignSerializer(serializers.Serializer):
    declaration = serializers.UUIDField(
        help_text="The `declaration.id` the participant read; if the house replaced it "
        "meanwhile, the answer is 400 and the new text must be read first."
    )


class DeclarationSignedSerializer(serializers.Serializer):
    declaration_required = serializers.BooleanField(
        help_text="False when the caller needs no declaration (house staff, a covenant party)."
    )
    version = serializers.IntegerField(source="declaration.version", allow_null=True, default=None)
    signed_at = serializers.DateTimeField(source="accepted_at", allow_null=True, default=None)


class MinutesSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1, help_text="The `version` of the agenda item as the client last read it."
    )
    minutes = serializers.CharField(max_length=services.MAX_MINUTES, allow_blank=True)


class DecisionAgreementSerializer(serializers.Serializer):
    what = serializers.CharField(max_length=MAX_WHAT)
    domain = serializers.ChoiceField(choices=InterventionDomain.choices)
    owner = serializers.IntegerField(
        help_text="A professional of an organisation that takes part in the case."
    )
    due_date = serializers.DateField(help_text="Not before the start of the case.")


class DecisionCreateSerializer(serializers.Serializer):
    id = serializers.UUIDField(
        required=False,
        help_text="Chosen by the client: sending the same decision again returns the first "
        "one and records nothing twice.",
    )
    text = serializers.CharField(max_length=services.MAX_TEXT)
    agreements = serializers.ListField(
        child=DecisionAgreementSerializer(),
        required=False,
        max_length=20,
        help_text="Agreements the decision makes, entered in the case's plan; if one is "
        "refused, nothing is stored.",
    )


# --- handlers ---------------------------------------------------------------------------------


def _detail_body(actor: Any, conference: Conference) -> dict[str, Any]:
    page = selectors.conference_page(actor=actor, conference=conference)  # audited
    state = dict(ConferenceStateSerializer(conference).data)
    return {
        **state,
        **ConferenceContentSerializer(
            {
                "content_visible": page.may_see_content,
                "declaration": page.declaration,
                "items": page.items,
                "invitees": page.invitees if page.may_see_content else [],
            }
        ).data,
    }


def conference_list(request: Request) -> Response:
    query = page_query(request)
    page = selectors.conference_list(
        actor=actor_for_request(request), cursor=query.cursor, size=query.size
    )
    return Response(
        ConferencePageSerializer({"results": page.rows, "next_cursor": page.next_cursor}).data
    )


def conference_plan(request: Request) -> Response:
    actor = actor_for_request(request)
    data = validated_body(ConferenceCreateSerializer, request)
    theme = None
    if data.get("theme") is not None:
        theme = selectors.theme_choices(actor=actor).filter(pk=data["theme"]).first()
    case = None
    if data.get("case") is not None:
        case = selectors.case_for_planning(actor=actor, case_id=data["case"])
    conference = services.conference_create(
        actor=actor,
        data=services.ConferenceInput(
            kind=data["kind"],
            schedule=services.Schedule(
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                location=data.get("location", ""),
                video_link=data.get("video_link", ""),
            ),
            theme=theme,
            case=case,
            conference_id=data.get("id"),
        ),
    )
    return Response(ConferenceStateSerializer(conference).data, status=status.HTTP_201_CREATED)


def conference_read(request: Request, conference_id: uuid.UUID) -> Response:
    actor = actor_for_request(request)
    conference = selectors.conference_get(actor=actor, conference_id=conference_id)
    return Response(_detail_body(actor, conference))


def conference_invite(request: Request, conference_id: uuid.UUID) -> Response:
    actor = actor_for_request(request)
    conference = selectors.conference_get_for_planning(actor=actor, conference_id=conference_id)
    data = validated_body(InviteesSerializer, request)
    wanted = set(data["invitees"])
    users = list(
        selectors.invitee_candidates(actor=actor, conference=conference).filter(pk__in=wanted)
    )
    if len(users) != len(wanted):
        raise DjangoValidationError({"invitees": INVITEE_REFUSED})
    # One request, one outcome: invitations that cannot be sent leave the list unchanged too.
    with transaction.atomic():
        services.invitations_set(
            actor=actor, conference=conference, expected_version=data["version"], users=users
        )
        sent = services.invitations_send(actor=actor, conference=conference) if data["send"] else 0
    conference.refresh_from_db()
    return Response(InviteResultSerializer({"conference": conference, "sent": sent}).data)


def declaration_sign(request: Request, conference_id: uuid.UUID) -> Response:
    actor = actor_for_request(request)
    conference = selectors.conference_get(actor=actor, conference_id=conference_id)
    data = validated_body(DeclarationSignSerializer, request)
    acceptance = services.declaration_accept(
        actor=actor, conference=conference, declaration_id=data["declaration"]
    )
    signed: dict[str, Any] = {"declaration_required": acceptance is not None}
    if acceptance is not None:
        signed.update(declaration=acceptance.declaration, accepted_at=acceptance.accepted_at)
    return Response(DeclarationSignedSerializer(signed).data)


def _item(request: Request, conference_id: uuid.UUID, item_id: uuid.UUID) -> tuple[Any, Any]:
    actor = actor_for_request(request)
    conference = selectors.conference_get_for_planning(actor=actor, conference_id=conference_id)
    item = selectors.agenda_item_get_for_planning(
        actor=actor, conference=conference, item_id=item_id
    )
    return actor, item


def minutes_save(request: Request, conference_id: uuid.UUID, item_id: uuid.UUID) -> Response:
    actor, item = _item(request, conference_id, item_id)
    data = validated_body(MinutesSerializer, request)
    services.minutes_save(
        actor=actor, item=item, expected_version=data["version"], text=data["minutes"]
    )
    item.refresh_from_db(fields=["minutes", "minutes_at", "version"])
    return Response(AgendaItemSerializer(item).data)


def decision_record(request: Request, conference_id: uuid.UUID, item_id: uuid.UUID) -> Response:
    actor, item = _item(request, conference_id, item_id)
    data = validated_body(DecisionCreateSerializer, request)
    owners = selectors.agreement_owner_candidates(item.case)
    agreements = []
    for index, agreement in enumerate(data.get("agreements", [])):
        owner = owners.filter(pk=agreement["owner"]).first()
        if owner is None:
            raise DjangoValidationError({f"agreements.{index}.owner": OWNER_REFUSED})
        agreements.append(
            AgreementInput(
                what=agreement["what"],
                domain=agreement["domain"],
                owner=owner,
                due_date=agreement["due_date"],
            )
        )
    # The plan names its refusals after an agreement's fields.
    with service_field_names(lambda key: key if key == "text" else f"agreements.{key}"):
        decision = services.decision_record(
            actor=actor,
            item=item,
            data=services.DecisionInput(
                text=data["text"], agreements=agreements, decision_id=data.get("id")
            ),
        )
    return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)


# --- the table --------------------------------------------------------------------------------

VIEW = frozenset({Function.VIEW_CONFERENCES})
PLAN = frozenset({Function.PLAN_CONFERENCES})
PLANNERS_ONLY = (
    " House staff who plan conferences (the process coordinator, the chain manager), logged "
    "in; recorded in their name."
)

ENDPOINTS = (
    Endpoint(
        name="list",
        path="conferences/",
        functions=VIEW,
        operations={
            "GET": Operation(
                handler=conference_list,
                scope=READ,
                operation_id="conferences_list",
                summary="The conferences visible to the caller, newest first",
                description="Scope `cases:read`; logged in. House staff see the house's "
                "conferences; anyone else those they are invited to. Shows no case or "
                "person, so it is not audited.",
                tags=TAGS,
                parameters=[PageQuerySerializer],
                responses=ConferencePageSerializer,
            ),
            "POST": Operation(
                handler=conference_plan,
                scope=WRITE,
                functions=PLAN,
                operation_id="conferences_plan",
                summary="Plan a conference: a Casus op Maat for one case, or a target-group "
                "conference",
                description="Scope `cases:write`." + PLANNERS_ONLY + " A Casus op Maat "
                "puts its case on the agenda at once. Invite with `conferences_invite`.",
                tags=TAGS,
                request=ConferenceCreateSerializer,
                responses={201: ConferenceStateSerializer},
            ),
        },
        person_only=True,
        view_class_name="ConferenceListApi",
    ),
    Endpoint(
        name="detail",
        path="conferences/<uuid:conference_id>/",
        functions=VIEW,
        operations={
            "GET": Operation(
                handler=conference_read,
                scope=READ,
                operation_id="conferences_retrieve",
                summary="One conference: schedule, invitees, and the agenda with minutes and "
                "decisions",
                description="Scope `cases:read`; logged in. 404 for a conference that does not "
                "exist or that the caller may not see. A participant who must sign the "
                "confidentiality declaration gets the declaration instead of the content until "
                "they signed it. Only the items of cases the caller may see. Audited, naming "
                "the persons shown.",
                tags=TAGS,
                responses=ConferenceDetailSerializer,
            ),
        },
        person_only=True,
        view_class_name="ConferenceDetailApi",
    ),
    Endpoint(
        name="invitees",
        path="conferences/<uuid:conference_id>/invitees/",
        functions=PLAN,
        operations={
            "PUT": Operation(
                handler=conference_invite,
                scope=WRITE,
                operation_id="conferences_invite",
                summary="Set who is invited, and optionally send the invitations",
                description="Scope `cases:write`." + PLANNERS_ONLY + " For a Casus op "
                "Maat only house staff and professionals of participating organisations. "
                "Someone uninvited after the invitation went out gets a cancellation and loses "
                "access at once.",
                tags=TAGS,
                request=InviteesSerializer,
                responses=InviteResultSerializer,
            ),
        },
        person_only=True,
        may_conflict=True,
        view_class_name="ConferenceInviteApi",
    ),
    Endpoint(
        name="declaration",
        path="conferences/<uuid:conference_id>/declaration/",
        functions=VIEW,
        operations={
            "POST": Operation(
                handler=declaration_sign,
                scope=WRITE,
                operation_id="conferences_declaration_sign",
                summary="Sign the confidentiality declaration for this conference",
                description="Scope `cases:write`; an invited participant, logged in. "
                "Recorded with time and version; then the conference's content is visible. "
                "Signing again changes nothing; a caller who needs no declaration gets "
                "`declaration_required: false`.",
                tags=TAGS,
                request=DeclarationSignSerializer,
                responses=DeclarationSignedSerializer,
            ),
        },
        person_only=True,
        view_class_name="ConferenceDeclarationApi",
    ),
    Endpoint(
        name="minutes",
        path="conferences/<uuid:conference_id>/items/<uuid:item_id>/minutes/",
        functions=PLAN,
        operations={
            "PUT": Operation(
                handler=minutes_save,
                scope=WRITE,
                operation_id="conferences_minutes_update",
                summary="Write the minutes of one agenda item",
                description="Scope `cases:write`." + PLANNERS_ONLY + " From the start "
                "of the conference until it is closed.",
                tags=TAGS,
                request=MinutesSerializer,
                responses=AgendaItemSerializer,
            ),
        },
        person_only=True,
        may_conflict=True,
        view_class_name="ConferenceMinutesApi",
    ),
    Endpoint(
        name="decision-create",
        path="conferences/<uuid:conference_id>/items/<uuid:item_id>/decisions/",
        functions=PLAN,
        operations={
            "POST": Operation(
                handler=decision_record,
                scope=WRITE,
                operation_id="conferences_decisions_create",
                summary="Record a decision on one agenda item, with the agreements it makes",
                description="Scope `cases:write`." + PLANNERS_ONLY + " From the start "
                "of the conference until it is closed; written in the case's journal.",
                tags=TAGS,
                request=DecisionCreateSerializer,
                responses={201: DecisionSerializer},
            ),
        },
        person_only=True,
        view_class_name="ConferenceDecisionApi",
    ),
)
