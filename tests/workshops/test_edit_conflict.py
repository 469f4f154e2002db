"""No lost updates: an edit form refuses to overwrite what someone else saved meanwhile."""

from django.urls import reverse
from django.utils import timezone

from measures.forms import MeasureForm
from measures.models import Measure
from tests.factories import MeasureFactory
from workshops.forms import VisionForm
from workshops.models import Workshop


def vision_version(workshop):
    return VisionForm(instance=Workshop.objects.get(pk=workshop.pk)).saved_version()


def test_second_editor_gets_a_conflict_instead_of_overwriting(facilitator_client, workshop, htmx):
    workshop.vision = "Stand beim Öffnen"
    workshop.save()
    shown_version = vision_version(workshop)
    # Someone else saves in another window after our form was shown.
    Workshop.objects.filter(pk=workshop.pk).update(vision="Text der Kollegin")

    response = facilitator_client.post(
        reverse("workshops:vision_save", args=[workshop.pk]),
        {"vision": "Mein Text", "version": shown_version},
        **htmx,
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Jemand anderes hat dies inzwischen geändert" in page
    assert "Mein Text" in page  # nothing the user typed is lost
    workshop.refresh_from_db()
    assert workshop.vision == "Text der Kollegin"
    # The form now carries the current version: saving again overwrites on purpose.
    assert f'value="{vision_version(workshop)}"' in page
    facilitator_client.post(
        reverse("workshops:vision_save", args=[workshop.pk]),
        {"vision": "Mein Text", "version": vision_version(workshop)},
        **htmx,
    )
    workshop.refresh_from_db()
    assert workshop.vision == "Mein Text"


def test_saving_the_vision_keeps_columns_changed_elsewhere(workshop):
    stale = Workshop.objects.get(pk=workshop.pk)
    confirmed = timezone.now()
    Workshop.objects.filter(pk=workshop.pk).update(ranked_at=confirmed, deep_plan_count=9)
    form = VisionForm(
        {"vision": "Neu", "version": VisionForm(instance=stale).saved_version()}, instance=stale
    )
    assert form.is_valid(), form.errors
    form.save()
    workshop.refresh_from_db()
    assert workshop.vision == "Neu"
    assert workshop.ranked_at == confirmed
    assert workshop.deep_plan_count == 9


def test_editing_a_measure_never_writes_back_a_stale_rank(db):
    first = MeasureFactory()
    second = MeasureFactory(action_field=first.action_field)
    stale = Measure.objects.get(pk=first.pk)
    second.move_to(1)  # meanwhile: first moves to rank 2
    data = {"title": "Umbenannt", "timeframe": "short", "goal": "", "effort": "", "impact": ""}
    form = MeasureForm(data, instance=stale, action_field=first.action_field, goals=[])
    assert form.is_valid(), form.errors
    form.save()
    assert list(Measure.objects.order_by("rank").values_list("title", "rank")) == [
        (second.title, 1),
        ("Umbenannt", 2),
    ]
