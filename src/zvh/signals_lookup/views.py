"""POST /api/v1/signals/lookup: "is this person a case in any house?" for partner applications.

POST with a JSON body, so that a BSN never appears in a URL (and so in no server log)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from zvh.api.models import ApiToken, Scope
from zvh.api.permissions import HasFunction, HasScope, IsAuthenticatedActor
from zvh.network.request import actor_for_request

from . import services
from .serializers import SignalAnswerSerializer, SignalLookupSerializer
from .throttling import RATE_LIMIT_ATTRIBUTE, SignalLookupThrottle

# Sent on every lookup that reached the rate limit (answered, refused as invalid or too large,
# or 429).
RATE_LIMIT_HEADERS = [
    OpenApiParameter(
        name,
        OpenApiTypes.INT,
        OpenApiParameter.HEADER,
        description=description,
        response=[200, 400, 413, 429],
    )
    for name, description in (
        ("RateLimit-Limit", "Lookups this token may make per window."),
        ("RateLimit-Remaining", "Lookups left in the current window."),
        (
            "RateLimit-Reset",
            "Seconds until the window, opened by the first lookup in it, ends and the budget is "
            "whole again.",
        ),
    )
]


class SignalLookupApi(APIView):
    # The door (partner applications only: a browser session gets a 404) is in zvh/authz/doors.py.
    permission_classes = [IsAuthenticatedActor, HasFunction, HasScope]
    required_scope = Scope.SIGNAL_LOOKUP
    throttle_classes = [SignalLookupThrottle]

    @extend_schema(
        operation_id="signals_lookup",
        summary="Hit/no-hit: does any house have an open case for this person?",
        description="Scope `signal-lookup`, API tokens only. Give `bsn`, or `surname` (with "
        "`surname_prefix` apart, optionally `given_names`) and `date_of_birth`, and always a "
        "`purpose`. One call covers every house on the installation. The answer is "
        '`{"known": false}`, or `known: true` with one entry per house that has an open case: '
        "the house, whom to contact and the requested justice response. Nothing else. Every "
        "lookup is logged with its purpose and rate-limited per token; a malformed BSN is "
        "refused (400) and logged as well. A body that is no JSON this API takes (400) or too "
        "large (413) is refused before any lookup; it counts against the rate limit.",
        tags=["signals"],
        request=SignalLookupSerializer,
        responses=SignalAnswerSerializer,
        parameters=RATE_LIMIT_HEADERS,
    )
    def post(self, request: Request) -> Response:
        actor = actor_for_request(request)
        query = SignalLookupSerializer(data=request.data)
        if not query.is_valid():
            services.signal_lookup_refused(
                actor=actor, data=request.data, fields=list(query.errors)
            )
            query.is_valid(raise_exception=True)
        token: ApiToken = request.auth  # type: ignore[assignment]
        signal = services.signal_lookup(
            actor=actor, organisation_id=token.organisation_id, query=query.validated_data
        )
        if not signal.known:
            return Response({"known": False})
        houses = [
            {
                "house": hit.house,
                "contact": hit.contact,
                "requested_justice_response": hit.requested_justice_response,
            }
            for hit in signal.houses
        ]
        return Response({"known": True, "houses": houses})

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        for header, value in getattr(request, RATE_LIMIT_ATTRIBUTE, {}).items():
            response[header] = value
        return response
