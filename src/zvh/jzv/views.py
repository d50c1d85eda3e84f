"""The JZV Meldingen interface for partner applications (API tokens with `referrals:write`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from zvh.api.models import ApiToken, Scope
from zvh.api.permissions import HasFunction, HasScope, IsAuthenticatedActor
from zvh.intake import selectors, services
from zvh.intake.models import Channel, Referral
from zvh.network.models import House
from zvh.network.request import actor_for_request
from zvh.triage.models import Assessment

from .mapping import referral_input_from_melding, uitkomst_for
from .serializers import MeldingSerializer, UitkomstMeldingSerializer

API_VERSION = "1.0.0"


class ConflictError(ValidationError):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class JzvView(APIView):
    # The door (partner applications only: a browser session gets a 404) is in zvh/authz/doors.py.
    permission_classes = [IsAuthenticatedActor, HasFunction, HasScope]
    required_scope = Scope.REFERRALS_WRITE

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["api-version"] = API_VERSION
        return response


def _current_assessment(referral: Referral) -> Assessment | None:
    return referral.assessments.filter(is_current=True).first()


@contextmanager
def _conflicts_as_409() -> Iterator[None]:
    """A service refusing a state change (code "conflict") answers 409, as the standard says."""
    try:
        yield
    except DjangoValidationError as exc:
        if exc.code == "conflict":
            raise ConflictError({"registratienummer": exc.messages}) from exc
        raise


class MeldingenView(JzvView):
    @extend_schema(operation_id="jzv_meldingen_list", responses=MeldingSerializer(many=True))
    def get(self, request: Request) -> Response:
        referrals = selectors.referrals_sent_by_application(
            actor=actor_for_request(request), channel=Channel.JZV
        )
        return Response([referral.external_payload for referral in referrals])

    @extend_schema(
        operation_id="jzv_meldingen_create",
        request=MeldingSerializer,
        responses={
            201: MeldingSerializer,
            409: OpenApiResponse(description="Registratienummer bestaat al"),
        },
    )
    def post(self, request: Request) -> Response:
        serializer = MeldingSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        actor = actor_for_request(request)
        token: ApiToken = request.auth  # type: ignore[assignment]
        melding = serializer.validated_data
        data = referral_input_from_melding(
            melding, organisation_id=token.organisation_id, raw=dict(request.data)
        )
        house = House.objects.get(pk=token.house_id)
        try:
            with transaction.atomic():
                services.referral_create(actor=actor, house=house, data=data)
        except IntegrityError as exc:
            # The unique (house, channel, external_id) constraint: the same number twice.
            raise ConflictError(
                {"registratienummer": [_("Er bestaat al een melding met dit registratienummer.")]}
            ) from exc
        location = reverse(
            "jzv:melding", kwargs={"registratienummer": melding["registratienummer"]}
        )
        return Response(
            request.data, status=status.HTTP_201_CREATED, headers={"Location": location}
        )

    @extend_schema(
        operation_id="jzv_meldingen_update", request=MeldingSerializer, responses=MeldingSerializer
    )
    def put(self, request: Request) -> Response:
        serializer = MeldingSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        actor = actor_for_request(request)
        token: ApiToken = request.auth  # type: ignore[assignment]
        melding = serializer.validated_data
        referral = selectors.referral_by_external_id(
            actor=actor, channel=Channel.JZV, external_id=melding["registratienummer"]
        )
        data = referral_input_from_melding(
            melding, organisation_id=token.organisation_id, raw=dict(request.data)
        )
        with _conflicts_as_409():
            services.referral_replace_content(actor=actor, referral=referral, data=data)
        return Response(request.data)


class MeldingView(JzvView):
    @extend_schema(operation_id="jzv_melding_retrieve", responses=MeldingSerializer)
    def get(self, request: Request, registratienummer: str) -> Response:
        referral = selectors.referral_by_external_id(
            actor=actor_for_request(request), channel=Channel.JZV, external_id=registratienummer
        )
        return Response(referral.external_payload)

    @extend_schema(operation_id="jzv_melding_destroy", responses={204: None})
    def delete(self, request: Request, registratienummer: str) -> Response:
        actor = actor_for_request(request)
        referral = selectors.referral_by_external_id(
            actor=actor, channel=Channel.JZV, external_id=registratienummer
        )
        with _conflicts_as_409():
            services.referral_withdraw(actor=actor, referral=referral)
        return Response(status=status.HTTP_204_NO_CONTENT)


class UitkomstMeldingenView(JzvView):
    @extend_schema(
        operation_id="jzv_uitkomstmeldingen_list", responses=UitkomstMeldingSerializer(many=True)
    )
    def get(self, request: Request) -> Response:
        referrals = selectors.referrals_sent_by_application(
            actor=actor_for_request(request), channel=Channel.JZV
        )
        current = {
            a.referral_id: a
            for a in Assessment.objects.filter(referral__in=referrals, is_current=True)
        }
        outcomes = [uitkomst_for(r, current.get(r.id)) for r in referrals]
        return Response([outcome for outcome in outcomes if outcome is not None])


class UitkomstMeldingView(JzvView):
    @extend_schema(operation_id="jzv_uitkomstmelding_retrieve", responses=UitkomstMeldingSerializer)
    def get(self, request: Request, registratienummer: str) -> Response:
        referral = selectors.referral_by_external_id(
            actor=actor_for_request(request), channel=Channel.JZV, external_id=registratienummer
        )
        outcome = uitkomst_for(referral, _current_assessment(referral))
        if outcome is None:
            raise NotFound(_("Er is nog geen uitkomst voor deze melding."))
        return Response(outcome)
