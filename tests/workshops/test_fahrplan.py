"""The Fahrplan: dated next steps with who takes them, in the step, the document and the overview."""

import datetime
import importlib
import threading

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.factories import WorkshopFactory
from workshops import process
from workshops.models import Method, NextStep, TextModule, Workshop
from workshops.strategy import gather

migration = importlib.import_module("workshops.migrations.0017_fahrplan")


def url(workshop, name="fahrplan", *args):
    return reverse(f"workshops:{name}", args=[workshop.pk, *args])


def test_steps_are_added_with_who_and_when_and_listed_by_date(facilitator_client, workshop):
    for title, owner, due in (
        ("Förderantrag stellen", "Kämmerei", "31.03.2027"),
        ("Ergebnisse im Gemeinderat vorstellen", "Bürgermeisterin", "2026-12-10"),
        ("Bürgerinformation planen", "", ""),
    ):
        response = facilitator_client.post(
            url(workshop, "next_step_add"), {"title": title, "owner": owner, "due": due}
        )
        assert response.status_code == 302
    assert [(s.title, s.due) for s in workshop.next_steps.all()] == [
        ("Ergebnisse im Gemeinderat vorstellen", datetime.date(2026, 12, 10)),
        ("Förderantrag stellen", datetime.date(2027, 3, 31)),
        ("Bürgerinformation planen", None),
    ]
    page = facilitator_client.get(url(workshop)).content.decode()
    assert "bis 10.12.2026" in page and "noch kein Datum" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "", "owner": "x", "due": ""}, "Bitte beschreiben Sie den Schritt."),
        ({"title": "x", "owner": "", "due": "31.02.2027"}, "gültiges Datum"),
        ({"title": "x", "owner": "", "due": "12.12.1212"}, "zwischen den Jahren 2000 und 2100"),
        ({"title": "x" * 301, "owner": "", "due": ""}, "höchstens 300 Zeichen"),
    ],
)
def test_a_faulty_step_is_refused_next_to_the_field_and_kept(
    facilitator_client, workshop, data, message
):
    response = facilitator_client.post(url(workshop, "next_step_add"), data)
    assert response.status_code == 422
    page = response.content.decode()
    assert message in page
    assert 'class="kern-error"' in page
    if data["title"]:
        assert data["title"] in page
    assert not workshop.next_steps.exists()


def test_a_concurrent_edit_is_not_overwritten(facilitator_client, workshop):
    step = NextStep.objects.create(workshop=workshop, title="Alt", position=1)
    form = facilitator_client.get(url(workshop) + f"?schritt={step.pk}").context["editing"][1]
    version = form["version"].value()
    NextStep.objects.filter(pk=step.pk).update(owner="Kollegin")
    response = facilitator_client.post(
        url(workshop, "next_step_update", step.pk),
        {
            f"step-{step.pk}-title": "Neu",
            f"step-{step.pk}-owner": "",
            f"step-{step.pk}-due": "",
            f"step-{step.pk}-version": version,
        },
    )
    assert response.status_code == 422
    assert "inzwischen geändert" in response.content.decode()
    step.refresh_from_db()
    assert (step.title, step.owner) == ("Alt", "Kollegin")


def test_deleting_asks_first_and_viewers_cannot_change(facilitator, viewer, workshop):
    step = NextStep.objects.create(workshop=workshop, title="Weg damit", position=1)
    delete = url(workshop, "next_step_delete", step.pk)
    reader = Client()
    reader.force_login(viewer)
    assert reader.post(delete).status_code == 403
    assert reader.post(url(workshop, "next_step_add"), {"title": "x"}).status_code == 403
    moderation = Client()
    moderation.force_login(facilitator)
    assert "Weg damit" in moderation.get(delete).content.decode()
    assert workshop.next_steps.exists()
    assert moderation.post(delete).status_code == 302
    assert not workshop.next_steps.exists()


def test_another_processes_step_is_not_found(facilitator_client, workshop, kommune):
    other = WorkshopFactory(kommune=kommune)
    step = NextStep.objects.create(workshop=other, title="Fremd", position=1)
    response = facilitator_client.post(
        url(workshop, "next_step_update", step.pk), {f"step-{step.pk}-title": "x"}
    )
    assert response.status_code == 404


def test_the_document_and_the_dashboard_show_the_fahrplan(facilitator_client, workshop):
    NextStep.objects.create(
        workshop=workshop,
        title="Vorstellung im Rat",
        owner="Bürgermeisterin",
        due=datetime.date(2027, 2, 1),
        position=1,
    )
    data = gather(workshop)
    assert [(s.title, s.owner, s.due) for s in data.next_steps] == [
        ("Vorstellung im Rat", "Bürgermeisterin", datetime.date(2027, 2, 1))
    ]
    strategy = facilitator_client.get(url(workshop, "strategy")).content.decode()
    assert "Vorstellung im Rat</td>" in strategy and "Bürgermeisterin</td>" in strategy
    dashboard = facilitator_client.get(reverse("workshops:dashboard")).content.decode()
    assert "Nächster Schritt" in dashboard and "Vorstellung im Rat" in dashboard


def test_the_fahrplan_is_a_step_of_the_strategiestarter_and_complete_with_one_step(workshop):
    workshop.method = Method.objects.get(slug="strategiestarter")
    workshop.save()
    assert [s.slug for s in process.steps_for(workshop, "")] == [
        "vision",
        "fields",
        "fahrplan",
        "strategy",
    ]
    assert process.completion(workshop)["fahrplan"] is False
    assert process.gaps(workshop, ["fahrplan"])["fahrplan"][0].url == url(workshop)
    NextStep.objects.create(workshop=workshop, title="Start", position=1)
    assert process.completion(workshop)["fahrplan"] is True
    assert "fahrplan" not in [
        s.slug
        for s in process.steps_for(
            Workshop.objects.create(
                kommune=workshop.kommune,
                title="DW",
                method=Method.objects.get(slug="digital-werkstatt"),
            ),
            "",
        )
    ]


@pytest.mark.django_db
def test_the_migration_turns_each_line_of_the_old_text_into_a_step():
    """The text field is gone from the current model: the migration's function is run on a
    stand-in that has it."""
    created = []

    class Rows:
        def __init__(self, values):
            self.values = values

        def exclude(self, **kwargs):
            return self

        def values_list(self, *fields):
            return self.values

    class FakeWorkshop:
        objects = Rows([(7, "- Erster Schritt\n\n  Zweiter Schritt  \n" + "x" * 400)])

    class FakeNextStep:
        def __init__(self, **kwargs):
            self.__dict__.update(kwargs)

        class objects:
            @staticmethod
            def bulk_create(rows):
                created.extend(rows)

    class FakeApps:
        @staticmethod
        def get_model(app, name):
            return {"Workshop": FakeWorkshop, "NextStep": FakeNextStep}[name]

    migration.lines_to_rows(FakeApps, None)
    assert [(r.workshop_id, r.title[:20], r.position) for r in created] == [
        (7, "Erster Schritt", 1),
        (7, "Zweiter Schritt", 2),
        (7, "x" * 20, 3),
        (7, "x" * 20, 4),
    ]
    # A line longer than a step is kept whole, in two steps.
    assert [len(r.title) for r in created[2:]] == [300, 100]
    assert apps.get_model("workshops", "NextStep") is NextStep


@pytest.mark.django_db(transaction=True)
def test_parallel_takes_of_a_module_add_each_step_once(workshop, facilitator):
    module = TextModule.objects.create(
        slug="parallel", title="Schritte", target="next_steps", body="Eins\nZwei\nDrei"
    )
    take = url(workshop, "next_steps_from_module")
    statuses = []

    def click():
        client = Client()
        client.force_login(facilitator)
        statuses.append(client.post(take, {"module": module.pk}).status_code)
        connection.close()

    threads = [threading.Thread(target=click) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302] * 4
    assert sorted(workshop.next_steps.values_list("title", flat=True)) == ["Drei", "Eins", "Zwei"]
