from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command

from fields.models import ActionField, Goal
from measures.models import Measure, Milestone, ProjectPlan, Stakeholder, Task
from workshops.models import Kommune, Leitsatz, Membership, Workshop, Zielbild
from workshops.process import completion
from workshops.strategy import gather

MODELS = [
    get_user_model(),
    Kommune,
    Membership,
    Workshop,
    Zielbild,
    Leitsatz,
    ActionField,
    Goal,
    Measure,
    ProjectPlan,
    Stakeholder,
    Task,
    Milestone,
]


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_demo_is_idempotent(db):
    first_output = seed()
    after_first = counts()
    password_hash = get_user_model().objects.get(username="moderation").password
    second_output = seed()
    assert counts() == after_first
    assert get_user_model().objects.get(username="moderation").password == password_hash
    assert len(first_output.strip().splitlines()) == 1
    assert len(second_output.strip().splitlines()) == 1


def test_seed_demo_creates_users_with_their_roles(db):
    seed()
    kommune = Kommune.objects.get()
    assert kommune.kind == Kommune.Kind.VERBANDSGEMEINDE
    assert kommune.state == "Rheinland-Pfalz"
    assert len(kommune.ags) == 8
    roles = {m.user.username: m.role for m in Membership.objects.filter(kommune=kommune)}
    assert roles == {"moderation": "facilitator", "redaktion": "editor", "lesen": "viewer"}
    for username in roles:
        assert get_user_model().objects.get(username=username).check_password("werkstatt-demo")


def test_seed_demo_strategy_is_complete(db):
    seed()
    workshop = Workshop.objects.select_related("kommune").get()
    assert workshop.title == "Digitalstrategie 2030"
    assert workshop.catalogue.slug == "digital-werkstatt"
    assert all(completion(workshop).values())
    data = gather(workshop)
    assert 2 <= len(data.zielbilder) <= 4
    assert len(data.leitsaetze) == 5
    assert 4 <= len(data.fields) <= 5
    assert all(f.why and f.what and f.who and f.when_how and f.goals for f in data.fields)
    assert any(g.indicator and g.target_value for f in data.fields for g in f.goals)
    assert len(data.measures) >= 12
    assert [m.rank for m in data.measures] == list(range(1, len(data.measures) + 1))
    assert all(m.effort and m.impact and m.description for m in data.measures)
    assert workshop.ranked_at is not None
    assert [p.measure.rank for p in data.plans] == [1, 2, 3]
    for plan in data.plans:
        answers = [plan.result, plan.target_group, plan.responsible, plan.resources_financial]
        assert all(answers) and plan.resources_personnel and plan.resources_organisational
        assert 2 <= len(plan.stakeholders) <= 4
        assert 3 <= len(plan.tasks) <= 5
        assert 2 <= len(plan.milestones) <= 3
        assert all(m.due.year == 2027 for m in plan.milestones)


def test_seed_demo_uses_catalogue_fields(db):
    seed()
    assert not ActionField.objects.filter(source__isnull=True).exists()
