from django.db import connection
from django.test.utils import CaptureQueriesContext

from fields.models import ActionField
from tests.factories import ActionFieldFactory, GoalFactory, MeasureFactory


def test_with_counts_counts_goals_and_measures_without_multiplying(workshop):
    field = ActionFieldFactory(workshop=workshop)
    GoalFactory.create_batch(2, action_field=field)
    MeasureFactory.create_batch(3, action_field=field)
    empty = ActionFieldFactory(workshop=workshop)
    counted = {f.pk: (f.goal_count, f.measure_count) for f in ActionField.objects.with_counts()}
    assert counted == {field.pk: (2, 3), empty.pk: (0, 0)}


def test_with_counts_is_one_query_whatever_the_number_of_fields(workshop):
    for _ in range(5):
        field = ActionFieldFactory(workshop=workshop)
        GoalFactory(action_field=field)
        MeasureFactory(action_field=field)
    with CaptureQueriesContext(connection) as queries:
        fields = list(workshop.action_fields.with_counts())
        assert [f.goal_count for f in fields] == [1] * 5
    assert len(queries) == 1


def test_with_counts_keeps_next_position(workshop):
    ActionFieldFactory(workshop=workshop, position=4)
    assert workshop.action_fields.next_position() == 5


def test_with_counts_keeps_the_chosen_order(workshop):
    ActionFieldFactory(workshop=workshop, name="B", position=2)
    ActionFieldFactory(workshop=workshop, name="A", position=1)
    assert [f.name for f in workshop.action_fields.with_counts()] == ["A", "B"]
