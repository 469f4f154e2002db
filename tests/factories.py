import datetime

import factory
from django.contrib.auth import get_user_model

from fields.models import ActionField, Goal
from measures.models import Measure, ProjectPlan
from workshops.models import Kommune, Leitsatz, Membership, Workshop, Zielbild

PASSWORD = "test-passwort-123"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"nutzer{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class KommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kommune

    name = factory.Sequence(lambda n: f"Musterstadt {n}")
    slug = factory.Sequence(lambda n: f"musterstadt-{n}")
    kind = Kommune.Kind.STADT
    state = "Rheinland-Pfalz"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    kommune = factory.SubFactory(KommuneFactory)
    role = Membership.Role.FACILITATOR


class WorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workshop

    kommune = factory.SubFactory(KommuneFactory)
    title = factory.Sequence(lambda n: f"Digitalstrategie {2030 + n}")


class LeitsatzFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Leitsatz

    workshop = factory.SubFactory(WorkshopFactory)
    text = factory.Sequence(lambda n: f"Leitsatz Nummer {n}")
    position = factory.Sequence(lambda n: n + 1)


class ZielbildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Zielbild

    workshop = factory.SubFactory(WorkshopFactory)
    title = factory.Sequence(lambda n: f"Zielbild {n}")
    position = factory.Sequence(lambda n: n + 1)


class ActionFieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionField

    workshop = factory.SubFactory(WorkshopFactory)
    name = factory.Sequence(lambda n: f"Handlungsfeld {n}")
    position = factory.Sequence(lambda n: n + 1)


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    action_field = factory.SubFactory(ActionFieldFactory)
    title = factory.Sequence(lambda n: f"Ziel {n}")
    position = factory.Sequence(lambda n: n + 1)


class MeasureFactory(factory.django.DjangoModelFactory):
    """A measure appended at the end of its workshop's ranking."""

    class Meta:
        model = Measure

    action_field = factory.SubFactory(ActionFieldFactory)
    workshop = factory.SelfAttribute("action_field.workshop")
    goal = None
    title = factory.Sequence(lambda n: f"Maßnahme {n}")
    timeframe = Measure.Timeframe.SHORT
    rank = factory.LazyAttribute(lambda o: Measure.objects.filter(workshop=o.workshop).next_rank())


class ProjectPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectPlan

    measure = factory.SubFactory(MeasureFactory)
    result = "Ein messbares Ergebnis"


# fields: catalogues (string model names keep the imports above untouched)
class FieldCatalogueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "fields.FieldCatalogue"

    slug = factory.Sequence(lambda n: f"katalog-{n}")
    name = factory.Sequence(lambda n: f"Katalog {n}")


class CatalogueFieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "fields.CatalogueField"

    catalogue = factory.SubFactory(FieldCatalogueFactory)
    name = factory.Sequence(lambda n: f"Katalogfeld {n}")
    description = "Beschreibung aus dem Katalog."
    position = factory.Sequence(lambda n: n + 1)


# measures: rows of a project plan (string model names keep the imports above untouched)
class StakeholderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "measures.Stakeholder"

    plan = factory.SubFactory(ProjectPlanFactory)
    name = factory.Sequence(lambda n: f"Beteiligte {n}")
    influence = "high"
    interest = "high"
    position = factory.Sequence(lambda n: n + 1)


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "measures.Task"

    plan = factory.SubFactory(ProjectPlanFactory)
    title = factory.Sequence(lambda n: f"Aufgabe {n}")
    position = factory.Sequence(lambda n: n + 1)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "measures.Milestone"

    plan = factory.SubFactory(ProjectPlanFactory)
    title = factory.Sequence(lambda n: f"Meilenstein {n}")
    due = factory.Sequence(lambda n: datetime.date(2027, 1, 1) + datetime.timedelta(days=n))
    position = factory.Sequence(lambda n: n + 1)
