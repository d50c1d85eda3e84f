"""Views that exist only for the error-format tests (used with @pytest.mark.urls)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import path
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from zvh.authz.doors import public

TEST_NAMES = ("test-echo", "test-raise", "test-refuse")
LEAKY_MESSAGE = "connection to db-internal.example:5432 failed, password=hunter2"


class _Address(serializers.Serializer):
    city = serializers.CharField()


class _Line(serializers.Serializer):
    amount = serializers.IntegerField(min_value=1)


class _Input(serializers.Serializer):
    name = serializers.CharField(max_length=5)
    address = _Address()
    lines = _Line(many=True)
    tags = serializers.ListField(child=serializers.CharField(max_length=3))


class EchoView(APIView):
    permission_classes = [AllowAny]

    def post(self, request: Request) -> Response:
        data = _Input(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(data.validated_data)


class RaisingView(APIView):
    permission_classes = [AllowAny]

    def get(self, request: Request) -> Response:
        raise RuntimeError(LEAKY_MESSAGE)


class ServiceRefusesView(APIView):
    permission_classes = [AllowAny]

    def get(self, request: Request) -> Response:
        raise DjangoValidationError({"date_of_birth": ["Geboortedatum ligt in de toekomst."]})


urlpatterns = [
    path("api/test/echo/", EchoView.as_view(), name="test-echo"),
    path("api/test/raise/", RaisingView.as_view(), name="test-raise"),
    path("api/test/refuse/", ServiceRefusesView.as_view(), name="test-refuse"),
]
# Every URL needs a door (zvh/authz/doors.py); these exist only here: see test_problems.py.
TEST_DOORS = {name: public("a view of the error-format tests") for name in TEST_NAMES}
