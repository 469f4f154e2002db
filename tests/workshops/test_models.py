import pytest

from tests.factories import LeitsatzFactory, MeasureFactory, WorkshopFactory
from workshops.models import Leitsatz


@pytest.mark.django_db
def test_move_swaps_with_the_neighbour_and_renumbers():
    workshop = WorkshopFactory()
    a, b, c = (LeitsatzFactory(workshop=workshop, position=p) for p in (1, 5, 9))
    assert b.move(-1) is True
    assert list(Leitsatz.objects.filter(workshop=workshop).values_list("pk", "position")) == [
        (b.pk, 1),
        (a.pk, 2),
        (c.pk, 3),
    ]


@pytest.mark.django_db
def test_move_beyond_either_end_changes_nothing():
    workshop = WorkshopFactory()
    a = LeitsatzFactory(workshop=workshop, position=1)
    b = LeitsatzFactory(workshop=workshop, position=2)
    assert a.move(-1) is False
    assert b.move(1) is False
    assert list(Leitsatz.objects.filter(workshop=workshop)) == [a, b]


@pytest.mark.django_db
def test_next_position_follows_the_last_sibling():
    workshop = WorkshopFactory()
    assert workshop.leitsaetze.next_position() == 1
    LeitsatzFactory(workshop=workshop, position=7)
    assert workshop.leitsaetze.next_position() == 8


@pytest.mark.django_db
def test_measure_ranks_stay_contiguous_after_move_and_delete():
    workshop = WorkshopFactory()
    first = MeasureFactory(action_field__workshop=workshop)
    measures = [first] + [MeasureFactory(action_field=first.action_field) for _ in range(3)]
    assert [m.rank for m in measures] == [1, 2, 3, 4]
    measures[3].move_to(1)
    assert list(workshop.measures.ranked().values_list("pk", flat=True)) == [
        measures[3].pk,
        measures[0].pk,
        measures[1].pk,
        measures[2].pk,
    ]
    measures[0].delete()
    workshop.measures.all().renumber()
    assert list(workshop.measures.ranked().values_list("rank", flat=True)) == [1, 2, 3]
