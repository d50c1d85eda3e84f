"""The VNG "JZV Meldingen" 1.0 messages, as DRF serializers (field names as in the standard).

Deviations from the standard are listed in docs/jzv-meldingen.md; each is marked here too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers

from zvh.people.bsn import passes_eleven_test


class PeriodeSerializer(serializers.Serializer):
    datumTijdBegin = serializers.DateTimeField()
    datumTijdEinde = serializers.DateTimeField()


class IncidentSerializer(serializers.Serializer):
    datumTijd = serializers.DateTimeField()
    locatie = serializers.CharField(allow_blank=True, max_length=500)
    omschrijving = serializers.CharField(allow_blank=True, max_length=10000)
    periodeVanTot = PeriodeSerializer(required=False)


class NaamSerializer(serializers.Serializer):
    geslachtsnaam = serializers.CharField(max_length=200)
    voorletters1 = serializers.CharField(required=False, allow_blank=True, max_length=20)
    voornamen = serializers.CharField(required=False, allow_blank=True, max_length=200)
    voorvoegselGeslachtsnaam = serializers.CharField(
        required=False, allow_blank=True, max_length=20
    )


class StraatAdresSerializer(serializers.Serializer):
    straatnaam = serializers.CharField(max_length=200)
    huisnummer = serializers.IntegerField(min_value=0)
    # Deviation: the standard requires huisletter; most addresses have none, so we accept
    # its absence.
    huisletter = serializers.CharField(required=False, allow_blank=True, max_length=5)


class AdresSerializer(serializers.Serializer):
    soortAdres = serializers.ChoiceField(choices=["01", "02", "03"])
    straatAdres = StraatAdresSerializer()


class GeboorteSerializer(serializers.Serializer):
    datum = serializers.DateField()


class CommunicatiemiddelSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["Vaste telefoon", "Mobiele telefoon", "Emailadres"])
    waarde = serializers.CharField(max_length=200)


class NatuurlijkPersoonSerializer(serializers.Serializer):
    # Deviation: the standard requires the BSN; senders often lack it, so we accept its
    # absence. A BSN that is given must pass the eleven-test (a stricter check than the
    # pattern alone: a number failing it is no BSN).
    burgerservicenummer = serializers.RegexField(r"^[0-9]{9}$", required=False)
    naam = NaamSerializer()
    adres = AdresSerializer()
    geboorte = GeboorteSerializer(required=False)
    geslachtsaanduiding = serializers.ChoiceField(
        choices=["man", "vrouw", "anders", "onbekend"], required=False
    )
    communicatiemiddel = CommunicatiemiddelSerializer(many=True, required=False)

    def validate_burgerservicenummer(self, value: str) -> str:
        if not passes_eleven_test(value):
            raise serializers.ValidationError(
                _("Dit is geen geldig BSN: het doorstaat de elfproef niet.")
            )
        return value


class VraagAntwoordSerializer(serializers.Serializer):
    vraag = serializers.ChoiceField(
        choices=["NAZ-001", "NAZ-002", "VT-001", "VT-002", "ZVH-001", "ZVH-002"]
    )
    antwoord = serializers.CharField(allow_blank=True, max_length=5000)


@extend_schema_field(
    PolymorphicProxySerializer(
        component_name="VraagAntwoordEenOfMeer",
        serializers=[VraagAntwoordSerializer, VraagAntwoordSerializer(many=True)],
        resource_type_field_name=None,
        many=False,
    )
)
class VraagAntwoordenSerializer(serializers.ListSerializer):
    """`vraagAntwoord`: one {vraag, antwoord} object, as the standard's message has it, or a list
    of them. Both validate to a list, so the rest of the system sees one shape; errors name the
    field as it was sent (`vraagAntwoord.vraag` for an object, `vraagAntwoord[0].vraag` for a
    list)."""

    def to_internal_value(self, data: Any) -> list[dict[str, Any]]:
        if isinstance(data, list):
            return super().to_internal_value(data)
        if not isinstance(data, Mapping):
            raise serializers.ValidationError(
                _("Geef één object met vraag en antwoord, of een lijst daarvan."), code="invalid"
            )
        try:
            return super().to_internal_value([data])
        except serializers.ValidationError as exc:
            # The errors of the one item, keyed by index 0 (as a dict or as a list).
            raise serializers.ValidationError(exc.detail[0]) from None  # type: ignore[index]


class ZorgelijkeSituatieSerializer(serializers.Serializer):
    nadereOmschrijving = serializers.CharField(allow_blank=True, max_length=10000)
    situatieSchets = serializers.CharField(allow_blank=True, max_length=10000)
    vraagAntwoord = VraagAntwoordenSerializer(child=VraagAntwoordSerializer(), required=False)


class OverigeInformatieSerializer(serializers.Serializer):
    omschrijving = serializers.CharField(allow_blank=True, max_length=10000)
    uRL = serializers.URLField(required=False, allow_blank=True)


class MeldingSerializer(serializers.Serializer):
    registratienummer = serializers.CharField(min_length=1, max_length=64)
    soort = serializers.ChoiceField(choices=["NAZ", "VT", "ZVH"])
    datumTijd = serializers.DateTimeField()
    verzoek = serializers.CharField(max_length=10000)
    terugkoppelingGewenst = serializers.BooleanField()
    incident = IncidentSerializer()
    natuurlijkPersoon = NatuurlijkPersoonSerializer()
    zorgelijkeSituatie = ZorgelijkeSituatieSerializer()
    overigeInformatie = OverigeInformatieSerializer(required=False)

    def validate_soort(self, value: str) -> str:
        if value != "ZVH":
            raise serializers.ValidationError(
                _("Dit systeem ontvangt alleen meldingen van soort ZVH.")
            )
        return value


# Named in SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"], so the spec keeps calling it StatusEnum
# beside the other fields called `status`.
UITKOMST_STATUSES = [
    "VT-00",
    "VT-01-01",
    "VT-01-02",
    "VT-01-03",
    "VT-01-04",
    "VT-02",
    "VT-03",
    "VT-99",
]


class UitkomstMeldingSerializer(serializers.Serializer):
    registratienummer = serializers.CharField()
    status = serializers.ChoiceField(choices=UITKOMST_STATUSES)
    # Backwards-compatible extensions (see docs/jzv-meldingen.md): our own outcome, the advice
    # to the referrer and the table referred to. Absent where they do not apply.
    zvhUitkomst = serializers.CharField(required=False)
    zvhAdvies = serializers.CharField(required=False)
    zvhDoorverwezenNaar = serializers.CharField(required=False)
