import factory
from factory.django import DjangoModelFactory

from zvh.accounts.models import User
from zvh.network.models import (
    House,
    Membership,
    Municipality,
    Organisation,
    OrganisationKind,
    Partnership,
)


class MunicipalityFactory(DjangoModelFactory):
    class Meta:
        model = Municipality

    name = factory.Sequence(lambda n: f"Gemeente {n}")
    cbs_code = factory.Sequence(lambda n: f"GM{n:04d}")
    inhabitants = 25000


class HouseFactory(DjangoModelFactory):
    class Meta:
        model = House
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Zorg- en Veiligheidshuis {n}")
    security_region = "Testregio"
    seat_municipality = factory.SubFactory(MunicipalityFactory)

    @factory.post_generation
    def with_seat(self, create, extracted, **kwargs):
        if create:
            self.municipalities.add(self.seat_municipality)


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kind = OrganisationKind.POLICE
    domains = factory.LazyFunction(lambda: ["criminal_justice"])


class PartnershipFactory(DjangoModelFactory):
    class Meta:
        model = Partnership

    house = factory.SubFactory(HouseFactory)
    organisation = factory.SubFactory(OrganisationFactory)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Gebruiker {n}")
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs):
        if create:
            self.save()


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    house = factory.SubFactory(HouseFactory)
    role = "process_coordinator"
