"""Rows of a project plan: stakeholders (3), tasks (6) and milestones (7)."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from measures.models import Milestone, ProjectPlan, Stakeholder, Task
from measures.plan_forms import MilestoneForm, StakeholderForm, TaskForm
from tests.factories import (
    MeasureFactory,
    MilestoneFactory,
    ProjectPlanFactory,
    StakeholderFactory,
    TaskFactory,
)


def url(name, measure, *args):
    return reverse(f"measures:{name}", args=[measure.workshop_id, measure.pk, *args])


FORMS = {Stakeholder: StakeholderForm, Task: TaskForm, Milestone: MilestoneForm}


def shown_version(row):
    """The fingerprint the inline edit form of `row` sends along, as the page shows it now."""
    kind = row._meta.model_name
    form = FORMS[type(row)](instance=row, prefix=f"{kind}-{row.pk}")
    return {f"{kind}-{row.pk}-version": form.saved_version()}


@pytest.fixture
def measure(workshop):
    return MeasureFactory(action_field__workshop=workshop)


@pytest.fixture
def plan(measure):
    return ProjectPlanFactory(measure=measure)


STAKEHOLDER = {
    "stakeholder-name": "Seniorenbeirat",
    "stakeholder-role": "Rückmeldung zur Barrierefreiheit",
    "stakeholder-influence": "low",
    "stakeholder-interest": "high",
}


# --- Stakeholders ----------------------------------------------------------------------------


def test_adding_a_stakeholder_creates_the_plan_and_returns_only_its_region(
    facilitator_client, measure, htmx
):
    response = facilitator_client.post(url("stakeholder_add", measure), STAKEHOLDER, **htmx)
    page = response.content.decode()
    assert response.status_code == 200
    assert "workshopChanged" in json.loads(response.headers["HX-Trigger"])
    assert page.strip().startswith('<section id="beteiligte"')
    assert 'id="plan-answers"' not in page  # typed answers elsewhere are left alone
    stakeholder = Stakeholder.objects.get(plan__measure=measure)
    assert (stakeholder.name, stakeholder.influence, stakeholder.interest) == (
        "Seniorenbeirat",
        "low",
        "high",
    )
    assert "informieren" in page  # low influence, high interest
    assert "niedrig" in page and "hoch" in page


def test_stakeholders_are_added_at_the_end(facilitator_client, plan, htmx):
    StakeholderFactory(plan=plan, name="Erste", position=1)
    facilitator_client.post(url("stakeholder_add", plan.measure), STAKEHOLDER, **htmx)
    assert [s.name for s in plan.stakeholders.all()] == ["Erste", "Seniorenbeirat"]


def test_adding_a_stakeholder_without_htmx_redirects(facilitator_client, measure):
    response = facilitator_client.post(url("stakeholder_add", measure), STAKEHOLDER)
    assert response.status_code == 302
    assert response.url == url("plan_detail", measure)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"stakeholder-name": "  "}, "Bitte geben Sie einen Namen ein."),
        ({"stakeholder-name": "n" * 201}, "höchstens 200 Zeichen"),
        ({"stakeholder-influence": ""}, "Bitte wählen Sie hoch oder niedrig."),
        ({"stakeholder-interest": "mittel"}, "Bitte wählen Sie hoch oder niedrig."),
    ],
)
def test_bad_stakeholder_gets_a_german_error_and_keeps_the_input(
    facilitator_client, measure, htmx, changes, message
):
    data = {**STAKEHOLDER, **changes}
    response = facilitator_client.post(url("stakeholder_add", measure), data, **htmx)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "Rückmeldung zur Barrierefreiheit" in page
    assert not Stakeholder.objects.exists()
    assert not ProjectPlan.objects.exists()


def test_stakeholder_inline_edit_and_update(facilitator_client, plan, htmx):
    row = StakeholderFactory(plan=plan, name="Presse", influence="low", interest="low")
    form = facilitator_client.get(url("plan_detail", plan.measure), {"stakeholder": row.pk}, **htmx)
    page = form.content.decode()
    assert page.strip().startswith('<section id="beteiligte"')
    assert f'name="stakeholder-{row.pk}-name"' in page
    assert 'value="Presse"' in page
    response = facilitator_client.post(
        url("stakeholder_update", plan.measure, row.pk),
        {
            f"stakeholder-{row.pk}-name": "Lokale Presse",
            f"stakeholder-{row.pk}-role": "",
            f"stakeholder-{row.pk}-influence": "high",
            f"stakeholder-{row.pk}-interest": "low",
            **shown_version(row),
        },
        **htmx,
    )
    row.refresh_from_db()
    assert (row.name, row.influence) == ("Lokale Presse", "high")
    assert "zufriedenstellen" in response.content.decode()


def test_bad_stakeholder_edit_stays_in_the_edit_form(facilitator_client, plan, htmx):
    row = StakeholderFactory(plan=plan, name="Presse")
    response = facilitator_client.post(
        url("stakeholder_update", plan.measure, row.pk),
        {f"stakeholder-{row.pk}-name": "", f"stakeholder-{row.pk}-role": "Berichtet"},
        **htmx,
    )
    page = response.content.decode()
    assert "Bitte geben Sie einen Namen ein." in page
    assert f'name="stakeholder-{row.pk}-role"' in page and "Berichtet" in page
    row.refresh_from_db()
    assert row.name == "Presse"


def test_cancelling_an_inline_edit_returns_the_region(facilitator_client, plan, htmx):
    StakeholderFactory(plan=plan, name="Presse")
    response = facilitator_client.get(
        url("plan_detail", plan.measure), {"stakeholder": "none"}, **htmx
    )
    page = response.content.decode()
    assert page.strip().startswith('<section id="beteiligte"')
    assert "<html" not in page


def test_stakeholder_delete_asks_first_without_javascript(facilitator_client, plan):
    row = StakeholderFactory(plan=plan, name="Wird gelöscht")
    page = facilitator_client.get(url("stakeholder_delete", plan.measure, row.pk)).content.decode()
    assert "Wirklich löschen?" in page
    assert url("plan_detail", plan.measure) in page
    assert Stakeholder.objects.filter(pk=row.pk).exists()
    facilitator_client.post(url("stakeholder_delete", plan.measure, row.pk))
    assert not Stakeholder.objects.filter(pk=row.pk).exists()


def test_stakeholder_delete_with_htmx_asks_in_the_browser(facilitator_client, plan, htmx):
    row = StakeholderFactory(plan=plan, name="Presse")
    page = facilitator_client.get(url("plan_detail", plan.measure)).content.decode()
    assert 'data-hx-confirm="„Presse“ löschen?"' in page
    response = facilitator_client.post(url("stakeholder_delete", plan.measure, row.pk), **htmx)
    assert "Noch keine Beteiligten erfasst." in response.content.decode()
    assert "workshopChanged" in json.loads(response.headers["HX-Trigger"])


# --- Tasks -----------------------------------------------------------------------------------


def test_tasks_are_added_in_order_and_moved(facilitator_client, measure, htmx):
    for title in ["Anforderungen sammeln", "Anbieter vergleichen", "Beschluss"]:
        facilitator_client.post(url("task_add", measure), {"task-title": title}, **htmx)
    plan = ProjectPlan.objects.get(measure=measure)
    first, _second, third = plan.tasks.all()
    response = facilitator_client.post(
        url("task_move", measure, third.pk), {"direction": "up"}, **htmx
    )
    assert [t.title for t in plan.tasks.all()] == [
        "Anforderungen sammeln",
        "Beschluss",
        "Anbieter vergleichen",
    ]
    page = response.content.decode()
    assert page.strip().startswith('<section id="aufgaben"')
    assert page.index("Beschluss") < page.index("Anbieter vergleichen")
    facilitator_client.post(url("task_move", measure, first.pk), {"direction": "down"})
    assert [t.title for t in plan.tasks.all()][:2] == ["Beschluss", "Anforderungen sammeln"]


def test_moving_the_first_task_up_changes_nothing(facilitator_client, plan):
    first = TaskFactory(plan=plan, title="Erste", position=1)
    TaskFactory(plan=plan, title="Zweite", position=2)
    response = facilitator_client.post(
        url("task_move", plan.measure, first.pk), {"direction": "up"}
    )
    assert response.status_code == 302
    assert [t.title for t in plan.tasks.all()] == ["Erste", "Zweite"]


def test_empty_task_gets_a_german_error(facilitator_client, measure, htmx):
    response = facilitator_client.post(url("task_add", measure), {"task-title": " "}, **htmx)
    assert "Bitte beschreiben Sie die Aufgabe." in response.content.decode()
    assert not Task.objects.exists()


def test_task_edit_and_delete(facilitator_client, plan, htmx):
    task = TaskFactory(plan=plan, title="Alt")
    form = facilitator_client.get(url("plan_detail", plan.measure), {"task": task.pk}, **htmx)
    assert f'name="task-{task.pk}-title"' in form.content.decode()
    facilitator_client.post(
        url("task_update", plan.measure, task.pk),
        {f"task-{task.pk}-title": "Neu", **shown_version(task)},
        **htmx,
    )
    task.refresh_from_db()
    assert task.title == "Neu"
    response = facilitator_client.post(url("task_delete", plan.measure, task.pk), **htmx)
    assert "Noch keine Aufgaben erfasst." in response.content.decode()
    assert not Task.objects.exists()


def test_task_form_asks_who_and_by_when(facilitator_client, measure):
    page = facilitator_client.get(url("plan_detail", measure)).content.decode()
    assert 'name="task-owner"' in page
    assert 'type="date" name="task-due"' in page
    assert 'for="id_task-owner">Zuständig' in page
    assert 'for="id_task-due">Bis wann' in page


@pytest.mark.parametrize("due", ["2027-03-31", "31.03.2027", "31.3.2027"])
def test_task_is_added_with_owner_and_due_date(facilitator_client, measure, htmx, due):
    response = facilitator_client.post(
        url("task_add", measure),
        {"task-title": "Anbieter vergleichen", "task-owner": "Frau Becker", "task-due": due},
        **htmx,
    )
    task = Task.objects.get(plan__measure=measure)
    assert (task.title, task.owner, task.due) == (
        "Anbieter vergleichen",
        "Frau Becker",
        datetime.date(2027, 3, 31),
    )
    page = response.content.decode()
    assert "Zuständig: Frau Becker, bis" in page
    assert '<time datetime="2027-03-31">31.03.2027</time>' in page
    assert "vergangen" not in page


def test_task_needs_neither_owner_nor_due_date(facilitator_client, measure, htmx):
    response = facilitator_client.post(
        url("task_add", measure), {"task-title": "Beschluss", "task-owner": "", "task-due": ""}
    )
    assert response.status_code == 302
    task = Task.objects.get(plan__measure=measure)
    assert (task.owner, task.due) == ("", None)
    page = facilitator_client.get(url("plan_detail", measure)).content.decode()
    assert "Zuständig:" not in page


def test_task_edit_keeps_owner_and_due_date(facilitator_client, plan, htmx):
    task = TaskFactory(plan=plan, title="Alt", owner="IT", due=datetime.date(2027, 5, 1))
    form = facilitator_client.get(
        url("plan_detail", plan.measure), {"task": task.pk}, **htmx
    ).content.decode()
    assert f'name="task-{task.pk}-owner"' in form and 'value="IT"' in form
    assert 'value="2027-05-01"' in form
    facilitator_client.post(
        url("task_update", plan.measure, task.pk),
        {
            f"task-{task.pk}-title": "Alt",
            f"task-{task.pk}-owner": "Fachbereich 1",
            f"task-{task.pk}-due": "01.06.2027",
            **shown_version(task),
        },
        **htmx,
    )
    task.refresh_from_db()
    assert (task.owner, task.due) == ("Fachbereich 1", datetime.date(2027, 6, 1))


# --- Milestones ------------------------------------------------------------------------------


def test_milestone_is_added_with_a_date(facilitator_client, measure, htmx):
    response = facilitator_client.post(
        url("milestone_add", measure),
        {"milestone-title": "Start der Online-Terminvergabe", "milestone-due": "2027-03-01"},
        **htmx,
    )
    milestone = Milestone.objects.get(plan__measure=measure)
    assert milestone.due == datetime.date(2027, 3, 1)
    page = response.content.decode()
    assert page.strip().startswith('<section id="meilensteine"')
    assert "1. März 2027" in page


def test_milestone_form_uses_a_date_input(facilitator_client, measure):
    page = facilitator_client.get(url("plan_detail", measure)).content.decode()
    assert 'type="date" name="milestone-due"' in page


@pytest.mark.parametrize("due", ["nächste Woche", "2027-13-01", "31.02.2027"])
def test_milestone_with_a_bad_date_keeps_the_title(facilitator_client, measure, htmx, due):
    response = facilitator_client.post(
        url("milestone_add", measure),
        {"milestone-title": "Auftrag vergeben", "milestone-due": due},
        **htmx,
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Bitte geben Sie ein gültiges Datum ein." in page
    assert 'value="Auftrag vergeben"' in page
    assert 'id="id_milestone-due-error"' in page
    assert not Milestone.objects.exists()


def test_milestone_without_a_date_is_rejected(facilitator_client, measure, htmx):
    response = facilitator_client.post(
        url("milestone_add", measure), {"milestone-title": "Auftrag", "milestone-due": ""}, **htmx
    )
    assert "Bitte geben Sie ein gültiges Datum ein." in response.content.decode()


def test_milestone_edit_keeps_the_date_in_the_date_input(facilitator_client, plan, htmx):
    milestone = MilestoneFactory(plan=plan, title="Start", due=datetime.date(2027, 3, 1))
    form = facilitator_client.get(
        url("plan_detail", plan.measure), {"milestone": milestone.pk}, **htmx
    ).content.decode()
    assert 'value="2027-03-01"' in form
    facilitator_client.post(
        url("milestone_update", plan.measure, milestone.pk),
        {
            f"milestone-{milestone.pk}-title": "Start",
            f"milestone-{milestone.pk}-due": "15.04.2027",
            **shown_version(milestone),
        },
        **htmx,
    )
    milestone.refresh_from_db()
    assert milestone.due == datetime.date(2027, 4, 15)


def test_milestone_delete(facilitator_client, plan, htmx):
    milestone = MilestoneFactory(plan=plan)
    facilitator_client.post(url("milestone_delete", plan.measure, milestone.pk), **htmx)
    assert not Milestone.objects.exists()


# --- Dates of tasks and milestones -------------------------------------------------------------

YEAR_MESSAGE = "Bitte geben Sie ein Datum zwischen den Jahren 2000 und 2100 ein."


@pytest.mark.parametrize("kind", ["task", "milestone"])
@pytest.mark.parametrize("due", ["0001-01-01", "9999-12-31", "1999-12-31", "2101-01-01", "1.1.99"])
def test_implausible_years_are_refused_next_to_the_field(
    facilitator_client, measure, htmx, kind, due
):
    response = facilitator_client.post(
        url(f"{kind}_add", measure), {f"{kind}-title": "Termin", f"{kind}-due": due}, **htmx
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert YEAR_MESSAGE in page
    assert f'id="id_{kind}-due-error"' in page
    assert 'value="Termin"' in page
    assert not Task.objects.exists() and not Milestone.objects.exists()


@pytest.mark.parametrize("due", ["2000-01-01", "2100-12-31"])
def test_the_first_and_last_allowed_days_are_accepted(facilitator_client, measure, due):
    facilitator_client.post(
        url("milestone_add", measure), {"milestone-title": "X", "milestone-due": due}
    )
    assert Milestone.objects.get().due == datetime.date.fromisoformat(due)


def test_date_inputs_offer_only_the_allowed_years(facilitator_client, measure):
    page = facilitator_client.get(url("plan_detail", measure)).content.decode()
    assert page.count('min="2000-01-01"') == 2
    assert page.count('max="2100-12-31"') == 2


@pytest.mark.parametrize("kind", ["task", "milestone"])
def test_a_past_date_is_saved_with_a_hint_and_marked(facilitator_client, measure, htmx, kind):
    past = timezone.localdate() - datetime.timedelta(days=1)
    response = facilitator_client.post(
        url(f"{kind}_add", measure),
        {f"{kind}-title": "Schon vorbei", f"{kind}-due": past.isoformat()},
        **htmx,
    )
    page = response.content.decode()
    row = ROW_FACTORIES[kind]._meta.model.objects.get()
    assert row.due == past  # saved all the same
    assert "Das Datum liegt in der Vergangenheit." in page
    item = page[page.index(f'id="{kind}-{row.pk}"') :]
    assert ">vergangen<" in item[: item.index("</li>")]
    # Reading the plan later still marks it, without the hint that belongs to saving.
    later = facilitator_client.get(url("plan_detail", measure)).content.decode()
    assert ">vergangen<" in later
    assert "Das Datum liegt in der Vergangenheit." not in later


@pytest.mark.parametrize("kind", ["task", "milestone"])
def test_today_and_future_dates_get_no_past_mark(facilitator_client, measure, htmx, kind):
    for days in (0, 30):
        due = timezone.localdate() + datetime.timedelta(days=days)
        response = facilitator_client.post(
            url(f"{kind}_add", measure),
            {f"{kind}-title": f"In {days} Tagen", f"{kind}-due": due.isoformat()},
            **htmx,
        )
        page = response.content.decode()
        assert "Vergangenheit" not in page
        assert ">vergangen<" not in page


def test_editing_a_milestone_to_a_past_date_hints_at_it(facilitator_client, plan, htmx):
    milestone = MilestoneFactory(plan=plan, title="Start", due=datetime.date(2030, 1, 1))
    response = facilitator_client.post(
        url("milestone_update", plan.measure, milestone.pk),
        {
            f"milestone-{milestone.pk}-title": "Start",
            f"milestone-{milestone.pk}-due": "2001-02-03",
            **shown_version(milestone),
        },
        **htmx,
    )
    assert "Das Datum liegt in der Vergangenheit." in response.content.decode()
    milestone.refresh_from_db()
    assert milestone.due == datetime.date(2001, 2, 3)


def test_a_past_date_without_javascript_hints_after_the_redirect(facilitator_client, measure):
    response = facilitator_client.post(
        url("milestone_add", measure),
        {"milestone-title": "Vorbei", "milestone-due": "2001-02-03"},
        follow=True,
    )
    page = response.content.decode()
    assert "Meilenstein hinzugefügt." in page
    assert "Das Datum liegt in der Vergangenheit." in page
    assert Milestone.objects.get().due == datetime.date(2001, 2, 3)


# --- Scoping and permissions -----------------------------------------------------------------

ROW_FACTORIES = {
    "stakeholder": StakeholderFactory,
    "task": TaskFactory,
    "milestone": MilestoneFactory,
}
ROW_ACTIONS = [(kind, action) for kind in ROW_FACTORIES for action in ("update", "delete")] + [
    ("task", "move")
]


@pytest.mark.parametrize(("kind", "action"), ROW_ACTIONS)
def test_row_of_another_plan_is_404(facilitator_client, plan, workshop, kind, action):
    other_measure = MeasureFactory(action_field__workshop=workshop)
    foreign = ROW_FACTORIES[kind](plan=ProjectPlanFactory(measure=other_measure))
    response = facilitator_client.post(url(f"{kind}_{action}", plan.measure, foreign.pk))
    assert response.status_code == 404
    assert type(foreign).objects.filter(pk=foreign.pk).exists()


@pytest.mark.parametrize(("kind", "action"), ROW_ACTIONS)
def test_row_deleted_in_another_tab_is_404_with_a_notice(
    facilitator_client, plan, htmx, kind, action
):
    gone = ROW_FACTORIES[kind](plan=plan)
    gone_pk = gone.pk
    gone.delete()
    response = facilitator_client.post(url(f"{kind}_{action}", plan.measure, gone_pk), **htmx)
    assert response.status_code == 404
    assert response.headers["HX-Retarget"] == "#flash"
    assert "nicht mehr" in response.content.decode()


def test_row_delete_confirmation_of_another_plan_is_404(facilitator_client, plan, workshop):
    foreign = TaskFactory(
        plan=ProjectPlanFactory(measure=MeasureFactory(action_field__workshop=workshop))
    )
    assert facilitator_client.get(url("task_delete", plan.measure, foreign.pk)).status_code == 404


def test_editing_a_row_of_another_plan_just_shows_the_list(facilitator_client, plan, htmx):
    foreign = TaskFactory(title="Fremde Aufgabe")
    page = facilitator_client.get(
        url("plan_detail", plan.measure), {"task": foreign.pk}, **htmx
    ).content.decode()
    assert "Fremde Aufgabe" not in page
    assert f'name="task-{foreign.pk}-title"' not in page


def test_editor_may_change_rows(client, editor, measure):
    client.force_login(editor)
    client.post(url("task_add", measure), {"task-title": "Von der Redaktion"})
    assert Task.objects.filter(title="Von der Redaktion").exists()


def _all_row_requests(plan):
    stakeholder = StakeholderFactory(plan=plan)
    task = TaskFactory(plan=plan)
    milestone = MilestoneFactory(plan=plan)
    measure = plan.measure
    return [
        ("post", url("stakeholder_add", measure)),
        ("post", url("task_add", measure)),
        ("post", url("milestone_add", measure)),
        ("post", url("stakeholder_update", measure, stakeholder.pk)),
        ("post", url("task_update", measure, task.pk)),
        ("post", url("milestone_update", measure, milestone.pk)),
        ("post", url("task_move", measure, task.pk)),
        ("get", url("stakeholder_delete", measure, stakeholder.pk)),
        ("post", url("stakeholder_delete", measure, stakeholder.pk)),
        ("get", url("task_delete", measure, task.pk)),
        ("post", url("task_delete", measure, task.pk)),
        ("get", url("milestone_delete", measure, milestone.pk)),
        ("post", url("milestone_delete", measure, milestone.pk)),
    ]


def test_viewer_gets_403_for_every_row_change(client, viewer, plan):
    client.force_login(viewer)
    requests = _all_row_requests(plan)
    for method, path in requests:
        assert getattr(client, method)(path, {"task-title": "x"}).status_code == 403, path
    assert (plan.stakeholders.count(), plan.tasks.count(), plan.milestones.count()) == (1, 1, 1)


def test_viewer_sees_rows_without_buttons(client, viewer, plan):
    TaskFactory(plan=plan, title="Sichtbare Aufgabe")
    client.force_login(viewer)
    page = client.get(url("plan_detail", plan.measure)).content.decode()
    assert "Sichtbare Aufgabe" in page
    assert "Bearbeiten" not in page
    assert "Löschen" not in page
    assert "Aufgabe hinzufügen" not in page


def test_outsider_gets_404_for_every_row_request(client, outsider, plan):
    client.force_login(outsider)
    for method, path in _all_row_requests(plan):
        assert getattr(client, method)(path, {"task-title": "x"}).status_code == 404, path
    assert (plan.stakeholders.count(), plan.tasks.count(), plan.milestones.count()) == (1, 1, 1)
