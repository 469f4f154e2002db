import datetime
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
    assert workshop.confirmed_at == workshop.ranked_at
    assert workshop.confirmed_order == list(workshop.measures.ranked().values_list("pk", flat=True))
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


# Measures tied to goals they do not serve, as the demo once had them: (measure, goal) keywords.
UNRELATED = [
    ("LoRaWAN", "Glasfaser"),
    ("Ratsinformationssystem", "Verwaltungsleistungen"),
    ("Leerstandskataster", "Vereine"),
]

# A keyword of each demo measure and a keyword of the goal it serves.
SERVES = {
    "Bürgerportal": "Verwaltungsleistungen",
    "Digitalbotschafter": "Ältere Menschen",
    "Freies WLAN": "WLAN",
    "Dorf-App": "Vereine",
    "Glasfaserausbau": "Glasfaser",
    "E-Akte": "E-Akte",
    "Medienkonzepte": "Grundschulen",
    "Sprechstunde": "Ältere Menschen",
    "Makerspace": "Jugendliche",
    "Bürgerbus": "ohne eigenes Auto",
    "Fortbildungsprogramm": "Mitarbeitenden",
    "LoRaWAN": "Pegelstände",
    "Leerstandskataster": "Leerstehende Gebäude",
    "Ratsinformationssystem": "Rat und Ausschüssen",
}


def test_each_demo_measure_serves_a_goal_of_its_own_field(db):
    seed()
    measures = list(Measure.objects.select_related("goal"))
    assert measures
    for measure in measures:
        assert measure.goal is not None, measure.title
        assert measure.goal.action_field_id == measure.action_field_id, measure.title
        keywords = [word for word in SERVES if word in measure.title]
        assert len(keywords) == 1, measure.title
        assert SERVES[keywords[0]] in measure.goal.title, (measure.title, measure.goal.title)


def test_no_demo_measure_is_tied_to_an_unrelated_goal(db):
    seed()
    for measure_word, goal_word in UNRELATED:
        measures = Measure.objects.filter(title__contains=measure_word)
        assert measures.exists(), measure_word
        assert not measures.filter(goal__title__contains=goal_word).exists(), measure_word


def test_demo_plans_give_tasks_an_owner_and_a_date_before_their_milestones(db):
    seed()
    plans = list(ProjectPlan.objects.all())
    assert len(plans) == 3
    for plan in plans:
        last_milestone = max(m.due for m in plan.milestones.all())
        for task in plan.tasks.all():
            assert task.owner, task.title
            assert task.due is not None, task.title
            assert datetime.date(2027, 1, 1) <= task.due <= last_milestone, task.title


def test_demo_timeframes_efforts_and_impacts_are_plausible(db):
    seed()
    by_title = {m.title.split()[0]: m for m in Measure.objects.all()}
    # Building fibre networks takes years and much effort; a weekly consultation hour does not.
    assert by_title["Glasfaserausbau"].timeframe == Measure.Timeframe.LONG
    assert by_title["Glasfaserausbau"].effort == "high"
    assert by_title["Digitale"].timeframe == Measure.Timeframe.SHORT
    assert by_title["Digitale"].effort == "low"
    # The top of the ranking is worth planning in depth: high impact.
    assert [m.impact for m in Measure.objects.filter(rank__lte=3)] == ["high"] * 3


def test_seed_demo_is_quiet_at_verbosity_zero(db):
    for _ in range(2):
        out = StringIO()
        call_command("seed_demo", verbosity=0, stdout=out)
        assert out.getvalue() == ""


def test_seed_demo_leaves_a_finished_live_session_behind(db):
    seed()
    workshop = Workshop.objects.get(title="Digitalstrategie 2030")
    session = workshop.live_sessions.get()
    assert session.ended_at is not None and session.place
    assert session.participants.count() == 12
    statuses = set(session.contributions.values_list("status", flat=True))
    assert statuses == {"accepted", "merged", "hidden"}
    # What the room accepted is strategy content that names its origin, with the same text.
    for measure in Measure.objects.filter(workshop=workshop, origin__isnull=False):
        assert measure.origin.text == measure.title and measure.origin.session == session
    for leitsatz in workshop.leitsaetze.filter(origin__isnull=False):
        assert leitsatz.origin.text == leitsatz.text
    # The dot vote set the ranking without moving a planned measure out of the top.
    vote = workshop.ranking_vote
    assert vote.session == session and vote.voter_count == 12
    assert sum(vote.placed.values_list("count", flat=True)) == 12 * vote.dots
    assert workshop.ranked_at is not None
    planned = Measure.objects.filter(workshop=workshop, plan__isnull=False)
    assert max(planned.values_list("rank", flat=True)) == workshop.deep_plan_count
