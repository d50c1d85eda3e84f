"""REST endpoints for reviews and closing a case (step-down among the reasons), under
`/api/v1/cases/` (decision 0196; the shape and rules of decision 0147). Declared in the table at
the end (decision 0192); the case core's endpoints are cases/api.py.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from zvh.api.endpoints import Endpoint, Operation
from zvh.api.models import Scope
from zvh.api.views import validated_body
from zvh.authz.functions import Function
from zvh.cases import selectors
from zvh.cases.api import CaseStateSerializer, case_state_response, service_field_names
from zvh.cases.models import (
    Case,
    CaseStatus,
    ClosureReason,
)
from zvh.cases.services import MAX_TEXT, case_change_status
from zvh.network import policy as network_policy
from zvh.network.request import actor_for_request

from . import review
from . import services as stepdown


class ReviewCreateSerializer(serializers.Serializer):
    id = serializers.UUIDField(
        required=False,
        help_text="Chosen by the client: sending the same review again returns the first one "
        "and records nothing twice.",
    )
    held_on = serializers.DateField(help_text="Not in the future.")
    progress = serializers.DictField(
        child=serializers.CharField(max_length=MAX_TEXT, allow_blank=True),
        help_text="Progress per goal of the plan, keyed by goal id; at least one. For a plan "
        'without goals one text under the key "".',
    )
    zrm_scores = serializers.DictField(
        child=serializers.IntegerField(min_value=1, max_value=5),
        required=False,
        help_text="Optional ZRM score (1–5) per life domain, keyed by domain code.",
    )
    next_review_date = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="Not in the past. Left out: the review date plus the house's cadence.",
    )


class ReviewSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    held_on = serializers.DateField()
    progress = serializers.DictField(child=serializers.CharField())
    zrm_scores = serializers.DictField(child=serializers.IntegerField())
    next_review_date = serializers.DateField()
    case_version = serializers.IntegerField(
        source="case.version", help_text="A review moves the case's next review date."
    )


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1, help_text="The `version` of the object as the client last read it."
    )


class StepDownProposalSerializer(VersionSerializer):
    note = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True)


class CriterionSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    text = serializers.CharField()


class ChecklistSerializer(serializers.Serializer):
    criteria = CriterionSerializer(many=True)


class JudgementSerializer(serializers.Serializer):
    criterion = serializers.UUIDField()
    met = serializers.BooleanField()
    exception = serializers.CharField(
        max_length=MAX_TEXT,
        required=False,
        allow_blank=True,
        help_text="Why the case steps down although the criterion is not met.",
    )


class StepDownSerializer(VersionSerializer):
    criteria = JudgementSerializer(
        many=True,
        help_text="Every active criterion of the checklist: met, or not met with an exception. "
        "A criterion left out counts as not met.",
    )
    receiving_organisation = serializers.UUIDField()
    receiving_person = serializers.CharField(max_length=150, required=False, allow_blank=True)
    receiving_user = serializers.IntegerField(
        required=False, allow_null=True, help_text="A user of the house, who is notified."
    )
    note = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True)


class CloseSerializer(VersionSerializer):
    reason = serializers.ChoiceField(choices=ClosureReason.choices)
    note = serializers.CharField(
        max_length=MAX_TEXT, required=False, allow_blank=True, help_text="Required for `other`."
    )
    criteria = JudgementSerializer(
        many=True,
        required=False,
        help_text="With `stepped_down`: every active criterion of the checklist, met or not "
        "met with an exception. A criterion left out counts as not met.",
    )
    receiving_organisation = serializers.UUIDField(
        required=False, allow_null=True, help_text="With `stepped_down`: required."
    )
    receiving_person = serializers.CharField(max_length=150, required=False, allow_blank=True)
    receiving_user = serializers.IntegerField(
        required=False, allow_null=True, help_text="A user of the house, who is notified."
    )


# --- review and step-down ---------------------------------------------------------------------


def _review_field(key: str) -> str:
    for prefix, body_field in (("progress_", "progress"), ("zrm_", "zrm_scores")):
        if key.startswith(prefix) and key != body_field:
            return f"{body_field}.{key.removeprefix(prefix)}"
    return key


def review_create(request: Request, case_id: uuid.UUID) -> Response:
    actor = actor_for_request(request)
    case = selectors.case_get_for_management(actor=actor, case_id=case_id)
    data = validated_body(ReviewCreateSerializer, request)
    with service_field_names(_review_field):
        item = review.case_review_record(
            actor=actor,
            case=case,
            held_on=data["held_on"],
            progress=data["progress"],
            zrm_scores=data.get("zrm_scores") or {},
            next_review_date=data.get("next_review_date"),
            review_id=data.get("id"),
        )
    return Response(ReviewSerializer(item).data, status=status.HTTP_201_CREATED)


def step_down_proposal(request: Request, case_id: uuid.UUID) -> Response:
    actor = actor_for_request(request)
    case = selectors.case_get_for_management(actor=actor, case_id=case_id)
    data = validated_body(StepDownProposalSerializer, request)
    with service_field_names(lambda key: "status" if key == "to_status" else key):
        case_change_status(
            actor=actor,
            case=case,
            expected_version=data["version"],
            to_status=CaseStatus.STEP_DOWN_PROPOSED,
            note=data.get("note", ""),
        )
    return case_state_response(case)


def _judgement_field(key: str) -> str:
    if key.startswith("exception_"):
        return f"criteria.{key.removeprefix('exception_')}.exception"
    return key


def step_down_checklist(request: Request, case_id: uuid.UUID) -> Response:
    case = selectors.case_get_for_management(actor=actor_for_request(request), case_id=case_id)
    criteria = stepdown.step_down_criteria(case.house_id).only("id", "text")
    return Response(ChecklistSerializer({"criteria": criteria}).data)


def step_down_close(request: Request, case_id: uuid.UUID) -> Response:
    actor = actor_for_request(request)
    case = selectors.case_get_for_management(actor=actor, case_id=case_id)
    data = validated_body(StepDownSerializer, request)
    step_down = _step_down_from(actor, case, data)
    with service_field_names(_judgement_field):
        stepdown.case_close_with(
            actor=actor,
            case=case,
            expected_version=data["version"],
            reason=ClosureReason.STEPPED_DOWN,
            step_down=step_down,
        )
    return case_state_response(case)


def _step_down_from(actor: Any, case: Case, data: dict[str, Any]) -> stepdown.StepDown:
    """The checklist and receiving party of a body, read through the policy."""
    organisation = None
    if data.get("receiving_organisation") is not None:
        organisation = (
            network_policy.visible_organisations(actor)
            .filter(pk=data["receiving_organisation"])
            .first()
        )
    user = None
    if data.get("receiving_user") is not None:
        user = stepdown.receiving_user_candidates(case).filter(pk=data["receiving_user"]).first()
        if user is None:
            raise DjangoValidationError({"receiving_user": _("Kies een gebruiker van dit huis.")})
    return stepdown.StepDown(
        judgements={
            item["criterion"]: stepdown.CriterionJudgement(
                met=item["met"], exception=item.get("exception", "")
            )
            for item in data.get("criteria", [])
        },
        receiving_organisation=organisation,
        receiving_person=data.get("receiving_person", ""),
        receiving_user=user,
        note=data.get("note", ""),
    )


def case_close(request: Request, case_id: uuid.UUID) -> Response:
    actor = actor_for_request(request)
    case = selectors.case_get_for_management(actor=actor, case_id=case_id)
    data = validated_body(CloseSerializer, request)
    stepping_down = data["reason"] == ClosureReason.STEPPED_DOWN
    with service_field_names(_judgement_field):
        stepdown.case_close_with(
            actor=actor,
            case=case,
            expected_version=data["version"],
            reason=data["reason"],
            note=data.get("note", ""),
            step_down=_step_down_from(actor, case, data) if stepping_down else None,
        )
    return case_state_response(case)


ENDPOINTS = (
    Endpoint(
        name="review-create",
        path="cases/<uuid:case_id>/reviews/",
        functions=frozenset({Function.MANAGE_CASES}),
        operations={
            "POST": Operation(
                handler=review_create,
                scope=Scope.CASES_WRITE,
                operation_id="cases_reviews_create",
                summary="Record a review: progress per goal, optional ZRM scores, the next review "
                "date",
                description="Scope `cases:write`; house staff. Moves the case's next review date "
                "(and its version).",
                tags=["cases"],
                request=ReviewCreateSerializer,
                responses={201: ReviewSerializer},
            ),
        },
        view_class_name="ReviewCreateApi",
    ),
    Endpoint(
        name="step-down-propose",
        path="cases/<uuid:case_id>/step-down/proposal/",
        functions=frozenset({Function.MANAGE_CASES}),
        operations={
            "POST": Operation(
                handler=step_down_proposal,
                scope=Scope.CASES_WRITE,
                operation_id="cases_step_down_propose",
                summary="Propose the step-down of a case in execution",
                description="Scope `cases:write`; house staff. The case's status becomes "
                "`step_down_proposed`; closing by step-down is `cases_step_down_close`.",
                tags=["cases"],
                request=StepDownProposalSerializer,
                responses=CaseStateSerializer,
            ),
        },
        may_conflict=True,
        view_class_name="StepDownProposalApi",
    ),
    Endpoint(
        name="step-down",
        path="cases/<uuid:case_id>/step-down/",
        functions=frozenset({Function.MANAGE_CASES}),
        operations={
            "GET": Operation(
                handler=step_down_checklist,
                scope=Scope.CASES_READ,
                operation_id="cases_step_down_checklist",
                summary="The house's step-down checklist for this case",
                description="Scope `cases:read`; house staff.",
                tags=["cases"],
                responses=ChecklistSerializer,
            ),
            "POST": Operation(
                handler=step_down_close,
                scope=Scope.CASES_WRITE,
                operation_id="cases_step_down_close",
                summary="Step down and close a case",
                description="Scope `cases:write`; house staff. Every criterion met or with a "
                "documented exception, and a named receiving party; the case closes with reason "
                "`stepped_down`. The same as `cases_close` with that reason; a proposal first is "
                "not required.",
                tags=["cases"],
                request=StepDownSerializer,
                responses=CaseStateSerializer,
            ),
        },
        may_conflict=True,
        view_class_name="StepDownApi",
    ),
    Endpoint(
        name="close",
        path="cases/<uuid:case_id>/close/",
        functions=frozenset({Function.MANAGE_CASES}),
        operations={
            "POST": Operation(
                handler=case_close,
                scope=Scope.CASES_WRITE,
                operation_id="cases_close",
                summary="Close a case with a reason; with `stepped_down`, through the checklist",
                description="Scope `cases:write`; house staff. The same rule as the web's one "
                "closing form: every reason closes an open case; `other` needs a `note`; "
                "`stepped_down` needs the step-down checklist (every active criterion met, or not "
                "met with an exception) and a named receiving party, exactly as "
                "`cases_step_down_close`. For other reasons the checklist fields are ignored.",
                tags=["cases"],
                request=CloseSerializer,
                responses=CaseStateSerializer,
            ),
        },
        may_conflict=True,
        view_class_name="CloseApi",
    ),
)
