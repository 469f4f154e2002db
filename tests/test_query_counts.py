"""Every step page costs the same number of queries for a small and for a large strategy."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    ActionFieldFactory,
    GoalFactory,
    LeitsatzFactory,
    MeasureFactory,
    MilestoneFactory,
    ProjectPlanFactory,
    StakeholderFactory,
    TaskFactory,
    WorkshopFactory,
    ZielbildFactory,
)

STEP_PAGES = [
    "workshops:vision",
    "fields:field_list",
    "measures:measure_list",
    "measures:ranking",
    "measures:planning",
    "workshops:strategy",
]


def strategy(kommune, *, fields, measures, plans, rows):
    """A strategy with `fields` fields (two goals each), `measures` measures spread over them
    (some without a goal), the top `plans` of them planned with `rows` rows of each kind."""
    workshop = WorkshopFactory(kommune=kommune, vision="Eine Vision.", deep_plan_count=plans)
    for _ in range(fields):
        LeitsatzFactory(workshop=workshop)
        ZielbildFactory(workshop=workshop)
    action_fields = [ActionFieldFactory(workshop=workshop) for _ in range(fields)]
    goals = [GoalFactory(action_field=field) for field in action_fields for _ in range(2)]
    planned = []
    for number in range(measures):
        goal = goals[number % len(goals)]
        measure = MeasureFactory(
            action_field=goal.action_field,
            goal=goal if number % 3 else None,
            effort="low",
            impact="high",
        )
        if number < plans:
            plan = ProjectPlanFactory(measure=measure, target_group="Alle")
            for _ in range(rows):
                StakeholderFactory(plan=plan)
                TaskFactory(plan=plan)
                MilestoneFactory(plan=plan)
            planned.append(measure)
    return workshop, planned[0]


def count_queries(client, path, **headers):
    client.get(path, **headers)  # the session and caches are warm, as in everyday use
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **headers)
    assert response.status_code == 200, path
    return len(queries)


@pytest.fixture
def small_and_large(kommune):
    small = strategy(kommune, fields=2, measures=5, plans=2, rows=1)
    large = strategy(kommune, fields=9, measures=50, plans=12, rows=4)
    return small, large


@pytest.mark.parametrize("name", STEP_PAGES)
def test_step_page_query_count_is_the_same_for_5_and_50_measures(
    facilitator_client, small_and_large, name
):
    (small, _), (large, _) = small_and_large
    few = count_queries(facilitator_client, reverse(name, args=[small.pk]))
    many = count_queries(facilitator_client, reverse(name, args=[large.pk]))
    assert few == many


def test_plan_page_query_count_is_the_same_for_few_and_many_rows(
    facilitator_client, small_and_large
):
    (small, small_measure), (large, large_measure) = small_and_large
    few = count_queries(
        facilitator_client, reverse("measures:plan_detail", args=[small.pk, small_measure.pk])
    )
    many = count_queries(
        facilitator_client, reverse("measures:plan_detail", args=[large.pk, large_measure.pk])
    )
    assert few == many


@pytest.mark.parametrize("adding", ["measure", "goal", ""])
def test_opening_a_field_or_its_add_form_costs_the_same_for_few_and_many_measures(
    facilitator_client, small_and_large, htmx, adding
):
    counts = []
    for workshop, _ in small_and_large:
        field = workshop.action_fields.first()
        path = reverse("measures:measure_list", args=[workshop.pk])
        counts.append(
            count_queries(facilitator_client, f"{path}?field={field.pk}&add={adding}", **htmx)
        )
    assert counts[0] == counts[1]
