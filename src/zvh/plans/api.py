"""REST endpoints for the plan of a case and its agreements (`/api/v1/cases/<id>/plan/`).

As cases/api.py: scopes `cases:read` / `cases:write`, the access policy through the selectors
and services, 404 for what the caller may not see. An agreement carries a `version`: a change
or an outcome sent with an older one answers 409 and saves nothing. A token (a partner
professional of its organisation) reports done or not delivered on its organisation's
agreements; making and changing agreements is for house staff. See docs/decisions/0147; the
endpoints are declared in the table at the end (0192).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from zvh.accounts.models import User
from zvh.api.endpoints import Endpoint, Operation
from zvh.api.models import Scope
from zvh.api.serializers import OrganisationRefSerializer, UserRefSerializer
from zvh.api.views import validated_body
from zvh.audit.denials import record_denial
from zvh.authz.actor import Actor
from zvh.authz.functions import Function
from zvh.cases.models import Case
from zvh.core.life_domains import LifeDomain
from zvh.network.request import actor_for_request
from zvh.plans.policy import may_report_in_visible_case

from . import selectors, services
from .models import MAX_NOTE, MAX_WHAT, Agreement, AgreementStatus, InterventionDomain, PlanStatus

# What an agreement's owner (or house staff) may report through `status`.
OUTCOME_SERVICES: dict[str, Callable[..., Agreement]] = {
    AgreementStatus.DONE: services.agreement_complete,
    AgreementStatus.NOT_DELIVERED: services.agreement_mark_not_delivered,
    AgreementStatus.CANCELLED: services.agreement_cancel,
}
OUTCOMES = [(value, label) for value, label in AgreementStatus.choices if value in OUTCOME_SERVICES]
OWNER_REFUSED = _("Kies een eigenaar die in dit huis werkt, bij een organisatie.")


# --- shapes -----------------------------------------------------------------------------------


class GoalSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    life_domain = serializers.ChoiceField(choices=LifeDomain.choices)
    description = serializers.CharField()


class AgreementSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    what = serializers.CharField()
    domain = serializers.ChoiceField(choices=InterventionDomain.choices)
    owner_organisation = OrganisationRefSerializer()
    owner_user = UserRefSerializer()
    due_date = serializers.DateField()
    status = serializers.ChoiceField(choices=AgreementStatus.choices)
    overdue = serializers.BooleanField(source="is_overdue", help_text="Open and past due.")
    note = serializers.CharField()
    completed_at = serializers.DateTimeField(allow_null=True)
    version = serializers.IntegerField(help_text="Send it back with a change or an outcome.")
    may_report = serializers.BooleanField(
        help_text="Whether the caller may report this agreement done or not delivered."
    )


class PlanSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=PlanStatus.choices)
    version = serializers.IntegerField()
    revision = serializers.IntegerField(help_text="The number of the plan's latest version.")
    set_at = serializers.DateTimeField(allow_null=True)
    goals = GoalSerializer(many=True)
    agreements = AgreementSerializer(many=True)


class AgreementCreateSerializer(serializers.Serializer):
    id = serializers.UUIDField(
        required=False,
        help_text="Chosen by the client: sending the same agreement again returns the first "
        "one and creates nothing twice.",
    )
    what = serializers.CharField(max_length=MAX_WHAT)
    domain = serializers.ChoiceField(choices=InterventionDomain.choices)
    owner = serializers.IntegerField(help_text="The owning user; their organisation owns it too.")
    due_date = serializers.DateField(help_text="Not before the start of the case.")
    add_participant_reason = serializers.CharField(
        max_length=MAX_NOTE,
        required=False,
        allow_blank=True,
        help_text="If the owner's organisation does not take part in the case yet (400 with "
        "code `not_participating`), send this reason to add it (an audited act).",
    )


class AgreementUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)
    what = serializers.CharField(max_length=MAX_WHAT, required=False)
    domain = serializers.ChoiceField(choices=InterventionDomain.choices, required=False)
    owner = serializers.IntegerField(required=False)
    due_date = serializers.DateField(required=False)
    add_participant_reason = serializers.CharField(
        max_length=MAX_NOTE, required=False, allow_blank=True
    )


class AgreementStatusSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)
    status = serializers.ChoiceField(
        choices=OUTCOMES,
        help_text="`done` or `not_delivered` by the owner, their organisation, the case "
        "director or house staff; `cancelled` by house staff.",
    )
    note = serializers.CharField(
        max_length=MAX_NOTE, help_text="What was done, or why not: always required."
    )


def _owner(case: Case, user_id: int) -> User:
    owner = selectors.owner_candidates(case).filter(pk=user_id).first()
    if owner is None:
        raise DjangoValidationError({"owner": OWNER_REFUSED})
    return owner


def _agreement_body(actor: Actor, agreement: Agreement) -> dict[str, Any]:
    agreement.may_report = may_report_in_visible_case(actor, agreement)  # type: ignore[attr-defined]
    return dict(AgreementSerializer(agreement).data)


# --- the plan ---------------------------------------------------------------------------------


def plan_read(request: Request, case_id: uuid.UUID) -> Response:
    actor = actor_for_request(request)
    case = selectors.plan_case_get(actor=actor, case_id=case_id)
    context = selectors.plan_page_context(actor=actor, case=case)
    plan = context["plan"]
    body = {
        "status": plan.status if plan else PlanStatus.DRAFT,
        "version": plan.version if plan else 1,
        "revision": plan.revision if plan else 0,
        "set_at": plan.set_at if plan else None,
        "goals": context["goals"],
        "agreements": context["agreements"],
    }
    return Response(PlanSerializer(body).data)


def agreement_create(request: Request, case_id: uuid.UUID) -> Response:
    actor = actor_for_request(request)
    case = selectors.plan_case_get_for_management(actor=actor, case_id=case_id)
    data = validated_body(AgreementCreateSerializer, request)
    agreement = services.agreement_create(
        actor=actor,
        case=case,
        data=services.AgreementInput(
            what=data["what"],
            domain=data["domain"],
            owner=_owner(case, data["owner"]),
            due_date=data["due_date"],
        ),
        agreement_id=data.get("id"),
        add_participant_reason=data.get("add_participant_reason", ""),
    )
    return Response(_agreement_body(actor, agreement), status=status.HTTP_201_CREATED)


def agreement_update(request: Request, case_id: uuid.UUID, agreement_id: uuid.UUID) -> Response:
    actor = actor_for_request(request)
    case = selectors.plan_case_get_for_management(actor=actor, case_id=case_id)
    agreement = selectors.agreement_get(actor=actor, case=case, agreement_id=agreement_id)
    data = validated_body(AgreementUpdateSerializer, request)
    owner = _owner(case, data["owner"]) if "owner" in data else agreement.owner_user
    agreement = services.agreement_update(
        actor=actor,
        agreement=agreement,
        expected_version=data["version"],
        data=services.AgreementInput(
            what=data.get("what", agreement.what),
            domain=data.get("domain", agreement.domain),
            owner=owner,
            due_date=data.get("due_date", agreement.due_date),
        ),
        add_participant_reason=data.get("add_participant_reason", ""),
    )
    return Response(_agreement_body(actor, agreement))


def agreement_status(request: Request, case_id: uuid.UUID, agreement_id: uuid.UUID) -> Response:
    actor = actor_for_request(request)
    case = selectors.plan_case_get(actor=actor, case_id=case_id)
    agreement = selectors.agreement_get(actor=actor, case=case, agreement_id=agreement_id)
    if not may_report_in_visible_case(actor, agreement):
        # Seen but not theirs to report on: as in the UI, the act does not exist for them.
        record_denial(actor, object_type="agreement", object_id=agreement.id)
        raise Http404
    data = validated_body(AgreementStatusSerializer, request)
    agreement = OUTCOME_SERVICES[data["status"]](
        actor=actor, agreement=agreement, expected_version=data["version"], note=data["note"]
    )
    return Response(_agreement_body(actor, agreement))


# --- the table --------------------------------------------------------------------------------

ENDPOINTS = (
    Endpoint(
        name="plan",
        path="cases/<uuid:case_id>/plan/",
        functions=frozenset({Function.VIEW_CASES}),
        operations={
            "GET": Operation(
                handler=plan_read,
                scope=Scope.CASES_READ,
                operation_id="plans_retrieve",
                summary="The case's plan of approach: goals per life domain and agreements",
                description="Scope `cases:read`. A case without a plan yet answers an empty draft "
                "(version 1).",
                tags=["plans"],
                responses=PlanSerializer,
            ),
        },
        view_class_name="PlanApi",
    ),
    Endpoint(
        name="agreement-create",
        path="cases/<uuid:case_id>/plan/agreements/",
        functions=frozenset({Function.MANAGE_CASES}),
        operations={
            "POST": Operation(
                handler=agreement_create,
                scope=Scope.CASES_WRITE,
                operation_id="plans_agreements_create",
                summary="Make an agreement: who does what by when",
                description="Scope `cases:write`; house staff. The owner is notified.",
                tags=["plans"],
                request=AgreementCreateSerializer,
                responses={201: AgreementSerializer},
            ),
        },
        view_class_name="AgreementCreateApi",
    ),
    Endpoint(
        name="agreement-update",
        path="cases/<uuid:case_id>/plan/agreements/<uuid:agreement_id>/",
        functions=frozenset({Function.MANAGE_CASES}),
        operations={
            "PATCH": Operation(
                handler=agreement_update,
                scope=Scope.CASES_WRITE,
                operation_id="plans_agreements_update",
                summary="Change what, domain, owner or due date of an open agreement",
                description="Scope `cases:write`; house staff. Fields left out keep their value.",
                tags=["plans"],
                request=AgreementUpdateSerializer,
                responses=AgreementSerializer,
            ),
        },
        may_conflict=True,
        view_class_name="AgreementUpdateApi",
    ),
    Endpoint(
        name="agreement-status",
        path="cases/<uuid:case_id>/plan/agreements/<uuid:agreement_id>/status/",
        functions=frozenset({Function.VIEW_CASES}),
        operations={
            "POST": Operation(
                handler=agreement_status,
                scope=Scope.CASES_WRITE,
                operation_id="plans_agreements_status",
                summary="Report an agreement done or not delivered (or cancel it), with a note",
                description="Scope `cases:write`. A token reports on its organisation's "
                "agreements. Sending the same outcome again changes nothing.",
                tags=["plans"],
                request=AgreementStatusSerializer,
                responses=AgreementSerializer,
            ),
        },
        may_conflict=True,
        view_class_name="AgreementStatusApi",
    ),
)
