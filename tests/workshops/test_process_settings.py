"""Managing a process after creating it: settings (title, Stand, status), archive, delete,
and the last change that every successful edit records."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from fields.models import ActionField, Goal
from measures.models import Measure, ProjectPlan, Task
from tests.factories import (
    ActionFieldFactory,
    GoalFactory,
    LeitsatzFactory,
    MeasureFactory,
    ProjectPlanFactory,
    TaskFactory,
    UserFactory,
)
from workshops import pdf
from workshops.forms import VisionForm, WorkshopSettingsForm
from workshops.models import Leitsatz, Method, Workshop
from workshops.strategy import gather


def settings_url(workshop):
    return reverse("workshops:workshop_settings", args=[workshop.pk])


def archive_url(workshop):
    return reverse("workshops:workshop_archive", args=[workshop.pk])


def delete_url(workshop):
    return reverse("workshops:workshop_delete", args=[workshop.pk])


def settings_data(workshop, **changes):
    form = WorkshopSettingsForm(instance=workshop)
    data = {
        "title": workshop.title,
        "document_date": "",
        "document_version": "",
        "status": workshop.status,
        "version": form.fields["version"].initial,
    }
    return {**data, **changes}


def vision_data(workshop):
    return {"vision": "Neu", "version": VisionForm(instance=workshop).fields["version"].initial}


# --- Settings: title, Stand, status --------------------------------------------------------


def test_editor_renames_and_sets_stand_and_status(client, editor, workshop):
    client.force_login(editor)
    data = settings_data(
        workshop,
        title="Digitalstrategie 2035",
        document_date="2026-11-29",
        document_version="1.0 (Ratsfassung)",
        status="review",
    )
    response = client.post(settings_url(workshop), data, follow=True)
    workshop.refresh_from_db()
    assert response.redirect_chain == [(settings_url(workshop), 302)]
    assert workshop.title == "Digitalstrategie 2035"
    assert workshop.document_date == datetime.date(2026, 11, 29)
    assert workshop.document_version == "1.0 (Ratsfassung)"
    assert workshop.status == Workshop.Status.PUBLIC_REVIEW
    # The title page and the imprint carry the version.
    html = pdf.render_html(gather(workshop))
    assert html.count("1.0 (Ratsfassung)") == 2
    assert workshop.updated_by == editor
    assert "Einstellungen gespeichert." in response.content.decode()


def test_stand_typed_the_german_way_is_accepted(facilitator_client, workshop):
    facilitator_client.post(
        settings_url(workshop), settings_data(workshop, document_date="1.3.2027")
    )
    workshop.refresh_from_db()
    assert workshop.document_date == datetime.date(2027, 3, 1)


def test_empty_stand_clears_it(facilitator_client, workshop):
    workshop.document_date = datetime.date(2026, 1, 1)
    workshop.save()
    facilitator_client.post(settings_url(workshop), settings_data(workshop, document_date=""))
    workshop.refresh_from_db()
    assert workshop.document_date is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31.02.2027", "gültiges Datum"),
        ("morgen", "gültiges Datum"),
        ("0001-01-01", "zwischen den Jahren 2000 und 2100"),
        ("9999-12-31", "zwischen den Jahren 2000 und 2100"),
    ],
)
def test_invalid_stand_gets_a_german_error_and_keeps_the_input(
    facilitator_client, workshop, value, message
):
    data = settings_data(workshop, title="Neuer Titel", document_date=value)
    response = facilitator_client.post(settings_url(workshop), data)
    page = response.content.decode()
    workshop.refresh_from_db()
    assert response.status_code == 200
    assert message in page
    assert 'value="Neuer Titel"' in page
    assert workshop.title == "Digitalstrategie 2030"
    assert workshop.document_date is None
    # The page around the form still names the saved title.
    assert ">Digitalstrategie 2030</a>" in page
    assert ">Neuer Titel</a>" not in page


def test_empty_title_gets_a_german_error(facilitator_client, workshop):
    response = facilitator_client.post(settings_url(workshop), settings_data(workshop, title=" "))
    assert "Bitte geben Sie einen Titel ein." in response.content.decode()
    workshop.refresh_from_db()
    assert workshop.title == "Digitalstrategie 2030"


def test_settings_refuse_to_overwrite_a_change_made_meanwhile(facilitator_client, workshop):
    data = settings_data(workshop, title="Meine Fassung")
    Workshop.objects.filter(pk=workshop.pk).update(title="Fassung der Kollegin")
    response = facilitator_client.post(settings_url(workshop), data)
    workshop.refresh_from_db()
    assert response.status_code == 200
    assert workshop.title == "Fassung der Kollegin"
    assert "Jemand anderes hat dies inzwischen geändert." in response.content.decode()


def test_stand_is_the_date_of_the_strategy_document(workshop):
    assert gather(workshop).date == timezone.localdate()
    workshop.document_date = datetime.date(2026, 11, 29)
    workshop.save()
    assert gather(workshop).date == datetime.date(2026, 11, 29)
    assert gather(workshop, today=datetime.date(2027, 1, 1)).date == datetime.date(2026, 11, 29)


def test_settings_page_shows_management_only_to_facilitators(client, facilitator, editor, workshop):
    client.force_login(facilitator)
    page = client.get(settings_url(workshop)).content.decode()
    assert reverse("measures:workshop_copy", args=[workshop.pk]) in page
    assert delete_url(workshop) in page
    assert archive_url(workshop) in page
    client.force_login(editor)
    page = client.get(settings_url(workshop)).content.decode()
    assert 'name="title"' in page
    assert reverse("measures:workshop_copy", args=[workshop.pk]) not in page
    assert delete_url(workshop) not in page
    assert archive_url(workshop) not in page


def test_step_pages_link_to_the_settings_for_editors_only(client, editor, viewer, workshop):
    vision = reverse("workshops:vision", args=[workshop.pk])
    client.force_login(editor)
    assert settings_url(workshop) in client.get(vision).content.decode()
    client.force_login(viewer)
    assert settings_url(workshop) not in client.get(vision).content.decode()


def test_viewer_may_not_change_settings(client, viewer, workshop):
    client.force_login(viewer)
    assert client.get(settings_url(workshop)).status_code == 403
    response = client.post(settings_url(workshop), settings_data(workshop, title="Von Lesenden"))
    assert response.status_code == 403
    workshop.refresh_from_db()
    assert workshop.title == "Digitalstrategie 2030"


# --- Archive -------------------------------------------------------------------------------


def test_facilitator_archives_and_brings_back(facilitator_client, facilitator, workshop):
    response = facilitator_client.post(archive_url(workshop), {"archived": "1"}, follow=True)
    workshop.refresh_from_db()
    page = response.content.decode()
    assert workshop.archived_at is not None
    assert workshop.updated_by == facilitator
    assert "ist archiviert" in page
    assert "Dieser Prozess ist archiviert" in page

    response = facilitator_client.post(archive_url(workshop), {"archived": "0"}, follow=True)
    workshop.refresh_from_db()
    assert workshop.archived_at is None
    assert "ist wieder aktiv" in response.content.decode()


def test_archiving_twice_keeps_the_first_date(facilitator_client, workshop):
    facilitator_client.post(archive_url(workshop), {"archived": "1"})
    workshop.refresh_from_db()
    first = workshop.archived_at
    facilitator_client.post(archive_url(workshop), {"archived": "1"})
    workshop.refresh_from_db()
    assert workshop.archived_at == first


def test_archived_process_stays_readable_with_a_notice(client, viewer, workshop):
    Workshop.objects.filter(pk=workshop.pk).update(archived_at=timezone.now())
    client.force_login(viewer)
    for name in ("workshops:vision", "fields:field_list", "workshops:strategy"):
        response = client.get(reverse(name, args=[workshop.pk]))
        assert response.status_code == 200
        assert "Dieser Prozess ist archiviert" in response.content.decode()


def test_editor_may_not_archive(client, editor, workshop):
    client.force_login(editor)
    assert client.post(archive_url(workshop), {"archived": "1"}).status_code == 403
    workshop.refresh_from_db()
    assert workshop.archived_at is None


def test_archive_needs_post(facilitator_client, workshop):
    assert facilitator_client.get(archive_url(workshop)).status_code == 405


# --- Delete --------------------------------------------------------------------------------


def full_process(workshop):
    """Two Leitsätze, two fields, three goals, four measures, two plans with a task."""
    LeitsatzFactory.create_batch(2, workshop=workshop)
    first, second = ActionFieldFactory.create_batch(2, workshop=workshop)
    goal = GoalFactory(action_field=first)
    GoalFactory.create_batch(2, action_field=second)
    measures = [MeasureFactory(action_field=first, goal=goal) for _ in range(3)]
    measures.append(MeasureFactory(action_field=second))
    for measure in measures[:2]:
        TaskFactory(plan=ProjectPlanFactory(measure=measure))
    return workshop


def test_delete_confirmation_names_what_goes_with_it(facilitator_client, workshop):
    full_process(workshop)
    response = facilitator_client.get(delete_url(workshop))
    page = response.content.decode()
    assert response.status_code == 200
    assert "„Digitalstrategie 2030“ wird gelöscht." in page
    assert (
        "die Vision, 2 Leitsätze, 2 Handlungsfelder, 3 Ziele, 4 Maßnahmen und 2 Projektpläne."
    ) in page
    assert settings_url(workshop) in page
    assert Workshop.objects.filter(pk=workshop.pk).exists()


def test_delete_confirmation_of_an_empty_process_uses_the_singular_and_zero(
    facilitator_client, workshop
):
    LeitsatzFactory(workshop=workshop)
    page = facilitator_client.get(delete_url(workshop)).content.decode()
    assert "1 Leitsatz, 0 Handlungsfelder, 0 Ziele, 0 Maßnahmen und 0 Projektpläne" in page


def test_deleting_removes_the_process_and_its_content(facilitator_client, kommune, workshop):
    full_process(workshop)
    other = full_process(Workshop.objects.create(kommune=kommune, title="Bleibt"))
    response = facilitator_client.post(delete_url(workshop), follow=True)
    assert response.redirect_chain == [(reverse("workshops:dashboard"), 302)]
    assert "Strategieprozess „Digitalstrategie 2030“ gelöscht." in response.content.decode()
    assert list(Workshop.objects.all()) == [other]
    assert Leitsatz.objects.count() == 2
    assert ActionField.objects.count() == 2
    assert Goal.objects.count() == 3
    assert Measure.objects.count() == 4
    assert ProjectPlan.objects.count() == 2
    assert Task.objects.count() == 2


def test_editor_may_not_delete(client, editor, workshop):
    client.force_login(editor)
    assert client.get(delete_url(workshop)).status_code == 403
    assert client.post(delete_url(workshop)).status_code == 403
    assert Workshop.objects.filter(pk=workshop.pk).exists()


# --- Outsiders -----------------------------------------------------------------------------


def test_outsider_gets_404_for_every_management_view(client, outsider, workshop):
    client.force_login(outsider)
    assert client.get(settings_url(workshop)).status_code == 404
    assert client.post(settings_url(workshop), settings_data(workshop)).status_code == 404
    assert client.post(archive_url(workshop), {"archived": "1"}).status_code == 404
    assert client.get(delete_url(workshop)).status_code == 404
    assert client.post(delete_url(workshop)).status_code == 404
    workshop.refresh_from_db()
    assert workshop.archived_at is None


# --- Last change, by whom ------------------------------------------------------------------


@pytest.fixture
def measure(workshop):
    return MeasureFactory(action_field=ActionFieldFactory(workshop=workshop))


def _changes(workshop, measure):
    """One successful change through each step module's answering helper."""
    pk, field_pk = workshop.pk, measure.action_field_id
    return {
        "vision": (reverse("workshops:vision_save", args=[pk]), vision_data(workshop)),
        "fields": (reverse("fields:field_add", args=[pk]), {"name": "Kultur"}),
        "measures": (
            reverse("measures:goal_add", args=[pk, field_pk]),
            {f"goal-new-{field_pk}-title": "Ein Ziel"},
        ),
        "ranking": (reverse("measures:ranking_confirm", args=[pk]), {}),
        "plan_count": (reverse("measures:plan_count", args=[pk]), {"deep_plan_count": "3"}),
        "planning": (
            reverse("measures:task_add", args=[pk, measure.pk]),
            {"task-title": "Eine Aufgabe"},
        ),
    }


@pytest.mark.parametrize(
    "step", ["vision", "fields", "measures", "ranking", "plan_count", "planning"]
)
@pytest.mark.parametrize("as_htmx", [False, True])
def test_every_step_records_who_changed_the_process_last(
    client, editor, workshop, measure, step, as_htmx, htmx
):
    Workshop.objects.filter(pk=workshop.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=3), updated_by=None
    )
    client.force_login(editor)
    url, data = _changes(workshop, measure)[step]
    response = client.post(url, data, **(htmx if as_htmx else {}))
    assert response.status_code in (200, 302)
    workshop.refresh_from_db()
    assert workshop.updated_by == editor
    assert timezone.now() - workshop.updated_at < datetime.timedelta(minutes=1)


def test_a_refused_change_records_nothing(client, editor, workshop):
    client.force_login(editor)
    client.post(reverse("workshops:leitsatz_add", args=[workshop.pk]), {"text": ""})
    workshop.refresh_from_db()
    assert workshop.updated_by is None


def test_creating_a_process_records_its_creator(facilitator_client, facilitator, kommune):
    facilitator_client.post(
        reverse("workshops:workshop_create", args=[kommune.slug]),
        {"title": "Neu", "method": Method.objects.get(slug="strategiestarter").pk},
    )
    assert Workshop.objects.get(title="Neu").updated_by == facilitator


def test_change_by_the_editor_shows_on_the_dashboard_with_her_name(
    client, editor, facilitator, workshop
):
    editor.first_name, editor.last_name = "Anna", "Schmidt"
    editor.save()
    client.force_login(editor)
    client.post(reverse("workshops:vision_save", args=[workshop.pk]), vision_data(workshop))
    workshop.refresh_from_db()
    stamp = timezone.localtime(workshop.updated_at).strftime("%d.%m.%Y, %H:%M")
    client.force_login(facilitator)
    page = client.get(reverse("workshops:dashboard")).content.decode()
    assert f"zuletzt geändert am {stamp} von Anna Schmidt" in page


def test_dashboard_names_the_user_name_when_there_is_no_full_name(client, workshop, facilitator):
    Workshop.objects.filter(pk=workshop.pk).update(updated_by=UserFactory(username="kbauer"))
    client.force_login(facilitator)
    assert "von kbauer" in client.get(reverse("workshops:dashboard")).content.decode()
