"""API for information items: GET lists the items of a case the caller may see (exactly the
items the case page shows them), POST adds one. Scope `cases:read` / `cases:write`."""

from __future__ import annotations

import uuid

from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from zvh.api.endpoints import Endpoint, Operation
from zvh.api.models import Scope
from zvh.api.serializers import PageQuerySerializer
from zvh.api.views import page_query
from zvh.authz.functions import Function
from zvh.cases import selectors as case_selectors
from zvh.core.keyset import keyset_page
from zvh.network.request import actor_for_request
from zvh.sharing import policy as sharing_policy
from zvh.sharing.models import InformationItem

from .categories import InformationCategory, Purpose
from .services import NewItem, item_add


class ItemSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    contact_date = serializers.DateField()
    category = serializers.ChoiceField(choices=InformationCategory.choices)
    legal_basis = serializers.CharField(source="legal_basis.name", allow_null=True)
    purpose = serializers.CharField()
    organisation = serializers.CharField(source="organisation.name", allow_null=True)
    author = serializers.CharField(source="author.get_full_name")
    text = serializers.CharField()
    subjects = serializers.SerializerMethodField()
    has_attachment = serializers.SerializerMethodField()

    def get_subjects(self, item: InformationItem) -> list[uuid.UUID]:
        return [link.person_id for link in item.subject_links.all()]

    def get_has_attachment(self, item: InformationItem) -> bool:
        return bool(item.attachment)


class ItemPageSerializer(serializers.Serializer):
    results = ItemSerializer(many=True)
    next_cursor = serializers.CharField(allow_null=True)


class ItemCreateSerializer(serializers.Serializer):
    id = serializers.UUIDField(
        required=False, help_text="Chosen by the client: a retried POST creates nothing twice."
    )
    contact_date = serializers.DateField()
    text = serializers.CharField(max_length=5000)
    category = serializers.ChoiceField(choices=InformationCategory.choices)
    legal_basis = serializers.UUIDField()
    purpose = serializers.ChoiceField(choices=Purpose.choices)
    subjects = serializers.ListField(child=serializers.UUIDField(), required=False)


def case_items_list(request: Request, case_id: uuid.UUID) -> Response:
    query = page_query(request)
    actor = actor_for_request(request)
    case = case_selectors.case_get(actor=actor, case_id=case_id)
    items = (
        sharing_policy.visible_items(actor)
        .filter(case=case)
        .select_related("legal_basis", "organisation", "author")
        .prefetch_related("subject_links")
    )
    page = keyset_page(
        items,
        order=("-contact_date", "-id"),
        cursor=query.cursor,
        size=query.size,
    )
    return Response(
        ItemPageSerializer({"results": page.rows, "next_cursor": page.next_cursor}).data
    )


def case_item_add(request: Request, case_id: uuid.UUID) -> Response:
    actor = actor_for_request(request)
    case = case_selectors.case_get(actor=actor, case_id=case_id)
    data = ItemCreateSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    values = data.validated_data
    item = item_add(
        actor=actor,
        case=case,
        item_id=values.get("id"),
        item=NewItem(
            contact_date=values["contact_date"],
            text=values["text"],
            category=values["category"],
            legal_basis_id=values["legal_basis"],
            purpose=values["purpose"],
            subject_ids=values.get("subjects", []),
        ),
    )
    return Response(ItemSerializer(item).data, status=status.HTTP_201_CREATED)


ENDPOINTS = (
    Endpoint(
        name="api-items",
        path="api/v1/cases/<uuid:case_id>/items/",
        functions=frozenset({Function.VIEW_CASES}),
        operations={
            "GET": Operation(
                handler=case_items_list,
                scope=Scope.CASES_READ,
                operation_id="case_items_list",
                summary="The information items of a case that the caller may see",
                description="Scope `cases:read`. Items outside the caller's audience are absent, "
                "not counted. 404 for a case the caller may not see.",
                tags=["cases"],
                parameters=[PageQuerySerializer],
                responses=ItemPageSerializer,
            ),
            "POST": Operation(
                handler=case_item_add,
                scope=Scope.CASES_WRITE,
                operation_id="case_items_create",
                summary="Add an information item to a case",
                description="Scope `cases:write`, as a logged-in user (an item has a person as "
                "its author). Category, legal basis and purpose are required.",
                tags=["cases"],
                request=ItemCreateSerializer,
                responses={201: ItemSerializer},
                person_only=True,
            ),
        },
        view_class_name="CaseItemsApi",
    ),
)
