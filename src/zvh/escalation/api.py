"""REST endpoints for escalation (`/api/v1/cases/<id>/escalations/`, `/api/v1/escalations/`;
decision 0196, the shape and rules of decision 0147). Escalations are recorded in a person's
name, so they are for logged-in users only (403 `person_required` for a token). Declared in the
table at the end (decision 0192).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from zvh.api.endpoints import Endpoint, Operation
from zvh.api.models import Scope
from zvh.api.serializers import (
    OrganisationRefSerializer,
    PersonNameSerializer,
    UserRefSerializer,
)
from zvh.api.views import validated_body
from zvh.audit.denials import record_denial
from zvh.authz.doors import ONLY_ADDRESSEE
from zvh.authz.functions import Function
from zvh.cases import selectors
from zvh.cases.models import Escalation as EscalationModel
from zvh.cases.models import (
    EscalationReason,
    EscalationStatus,
)
from zvh.cases.services import MAX_TEXT
from zvh.network.request import actor_for_request

from . import services as escalation


class StuckAgreementSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    what = serializers.CharField()
    due_date = serializers.DateField()
    owner_organisation = OrganisationRefSerializer()


class EscalationSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    case_number = serializers.CharField(source="case.number")
    status = serializers.ChoiceField(choices=EscalationStatus.choices)
    reason = serializers.ChoiceField(choices=EscalationReason.choices)
    explanation = serializers.CharField()
    agreement = StuckAgreementSerializer(allow_null=True)
    proposed_at = serializers.DateTimeField()
    raised_at = serializers.DateTimeField(allow_null=True)
    addressee = UserRefSerializer(allow_null=True)
    response = serializers.CharField()
    closed_at = serializers.DateTimeField(allow_null=True)


class EscalationDetailSerializer(EscalationSerializer):
    persons = serializers.SerializerMethodField(
        help_text="The names of the persons concerned, and nothing else of them."
    )

    @extend_schema_field(PersonNameSerializer(many=True))
    def get_persons(self, item: EscalationModel) -> Any:
        return PersonNameSerializer(self.context["persons"], many=True).data


class EscalationProposeSerializer(serializers.Serializer):
    id = serializers.UUIDField(
        required=False,
        help_text="Chosen by the client: proposing again with the same id returns the first "
        "proposal and creates nothing twice.",
    )
    reason = serializers.ChoiceField(choices=EscalationReason.choices)
    explanation = serializers.CharField(max_length=MAX_TEXT)
    agreement = serializers.UUIDField(
        required=False, allow_null=True, help_text="An open agreement of the case that is stuck."
    )


class EscalationRaiseSerializer(serializers.Serializer):
    addressee = serializers.IntegerField(
        help_text="The chain manager or an administrator of the house."
    )


class EscalationResponseSerializer(serializers.Serializer):
    response = serializers.CharField(max_length=MAX_TEXT)
    resolved = serializers.BooleanField()


# --- escalation -------------------------------------------------------------------------------


def escalation_propose(request: Request, case_id: uuid.UUID) -> Response:
    actor = actor_for_request(request)
    case = selectors.case_get(actor=actor, case_id=case_id)
    data = validated_body(EscalationProposeSerializer, request)
    agreement = None
    if data.get("agreement") is not None:
        agreement = escalation.stuck_agreement_choices(case).filter(pk=data["agreement"]).first()
        if agreement is None:
            raise DjangoValidationError({"agreement": _("Kies een open afspraak van deze casus.")})
    item = escalation.escalation_propose(
        actor=actor,
        case=case,
        data=escalation.EscalationInput(
            reason=data["reason"], explanation=data["explanation"], agreement=agreement
        ),
        escalation_id=data.get("id"),
    )
    return Response(EscalationSerializer(item).data, status=status.HTTP_201_CREATED)


def escalation_raise(request: Request, case_id: uuid.UUID, escalation_id: uuid.UUID) -> Response:
    actor = actor_for_request(request)
    case = selectors.case_get_for_management(actor=actor, case_id=case_id)
    item = escalation.escalation_get(actor=actor, escalation_id=escalation_id)
    if item.case_id != case.id:
        record_denial(actor, object_type="escalation", object_id=escalation_id)
        raise Http404
    data = validated_body(EscalationRaiseSerializer, request)
    addressee = escalation.addressee_candidates(case).filter(pk=data["addressee"]).first()
    item = escalation.escalation_raise(actor=actor, escalation=item, addressee=addressee)
    return Response(EscalationSerializer(item).data)


def escalation_detail(request: Request, escalation_id: uuid.UUID) -> Response:
    item = escalation.escalation_get(actor=actor_for_request(request), escalation_id=escalation_id)
    context = {"persons": escalation.escalation_persons(item)}
    return Response(EscalationDetailSerializer(item, context=context).data)


def escalation_respond(request: Request, escalation_id: uuid.UUID) -> Response:
    actor = actor_for_request(request)
    item = escalation.escalation_get(actor=actor, escalation_id=escalation_id)
    if item.addressee_id != actor.user_id:
        record_denial(actor, object_type="escalation", object_id=escalation_id)
        raise Http404
    data = validated_body(EscalationResponseSerializer, request)
    item = escalation.escalation_respond(
        actor=actor, escalation=item, response=data["response"], resolved=data["resolved"]
    )
    return Response(EscalationSerializer(item).data)


ENDPOINTS = (
    Endpoint(
        name="escalation-propose",
        path="cases/<uuid:case_id>/escalations/",
        functions=frozenset({Function.VIEW_CASES}),
        operations={
            "POST": Operation(
                handler=escalation_propose,
                scope=Scope.CASES_WRITE,
                operation_id="cases_escalations_create",
                summary="Propose an escalation of a stuck case",
                description="Scope `cases:write`; anyone who sees the case, as a logged-in user "
                "(not a token). The process coordinator or chain manager decides whether to raise "
                "it.",
                tags=["escalations"],
                request=EscalationProposeSerializer,
                responses={201: EscalationSerializer},
            ),
        },
        person_only=True,
        view_class_name="EscalationProposeApi",
    ),
    Endpoint(
        name="escalation-raise",
        path="cases/<uuid:case_id>/escalations/<uuid:escalation_id>/raise/",
        functions=frozenset({Function.MANAGE_CASES}),
        operations={
            "POST": Operation(
                handler=escalation_raise,
                scope=Scope.CASES_WRITE,
                operation_id="cases_escalations_raise",
                summary="Raise an escalation to the chain manager or an administrator",
                description="Scope `cases:write`; house staff, logged in. One raised to the chain "
                "manager may be raised on to an administrator; the addressee is notified.",
                tags=["escalations"],
                request=EscalationRaiseSerializer,
                responses=EscalationSerializer,
            ),
        },
        person_only=True,
        view_class_name="EscalationRaiseApi",
    ),
    Endpoint(
        name="escalation-detail",
        path="escalations/<uuid:escalation_id>/",
        functions=frozenset({Function.VIEW_ESCALATIONS}),
        operations={
            "GET": Operation(
                handler=escalation_detail,
                scope=Scope.CASES_READ,
                operation_id="escalations_retrieve",
                summary="One escalation, with the minimum of its case",
                description="Scope `cases:read`; logged in. House staff see the house's "
                "escalations; an administrator exactly those raised to them, with the case number, "
                "the names of the persons, the reason and the stuck agreement, and nothing else of "
                "the case.",
                tags=["escalations"],
                responses=EscalationDetailSerializer,
            ),
        },
        person_only=True,
        view_class_name="EscalationDetailApi",
    ),
    Endpoint(
        name="escalation-respond",
        path="escalations/<uuid:escalation_id>/response/",
        functions=frozenset({Function.VIEW_ESCALATIONS}),
        operations={
            "POST": Operation(
                handler=escalation_respond,
                scope=Scope.CASES_WRITE,
                operation_id="escalations_respond",
                summary="The addressee's response, which closes the escalation",
                description="Scope `cases:write`; only the addressee, logged in. `resolved` closes "
                "it as resolved or not; the process coordinator is notified.",
                tags=["escalations"],
                request=EscalationResponseSerializer,
                responses=EscalationSerializer,
            ),
        },
        person_only=True,
        narrowed=ONLY_ADDRESSEE,
        view_class_name="EscalationRespondApi",
    ),
)
