"""The contract of the signal: what a partner may ask and the little it gets back."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from zvh.people.bsn import normalise_bsn, validate_bsn
from zvh.people.models import normalise_name

PURPOSE_MAX_LENGTH = 200
# A run of digits this long in the purpose looks like a BSN (or another number about a person).
_LONG_NUMBER = re.compile(r"\d{8,}")


def _lookup_fields() -> dict[str, serializers.Field]:
    return {
        "bsn": serializers.CharField(required=False, allow_blank=True, max_length=20),
        "surname": serializers.CharField(required=False, allow_blank=True, max_length=200),
        "surname_prefix": serializers.CharField(required=False, allow_blank=True, max_length=20),
        "given_names": serializers.CharField(required=False, allow_blank=True, max_length=200),
        "date_of_birth": serializers.DateField(required=False, allow_null=True),
        "purpose": serializers.CharField(
            max_length=PURPOSE_MAX_LENGTH,
            help_text="Why this lookup is made. Written to the access log as given: no names or "
            "numbers of persons.",
        ),
    }


class SignalLookupSerializer(serializers.Serializer):
    def get_fields(self) -> dict[str, serializers.Field]:
        # Made fresh per lookup rather than declared on the class: DRF deep-copies declared
        # fields for every instance, which cost more than validating the input (decision 0151).
        return _lookup_fields()

    def validate_bsn(self, value: str) -> str:
        bsn = normalise_bsn(value)
        if bsn:
            try:
                validate_bsn(bsn)
            except DjangoValidationError as error:
                raise serializers.ValidationError(error.messages, code="invalid_bsn") from error
        return bsn

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        by_bsn = bool(attrs.get("bsn"))
        by_name = bool(attrs.get("surname", "").strip()) or attrs.get("date_of_birth") is not None
        if by_bsn and by_name:
            raise serializers.ValidationError(
                _("Zoek op BSN, of op geslachtsnaam en geboortedatum; niet op beide."),
                code="ambiguous",
            )
        if not by_bsn and not (attrs.get("surname", "").strip() and attrs.get("date_of_birth")):
            raise serializers.ValidationError(
                _("Geef een BSN, of een geslachtsnaam met geboortedatum."), code="incomplete"
            )
        if _mentions_person(attrs["purpose"], attrs):
            raise serializers.ValidationError(
                {
                    "purpose": _(
                        "Het doel mag geen naam of nummer van de persoon bevatten: het komt zo "
                        "in het toegangslog."
                    )
                },
                code="identifying_purpose",
            )
        return attrs


def _mentions_person(purpose: str, attrs: dict[str, Any]) -> bool:
    """The purpose goes into the access log in clear, so it must not carry the terms."""
    if _LONG_NUMBER.search(purpose.replace(" ", "").replace(".", "")):
        return True
    words = set(normalise_name(purpose).replace(",", " ").split())
    names = normalise_name(f"{attrs.get('surname', '')} {attrs.get('given_names', '')}").split()
    return any(len(name) > 1 and name in words for name in names)


class HouseSignalSerializer(serializers.Serializer):
    house = serializers.CharField(help_text="The house that has an open case.")
    contact = serializers.CharField(
        help_text="Whom to call: the case's process coordinator (name and e-mail), or the house."
    )
    requested_justice_response = serializers.CharField(
        allow_null=True, help_text="What the process coordinator asks of justice, if anything."
    )


class SignalAnswerSerializer(serializers.Serializer):
    known = serializers.BooleanField()
    houses = HouseSignalSerializer(
        many=True, required=False, help_text="Only when known: one entry per house."
    )
