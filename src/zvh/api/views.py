from __future__ import annotations

import uuid

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from zvh.authz.functions import Function
from zvh.authz.request import actor_for_request
from zvh.people import selectors

from .models import Scope
from .permissions import HasFunction, HasScope, IsAuthenticatedActor


class PersonSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    given_names = serializers.CharField()
    surname_prefix = serializers.CharField()
    surname = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)


class PersonPageSerializer(serializers.Serializer):
    results = PersonSerializer(many=True)
    next_cursor = serializers.CharField(allow_null=True)


class PersonListApi(APIView):
    permission_classes = [IsAuthenticatedActor, HasScope, HasFunction]
    required_scope = Scope.PERSONS_READ
    required_function = Function.VIEW_PEOPLE

    @extend_schema(
        parameters=[OpenApiParameter("cursor", str, required=False)],
        responses=PersonPageSerializer,
    )
    def get(self, request: Request) -> Response:
        page = selectors.person_list(
            actor=actor_for_request(request), cursor=request.query_params.get("cursor")
        )
        return Response(
            PersonPageSerializer({"results": page.rows, "next_cursor": page.next_cursor}).data
        )


class PersonDetailApi(APIView):
    permission_classes = [IsAuthenticatedActor, HasScope, HasFunction]
    required_scope = Scope.PERSONS_READ
    required_function = Function.VIEW_PEOPLE

    @extend_schema(responses=PersonSerializer)
    def get(self, request: Request, person_id: uuid.UUID) -> Response:
        person = selectors.person_get(actor=actor_for_request(request), person_id=person_id)
        return Response(PersonSerializer(person).data)
