"""No lost updates: an edit form refuses to overwrite what someone else saved meanwhile.

The check and the write are one atomic step (the row is locked while the fingerprint is
compared), and a conflict shows the saved version beside the user's input.
"""

import html
import re
import threading

import pytest
from django.db import connection
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fields.forms import ActionFieldForm
from fields.models import ActionField
from measures.forms import MeasureForm
from measures.models import Measure, Task
from measures.plan_forms import TaskForm
from tests.factories import (
    ActionFieldFactory,
    LeitsatzFactory,
    MeasureFactory,
    ProjectPlanFactory,
    TaskFactory,
)
from workshops.conflicts import EditConflict, Segment, word_diff
from workshops.forms import LeitsatzForm, VisionForm
from workshops.models import Leitsatz, Workshop

CONFLICT = "Jemand anderes hat dies inzwischen geändert"
MISSING_VERSION = "Dieses Formular kam ohne den Stand an"


def vision_version(workshop):
    return VisionForm(instance=Workshop.objects.get(pk=workshop.pk)).saved_version()


def measure_version(measure):
    fresh = Measure.objects.get(pk=measure.pk)
    return MeasureForm(instance=fresh, action_field=fresh.action_field, goals=[]).saved_version()


def measure_post(measure, version=None, **values):
    """The edit form of `measure` as the browser sends it; `version=None` leaves it out."""
    data = {"title": measure.title, "description": "", "goal": "", "timeframe": "short"}
    data |= {"effort": "", "impact": "", **values}
    if version is not None:
        data["version"] = version
    return {f"measure-{measure.pk}-{name}": value for name, value in data.items()}


def measure_url(measure):
    return reverse("measures:measure_update", args=[measure.workshop_id, measure.pk])


def marked(page, tag):
    """The texts marked as changed with <del> or <ins>, without their screen-reader labels."""
    return [
        html.unescape(text)
        for text in re.findall(rf'<{tag}><span class="kern-sr-only">[^<]*</span>(.*?)<span', page)
    ]


def field_value(page, name):
    """The value a text input or textarea named `name` holds in `page`."""
    found = re.search(rf'<textarea name="{name}"[^>]*>\n?(.*?)</textarea>', page, re.S)
    if found is None:
        found = re.search(rf'<input type="text" name="{name}" value="([^"]*)"', page)
    return html.unescape(found.group(1))


# --- The check ------------------------------------------------------------------------------


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
    assert CONFLICT in page
    assert field_value(page, "vision") == "Mein Text"  # nothing the user typed is lost
    assert marked(page, "del") == ["der Kollegin"]  # "Text" is in both
    assert marked(page, "ins") == ["Mein"]
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


@pytest.mark.django_db(transaction=True)
def test_simultaneous_saves_of_one_measure_with_the_same_version_let_exactly_one_win(
    workshop, facilitator, database_vendor
):
    measure = MeasureFactory(action_field=ActionFieldFactory(workshop=workshop))
    url = measure_url(measure)
    outcomes = []
    for pair in range(15):
        Measure.objects.filter(pk=measure.pk).update(title=f"Ausgangsstand {pair}")
        version = measure_version(measure)
        barrier = threading.Barrier(2)
        answers = {}

        def save(title, version=version, barrier=barrier, answers=answers):
            client = Client(raise_request_exception=True)
            client.force_login(facilitator)
            try:
                barrier.wait(timeout=10)
                response = client.post(
                    url, measure_post(measure, version, title=title), HTTP_HX_REQUEST="true"
                )
                answers[title] = (response.status_code, CONFLICT in response.content.decode())
            finally:
                connection.close()

        threads = [threading.Thread(target=save, args=(f"{who} {pair}",)) for who in "AB"]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        winners = [title for title, (_status, conflict) in answers.items() if not conflict]
        saved = Measure.objects.get(pk=measure.pk).title
        outcomes.append((sorted(s for s, _c in answers.values()), len(winners), winners == [saved]))
    assert outcomes == [([200, 200], 1, True)] * 15


def test_a_save_without_version_is_refused_and_overwrites_nothing(
    facilitator_client, workshop, htmx
):
    measure = MeasureFactory(
        action_field=ActionFieldFactory(workshop=workshop), description="Gespeicherter Text"
    )
    response = facilitator_client.post(
        measure_url(measure), measure_post(measure, description="Ungeprüfter Text"), **htmx
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert MISSING_VERSION in page
    assert Measure.objects.get(pk=measure.pk).description == "Gespeicherter Text"
    assert field_value(page, f"measure-{measure.pk}-description") == "Ungeprüfter Text"
    # The form now carries the version, so saving once more is a deliberate overwrite.
    assert f'value="{measure_version(measure)}"' in page
    facilitator_client.post(
        measure_url(measure),
        measure_post(measure, measure_version(measure), description="Ungeprüfter Text"),
        **htmx,
    )
    assert Measure.objects.get(pk=measure.pk).description == "Ungeprüfter Text"


def test_an_empty_version_counts_as_missing(db):
    measure = MeasureFactory(description="Alt")
    data = {"title": measure.title, "description": "Neu", "timeframe": "short", "version": ""}
    form = MeasureForm(data, instance=measure, action_field=measure.action_field, goals=[])
    assert form.is_valid(), form.errors
    assert form.save_if_unchanged() is None
    assert form.non_field_errors().as_data()[0].code == "conflict"
    assert Measure.objects.get(pk=measure.pk).description == "Alt"


def test_saving_twice_with_the_same_input_is_no_conflict(facilitator_client, workshop, htmx):
    """A double click sends the old version twice; nothing would be overwritten, so both pass."""
    measure = MeasureFactory(action_field=ActionFieldFactory(workshop=workshop))
    data = measure_post(measure, measure_version(measure), title="Doppelt gespeichert")
    first = facilitator_client.post(measure_url(measure), data, **htmx)
    second = facilitator_client.post(measure_url(measure), data, **htmx)
    assert CONFLICT not in first.content.decode()
    assert CONFLICT not in second.content.decode()
    assert Measure.objects.get(pk=measure.pk).title == "Doppelt gespeichert"


def test_save_raises_on_a_conflict_so_no_caller_can_report_success(db):
    measure = MeasureFactory(title="Vorher")
    version = measure_version(measure)
    Measure.objects.filter(pk=measure.pk).update(title="Kollegin")
    data = {"title": "Ich", "timeframe": "short", "version": version}
    form = MeasureForm(data, instance=measure, action_field=measure.action_field, goals=[])
    assert form.is_valid(), form.errors
    with pytest.raises(EditConflict):
        form.save()
    assert not form.is_valid()
    assert Measure.objects.get(pk=measure.pk).title == "Kollegin"


def test_saving_a_row_deleted_meanwhile_is_a_404(db):
    leitsatz = LeitsatzFactory(text="Weg")
    form = LeitsatzForm(
        {"text": "Neu", "version": LeitsatzForm(instance=leitsatz).saved_version()},
        instance=leitsatz,
    )
    assert form.is_valid(), form.errors
    Leitsatz.objects.filter(pk=leitsatz.pk).delete()
    with pytest.raises(Http404):
        form.save()


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
    version = measure_version(first)
    second.move_to(1)  # meanwhile: first moves to rank 2
    data = {"title": "Umbenannt", "timeframe": "short", "goal": "", "effort": "", "impact": ""}
    form = MeasureForm(
        {**data, "version": version}, instance=stale, action_field=first.action_field, goals=[]
    )
    assert form.is_valid(), form.errors
    form.save()
    assert list(Measure.objects.order_by("rank").values_list("title", "rank")) == [
        (second.title, 1),
        ("Umbenannt", 2),
    ]


def test_a_task_edited_meanwhile_is_not_overwritten(facilitator_client, workshop, htmx):
    task = TaskFactory(
        plan=ProjectPlanFactory(measure__action_field__workshop=workshop), title="Alt"
    )
    version = TaskForm(instance=task).saved_version()
    Task.objects.filter(pk=task.pk).update(title="Von der Kollegin")
    measure = task.plan.measure
    response = facilitator_client.post(
        reverse("measures:task_update", args=[workshop.pk, measure.pk, task.pk]),
        {f"task-{task.pk}-title": "Von mir", f"task-{task.pk}-version": version},
        **htmx,
    )
    page = response.content.decode()
    assert CONFLICT in page
    assert field_value(page, f"task-{task.pk}-title") == "Von mir"
    assert Task.objects.get(pk=task.pk).title == "Von der Kollegin"


# --- What a conflict shows ------------------------------------------------------------------


def test_word_diff_marks_only_the_words_that_differ():
    stored, typed = word_diff("Termine online buchen\nfür alle Ämter", "Termine buchen für  alle")
    assert stored == [
        Segment("Termine ", changed=False),
        Segment("online", changed=True),
        Segment(" buchen\nfür alle ", changed=False),
        Segment("Ämter", changed=True),
    ]
    assert typed == [Segment("Termine buchen für  alle", changed=False)]
    # Whole words are compared, and each side joined again gives back its text exactly.
    assert word_diff("Ziel 2030", "Ziel 2035") == (
        [Segment("Ziel ", changed=False), Segment("2030", changed=True)],
        [Segment("Ziel ", changed=False), Segment("2035", changed=True)],
    )
    assert word_diff("", "neu") == ([], [Segment("neu", changed=True)])


def test_a_measure_conflict_shows_the_saved_text_beside_the_typed_one(
    facilitator_client, workshop, htmx
):
    measure = MeasureFactory(
        action_field=ActionFieldFactory(workshop=workshop),
        title="Online-Terminbuchung",
        description="Termine online buchen für alle Ämter",
    )
    version = measure_version(measure)
    Measure.objects.filter(pk=measure.pk).update(
        description="Termine online buchen für alle Bürgerämter", effort="high"
    )
    response = facilitator_client.post(
        measure_url(measure),
        measure_post(measure, version, description="Termine telefonisch buchen für alle Ämter"),
        **htmx,
    )
    page = response.content.decode()
    assert CONFLICT in page
    assert "Gespeichert von anderer Person" in page and "Ihre Eingabe" in page
    assert "Vergleich: Beschreibung" in page
    assert "Vergleich: Titel" not in page  # unchanged fields are not compared
    assert marked(page, "del") == ["online", "Bürgerämter", "hoch"]
    assert marked(page, "ins") == ["telefonisch", "Ämter"]
    assert "(leer)" in page  # the effort the user left empty
    assert field_value(page, f"measure-{measure.pk}-description") == (
        "Termine telefonisch buchen für alle Ämter"
    )
    assert field_value(page, f"measure-{measure.pk}-title") == "Online-Terminbuchung"
    assert Measure.objects.get(pk=measure.pk).description.endswith("Bürgerämter")


def test_a_leitsatz_conflict_shows_the_saved_text_beside_the_typed_one(
    facilitator_client, workshop, htmx
):
    leitsatz = LeitsatzFactory(workshop=workshop, text="Wir denken digital zuerst.")
    version = LeitsatzForm(instance=leitsatz).saved_version()
    Leitsatz.objects.filter(pk=leitsatz.pk).update(text="Wir denken nutzerorientiert zuerst.")
    prefix = f"leitsatz-{leitsatz.pk}"
    response = facilitator_client.post(
        reverse("workshops:leitsatz_update", args=[workshop.pk, leitsatz.pk]),
        {f"{prefix}-text": "Wir denken digital und barrierefrei.", f"{prefix}-version": version},
        **htmx,
    )
    page = response.content.decode()
    assert CONFLICT in page
    assert marked(page, "del") == ["nutzerorientiert zuerst."]
    assert marked(page, "ins") == ["digital und barrierefrei."]
    assert field_value(page, f"{prefix}-text") == "Wir denken digital und barrierefrei."
    assert Leitsatz.objects.get(pk=leitsatz.pk).text == "Wir denken nutzerorientiert zuerst."


def test_a_field_of_action_conflict_shows_the_saved_text_beside_the_typed_one(
    facilitator_client, workshop, htmx
):
    field = ActionFieldFactory(workshop=workshop, name="Bildung", why="Schulen brauchen WLAN.")
    version = ActionFieldForm(instance=field, workshop=workshop).saved_version()
    ActionField.objects.filter(pk=field.pk).update(why="Schulen brauchen schnelles WLAN.")
    prefix = f"field-{field.pk}"
    data = {"name": "Bildung", "why": "Alle Schulen brauchen WLAN.", "what": "", "who": ""}
    response = facilitator_client.post(
        reverse("fields:field_update", args=[workshop.pk, field.pk]),
        {
            **{f"{prefix}-{k}": v for k, v in data.items()},
            f"{prefix}-when_how": "",
            f"{prefix}-version": version,
        },
        **htmx,
    )
    page = response.content.decode()
    assert CONFLICT in page
    assert marked(page, "del") == ["schnelles"]
    assert marked(page, "ins") == ["Alle"]
    assert field_value(page, f"{prefix}-why") == "Alle Schulen brauchen WLAN."
    assert ActionField.objects.get(pk=field.pk).why == "Schulen brauchen schnelles WLAN."


def test_a_conflict_escapes_markup_in_both_versions(facilitator_client, workshop, htmx):
    measure = MeasureFactory(action_field=ActionFieldFactory(workshop=workshop), description="x")
    version = measure_version(measure)
    theirs = "<script>alert(1)</script> bleibt"
    mine = '"><img src=x onerror=alert(2)> neu'
    Measure.objects.filter(pk=measure.pk).update(description=theirs)
    response = facilitator_client.post(
        measure_url(measure), measure_post(measure, version, description=mine), **htmx
    )
    page = response.content.decode()
    assert CONFLICT in page
    assert "<script>alert(1)" not in page
    assert "<img src=x" not in page
    assert marked(page, "del") == ["<script>alert(1)</script> bleibt"]
    assert marked(page, "ins") == ['"><img src=x onerror=alert(2)> neu']
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&quot;&gt;&lt;img src=x onerror=alert(2)&gt;" in page
