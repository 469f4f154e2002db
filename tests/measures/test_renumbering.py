"""Deleting and moving measures keeps the ranking 1..n, also under parallel requests."""

import contextlib
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from measures.models import Measure
from tests.factories import (
    ActionFieldFactory,
    MeasureFactory,
    ProjectPlanFactory,
    TaskFactory,
    WorkshopFactory,
)

HTMX = {"HTTP_HX_REQUEST": "true"}


def ranks(workshop):
    return list(workshop.measures.order_by("rank").values_list("rank", flat=True))


def fill(workshop, count):
    fields = [ActionFieldFactory(workshop=workshop) for _ in range(3)]
    return [MeasureFactory(action_field=fields[n % 3]) for n in range(count)]


@pytest.mark.django_db(transaction=True)
def test_parallel_htmx_deletes_answer_200_or_404_and_keep_ranks_contiguous(
    workshop, facilitator, database_vendor
):
    measures = fill(workshop, 40)
    for measure in measures[:5]:
        TaskFactory(plan=ProjectPlanFactory(measure=measure))
    # Every measure of the first 30 is deleted by two requests at once; 10 stay.
    jobs = [m.pk for m in measures[:30] for _ in range(2)]
    barrier = threading.Barrier(6)
    errors, statuses = [], []

    def delete(pk):
        client = Client(raise_request_exception=True)
        client.force_login(facilitator)
        url = reverse("measures:measure_delete", args=[workshop.pk, pk])
        try:
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait(timeout=5)
            statuses.append(client.post(url, **HTMX).status_code)
        except Exception as error:
            errors.append(repr(error))
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(delete, jobs))
    assert errors == []
    assert set(statuses) <= {200, 404}
    assert statuses.count(200) >= 30
    assert ranks(workshop) == list(range(1, 11))


def delete_rank_one_queries(client, workshop, count):
    """Queries of the htmx request that deletes rank 1 of `count` measures."""
    measures = fill(workshop, count)
    url = reverse("measures:measure_delete", args=[workshop.pk, measures[0].pk])
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, **HTMX)
    assert response.status_code == 200
    assert ranks(workshop) == list(range(1, count))
    return len(queries)


def test_deleting_rank_one_by_htmx_costs_the_same_queries_for_14_and_40_measures(
    facilitator_client, workshop, kommune
):
    few = delete_rank_one_queries(facilitator_client, workshop, 14)
    many = delete_rank_one_queries(facilitator_client, WorkshopFactory(kommune=kommune), 40)
    assert few == many


@pytest.mark.parametrize("count", [14, 40])
def test_delete_closing_gap_costs_a_constant_handful_of_queries(
    workshop, count, django_assert_max_num_queries
):
    measures = fill(workshop, count)
    ProjectPlanFactory(measure=measures[0])
    # lock, collect the plan, delete its stakeholders, tasks, milestones, the plan, the measure's
    # dots, ratings, rank overrides and dependencies (both ways) and the measure, read ids, park,
    # write ranks (+ savepoint and release in the test's transaction)
    with django_assert_max_num_queries(17):
        new_ranks = measures[0].delete_closing_gap()
    assert ranks(workshop) == list(range(1, count))
    assert new_ranks == {m.pk: m.rank - 1 for m in measures[1:]}


def test_delete_closing_gap_of_a_measure_deleted_meanwhile_returns_none(workshop):
    measures = fill(workshop, 3)
    Measure.objects.filter(pk=measures[1].pk).delete()
    assert measures[1].delete_closing_gap() is None
    assert ranks(workshop) == [1, 3]  # the other request closes its own gap


def test_htmx_delete_of_a_measure_deleted_meanwhile_shows_the_gone_notice(
    facilitator_client, workshop
):
    measures = fill(workshop, 3)
    url = reverse("measures:measure_delete", args=[workshop.pk, measures[0].pk])
    assert facilitator_client.post(url, **HTMX).status_code == 200
    response = facilitator_client.post(url, **HTMX)
    assert response.status_code == 404
    assert response["HX-Retarget"] == "#flash"
    assert "gibt es nicht mehr" in response.content.decode()


def test_move_to_writes_ranks_in_constant_queries_and_keeps_them_contiguous(
    workshop, django_assert_max_num_queries
):
    measures = fill(workshop, 30)
    # lock, read the order, read the ranks, park, write ranks, keep the confirmation up to date
    # (read and write), + savepoint and release in the test's transaction
    with django_assert_max_num_queries(9):
        measures[29].move_to(1)
    order = list(workshop.measures.order_by("rank").values_list("pk", flat=True))
    assert order == [measures[29].pk] + [m.pk for m in measures[:29]]
    measures[0].refresh_from_db()
    measures[0].move_to(0)  # clamped to the top
    measures[5].refresh_from_db()
    measures[5].move_to(999)  # clamped to the end
    order = list(workshop.measures.order_by("rank").values_list("pk", flat=True))
    assert order[0] == measures[0].pk
    assert order[-1] == measures[5].pk
    assert ranks(workshop) == list(range(1, 31))
