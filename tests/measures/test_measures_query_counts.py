"""Page query counts must not grow with the number of measures, goals and fields."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ActionFieldFactory, GoalFactory, MeasureFactory, WorkshopFactory


def fill(workshop, measure_count, field_count):
    fields = [ActionFieldFactory(workshop=workshop) for _ in range(field_count)]
    goals = [GoalFactory(action_field=field) for field in fields for _ in range(2)]
    for number in range(measure_count):
        goal = goals[number % len(goals)]
        MeasureFactory(action_field=goal.action_field, goal=goal, effort="low", impact="high")


def count_queries(client, path, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **headers)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["measure_list", "ranking"])
def test_page_query_count_does_not_grow_with_the_measures(
    facilitator_client, workshop, kommune, name
):
    small, large = workshop, WorkshopFactory(kommune=kommune)
    fill(small, measure_count=5, field_count=3)
    fill(large, measure_count=50, field_count=9)
    path = {w.pk: reverse(f"measures:{name}", args=[w.pk]) for w in (small, large)}
    count_queries(facilitator_client, path[small.pk])  # warm the session and caches
    assert count_queries(facilitator_client, path[small.pk]) == count_queries(
        facilitator_client, path[large.pk]
    )


def test_field_section_partial_query_count_does_not_grow(facilitator_client, workshop, htmx):
    fill(workshop, measure_count=5, field_count=1)
    field = workshop.action_fields.get()
    path = reverse("measures:measure_list", args=[workshop.pk])
    few = count_queries(facilitator_client, path + f"?field={field.pk}", **htmx)
    for _ in range(30):
        MeasureFactory(action_field=field, goal=field.goals.first())
    assert count_queries(facilitator_client, path + f"?field={field.pk}", **htmx) == few
