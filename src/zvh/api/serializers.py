"""Shapes of the API's requests and responses. No queries here: views hand in what they read."""

from __future__ import annotations

import uuid
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from zvh.core.keyset import decode_cursor
from zvh.network.models import Domain, OrganisationKind

INVALID_CURSOR = _(
    "Ongeldige cursor. Gebruik de next_cursor van de vorige pagina, of laat hem weg."
)


# Rows per page of every API list: 50 unless the client asks for another size up to 100.
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 100


class PageQuerySerializer(serializers.Serializer):
    """The query of every list: an optional cursor from the previous page's `next_cursor`, and
    the page size."""

    cursor = serializers.CharField(
        required=False,
        max_length=500,
        help_text="Opaque; the `next_cursor` of the previous page. Omit it for the first page.",
    )

    page_size = serializers.IntegerField(
        required=False,
        default=DEFAULT_PAGE_SIZE,
        min_value=1,
        max_value=MAX_PAGE_SIZE,
        help_text="Rows per page, 1 to 100; 50 when omitted.",
    )

    def validate_cursor(self, value: str) -> str:
        # Every list is ordered by (some field, id) and ids are UUIDs. A cursor that is not of
        # that shape was not made by us: say so (400) rather than quietly restart at page one,
        # which would send a paging client round in circles.
        values = decode_cursor(value, 2)
        if values is None:
            raise serializers.ValidationError(INVALID_CURSOR, code="invalid_cursor")
        try:
            uuid.UUID(values[1])
        except ValueError:
            raise serializers.ValidationError(INVALID_CURSOR, code="invalid_cursor") from None
        return value


class PersonSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    given_names = serializers.CharField()
    surname_prefix = serializers.CharField()
    surname = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)


@extend_schema_field(PersonSerializer(many=True))
class CasePersonsField(serializers.Field):
    """The persons of a case, from `listed_persons` (cases.selectors.listed_persons: no query
    per row). One person serializer serves every row of a page: building one per row copied
    its fields each time, a third of a list's time (issue 16)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["read_only"] = True
        super().__init__(**kwargs)
        self.person = PersonSerializer()

    def to_representation(self, case: Any) -> list[Any]:
        return [self.person.to_representation(link.person) for link in case.listed_persons]


class PersonNameSerializer(serializers.Serializer):
    """A person concerned by name only: what an escalation's addressee may see."""

    given_names = serializers.CharField()
    surname_prefix = serializers.CharField()
    surname = serializers.CharField()


class UserRefSerializer(serializers.Serializer):
    """A user named in case work (process coordinator, owner, addressee)."""

    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()

    def get_name(self, user: Any) -> str:
        return str(user.get_full_name() or user.username)


class OrganisationRefSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()


class PersonPageSerializer(serializers.Serializer):
    results = PersonSerializer(many=True)
    next_cursor = serializers.CharField(allow_null=True)


class OrganisationSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=OrganisationKind.choices)
    domains = serializers.ListField(child=serializers.ChoiceField(choices=Domain.choices))


class OrganisationPageSerializer(serializers.Serializer):
    results = OrganisationSerializer(many=True)
    next_cursor = serializers.CharField(allow_null=True)


class MunicipalitySerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    cbs_code = serializers.CharField()
    inhabitants = serializers.IntegerField()


class MunicipalityPageSerializer(serializers.Serializer):
    results = MunicipalitySerializer(many=True)
    next_cursor = serializers.CharField(allow_null=True)


class InvalidParamSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="The field, dotted for nested ones: `address.city`.")
    reason = serializers.CharField(help_text="For humans; in the request's language.")
    code = serializers.CharField(help_text="For programs; English and stable.")


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details, as every error of this API is answered."""

    type = serializers.CharField(help_text="`about:blank`: the status code says it all.")
    title = serializers.CharField(help_text="The HTTP reason phrase (English).")
    status = serializers.IntegerField()
    code = serializers.CharField(
        help_text="Machine-readable cause (English), e.g. `not_authenticated`, "
        "`insufficient_scope`, `not_found`, `invalid`, `throttled`."
    )
    detail = serializers.CharField(
        help_text="Explanation for humans, in the request's language (Dutch by default)."
    )
    instance = serializers.CharField(help_text="The request path.")
    request_id = serializers.CharField(
        help_text="Also sent as the X-Request-ID header; quote it when reporting a problem."
    )
    invalid_params = InvalidParamSerializer(
        many=True, required=False, help_text="Only with 400: one entry per invalid field."
    )
