"""Ordered lists (Leitsätze, Zielbilder, fields, goals, plan rows) under parallel changes.

Adds and moves lock the parent row first, so parallel requests run one after another: no
deadlock, no duplicate positions (PostgreSQL row locks; real threads, one connection each).
"""

import contextlib
import random
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from fields.models import ActionField, Goal
from measures.models import Task
from tests.factories import (
    ActionFieldFactory,
    GoalFactory,
    LeitsatzFactory,
    ProjectPlanFactory,
    TaskFactory,
    ZielbildFactory,
)
from workshops.models import Leitsatz, Zielbild

HTMX = {"HTTP_HX_REQUEST": "true"}


def run_in_threads(job, args, workers=6):
    """Run `job(arg)` for every arg in parallel; return the exceptions raised."""
    errors = []
    barrier = threading.Barrier(workers)

    def run(arg):
        try:
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait(timeout=5)
            job(arg)
        except Exception as error:
            errors.append(repr(error))
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(run, args))
    return errors


def siblings_of(kind, workshop):
    """50 rows of `kind` under one parent, with the parent's filter."""
    if kind is Leitsatz:
        rows = [LeitsatzFactory(workshop=workshop) for _ in range(50)]
    elif kind is Zielbild:
        rows = [ZielbildFactory(workshop=workshop) for _ in range(50)]
    elif kind is ActionField:
        rows = [ActionFieldFactory(workshop=workshop) for _ in range(50)]
    elif kind is Goal:
        field = ActionFieldFactory(workshop=workshop)
        rows = [GoalFactory(action_field=field) for _ in range(50)]
    else:
        plan = ProjectPlanFactory(measure__action_field__workshop=workshop)
        rows = [TaskFactory(plan=plan) for _ in range(50)]
    return rows, rows[0].siblings()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", [Leitsatz, Goal, Task])  # one per kind of parent
def test_parallel_moves_among_50_siblings_neither_deadlock_nor_duplicate(
    workshop, kind, database_vendor
):
    rows, siblings = siblings_of(kind, workshop)
    randomness = random.Random(5)
    moves = [(randomness.choice(rows).pk, randomness.choice([-1, 1])) for _ in range(450)]

    def move(job):
        pk, direction = job
        kind.objects.get(pk=pk).move(direction)

    assert run_in_threads(move, moves) == []
    positions = sorted(siblings.values_list("position", flat=True))
    assert positions == list(range(1, 51))


@pytest.mark.django_db(transaction=True)
def test_30_parallel_leitsatz_adds_get_30_distinct_positions(workshop, facilitator):
    url = reverse("workshops:leitsatz_add", args=[workshop.pk])

    def add(number):
        client = Client()
        client.force_login(facilitator)
        response = client.post(url, {"text": f"Leitsatz {number}"}, **HTMX)
        assert response.status_code == 200

    assert run_in_threads(add, range(30)) == []
    positions = sorted(workshop.leitsaetze.values_list("position", flat=True))
    assert positions == list(range(1, 31))


@pytest.mark.django_db(transaction=True)
def test_30_parallel_task_adds_get_30_distinct_positions(workshop, facilitator):
    plan = ProjectPlanFactory(measure__action_field__workshop=workshop)
    url = reverse("measures:task_add", args=[workshop.pk, plan.measure.pk])

    def add(number):
        client = Client()
        client.force_login(facilitator)
        response = client.post(url, {"task-title": f"Aufgabe {number}"}, **HTMX)
        assert response.status_code == 200

    assert run_in_threads(add, range(30)) == []
    positions = sorted(Task.objects.filter(plan=plan).values_list("position", flat=True))
    assert positions == list(range(1, 31))


@pytest.mark.django_db(transaction=True)
def test_parallel_adds_of_goals_fields_and_zielbilder_get_distinct_positions(workshop):
    field = ActionFieldFactory(workshop=workshop, position=1)
    jobs = [Goal(action_field=field, title=f"Ziel {n}") for n in range(12)]
    jobs += [ActionField(workshop=workshop, name=f"Feld {n}") for n in range(12)]
    jobs += [Zielbild(workshop=workshop, title=f"Zielbild {n}") for n in range(12)]
    assert run_in_threads(lambda row: row.save_as_last(), jobs) == []
    assert sorted(field.goals.values_list("position", flat=True)) == list(range(1, 13))
    assert sorted(workshop.action_fields.values_list("position", flat=True)) == list(range(1, 14))
    assert sorted(workshop.zielbilder.values_list("position", flat=True)) == list(range(1, 13))


def test_move_writes_positions_in_one_statement(workshop, django_assert_max_num_queries):
    rows = [LeitsatzFactory(workshop=workshop, position=n) for n in range(1, 51)]
    # lock the parent, read the ids, one UPDATE (+ savepoint and release in the test)
    with django_assert_max_num_queries(5):
        assert rows[20].move(-1) is True
    order = list(workshop.leitsaetze.values_list("pk", flat=True))
    assert order[19:21] == [rows[20].pk, rows[19].pk]


def test_move_of_a_row_deleted_meanwhile_changes_nothing(workshop):
    a, b = LeitsatzFactory(workshop=workshop), LeitsatzFactory(workshop=workshop)
    Leitsatz.objects.filter(pk=b.pk).delete()
    assert b.move(-1) is False
    assert list(workshop.leitsaetze.all()) == [a]


def test_save_as_last_follows_the_last_sibling_of_the_same_parent(workshop):
    plan = ProjectPlanFactory(measure__action_field__workshop=workshop)
    TaskFactory(plan=plan, position=7)
    TaskFactory(position=30)  # another plan's task
    task = Task(plan=plan, title="Neu")
    task.save_as_last()
    assert task.position == 8
