"""Measures that build on others: chosen with the costs, checked for circles and concurrent
edits, copied with the process and shown in the strategy document."""

import re

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from measures.models import Dependency
from measures.services import copy_workshop
from tests.factories import ActionFieldFactory, MeasureFactory, WorkshopFactory
from workshops import pdf
from workshops.strategy import gather

pytestmark = pytest.mark.django_db


@pytest.fixture
def measures(workshop):
    field = ActionFieldFactory(workshop=workshop)
    return [
        MeasureFactory(action_field=field, title=title)
        for title in ("Glasfaser", "Sensornetz", "Datenplattform")
    ]


def edit_url(measure):
    return reverse("measures:cost_edit", args=[measure.workshop_id, measure.pk])


def post(client, measure, requires, **changes):
    version = client.get(edit_url(measure)).context["form"]["version"].value()
    data = {"lead": "", "version": version, "requires": [m.pk for m in requires], **changes}
    return client.post(edit_url(measure), data)


def test_a_measure_builds_on_others_and_the_document_says_so(facilitator_client, measures):
    glasfaser, sensoren, plattform = measures
    response = post(facilitator_client, sensoren, [glasfaser, plattform])
    assert response.status_code == 302
    assert set(sensoren.requirements.values_list("requires__title", flat=True)) == {
        "Glasfaser",
        "Datenplattform",
    }
    form = facilitator_client.get(edit_url(sensoren)).context["form"]
    assert sorted(form["requires"].initial) == sorted([glasfaser.pk, plattform.pk])
    # Choosing fewer removes the others.
    assert post(facilitator_client, sensoren, [glasfaser]).status_code == 302
    assert list(sensoren.requirements.values_list("requires__title", flat=True)) == ["Glasfaser"]

    data = gather(sensoren.workshop)
    measure = next(m for m in data.measures if m.pk == sensoren.pk)
    assert [(r.rank, r.title) for r in measure.requires] == [(1, "Glasfaser")]
    html = pdf.render_html(data)
    assert f'href="#massnahme-{glasfaser.pk}">Rang 1 „Glasfaser“</a>' in html


def test_a_circle_is_refused_next_to_the_field_and_the_choice_kept(facilitator_client, measures):
    glasfaser, sensoren, plattform = measures
    Dependency.objects.create(measure=sensoren, requires=glasfaser)
    Dependency.objects.create(measure=plattform, requires=sensoren)
    response = post(facilitator_client, glasfaser, [plattform], lead="Bauamt")
    assert response.status_code == 422
    page = response.content.decode()
    assert "ergäbe einen Kreis: 3. Datenplattform" in page
    boxes = re.findall(r'<input[^>]*name="requires"[^>]*>', page)
    chosen = next(box for box in boxes if f'value="{plattform.pk}"' in box)
    assert " checked" in chosen and 'aria-invalid="true"' in chosen
    assert 'aria-describedby="id_requires_helptext id_requires-error"' in chosen
    assert 'value="Bauamt"' in page  # the rest typed is kept
    assert not glasfaser.requirements.exists()
    glasfaser.refresh_from_db()
    assert glasfaser.lead == ""


def test_only_measures_of_the_same_process_can_be_chosen(facilitator_client, measures):
    stranger = MeasureFactory(action_field=ActionFieldFactory(workshop=WorkshopFactory()))
    response = post(facilitator_client, measures[0], [stranger])
    assert response.status_code == 422
    assert not Dependency.objects.exists()


def test_a_concurrent_change_of_the_dependencies_is_not_overwritten(facilitator_client, measures):
    glasfaser, sensoren, plattform = measures
    version = facilitator_client.get(edit_url(sensoren)).context["form"]["version"].value()
    # Meanwhile someone else says the sensors build on the fibre.
    Dependency.objects.create(measure=sensoren, requires=glasfaser)
    response = facilitator_client.post(
        edit_url(sensoren), {"lead": "Bauamt", "version": version, "requires": [plattform.pk]}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Jemand anderes hat dies inzwischen geändert" in page
    assert "Baut auf" in page
    assert list(sensoren.requirements.values_list("requires__title", flat=True)) == ["Glasfaser"]


def test_a_measure_cannot_require_itself_nor_the_same_twice(measures):
    glasfaser, sensoren, _ = measures
    with pytest.raises(IntegrityError), transaction.atomic():
        Dependency.objects.create(measure=glasfaser, requires=glasfaser)
    Dependency.objects.create(measure=sensoren, requires=glasfaser)
    with pytest.raises(IntegrityError), transaction.atomic():
        Dependency.objects.create(measure=sensoren, requires=glasfaser)


def test_a_copied_process_keeps_the_dependencies_among_its_own_measures(
    measures, workshop, facilitator
):
    glasfaser, sensoren, _ = measures
    Dependency.objects.create(measure=sensoren, requires=glasfaser)
    copy = copy_workshop(source=workshop, title="Kopie", user=facilitator)
    copied = Dependency.objects.get(measure__workshop=copy)
    assert (copied.measure.title, copied.requires.title) == ("Sensornetz", "Glasfaser")
    assert copied.requires.workshop_id == copy.pk
