"""The api app's own endpoints in the endpoint table: persons concerned and the network."""

from __future__ import annotations

from zvh.authz.functions import Function

from . import views
from .endpoints import Endpoint, Operation
from .models import Scope
from .serializers import (
    MunicipalityPageSerializer,
    OrganisationPageSerializer,
    PageQuerySerializer,
    PersonPageSerializer,
    PersonSerializer,
)

ENDPOINTS = (
    Endpoint(
        name="person-list",
        path="persons/",
        functions=frozenset({Function.VIEW_PEOPLE}),
        operations={
            "GET": Operation(
                handler=views.person_list,
                scope=Scope.PERSONS_READ,
                operation_id="persons_list",
                summary="Persons concerned visible to the caller",
                description="Scope `persons:read`. House staff see the house's persons; a "
                "partner (and so every token) only the persons of cases its organisation takes "
                "part in.",
                tags=("persons",),
                parameters=[PageQuerySerializer],
                responses=PersonPageSerializer,
            )
        },
        view_class_name="PersonListApi",
    ),
    Endpoint(
        name="person-detail",
        path="persons/<uuid:person_id>/",
        functions=frozenset({Function.VIEW_PEOPLE}),
        operations={
            "GET": Operation(
                handler=views.person_detail,
                scope=Scope.PERSONS_READ,
                operation_id="persons_retrieve",
                summary="One person concerned",
                description="Scope `persons:read`. 404 for a person that does not exist or "
                "that the caller may not see.",
                tags=("persons",),
                responses=PersonSerializer,
            )
        },
        view_class_name="PersonDetailApi",
    ),
    Endpoint(
        name="organisation-list",
        path="organisations/",
        functions=frozenset({Function.VIEW_HOUSE_NETWORK}),
        operations={
            "GET": Operation(
                handler=views.organisation_list,
                scope=Scope.NETWORK_READ,
                operation_id="organisations_list",
                summary="The partner organisations of the caller's house",
                description="Scope `network:read`. Ordered by name.",
                tags=("network",),
                parameters=[PageQuerySerializer],
                responses=OrganisationPageSerializer,
            )
        },
        view_class_name="OrganisationListApi",
    ),
    Endpoint(
        name="municipality-list",
        path="municipalities/",
        functions=frozenset({Function.VIEW_HOUSE_NETWORK}),
        operations={
            "GET": Operation(
                handler=views.municipality_list,
                scope=Scope.NETWORK_READ,
                operation_id="municipalities_list",
                summary="The member municipalities of the caller's house",
                description="Scope `network:read`. Ordered by name.",
                tags=("network",),
                parameters=[PageQuerySerializer],
                responses=MunicipalityPageSerializer,
            )
        },
        view_class_name="MunicipalityListApi",
    ),
)
