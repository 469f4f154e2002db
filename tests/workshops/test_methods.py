"""Methods as data: the shipped methods, the steps and the live agenda they set."""

import pytest
from django.urls import reverse

from measures.models import Measure, ProjectPlan
from tests.factories import ActionFieldFactory, GoalFactory, MeasureFactory
from workshops import live, process
from workshops.models import Kommune, LiveSession, Method, MethodStep, Workshop


def method(slug):
    return Method.objects.get(slug=slug, kommune=None)


def nav_slugs(workshop):
    return [step.slug for step in process.steps_for(workshop, "")]


@pytest.mark.django_db
def test_the_shipped_methods_are_installed_with_their_steps():
    assert list(Method.objects.values_list("slug", flat=True)) == [
        "digital-werkstatt",
        "strategiestarter",
        "loeffingen",
        "eigener-ablauf",
    ]
    starter = [s.title for s in method("strategiestarter").steps.all()]
    assert starter[0] == "Impulsvortrag" and starter[-1] == "Vorstellung im Gemeinderat"
    assert all(
        step.explanation for step in MethodStep.objects.exclude(method__slug="eigener-ablauf")
    )


@pytest.mark.parametrize(
    ("slug", "pages"),
    [
        ("digital-werkstatt", ["fields", "measures", "ranking", "planning", "strategy"]),
        ("strategiestarter", ["vision", "fields", "fahrplan", "strategy"]),
        ("loeffingen", ["vision", "fields", "measures", "ranking", "planning", "strategy"]),
        ("eigener-ablauf", [slug for slug, *_rest in process.STEP_DEFINITIONS]),
    ],
)
def test_the_method_sets_the_step_navigation(workshop, slug, pages):
    workshop.method = method(slug)
    workshop.save()
    steps = process.steps_for(workshop, "fields")
    assert [step.slug for step in steps] == pages
    assert [step.number for step in steps] == list(range(1, len(pages) + 1))


def test_creating_a_strategiestarter_and_a_digital_werkstatt_shows_different_steps(
    facilitator_client, kommune
):
    create = reverse("workshops:workshop_create", args=[kommune.slug])
    for title, slug in (("Starter", "strategiestarter"), ("Werkstatt", "digital-werkstatt")):
        response = facilitator_client.post(create, {"title": title, "method": method(slug).pk})
        assert response.status_code == 302
    starter = Workshop.objects.get(title="Starter")
    werkstatt = Workshop.objects.get(title="Werkstatt")
    page = facilitator_client.get(reverse("workshops:vision", args=[starter.pk])).content.decode()
    assert "Schritt 1 von 4" in page
    assert reverse("measures:ranking", args=[starter.pk]) not in page
    page = facilitator_client.get(
        reverse("fields:field_list", args=[werkstatt.pk])
    ).content.decode()
    assert "Schritt 1 von 5" in page
    assert reverse("workshops:vision", args=[werkstatt.pk]) not in page


def test_a_hidden_step_keeps_its_content_and_comes_back_with_another_method(
    facilitator_client, workshop
):
    field = ActionFieldFactory(workshop=workshop)
    MeasureFactory(workshop=workshop, action_field=field, title="Dorf-App")
    workshop.method = method("strategiestarter")
    workshop.save()
    assert "measures" not in nav_slugs(workshop)
    data = {
        "title": workshop.title,
        "method": method("digital-werkstatt").pk,
        "status": workshop.status,
        "document_date": "",
        "document_version": "",
    }
    response = facilitator_client.get(reverse("workshops:workshop_settings", args=[workshop.pk]))
    data["version"] = response.context["form"]["version"].value()
    response = facilitator_client.post(
        reverse("workshops:workshop_settings", args=[workshop.pk]), data
    )
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert "measures" in nav_slugs(workshop)
    assert workshop.measures.get().title == "Dorf-App"


def test_the_strategy_is_complete_when_the_steps_of_the_method_are(workshop):
    """The Digital-Werkstatt has no vision step: an empty vision does not hold it up."""
    workshop.method = method("digital-werkstatt")
    workshop.deep_plan_count = 1
    workshop.save()
    field = ActionFieldFactory(workshop=workshop)
    goal = GoalFactory(action_field=field)
    measure = MeasureFactory(workshop=workshop, action_field=field, goal=goal)
    ProjectPlan.objects.create(measure=measure, result="Ein Ergebnis")
    Measure.objects.confirm_ranking(workshop.pk)
    workshop.refresh_from_db()
    done = process.completion(workshop)
    assert done["vision"] is False
    assert done["strategy"] is True
    workshop.method = method("eigener-ablauf")
    workshop.save()
    assert process.completion(workshop)["strategy"] is False


def test_progress_on_the_dashboard_counts_the_steps_of_the_method(workshop, kommune):
    workshop.method = method("strategiestarter")
    workshop.save()
    other = Workshop.objects.create(kommune=kommune, title="Ohne Methode")
    by_title = {w.title: w for w in process.with_progress([workshop, other])}
    assert by_title[workshop.title].step_count == 4
    assert by_title["Ohne Methode"].step_count == len(process.STEP_DEFINITIONS)


def test_the_live_agenda_follows_the_method_with_its_times(workshop, facilitator):
    workshop.method = method("strategiestarter")
    workshop.save()
    session = live.start(workshop, facilitator, "Rathaus")
    items = live.agenda(session)
    assert [item.value for item in items] == [
        LiveSession.Item.IMPULSE,
        LiveSession.Item.VISION,
        LiveSession.Item.LEITSAETZE,
        LiveSession.Item.FIELDS,
        LiveSession.Item.NEXT_STEPS,
    ]
    assert [item.minutes for item in items] == [30, 45, 45, 60, 30]
    assert items[0].explanation.startswith("Ein kurzer Vortrag")


def test_the_countdown_offers_the_time_of_the_open_item(facilitator_client, workshop, facilitator):
    workshop.method = method("strategiestarter")
    workshop.save()
    session = live.start(workshop, facilitator, "Rathaus")
    live.open_item(session, LiveSession.Item.FIELDS)
    page = facilitator_client.get(reverse("live:cockpit", args=[workshop.pk])).content.decode()
    assert '<option value="60" selected>' in page
    assert "etwa 60 Minuten" in page
    live.open_item(session, LiveSession.Item.IMPULSE)
    page = facilitator_client.get(reverse("live:cockpit", args=[workshop.pk])).content.decode()
    assert '<option value="30" selected>' in page


def test_an_item_the_method_leaves_out_cannot_be_opened(facilitator_client, workshop, facilitator):
    workshop.method = method("strategiestarter")
    workshop.save()
    session = live.start(workshop, facilitator, "Rathaus")
    url = reverse("live:open_item", args=[workshop.pk, session.pk])
    response = facilitator_client.post(url, {"item": LiveSession.Item.PRIORITISATION}, follow=True)
    session.refresh_from_db()
    assert session.open_item == ""
    assert "nicht auf der Agenda" in response.content.decode()
    facilitator_client.post(url, {"item": LiveSession.Item.VISION})
    session.refresh_from_db()
    assert session.open_item == LiveSession.Item.VISION


def test_a_kommune_sees_its_own_methods_and_not_those_of_others(
    facilitator_client, kommune, outsider
):
    other = Kommune.objects.get(slug="andersdorf")
    Method.objects.create(slug="eigen", name="Unser Ablauf", kommune=kommune)
    Method.objects.create(slug="fremd", name="Fremder Ablauf", kommune=other)
    page = facilitator_client.get(
        reverse("workshops:workshop_create", args=[kommune.slug])
    ).content.decode()
    assert "Unser Ablauf" in page
    assert "Fremder Ablauf" not in page
    response = facilitator_client.post(
        reverse("workshops:workshop_create", args=[kommune.slug]),
        {"title": "X", "method": Method.objects.get(slug="fremd").pk},
    )
    assert response.status_code == 200
    assert "gibt es nicht mehr" in response.content.decode()
    assert not Workshop.objects.filter(title="X").exists()


def test_the_next_link_follows_the_method_and_a_left_out_page_says_so(facilitator_client, workshop):
    workshop.method = method("strategiestarter")
    workshop.save()
    page = facilitator_client.get(reverse("fields:field_list", args=[workshop.pk])).content.decode()
    assert (
        f'href="{reverse("workshops:fahrplan", args=[workshop.pk])}"><span class="kern-label">Weiter: Fahrplan'
        in page
    )
    hidden = facilitator_client.get(
        reverse("measures:ranking", args=[workshop.pk])
    ).content.decode()
    assert "lässt diesen Schritt aus" in hidden
    assert "Weiter:" not in hidden
    page = facilitator_client.get(
        reverse("workshops:strategy", args=[workshop.pk])
    ).content.decode()
    assert "lässt diesen Schritt aus" not in page


@pytest.mark.parametrize(
    "slug", ["digital-werkstatt", "strategiestarter", "loeffingen", "eigener-ablauf"]
)
def test_the_pages_beside_the_steps_never_say_the_method_leaves_them_out(
    facilitator_client, workshop, facilitator, slug
):
    workshop.method = method(slug)
    workshop.save()
    session = live.start(workshop, facilitator)
    urls = [
        reverse("live:cockpit", args=[workshop.pk]),
        reverse("live:end", args=[workshop.pk, session.pk]),
        reverse("live:participation", args=[workshop.pk]),
        reverse("live:transcribe", args=[workshop.pk, session.pk]),
    ]
    for url in urls:
        page = facilitator_client.get(url).content.decode()
        assert "lässt diesen Schritt aus" not in page, url
