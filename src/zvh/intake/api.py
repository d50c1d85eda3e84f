"""REST endpoints for referrals and priority lists (`/api/v1/referrals/`, `/priority-lists/`)."""

from __future__ import annotations

import uuid
from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from zvh.api.endpoints import Endpoint, Operation
from zvh.api.models import ApiToken, Scope
from zvh.authz.functions import Function
from zvh.core.life_domains import LifeDomain
from zvh.network.models import Domain, House, Municipality
from zvh.network.request import actor_for_request

from . import selectors
from .models import Behaviour, Channel, Orientation, Referral, Source, Urgency
from .priority_lists import parse_rows, priority_list_import
from .services import PersonInput, ReferralInput, referral_create


class PersonInputSerializer(serializers.Serializer):
    surname = serializers.CharField(max_length=200)
    given_names = serializers.CharField(max_length=200, required=False, allow_blank=True)
    surname_prefix = serializers.CharField(max_length=20, required=False, allow_blank=True)
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    bsn = serializers.CharField(max_length=9, required=False, allow_blank=True)
    street = serializers.CharField(max_length=200, required=False, allow_blank=True)
    house_number = serializers.CharField(max_length=20, required=False, allow_blank=True)
    postcode = serializers.CharField(max_length=7, required=False, allow_blank=True)
    city = serializers.CharField(max_length=100, required=False, allow_blank=True)


class ReferralCreateSerializer(serializers.Serializer):
    # A declared field named like Field.source; DRF collects it as a field.
    source = serializers.ChoiceField(  # type: ignore[assignment]
        choices=Source.choices, default=Source.PARTNER
    )
    orientation = serializers.ChoiceField(choices=Orientation.choices, default=Orientation.PERSON)
    persons = PersonInputSerializer(many=True, allow_empty=False)
    municipality_cbs_code = serializers.CharField(max_length=6, required=False, allow_blank=True)
    reason = serializers.CharField(max_length=10000)
    request = serializers.CharField(max_length=10000)
    life_domains = serializers.ListField(
        child=serializers.ChoiceField(choices=LifeDomain.choices), required=False
    )
    behaviour = serializers.ChoiceField(choices=Behaviour.choices, default=Behaviour.NONE)
    chains_involved = serializers.ListField(
        child=serializers.ChoiceField(choices=Domain.choices), required=False
    )
    system_impact = serializers.BooleanField(
        default=False,
        help_text="The referrer states that the problems affect, and are affected by, the "
        "(family) system or the direct social environment: triage suggests criterion C3a from "
        "this (or from `orientation` `system`), not from `life_domains`.",
    )
    local_approach_tried = serializers.BooleanField(default=False)
    local_approach_stuck = serializers.BooleanField(default=False)
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.REGULAR)
    referrer_contact = serializers.CharField(max_length=200, required=False, allow_blank=True)

    def validate_municipality_cbs_code(self, value: str) -> str:
        if value and not Municipality.objects.filter(cbs_code=value).exists():
            raise serializers.ValidationError(_("Onbekende CBS-code."))
        return value


class OutcomeSerializer(serializers.Serializer):
    decision = serializers.CharField()
    decided_at = serializers.DateTimeField()
    advice = serializers.CharField()
    referred_to = serializers.CharField()
    questions = serializers.CharField()


class ReferralStatusSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    number = serializers.CharField()
    status = serializers.CharField()
    received_at = serializers.DateTimeField()
    entered_without_triage = serializers.BooleanField()
    outcome = OutcomeSerializer(allow_null=True)


class ReferralCreatedSerializer(ReferralStatusSerializer):
    known_person = serializers.BooleanField(
        help_text="The house already knew a person of this referral by the BSN, surname and "
        "date of birth given, all three. A partial match is not told."
    )
    linked = serializers.BooleanField(
        help_text="Linked to an open referral or case of the same person; told only when "
        "every person the house knew was such a full match."
    )


class ReferralPageSerializer(serializers.Serializer):
    results = ReferralStatusSerializer(many=True)
    next_cursor = serializers.CharField(allow_null=True)


def _status_body(referral: Referral) -> dict[str, Any]:
    assessment = next(iter(getattr(referral, "current_assessments", [])), None)
    return {
        "id": referral.id,
        "number": referral.number,
        "status": referral.status,
        "received_at": referral.received_at,
        "entered_without_triage": referral.entered_without_triage,
        "outcome": None
        if assessment is None
        else {
            "decision": assessment.decision,
            "decided_at": assessment.decided_at,
            "advice": assessment.advice,
            "referred_to": assessment.referred_to,
            "questions": assessment.questions,
        },
    }


def _referrer(request: Request) -> tuple[uuid.UUID, int | None, Channel]:
    """Who refers: a partner application (its organisation) or a logged-in professional."""
    actor = actor_for_request(request)
    if isinstance(request.auth, ApiToken):
        return request.auth.organisation_id, None, Channel.API
    if actor.organisation_id is None:
        raise PermissionDenied("Alleen medewerkers van een organisatie kunnen aanmelden.")
    return actor.organisation_id, actor.user_id, Channel.API


def _house(request: Request) -> House:
    return House.objects.get(pk=actor_for_request(request).house_id or uuid.UUID(int=0))


def referral_list(request: Request) -> Response:
    page = selectors.referrals_of_referrer(
        actor=actor_for_request(request), cursor=request.query_params.get("cursor")
    )
    return Response(
        {
            "results": [_status_body(referral) for referral in page.rows],
            "next_cursor": page.next_cursor,
        }
    )


def referral_send(request: Request) -> Response:
    serializer = ReferralCreateSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    actor = actor_for_request(request)
    organisation_id, user_id, channel = _referrer(request)
    code = data.get("municipality_cbs_code")
    municipality = Municipality.objects.filter(cbs_code=code).first() if code else None
    created = referral_create(
        actor=actor,
        house=_house(request),
        data=ReferralInput(
            channel=channel,
            source=Source(data["source"]),
            referring_organisation_id=organisation_id,
            referring_user_id=user_id,
            referrer_contact=data.get("referrer_contact", ""),
            persons=[PersonInput(**person) for person in data["persons"]],
            reason=data["reason"],
            request=data["request"],
            orientation=Orientation(data["orientation"]),
            municipality_id=municipality.id if municipality else None,
            life_domains=data.get("life_domains", []),
            behaviour=Behaviour(data["behaviour"]),
            chains_involved=data.get("chains_involved", []),
            system_impact=data["system_impact"],
            local_approach_tried=data["local_approach_tried"],
            local_approach_stuck=data["local_approach_stuck"],
            urgency=Urgency(data["urgency"]),
        ),
    )
    body = _status_body(created.referral)
    # The referrer learns of a known person only on a full match (decision 0157).
    body.update(
        known_person=created.full_matches > 0,
        linked=created.linked and created.referrer_may_know,
    )
    return Response(body, status=status.HTTP_201_CREATED)


def referral_detail(request: Request, referral_id: uuid.UUID) -> Response:
    referral = selectors.referral_status_get(
        actor=actor_for_request(request), referral_id=referral_id
    )
    return Response(_status_body(referral))


class PriorityListEntrySerializer(serializers.Serializer):
    """Keys as the CSV columns, so one set of checks serves both."""

    geslachtsnaam = serializers.CharField(max_length=200, allow_blank=True)
    voorvoegsel = serializers.CharField(max_length=20, required=False, allow_blank=True)
    voornamen = serializers.CharField(max_length=200, required=False, allow_blank=True)
    geboortedatum = serializers.CharField(max_length=10, required=False, allow_blank=True)
    bsn = serializers.CharField(max_length=9, required=False, allow_blank=True)
    straat = serializers.CharField(max_length=200, required=False, allow_blank=True)
    huisnummer = serializers.CharField(max_length=20, required=False, allow_blank=True)
    postcode = serializers.CharField(max_length=7, required=False, allow_blank=True)
    woonplaats = serializers.CharField(max_length=100, required=False, allow_blank=True)
    toelichting = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class PriorityListCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=150)
    only_valid_rows = serializers.BooleanField(default=False)
    entries = PriorityListEntrySerializer(  # type: ignore[call-arg]
        many=True, allow_empty=False, max_length=5000
    )


class PriorityListCreatedSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    created = serializers.IntegerField()
    skipped_rows = serializers.ListField(child=serializers.IntegerField())
    entered_without_triage = serializers.BooleanField()


def priority_list_create(request: Request) -> Response:
    serializer = PriorityListCreateSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    parsed = parse_rows(data["entries"])
    if parsed.problems and not data["only_valid_rows"]:
        raise serializers.ValidationError(
            {
                f"entries[{problem.row - 1}].{problem.column}": [problem.message]
                for problem in parsed.problems
            }
        )
    actor = actor_for_request(request)
    organisation_id, user_id, _channel = _referrer(request)
    imported = priority_list_import(
        actor=actor,
        house=_house(request),
        name=data["name"],
        organisation_id=organisation_id,
        parsed=parsed,
        only_valid_rows=data["only_valid_rows"],
        referring_user_id=user_id,
    )
    return Response(
        {
            "id": imported.priority_list.id,
            "created": imported.created,
            "skipped_rows": [row - 1 for row in imported.skipped_rows],
            "entered_without_triage": imported.priority_list.bypassed_triage,
        },
        status=status.HTTP_201_CREATED,
    )


# --- the table --------------------------------------------------------------------------------

ENDPOINTS = (
    Endpoint(
        name="referral-list",
        path="referrals/",
        functions=frozenset({Function.REFER}),
        operations={
            "GET": Operation(
                handler=referral_list,
                scope=Scope.REFERRALS_WRITE,
                operation_id="referrals_list",
                summary="The caller's referrals with their status and outcome",
                tags=["referrals"],
                responses=ReferralPageSerializer,
            ),
            "POST": Operation(
                handler=referral_send,
                scope=Scope.REFERRALS_WRITE,
                operation_id="referrals_create",
                summary="Refer a person, household or area to the house",
                tags=["referrals"],
                request=ReferralCreateSerializer,
                responses={201: ReferralCreatedSerializer},
            ),
        },
        view_class_name="ReferralListApi",
    ),
    Endpoint(
        name="referral-detail",
        path="referrals/<uuid:referral_id>/",
        functions=frozenset({Function.REFER}),
        operations={
            "GET": Operation(
                handler=referral_detail,
                scope=Scope.REFERRALS_WRITE,
                operation_id="referrals_retrieve",
                summary="Status and outcome of one referral",
                tags=["referrals"],
                responses=ReferralStatusSerializer,
            ),
        },
        view_class_name="ReferralDetailApi",
    ),
    Endpoint(
        name="priority-list-create",
        path="priority-lists/",
        functions=frozenset({Function.REFER}),
        operations={
            "POST": Operation(
                handler=priority_list_create,
                scope=Scope.REFERRALS_WRITE,
                operation_id="priority_lists_create",
                summary="Submit a priority list (Top-X / PGA): each entry becomes a referral",
                description="A list with an invalid entry is refused whole (400, one "
                "`invalid_params` entry per field as `entries[i].field`) unless `only_valid_rows` "
                "is true.",
                tags=["referrals"],
                request=PriorityListCreateSerializer,
                responses={201: PriorityListCreatedSerializer},
            ),
        },
        view_class_name="PriorityListApi",
    ),
)
