"""The measure catalogue page: browse, search (German stemming on PostgreSQL), take a profile."""

import datetime
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from fields.models import CatalogueField
from measures.models import Measure, MeasureProfile, ProjectPlan
from measures.services import take_profile
from tests.factories import ActionFieldFactory, MeasureFactory
from workshops.models import Kommune


def catalogue_url(workshop, **query):
    url = reverse("measures:catalogue", args=[workshop.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def titles(response):
    return [p.title for p in response.context["profiles"]]


@pytest.fixture
def infrastructure(workshop):
    source = CatalogueField.objects.get(
        catalogue__slug="digital-werkstatt", name="Digitale Infrastruktur"
    )
    return ActionFieldFactory(workshop=workshop, name="Infrastruktur", source=source)


def test_the_catalogue_lists_every_shared_profile(facilitator_client, workshop):
    response = facilitator_client.get(catalogue_url(workshop))
    assert response.status_code == 200
    assert len(titles(response)) == MeasureProfile.objects.count() >= 60
    assert "Die sieben Kernfragen als Ausgangspunkt" in response.content.decode()


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Breitband", "Breitband"),  # a word's beginning: "Breitbandausbau", "Breitbandberatung"
        ("glasfaser", "Glasfaser"),
        ("Senioren", "Senior"),
    ],
)
def test_german_search_finds_words_by_their_beginning_and_stem(
    facilitator_client, workshop, query, expected
):
    found = titles(facilitator_client.get(catalogue_url(workshop, q=query)))
    assert found, query
    profiles = MeasureProfile.objects.filter(title__in=found)
    assert all(
        expected.casefold() in f"{p.title} {p.summary} {p.field.name}".casefold() for p in profiles
    )


@pytest.mark.postgres
def test_search_ranks_a_match_in_the_title_first(facilitator_client, workshop):
    field = CatalogueField.objects.get(catalogue__slug="smart-city", name="Smart Living")
    MeasureProfile.objects.create(slug="x-titel", field=field, title="Zisterne am Dorfplatz")
    MeasureProfile.objects.create(
        slug="x-text", field=field, title="Anderes", summary="Mit einer Zisterne nebenbei."
    )
    found = titles(facilitator_client.get(catalogue_url(workshop, q="zisterne")))
    assert found == ["Zisterne am Dorfplatz", "Anderes"]


@pytest.mark.parametrize("vendor", ["native", "fallback"])
def test_umlauts_and_sharp_s_are_found_either_way(
    facilitator_client, workshop, vendor, monkeypatch
):
    field = CatalogueField.objects.get(catalogue__slug="smart-city", name="Smart Mobility")
    MeasureProfile.objects.create(
        slug="x-strasse", field=field, title="Straßenbeleuchtung mit Bürgerhinweisen"
    )
    if vendor == "fallback":  # what SQLite runs: the words as parts of the folded text
        monkeypatch.setattr(connection, "vendor", "sqlite")
    for query in ("Straßenbeleuchtung", "strassenbeleuchtung", "Buergerhinweise", "bürgerhinw"):
        assert "Straßenbeleuchtung mit Bürgerhinweisen" in titles(
            facilitator_client.get(catalogue_url(workshop, q=query))
        ), query


def test_filters_by_field_and_by_what_suits_the_kommune(facilitator_client, workshop, kommune):
    field = CatalogueField.objects.get(catalogue__slug="digital-werkstatt", name="Tourismus")
    found = titles(facilitator_client.get(catalogue_url(workshop, feld=field.pk)))
    assert sorted(found) == sorted(field.profiles.values_list("title", flat=True))
    kommune.kind = Kommune.Kind.LANDKREIS
    kommune.save()
    suits = titles(facilitator_client.get(catalogue_url(workshop, passend=1)))
    assert suits and all("landkreis" in MeasureProfile.objects.get(title=t).kinds for t in suits)
    assert len(suits) < MeasureProfile.objects.count()


def test_odd_queries_are_harmless(facilitator_client, workshop):
    for query in ("%", "'; DROP", "&|!:*()", "١٢٣", "x" * 5000):
        response = facilitator_client.get(catalogue_url(workshop, q=query, feld="abc"))
        assert response.status_code == 200


def test_taking_a_profile_makes_an_editable_copy_that_records_its_origin(
    facilitator_client, workshop, infrastructure
):
    MeasureFactory(workshop=workshop, action_field=infrastructure, title="Schon da")
    profile = MeasureProfile.objects.filter(field=infrastructure.source).first()
    take = reverse("measures:catalogue_take", args=[workshop.pk, profile.pk])
    response = facilitator_client.post(take, {"field": infrastructure.pk, "back": "?q=a"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"?q=a#profile-{profile.pk}")
    measure = Measure.objects.get(profile=profile)
    assert (measure.title, measure.description, measure.rank) == (profile.title, profile.summary, 2)
    assert measure.timeframe == profile.timeframe and measure.effort == profile.effort
    assert measure.action_field == infrastructure
    page = facilitator_client.get(catalogue_url(workshop)).content.decode()
    assert "Übernommen, Rang 2" in page
    # Editing the copy leaves the profile as it is.
    Measure.objects.filter(pk=measure.pk).update(title="Unser Glasfaserprojekt")
    profile.refresh_from_db()
    assert profile.title != "Unser Glasfaserprojekt"


def test_the_catalogue_suggests_the_field_taken_from_the_same_catalogue_entry(
    facilitator_client, workshop, infrastructure
):
    ActionFieldFactory(workshop=workshop, name="Anderes Feld")
    profile = MeasureProfile.objects.filter(field=infrastructure.source).first()
    page = facilitator_client.get(catalogue_url(workshop)).content.decode()
    select = page.split(f'id="take-{profile.pk}-field"')[1].split("</select>")[0]
    assert f'<option value="{infrastructure.pk}" selected>' in select


@pytest.mark.django_db(transaction=True)
def test_a_double_click_takes_a_profile_once(workshop, facilitator, infrastructure):
    profile = MeasureProfile.objects.filter(field=infrastructure.source).first()
    take = reverse("measures:catalogue_take", args=[workshop.pk, profile.pk])
    statuses = []

    def click():
        client = Client()
        client.force_login(facilitator)
        statuses.append(client.post(take, {"field": infrastructure.pk}).status_code)
        connection.close()

    threads = [threading.Thread(target=click) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302] * 4
    assert Measure.objects.filter(workshop=workshop, profile=profile).count() == 1


def test_taking_needs_a_field_of_this_process(
    facilitator_client, workshop, infrastructure, outsider
):
    profile = MeasureProfile.objects.first()
    take = reverse("measures:catalogue_take", args=[workshop.pk, profile.pk])
    foreign_field = ActionFieldFactory(name="Fremd")
    response = facilitator_client.post(take, {"field": foreign_field.pk}, follow=True)
    assert "Bitte wählen Sie das Handlungsfeld" in response.content.decode()
    assert not Measure.objects.filter(profile=profile).exists()


def test_viewers_browse_but_cannot_take(client, viewer, workshop, infrastructure):
    client.force_login(viewer)
    response = client.get(catalogue_url(workshop))
    assert response.status_code == 200
    assert "In die Strategie übernehmen" not in response.content.decode()
    profile = MeasureProfile.objects.first()
    take = reverse("measures:catalogue_take", args=[workshop.pk, profile.pk])
    assert client.post(take, {"field": infrastructure.pk}).status_code == 403


def test_another_kommunes_own_profile_is_not_found(facilitator_client, workshop, infrastructure):
    other = Kommune.objects.create(name="Andersdorf", slug="andersdorf")
    own = MeasureProfile.objects.create(
        slug="eigen", field=infrastructure.source, title="Geheimes Projekt", kommune=other
    )
    assert (
        "Geheimes Projekt" not in facilitator_client.get(catalogue_url(workshop)).content.decode()
    )
    take = reverse("measures:catalogue_take", args=[workshop.pk, own.pk])
    assert facilitator_client.post(take, {"field": infrastructure.pk}).status_code == 404


def test_a_plan_starts_from_the_profile_without_replacing_what_is_written(
    facilitator_client, workshop, infrastructure
):
    profile = (
        MeasureProfile.objects.filter(field=infrastructure.source).exclude(milestones=[]).first()
    )
    measure, _created = take_profile(workshop, profile, infrastructure)
    plan_url = reverse("measures:plan_detail", args=[workshop.pk, measure.pk])
    assert (
        "Die Planung aus dem Steckbrief beginnen"
        in facilitator_client.get(plan_url).content.decode()
    )
    ProjectPlan.objects.create(measure=measure, result="Unser eigenes Ergebnis")
    start = reverse("measures:plan_from_profile", args=[workshop.pk, measure.pk])
    response = facilitator_client.post(start, follow=True)
    assert "Aus dem Steckbrief übernommen" in response.content.decode()
    plan = ProjectPlan.objects.get(measure=measure)
    assert plan.result == "Unser eigenes Ergebnis"
    assert plan.target_group == profile.target_group
    assert [s.name for s in plan.stakeholders.all()] == [s["name"] for s in profile.stakeholders]
    assert [t.title for t in plan.tasks.order_by("position")] == profile.tasks
    milestones = list(plan.milestones.order_by("position"))
    assert [m.title for m in milestones] == profile.milestones
    dues = [m.due for m in milestones]
    assert dues == sorted(dues) and dues[0] > datetime.date.today()
    # Twice: nothing is added again.
    facilitator_client.post(start)
    assert plan.tasks.count() == len(profile.tasks)
    assert plan.milestones.count() == len(profile.milestones)


def test_only_a_measure_from_the_catalogue_starts_from_a_profile(
    facilitator_client, viewer, workshop, infrastructure
):
    own = MeasureFactory(workshop=workshop, action_field=infrastructure)
    start = reverse("measures:plan_from_profile", args=[workshop.pk, own.pk])
    assert facilitator_client.post(start).status_code == 404
    profile = MeasureProfile.objects.filter(field=infrastructure.source).first()
    measure, _created = take_profile(workshop, profile, infrastructure)
    reader = Client()
    reader.force_login(viewer)
    start = reverse("measures:plan_from_profile", args=[workshop.pk, measure.pk])
    assert reader.post(start).status_code == 403
    assert not ProjectPlan.objects.filter(measure=measure).exists()


@pytest.mark.parametrize("vendor", ["native", "fallback"])
def test_hyphenated_words_are_found_joined_up(facilitator_client, workshop, vendor, monkeypatch):
    field = CatalogueField.objects.get(catalogue__slug="smart-city", name="Smart Economy")
    MeasureProfile.objects.create(slug="x-cowork", field=field, title="Co-Working-Space im Dorf")
    if vendor == "fallback":
        monkeypatch.setattr(connection, "vendor", "sqlite")
    for query in ("Coworking", "co-working", "Working"):
        assert "Co-Working-Space im Dorf" in titles(
            facilitator_client.get(catalogue_url(workshop, q=query))
        ), query


@pytest.mark.django_db(transaction=True)
def test_parallel_starts_from_the_profile_fill_the_plan_once(workshop, facilitator, infrastructure):
    profile = MeasureProfile.objects.filter(field=infrastructure.source).exclude(tasks=[]).first()
    measure, _created = take_profile(workshop, profile, infrastructure)
    start = reverse("measures:plan_from_profile", args=[workshop.pk, measure.pk])
    statuses = []

    def click():
        client = Client()
        client.force_login(facilitator)
        statuses.append(client.post(start).status_code)
        connection.close()

    threads = [threading.Thread(target=click) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302] * 4
    plan = ProjectPlan.objects.get(measure=measure)
    assert plan.tasks.count() == len(profile.tasks)
    assert plan.stakeholders.count() == len(profile.stakeholders)
    assert plan.milestones.count() == len(profile.milestones)
