import factory

from casework.models import RequestType, Team


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"team-{n}")
    name = factory.Sequence(lambda n: f"Team {n}")
    email = factory.LazyAttribute(lambda t: f"{t.slug}@millbrook.example")


class RequestTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RequestType
        django_get_or_create = ("slug",)

    service = "test-service"
    slug = factory.Sequence(lambda n: f"request-{n}")
    name = factory.Sequence(lambda n: f"Request type {n}")
    sla_days = 5
    team = factory.SubFactory(TeamFactory)
