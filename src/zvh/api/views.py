"""API v1 views: thin. Parse the query, ask the selector or policy, serialise.

Every view names the token scope it serves (see permissions.py); the functions that open it are
its door in zvh/authz/doors.py. Endpoints are declared in one table (endpoints.py): the
handlers below are plain functions that it turns into views.
Lists are keyset-paginated (`cursor` in, `next_cursor` out), 50 rows a page, no counts.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer
from rest_framework.views import APIView

from zvh.audit.denials import record_denial
from zvh.core.keyset import keyset_page
from zvh.network import policy as network_policy
from zvh.network.request import actor_for_request
from zvh.people import selectors

from .models import Scope
from .permissions import HasFunction, HasScope, IsAuthenticatedActor
from .serializers import (
    MunicipalityPageSerializer,
    OrganisationPageSerializer,
    PageQuerySerializer,
    PersonPageSerializer,
    PersonSerializer,
)


@dataclass(frozen=True)
class PageQuery:
    cursor: str | None
    size: int

    @classmethod
    def of(cls, validated: dict[str, Any]) -> PageQuery:
        """From the validated data of PageQuerySerializer or a subclass of it."""
        return cls(cursor=validated.get("cursor"), size=validated["page_size"])


class ZvhApiView(APIView):
    permission_classes = [IsAuthenticatedActor, HasScope, HasFunction]
    required_scope: Scope
    # Set by views that take a `version` (optimistic locking): the spec then lists the 409.
    may_conflict = False

    def handle_exception(self, exc: Exception) -> Response:
        # A service's own access check refused: denied is 404 here too, and recorded.
        if isinstance(exc, DjangoPermissionDenied):
            record_denial(
                actor_for_request(self.request), object_type=type(self).__name__, object_id=""
            )
            exc = NotFound()
        return super().handle_exception(exc)


def validated_body(serializer_class: type[Serializer], request: Request) -> dict[str, Any]:
    """The request body through the serializer; a bad one raises DRF's 400 (problem+json)."""
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def checked_query(serializer_class: type[Serializer], request: Request) -> dict[str, Any]:
    """The query string through the serializer; a bad one raises DRF's 400 (problem+json)."""
    query = serializer_class(data=request.query_params)
    query.is_valid(raise_exception=True)
    return dict(query.validated_data)


def page_query(request: Request) -> PageQuery:
    """The list's cursor and page size, checked (a malformed one is a 400 naming it)."""
    return PageQuery.of(checked_query(PageQuerySerializer, request))


# --- persons and the network (their table: directory.py) -------------------------------------


def person_list(request: Request) -> Response:
    query = page_query(request)
    page = selectors.person_list(
        actor=actor_for_request(request), cursor=query.cursor, size=query.size
    )
    return Response(
        PersonPageSerializer({"results": page.rows, "next_cursor": page.next_cursor}).data
    )


def person_detail(request: Request, person_id: uuid.UUID) -> Response:
    person = selectors.person_get(actor=actor_for_request(request), person_id=person_id)
    return Response(PersonSerializer(person).data)


def organisation_list(request: Request) -> Response:
    # Reference data, not personal data: no audit event, so the policy queryset suffices.
    queryset = network_policy.visible_organisations(actor_for_request(request)).only(
        "id", "name", "kind", "domains"
    )
    query = page_query(request)
    page = keyset_page(queryset, order=("name", "id"), cursor=query.cursor, size=query.size)
    return Response(
        OrganisationPageSerializer({"results": page.rows, "next_cursor": page.next_cursor}).data
    )


def municipality_list(request: Request) -> Response:
    queryset = network_policy.visible_municipalities(actor_for_request(request)).only(
        "id", "name", "cbs_code", "inhabitants"
    )
    query = page_query(request)
    page = keyset_page(queryset, order=("name", "id"), cursor=query.cursor, size=query.size)
    return Response(
        MunicipalityPageSerializer({"results": page.rows, "next_cursor": page.next_cursor}).data
    )
