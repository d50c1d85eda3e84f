"""REST endpoints for case work: the case list and one case (`/api/v1/cases/`). Reviews and
closing: stepdown/api.py; escalation: escalation/api.py; the plan and its agreements:
plans/api.py (decision 0196).

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
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from zvh.api.endpoints import Endpoint, Operation
from zvh.api.models import Scope
from zvh.api.serializers import (
    CasePersonsField,
    OrganisationRefSerializer,
    PageQuerySerializer,
    PersonSerializer,
    UserRefSerializer,
)
from zvh.api.views import PageQuery, checked_query
from zvh.authz.functions import Function
from zvh.core.listing import ListFilters
from zvh.network.request import actor_for_request

from . import selectors
from .models import (
    Case,
    CaseStatus,
    CaseType,
    ClosureReason,
)
from .selectors import ALL, OPEN


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


CASE_LIST_STATUSES = [
    (OPEN, _("Open (alles behalve afgesloten)")),
    (ALL, _("Alle statussen")),
    *CaseStatus.choices,
]


class CaseListQuerySerializer(PageQuerySerializer):
    status = serializers.ChoiceField(
        choices=CASE_LIST_STATUSES,
        default=OPEN,
        help_text="`open` (the default) is every status but `closed`; `all` is every status.",
    )


class CaseListItemSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    number = serializers.CharField()
    status = serializers.ChoiceField(choices=CaseStatus.choices)
    case_type = serializers.ChoiceField(choices=CaseType.choices)
    created_at = serializers.DateTimeField()
    next_review_date = serializers.DateField(allow_null=True)
    process_coordinator = UserRefSerializer(allow_null=True)
    persons = CasePersonsField(source="*")


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


def case_state_response(case: Case) -> Response:
    return Response(CaseStateSerializer(case).data)


# --- cases ------------------------------------------------------------------------------------


def case_list(request: Request) -> Response:
    query = checked_query(CaseListQuerySerializer, request)
    page_query = PageQuery.of(query)
    page = selectors.case_list(
        actor=actor_for_request(request),
        filters=ListFilters(status=query["status"]),
        cursor=page_query.cursor,
        size=page_query.size,
    )
    return Response(
        CasePageSerializer({"results": page.rows, "next_cursor": page.next_cursor}).data
    )


def case_detail(request: Request, case_id: uuid.UUID) -> Response:
    read = selectors.case_read(actor=actor_for_request(request), case_id=case_id)
    case = read.case
    context = {
        "persons": read.persons,
        "participants": [
            participant
            for participant in selectors.case_participants(case)
            if participant.is_active
        ],
    }
    return Response(CaseDetailSerializer(case, context=context).data)


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
)
