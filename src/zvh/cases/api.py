"""REST endpoints for case work: the case list and one case, reviews, closing (step-down among
its reasons) and escalation (`/api/v1/cases/`, `/api/v1/escalations/`). The plan and its
agreements: plans/api.py.

Thin: a serializer checks the shape of the body, selectors read through the access policy
(audited), services write (policy, validation, journal and audit in one transaction). Scopes:
`cases:read` to read, `cases:write` to write. A token acts as a partner professional of its
organisation: it reads the cases its organisation takes part in and gets the same 404 as a
session user without the function for what only house staff do. Escalations are recorded in a
person's name, so they are for logged-in users only (403 `person_required` for a token). A
changed `version` answers 409. See docs/decisions/0147. The endpoints are declared in the
table at the end (docs/decisions/0192).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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
    PageQuerySerializer,
    PersonNameSerializer,
    PersonSerializer,
    UserRefSerializer,
)
from zvh.api.views import PAGE_SIZE, validated_body
from zvh.audit.denials import record_denial
from zvh.authz.doors import ONLY_ADDRESSEE
from zvh.authz.functions import Function
from zvh.core.listing import ListFilters
from zvh.network import policy as network_policy
from zvh.network.request import actor_for_request

from . import escalation, review, selectors, stepdown
from .models import (
    Case,
    CaseStatus,
    CaseType,
    ClosureReason,
    EscalationReason,
    EscalationStatus,
)
from .models import Escalation as EscalationModel
from .selectors import OPEN
from .services import MAX_TEXT, case_change_status


@contextmanager
def service_field_names(rename: Callable[[str], str]) -> Iterator[None]:
    """Services name some errors after form fields (`zrm_housing`); the API names them after
    its body (`zrm_scores.housing`), so `invalid_params` points at what the client sent."""
    try:
        yield
    except DjangoValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise DjangoValidationError(
            {rename(key): errors for key, errors in error.error_dict.items()}
        ) from error


# --- shapes -----------------------------------------------------------------------------------


CASE_LIST_STATUSES = [(OPEN, _("Open (alles behalve afgesloten)")), *CaseStatus.choices]


class CaseListQuerySerializer(PageQuerySerializer):
    status = serializers.ChoiceField(
        choices=CASE_LIST_STATUSES,
        default=OPEN,
        help_text="`open` (the default) is every status but `closed`.",
    )


class CaseListItemSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    number = serializers.CharField()
    status = serializers.ChoiceField(choices=CaseStatus.choices)
    case_type = serializers.ChoiceField(choices=CaseType.choices)
    created_at = serializers.DateTimeField()
    next_review_date = serializers.DateField(allow_null=True)
    process_coordinator = UserRefSerializer(allow_null=True)
    persons = serializers.SerializerMethodField()

    @extend_schema_field(PersonSerializer(many=True))
    def get_persons(self, case: Case) -> Any:
        # Prefetched by the selector: no query per case.
        return PersonSerializer([link.person for link in case.case_persons.all()], many=True).data


class CasePageSerializer(serializers.Serializer):
    results = CaseListItemSerializer(many=True)
    next_cursor = serializers.CharField(allow_null=True)


class ParticipantSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    organisation = OrganisationRefSerializer()
    added_at = serializers.DateTimeField()


class CaseStateSerializer(serializers.Serializer):
    """What a write to the case returns: its state and the version to send next."""

    id = serializers.UUIDField()
    number = serializers.CharField()
    status = serializers.ChoiceField(choices=CaseStatus.choices)
    version = serializers.IntegerField(help_text="Send it back with a change of the case.")
    next_review_date = serializers.DateField(allow_null=True)
    closure_reason = serializers.ChoiceField(choices=ClosureReason.choices, allow_blank=True)


class CaseDetailSerializer(CaseStateSerializer):
    case_type = serializers.ChoiceField(choices=CaseType.choices)
    opened_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    process_coordinator = UserRefSerializer(allow_null=True)
    case_director = UserRefSerializer(allow_null=True)
    persons = serializers.SerializerMethodField()
    participants = serializers.SerializerMethodField(
        help_text="The organisations taking part now: their professionals see the case."
    )

    @extend_schema_field(PersonSerializer(many=True))
    def get_persons(self, case: Case) -> Any:
        return PersonSerializer(self.context["persons"], many=True).data

    @extend_schema_field(ParticipantSerializer(many=True))
    def get_participants(self, case: Case) -> Any:
        return ParticipantSerializer(self.context["participants"], many=True).data


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


def _state(case: Case) -> Response:
    return Response(CaseStateSerializer(case).data)


# --- cases ------------------------------------------------------------------------------------


def case_list(request: Request) -> Response:
    query = CaseListQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    page = selectors.case_list(
        actor=actor_for_request(request),
        filters=ListFilters(status=query.validated_data["status"]),
        cursor=query.validated_data.get("cursor"),
        size=PAGE_SIZE,
    )
    return Response(
        CasePageSerializer({"results": page.rows, "next_cursor": page.next_cursor}).data
    )


def case_detail(request: Request, case_id: uuid.UUID) -> Response:
    case = selectors.case_get(actor=actor_for_request(request), case_id=case_id)
    context = {
        "persons": selectors.case_persons(case),
        "participants": [
            participant
            for participant in selectors.case_participants(case)
            if participant.is_active
        ],
    }
    return Response(CaseDetailSerializer(case, context=context).data)


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
    return _state(case)


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
    return _state(case)


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
    return _state(case)


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


# --- the table --------------------------------------------------------------------------------

ENDPOINTS = (
    Endpoint(
        name="case-list",
        path="cases/",
        functions=frozenset({Function.VIEW_CASES}),
        operations={
            "GET": Operation(
                handler=case_list,
                scope=Scope.CASES_READ,
                operation_id="cases_list",
                summary="The cases visible to the caller, newest first",
                description="Scope `cases:read`. House staff see the house's cases; a partner (and "
                "so every token) the cases its organisation takes part in now. Open cases unless "
                "`status` says otherwise.",
                tags=["cases"],
                parameters=[CaseListQuerySerializer],
                responses=CasePageSerializer,
            ),
        },
        view_class_name="CaseListApi",
    ),
    Endpoint(
        name="case-detail",
        path="cases/<uuid:case_id>/",
        functions=frozenset({Function.VIEW_CASES}),
        operations={
            "GET": Operation(
                handler=case_detail,
                scope=Scope.CASES_READ,
                operation_id="cases_retrieve",
                summary="One case: status, roles, persons, participants and the next review",
                description="Scope `cases:read`. 404 for a case that does not exist or that the "
                "caller may not see.",
                tags=["cases"],
                responses=CaseDetailSerializer,
            ),
        },
        view_class_name="CaseDetailApi",
    ),
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
