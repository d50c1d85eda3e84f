import factory
from factory.django import DjangoModelFactory

from zvh.cases.models import Case, CaseParticipant, CasePerson
from zvh.people.models import Person

from .network import HouseFactory


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    house = factory.SubFactory(HouseFactory)
    given_names = factory.Sequence(lambda n: f"Voornaam{n}")
    surname = factory.Sequence(lambda n: f"Achternaam{n:06d}")
    date_of_birth = factory.Faker("date_of_birth", minimum_age=12, maximum_age=80)


class CaseFactory(DjangoModelFactory):
    class Meta:
        model = Case

    house = factory.SubFactory(HouseFactory)
    number = factory.Sequence(lambda n: f"C-{n:06d}")


class CasePersonFactory(DjangoModelFactory):
    class Meta:
        model = CasePerson

    case = factory.SubFactory(CaseFactory)
    person = factory.SubFactory(PersonFactory)


class CaseParticipantFactory(DjangoModelFactory):
    class Meta:
        model = CaseParticipant

    case = factory.SubFactory(CaseFactory)
    organisation = factory.SubFactory("tests.factories.network.OrganisationFactory")
