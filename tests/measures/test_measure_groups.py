"""Measure groups: a field groups its measures (e.g. "Digitale Bürgerservices"), in the step and
the document."""

import pytest
from django.urls import reverse

from measures.models import Measure
from tests.factories import ActionFieldFactory, MeasureFactory
from workshops import pdf
from workshops.strategy import gather

from .test_measures_views import edit_data, measure_data


@pytest.fixture
def field(workshop):
    return ActionFieldFactory(workshop=workshop, name="Smarte Kommune")


def test_a_measure_gets_a_group_and_the_field_offers_the_groups_it_uses(
    facilitator_client, workshop, field
):
    MeasureFactory(workshop=workshop, action_field=field, group="Information & Vernetzung")
    url = reverse("measures:measure_add", args=[workshop.pk, field.pk])
    data = measure_data(field, title="Dorf-App", group="  Digitale   Bürgerservices ")
    assert facilitator_client.post(url, data).status_code == 302
    assert Measure.objects.get(title="Dorf-App").group == "Digitale Bürgerservices"
    page = facilitator_client.get(
        reverse("measures:measure_list", args=[workshop.pk]) + f"?field={field.pk}&add=measure"
    ).content.decode()
    datalist = page.split(f'<datalist id="measure-groups-{field.pk}">')[1].split("</datalist>")[0]
    assert datalist == (
        '<option value="Digitale Bürgerservices"></option>'
        '<option value="Information &amp; Vernetzung"></option>'
    )
    assert f'list="measure-groups-{field.pk}"' in page
    assert "<dt>Gruppe:</dt> <dd>Digitale Bürgerservices</dd>" in page


def test_editing_keeps_or_changes_the_group(facilitator_client, workshop, field):
    measure = MeasureFactory(workshop=workshop, action_field=field, group="Alt")
    url = reverse("measures:measure_update", args=[workshop.pk, measure.pk])
    response = facilitator_client.post(url, edit_data(measure, group="Neu"))
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.group == "Neu"
    too_long = facilitator_client.post(url, edit_data(measure, group="x" * 101))
    assert "höchstens 100 Zeichen" in too_long.content.decode()
    assert "x" * 101 in too_long.content.decode()  # the input is kept
    measure.refresh_from_db()
    assert measure.group == "Neu"


def test_the_document_shows_groups_by_their_best_rank_and_the_rest_last(workshop, field):
    for rank, (title, group) in enumerate(
        [
            ("Dorf-App", "Die Dorfgemeinschaft stärken"),
            ("Online-Termine", "Digitale Bürgerservices"),
            ("Ohne Gruppe", ""),
            ("Vereinsplattform", "Die Dorfgemeinschaft stärken"),
        ],
        start=1,
    ):
        MeasureFactory(workshop=workshop, action_field=field, title=title, group=group, rank=rank)
    data = gather(workshop)
    groups = data.fields[0].measure_groups
    assert [(str(g.name), [m.title for m in g.measures]) for g in groups] == [
        ("Die Dorfgemeinschaft stärken", ["Dorf-App", "Vereinsplattform"]),
        ("Digitale Bürgerservices", ["Online-Termine"]),
        ("Weitere Maßnahmen", ["Ohne Gruppe"]),
    ]
    html = pdf.render_html(data)
    assert html.count('<h4 class="doc-heading doc-heading--group">') == 3
    # In the field's chapter (the Kurzfassung before it lists the measures by rank alone):
    chapter = html[html.index('<h4 class="doc-heading doc-heading--group">') :]
    order = [chapter.index(title) for title in ("Dorf-App", "Vereinsplattform", "Online-Termine")]
    assert order == sorted(order)
    assert chapter.index("Online-Termine") < chapter.index("Weitere Maßnahmen</h4>")


def test_without_groups_the_measures_stand_in_one_table_without_a_heading(workshop, field):
    MeasureFactory(workshop=workshop, action_field=field, title="Eins")
    data = gather(workshop)
    (group,) = data.fields[0].measure_groups
    assert group.name == "" and [m.title for m in group.measures] == ["Eins"]
    assert "doc-heading--group" not in pdf.render_html(data)
