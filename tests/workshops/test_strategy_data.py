import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from measures.models import Dependency, Measure, Milestone, ProjectPlan, Stakeholder, Task
from tests.factories import (
    ActionFieldFactory,
    GoalFactory,
    LeitsatzFactory,
    MeasureFactory,
    ProjectPlanFactory,
    WorkshopFactory,
    ZielbildFactory,
)
from workshops.strategy import TaskData, gather

TODAY = datetime.date(2026, 11, 21)


def build_strategy(workshop):
    """A small but complete strategy: two fields, five measures, two plans (ranks 1 and 4)."""
    workshop.vision = "Musterstadt ist digital und menschlich."
    workshop.deep_plan_count = 1
    workshop.save()
    ZielbildFactory(workshop=workshop, title="Vernetzte Stadt", text="Schnelles Netz überall.")
    for text in ["Digital für alle", "Offen und sicher", "Gemeinsam gestalten"]:
        LeitsatzFactory(workshop=workshop, text=text)
    infra = ActionFieldFactory(
        workshop=workshop,
        name="Infrastruktur",
        why="Ohne Netz keine Teilhabe.",
        what="Glasfaser und WLAN.",
        who="Bauamt und Netzbetreiber.",
        when_how="Bis 2028 in zwei Abschnitten.",
        position=1,
    )
    verwaltung = ActionFieldFactory(workshop=workshop, name="Verwaltung", position=2)
    netz = GoalFactory(
        action_field=infra, title="Netz für alle", indicator="Anschlussquote", target_value="100 %"
    )
    GoalFactory(action_field=verwaltung, title="Dienste online")
    # Created in an order that differs from the ranking, so rank order is really tested.
    specs = [
        (verwaltung, "Bürgerportal", Measure.Timeframe.MEDIUM, 1),
        (infra, "Glasfaser", Measure.Timeframe.LONG, 5),
        (infra, "Dorf-WLAN", Measure.Timeframe.SHORT, 2),
        (verwaltung, "E-Akte", Measure.Timeframe.MEDIUM, 3),
        (infra, "Sensoren", Measure.Timeframe.SHORT, 4),
    ]
    measures = {
        title: MeasureFactory(
            action_field=field,
            title=title,
            timeframe=timeframe,
            rank=rank,
            goal=netz if field == infra else None,
            effort="high",
            impact="low",
        )
        for field, title, timeframe, rank in specs
    }
    plan = ProjectPlanFactory(
        measure=measures["Bürgerportal"],
        result="Dreißig Leistungen online",
        target_group="Alle Einwohner",
        responsible="Hauptamt",
        resources_financial="60.000 Euro",
        resources_personnel="Halbe Stelle",
        resources_organisational="Lenkungsgruppe",
    )
    Stakeholder.objects.create(
        plan=plan, name="Personalrat", role="Mitbestimmung", influence="high", interest="low"
    )
    Task.objects.create(
        plan=plan,
        title="Leistungen priorisieren",
        owner="Hauptamt, Frau Adler",
        due=datetime.date(2027, 2, 15),
        position=1,
    )
    Task.objects.create(plan=plan, title="Portal einrichten", position=2)
    Milestone.objects.create(plan=plan, title="Portal online", due=datetime.date(2027, 7, 1))
    Milestone.objects.create(plan=plan, title="Auswahl", due=datetime.date(2027, 3, 1))
    # A plan beyond the top N still gets its Steckbrief.
    ProjectPlanFactory(measure=measures["Sensoren"], result="Pegel messen")
    # An empty plan (opened but never filled in) gets none.
    ProjectPlan.objects.create(measure=measures["E-Akte"])
    return measures


def test_gather_holds_the_whole_strategy(workshop):
    build_strategy(workshop)
    data = gather(workshop, today=TODAY)
    assert data.kommune_name == "Musterstadt"
    assert data.title == "Digitalstrategie 2030"
    assert data.date == TODAY
    assert data.vision == "Musterstadt ist digital und menschlich."
    assert [z.title for z in data.zielbilder] == ["Vernetzte Stadt"]
    assert data.leitsaetze == ("Digital für alle", "Offen und sicher", "Gemeinsam gestalten")
    infra = data.fields[0]
    assert (infra.number, infra.name, infra.why, infra.when_how) == (
        1,
        "Infrastruktur",
        "Ohne Netz keine Teilhabe.",
        "Bis 2028 in zwei Abschnitten.",
    )
    assert infra.goals[0].indicator == "Anschlussquote"
    assert infra.goals[0].target_value == "100 %"


def test_measures_come_in_rank_order_everywhere(workshop):
    build_strategy(workshop)
    data = gather(workshop)
    assert [m.title for m in data.measures] == [
        "Bürgerportal",
        "Dorf-WLAN",
        "E-Akte",
        "Sensoren",
        "Glasfaser",
    ]
    assert [m.rank for m in data.measures] == [1, 2, 3, 4, 5]
    assert [m.title for m in data.fields[0].measures] == ["Dorf-WLAN", "Sensoren", "Glasfaser"]
    assert [m.title for m in data.fields[1].measures] == ["Bürgerportal", "E-Akte"]
    assert data.fields[0].measures[0].goal == "Netz für alle"


def test_roadmap_groups_measures_by_timeframe_in_rank_order(workshop):
    build_strategy(workshop)
    roadmap = gather(workshop).roadmap
    assert [phase.timeframe for phase in roadmap] == ["short", "medium", "long"]
    assert [[m.title for m in phase.measures] for phase in roadmap] == [
        ["Dorf-WLAN", "Sensoren"],
        ["Bürgerportal", "E-Akte"],
        ["Glasfaser"],
    ]


def test_plans_are_the_filled_in_ones_in_rank_order_with_all_answers(workshop):
    build_strategy(workshop)
    data = gather(workshop)
    assert [p.measure.title for p in data.plans] == ["Bürgerportal", "Sensoren"]
    plan = data.plans[0]
    assert plan.result == "Dreißig Leistungen online"
    assert plan.target_group == "Alle Einwohner"
    assert plan.responsible == "Hauptamt"
    assert (plan.resources_financial, plan.resources_personnel) == ("60.000 Euro", "Halbe Stelle")
    assert plan.resources_organisational == "Lenkungsgruppe"
    assert [s.name for s in plan.stakeholders] == ["Personalrat"]
    assert plan.tasks == (
        TaskData("Leistungen priorisieren", "Hauptamt, Frau Adler", datetime.date(2027, 2, 15)),
        TaskData("Portal einrichten", "", None),
    )
    assert [m.title for m in plan.milestones] == ["Auswahl", "Portal online"]
    assert [m.planned for m in data.measures] == [True, False, False, True, False]
    assert [m.title for m in data.milestones] == ["Auswahl", "Portal online"]


def test_labels_are_translated_when_displayed(workshop):
    build_strategy(workshop)
    data = gather(workshop)
    with translation.override("de"):
        assert data.status_label == "Entwurf"
        assert data.measures[0].timeframe_label == "mittelfristig (1–3 Jahre)"
        assert data.measures[0].timeframe_short_label == "mittelfristig"
        assert data.measures[0].effort_label == "hoch"
        assert data.plans[0].stakeholders[0].influence_label == "hoch"


def test_json_identifies_the_content(workshop):
    build_strategy(workshop)
    before = gather(workshop, today=TODAY).as_json()
    assert gather(workshop, today=TODAY).as_json() == before
    with translation.override("en"):
        assert gather(workshop, today=TODAY).as_json() == before
    Measure.objects.filter(title="Glasfaser").update(title="Glasfaser bis 2028")
    assert gather(workshop, today=TODAY).as_json() != before


def test_empty_workshop_gathers_without_errors(workshop):
    data = gather(workshop)
    assert data.fields == data.measures == data.plans == ()
    assert [len(phase.measures) for phase in data.roadmap] == [0, 0, 0]


def _fill(workshop, count):
    fields = [ActionFieldFactory(workshop=workshop, position=n) for n in (1, 2, 3)]
    for field in fields:
        GoalFactory(action_field=field)
    previous = None
    for n in range(count):
        measure = MeasureFactory(action_field=fields[n % 3])
        if previous is not None:
            Dependency.objects.create(measure=measure, requires=previous)
        previous = measure
        if n % 2 == 0:
            plan = ProjectPlanFactory(measure=measure)
            Stakeholder.objects.create(plan=plan, name="Rat", influence="high", interest="high")
            Task.objects.create(plan=plan, title="Aufgabe")
            Milestone.objects.create(plan=plan, title="Ziel", due=TODAY)


def _queries(workshop):
    with CaptureQueriesContext(connection) as queries:
        data = gather(workshop)
    return len(queries), data


@pytest.mark.parametrize("small, large", [(5, 50)])
def test_query_count_does_not_grow_with_the_data(kommune, small, large):
    few, many = WorkshopFactory(kommune=kommune), WorkshopFactory(kommune=kommune)
    _fill(few, small)
    _fill(many, large)
    few_count, few_data = _queries(few)
    many_count, many_data = _queries(many)
    assert len(few_data.measures) == small
    assert len(many_data.measures) == large
    assert len(many_data.plans) == large // 2
    assert [r.rank for r in many_data.measures[-1].requires] == [large - 1]
    # Eleven for the content (the references, the Kommune's logo and the dependencies between
    # measures included), two for the participation record (no live session held here).
    assert few_count == many_count <= 14


@pytest.mark.django_db
def test_next_milestones_leave_out_dates_already_past():
    plan = ProjectPlanFactory()
    Milestone.objects.create(plan=plan, title="Längst vorbei", due=datetime.date(1999, 1, 1))
    Milestone.objects.create(plan=plan, title="Heute", due=TODAY)
    Milestone.objects.create(plan=plan, title="Nächstes Jahr", due=datetime.date(2027, 3, 1))
    data = gather(plan.measure.workshop, today=TODAY)
    assert [m.title for m in data.milestones] == ["Heute", "Nächstes Jahr"]
    # The measure's own Steckbrief still lists all of its milestones.
    assert [m.title for m in data.plans[0].milestones] == [
        "Längst vorbei",
        "Heute",
        "Nächstes Jahr",
    ]
