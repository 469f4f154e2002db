import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from measures.models import ProjectPlan
from tests.factories import (
    ActionFieldFactory,
    GoalFactory,
    LeitsatzFactory,
    MeasureFactory,
    ProjectPlanFactory,
    WorkshopFactory,
)
from workshops.models import NextStep
from workshops.process import completion, gaps

from .test_strategy_data import _fill


def texts(found, step):
    return [gap.text for gap in found[step]]


def test_an_empty_process_lacks_everything_and_says_where_to_start(workshop):
    found = gaps(workshop)
    vision = reverse("workshops:vision", args=[workshop.pk])
    assert [(g.text, g.url) for g in found["vision"]] == [
        ("Die Vision ist noch leer.", vision),
        ("Noch keine Leitsätze.", f"{vision}#leitsaetze"),
    ]
    fields = reverse("fields:field_list", args=[workshop.pk])
    assert [(g.text, g.url) for g in found["fields"]] == [
        ("Noch kein Handlungsfeld ausgewählt.", fields)
    ]
    assert [g.url for g in found["measures"]] == [fields]
    measures = reverse("measures:measure_list", args=[workshop.pk])
    assert [(g.text, g.url) for g in found["ranking"]] == [
        ("Es gibt noch keine Maßnahmen für eine Rangfolge.", measures)
    ]
    assert [g.url for g in found["planning"]] == [measures]
    assert found["strategy"] == []


def test_fields_without_goal_or_measure_are_named_with_a_link_to_them(workshop):
    with_both = ActionFieldFactory(workshop=workshop, name="Verwaltung")
    GoalFactory(action_field=with_both)
    MeasureFactory(action_field=with_both)
    no_goal = ActionFieldFactory(workshop=workshop, name="Bildung")
    MeasureFactory(action_field=no_goal)
    empty = ActionFieldFactory(workshop=workshop, name="Mobilität")
    found = gaps(workshop)
    measures = reverse("measures:measure_list", args=[workshop.pk])
    assert [(g.text, g.url) for g in found["measures"]] == [
        ("„Bildung“ hat noch kein Ziel.", f"{measures}#field-{no_goal.pk}"),
        ("„Mobilität“ hat noch kein Ziel.", f"{measures}#field-{empty.pk}"),
        ("„Mobilität“ hat noch keine Maßnahme.", f"{measures}#field-{empty.pk}"),
    ]
    assert found["fields"] == []


def test_top_measures_without_a_result_are_named_with_their_plan_page(workshop):
    workshop.deep_plan_count = 3
    workshop.ranked_at = timezone.now()
    workshop.save()
    field = ActionFieldFactory(workshop=workshop)
    first = MeasureFactory(action_field=field, title="Bürgerportal")
    second = MeasureFactory(action_field=field, title="Dorf-WLAN")
    third = MeasureFactory(action_field=field, title="E-Akte")
    beyond = MeasureFactory(action_field=field, title="Sensoren")
    ProjectPlanFactory(measure=first, result="Dreißig Leistungen online")
    ProjectPlan.objects.create(measure=third, target_group="Alle")  # a plan, but no result
    found = gaps(workshop)
    assert [(g.text, g.url) for g in found["planning"]] == [
        (
            "Rang 2, „Dorf-WLAN“: Das Ergebnis (Frage 1) ist noch offen.",
            reverse("measures:plan_detail", args=[workshop.pk, second.pk]),
        ),
        (
            "Rang 3, „E-Akte“: Das Ergebnis (Frage 1) ist noch offen.",
            reverse("measures:plan_detail", args=[workshop.pk, third.pk]),
        ),
    ]
    beyond_url = reverse("measures:plan_detail", args=[workshop.pk, beyond.pk])
    assert beyond_url not in [g.url for g in found["planning"]]
    assert found["ranking"] == []


def test_an_unconfirmed_ranking_links_to_the_prioritisation(workshop):
    MeasureFactory(action_field=ActionFieldFactory(workshop=workshop))
    found = gaps(workshop)
    assert [(g.text, g.url) for g in found["ranking"]] == [
        (
            "Die Rangfolge ist noch nicht festgelegt.",
            reverse("measures:ranking", args=[workshop.pk]),
        )
    ]


STATES = ["empty", "fields", "measures", "ranked", "planned", "vision", "fahrplan"]


@pytest.mark.parametrize("state", STATES)
def test_a_step_has_gaps_exactly_when_it_is_not_complete(workshop, state):
    states = STATES
    reached = states[: states.index(state) + 1]
    if "fields" in reached:
        field = ActionFieldFactory(workshop=workshop)
    if "measures" in reached:
        GoalFactory(action_field=field)
        measure = MeasureFactory(action_field=field)
    if "ranked" in reached:
        workshop.ranked_at = timezone.now()
    if "planned" in reached:
        workshop.deep_plan_count = 1
        ProjectPlanFactory(measure=measure, result="Ein Ergebnis")
    if "vision" in reached:
        workshop.vision = "Eine Vision"
        LeitsatzFactory(workshop=workshop)
    if "fahrplan" in reached:
        NextStep.objects.create(workshop=workshop, title="Vorstellung im Rat", position=1)
    workshop.save()
    found, done = gaps(workshop), completion(workshop)
    assert {slug: not found[slug] for slug in found if slug != "strategy"} == {
        slug: done[slug] for slug in done if slug != "strategy"
    }
    assert all(done.values()) == (state == "fahrplan")


def test_only_the_asked_steps_are_read(workshop):
    with CaptureQueriesContext(connection) as queries:
        found = gaps(workshop, ["ranking"])
    assert list(found) == ["ranking"]
    assert len(queries) == 1


def test_gaps_take_the_same_queries_for_a_small_and_a_large_strategy(kommune):
    counts = []
    for size in (5, 50):
        workshop = WorkshopFactory(kommune=kommune, deep_plan_count=40)
        _fill(workshop, size)
        with CaptureQueriesContext(connection) as queries:
            found = gaps(workshop)
        counts.append(len(queries))
        assert len(found["planning"]) == min(size, 40) - (min(size, 40) + 1) // 2
    assert counts[0] == counts[1] == 4
