"""The overview of the in-depth planning step: the top measures and how far their plans are."""

import json

import pytest
from django.urls import reverse

from tests.factories import MeasureFactory, ProjectPlanFactory, StakeholderFactory, WorkshopFactory


def url(name, workshop):
    return reverse(f"measures:{name}", args=[workshop.pk])


def _measures(workshop, *titles):
    return [MeasureFactory(action_field__workshop=workshop, title=title) for title in titles]


def test_overview_lists_the_top_measures_with_rank_field_and_progress(facilitator_client, workshop):
    first, second = _measures(workshop, "Online-Terminvergabe", "WLAN im Rathaus")
    plan = ProjectPlanFactory(measure=first, result="Termine online buchbar")
    StakeholderFactory(plan=plan)
    page = facilitator_client.get(url("planning", workshop)).content.decode()
    assert "Vertiefung" in page
    assert "Online-Terminvergabe" in page and "WLAN im Rathaus" in page
    assert first.action_field.name in page
    assert "2 von 7 Fragen beantwortet" in page
    assert "0 von 7 Fragen beantwortet" in page
    assert "Projektplan bearbeiten" in page
    assert reverse("measures:plan_detail", args=[workshop.pk, second.pk]) in page
    assert page.index("Online-Terminvergabe") < page.index("WLAN im Rathaus")


def test_measures_below_the_top_are_listed_as_further_measures(facilitator_client, workshop):
    workshop.deep_plan_count = 1
    workshop.save()
    _measures(workshop, "Oben", "Weiter unten")
    page = facilitator_client.get(url("planning", workshop)).content.decode()
    assert "Die oberste Maßnahme" in page
    assert "Weitere Maßnahmen" in page
    assert page.index("Oben") < page.index("Weitere Maßnahmen") < page.index("Weiter unten")
    assert "können auch sie vertiefend planen" in page


def test_top_measure_without_result_is_flagged(facilitator_client, workshop):
    (measure,) = _measures(workshop, "Ohne Ergebnis")
    ProjectPlanFactory(measure=measure, result="", target_group="Alle")
    page = facilitator_client.get(url("planning", workshop)).content.decode()
    assert "Ergebnis fehlt noch" in page


def test_overview_without_measures_links_to_the_measures_step(facilitator_client, workshop):
    page = facilitator_client.get(url("planning", workshop)).content.decode()
    assert "Es gibt noch keine Maßnahmen." in page
    assert url("measure_list", workshop) in page


def test_overview_does_not_grow_in_queries_with_more_measures(
    facilitator_client, workshop, django_assert_max_num_queries
):
    _measures(workshop, *"ABCDEF")  # one below the top 5, so both lists are filled
    facilitator_client.get(url("planning", workshop))  # warm up session and caches
    with django_assert_max_num_queries(30) as few:
        facilitator_client.get(url("planning", workshop))
    for _ in range(12):
        plan = ProjectPlanFactory(measure=MeasureFactory(action_field__workshop=workshop))
        StakeholderFactory(plan=plan)
    with django_assert_max_num_queries(len(few.captured_queries)):
        facilitator_client.get(url("planning", workshop))


def test_changing_the_top_count_with_htmx_returns_the_overview_and_announces_it(
    facilitator_client, workshop, htmx
):
    _measures(workshop, "Eins", "Zwei", "Drei")
    response = facilitator_client.post(
        url("plan_count", workshop), {"deep_plan_count": "2"}, **htmx
    )
    workshop.refresh_from_db()
    assert workshop.deep_plan_count == 2
    assert "workshopChanged" in json.loads(response.headers["HX-Trigger"])
    page = response.content.decode()
    assert 'id="planning-overview"' in page
    assert "<html" not in page
    assert "Die obersten 2 Maßnahmen" in page
    assert "Gespeichert" in page


def test_changing_the_top_count_without_htmx_redirects(facilitator_client, workshop):
    response = facilitator_client.post(url("plan_count", workshop), {"deep_plan_count": "7"})
    assert response.status_code == 302
    assert response.url == url("planning", workshop)
    workshop.refresh_from_db()
    assert workshop.deep_plan_count == 7


@pytest.mark.parametrize("value", ["0", "51", "viele", ""])
def test_bad_top_count_gets_a_german_error_next_to_the_field(
    facilitator_client, workshop, htmx, value
):
    response = facilitator_client.post(
        url("plan_count", workshop), {"deep_plan_count": value}, **htmx
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Bitte geben Sie eine Zahl zwischen 1 und 50 ein." in page
    assert 'aria-invalid="true"' in page
    assert f'value="{value}"' in page or not value
    workshop.refresh_from_db()
    assert workshop.deep_plan_count == 5


def test_editor_may_change_the_top_count(client, editor, workshop):
    client.force_login(editor)
    client.post(url("plan_count", workshop), {"deep_plan_count": "3"})
    workshop.refresh_from_db()
    assert workshop.deep_plan_count == 3


def test_viewer_sees_the_overview_without_the_form_and_cannot_post(client, viewer, workshop):
    _measures(workshop, "Lesbar")
    client.force_login(viewer)
    page = client.get(url("planning", workshop)).content.decode()
    assert "Lesbar" in page
    assert "Projektplan ansehen" in page
    assert url("plan_count", workshop) not in page
    assert client.post(url("plan_count", workshop), {"deep_plan_count": "2"}).status_code == 403
    workshop.refresh_from_db()
    assert workshop.deep_plan_count == 5


@pytest.mark.parametrize(("method", "name"), [("get", "planning"), ("post", "plan_count")])
def test_outsider_gets_404_on_the_overview(client, outsider, workshop, method, name):
    client.force_login(outsider)
    response = getattr(client, method)(url(name, workshop), {"deep_plan_count": "2"})
    assert response.status_code == 404
    workshop.refresh_from_db()
    assert workshop.deep_plan_count == 5


def test_overview_shows_only_measures_of_its_own_workshop(facilitator_client, workshop, kommune):
    other = WorkshopFactory(kommune=kommune)
    MeasureFactory(action_field__workshop=other, title="Aus einem anderen Prozess")
    page = facilitator_client.get(url("planning", workshop)).content.decode()
    assert "Aus einem anderen Prozess" not in page


def test_anonymous_user_is_sent_to_the_login(client, workshop):
    response = client.get(url("planning", workshop))
    assert response.status_code == 302
    assert "/anmelden/" in response.url
