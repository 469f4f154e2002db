from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, transaction
from django.utils import timezone

from measures.models import Measure
from tests.factories import ActionFieldFactory, GoalFactory, MeasureFactory


def ranks(workshop):
    return list(workshop.measures.order_by("rank").values_list("title", "rank"))


def test_save_as_last_appends_at_the_end_of_the_workshops_ranking(workshop):
    field = ActionFieldFactory(workshop=workshop)
    MeasureFactory(action_field=field, title="A")
    MeasureFactory(action_field=ActionFieldFactory(workshop=workshop), title="B")
    MeasureFactory(title="Fremd")  # another workshop keeps its own ranking
    measure = Measure(workshop=workshop, action_field=field, title="C", timeframe="short")
    measure.save_as_last()
    assert measure.rank == 3
    assert ranks(workshop) == [("A", 1), ("B", 2), ("C", 3)]


def test_save_as_last_starts_at_rank_one(workshop):
    field = ActionFieldFactory(workshop=workshop)
    measure = Measure(workshop=workshop, action_field=field, title="A", timeframe="long")
    measure.save_as_last()
    assert measure.rank == 1


def test_delete_closing_gap_moves_the_ones_below_up(workshop):
    field = ActionFieldFactory(workshop=workshop)
    first, second, _third = (MeasureFactory(action_field=field, title=t) for t in "ABC")
    other = MeasureFactory(title="Fremd")
    second.delete_closing_gap()
    assert ranks(workshop) == [("A", 1), ("C", 2)]
    other.refresh_from_db()
    assert other.rank == 1
    first.delete_closing_gap()
    assert ranks(workshop) == [("C", 1)]


def test_move_to_keeps_ranks_contiguous(workshop):
    field = ActionFieldFactory(workshop=workshop)
    measures = [MeasureFactory(action_field=field, title=t) for t in "ABCD"]
    measures[3].move_to(2)
    assert ranks(workshop) == [("A", 1), ("D", 2), ("B", 3), ("C", 4)]
    measures[0].move_to(99)
    assert ranks(workshop) == [("D", 1), ("B", 2), ("C", 3), ("A", 4)]


def test_lock_ranking_costs_one_query(workshop, django_assert_num_queries):
    with django_assert_num_queries(1):
        Measure.objects.lock_ranking(workshop.pk)


def test_deleting_a_goal_keeps_its_measures_without_the_link(workshop):
    goal = GoalFactory(action_field=ActionFieldFactory(workshop=workshop))
    measure = MeasureFactory(action_field=goal.action_field, goal=goal)
    goal.delete()
    measure.refresh_from_db()
    assert measure.goal is None


@pytest.mark.django_db(transaction=True)
def test_concurrent_changes_of_one_ranking_run_one_after_another():
    """Adds, moves and deletes at the same time keep the ranks 1..n (PostgreSQL row locks)."""
    field = ActionFieldFactory()
    workshop = field.workshop
    existing = [MeasureFactory(action_field=field) for _ in range(6)]

    def add(number):
        Measure(
            workshop=workshop, action_field=field, title=f"Neu {number}", timeframe="short"
        ).save_as_last()

    def move(measure):
        with transaction.atomic():
            Measure.objects.lock_ranking(workshop.pk)
            Measure.objects.get(pk=measure.pk).move_to(1)

    jobs = [(add, n) for n in range(6)] + [(move, m) for m in existing[3:]]
    jobs += [(Measure.delete_closing_gap, m) for m in existing[:2]]

    def run(job):
        try:
            job[0](job[1])
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(run, jobs))
    assert sorted(workshop.measures.values_list("rank", flat=True)) == list(range(1, 11))


def test_a_new_measure_reopens_a_confirmed_ranking(db):
    first = MeasureFactory()
    workshop = first.workshop
    workshop.ranked_at = timezone.now()
    workshop.save()
    new = Measure(workshop=workshop, action_field=first.action_field, title="Neu", timeframe="long")
    new.save_as_last()
    workshop.refresh_from_db()
    assert new.rank == 2
    assert workshop.ranked_at is None
