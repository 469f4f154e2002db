import json

import pytest
from django.urls import reverse

from fields.models import Goal
from measures.forms import GoalForm, MeasureForm
from measures.models import Measure
from tests.factories import (
    ActionFieldFactory,
    GoalFactory,
    MeasureFactory,
    ProjectPlanFactory,
    WorkshopFactory,
)


def url(name, workshop, *args):
    return reverse(f"measures:{name}", args=[workshop.pk, *args])


def measure_data(field, **values):
    """POST data of the add form of `field`."""
    data = {"title": "Online-Terminvergabe", "description": "", "goal": "", "timeframe": "short"}
    data |= {"effort": "", "impact": ""} | values
    return {f"measure-new-{field.pk}-{key}": value for key, value in data.items()}


def edit_data(measure, **values):
    """POST data of the edit form of `measure`, shown with its current values."""
    version = MeasureForm(
        instance=measure, action_field=measure.action_field, goals=[]
    ).saved_version()
    data = {
        "title": measure.title,
        "description": measure.description,
        "goal": measure.goal_id or "",
        "timeframe": measure.timeframe,
        "effort": measure.effort,
        "impact": measure.impact,
        "version": version,
    } | values
    return {f"measure-{measure.pk}-{key}": value for key, value in data.items()}


@pytest.fixture
def field(workshop):
    return ActionFieldFactory(workshop=workshop, name="Kommunale Verwaltung")


@pytest.fixture
def goal(field):
    return GoalFactory(action_field=field, title="Verwaltung ist online erreichbar")


# --- The page ------------------------------------------------------------------------------


def test_page_shows_fields_in_order_with_goals_measures_and_ranks(facilitator_client, workshop):
    second = ActionFieldFactory(workshop=workshop, name="Bildung und Jugend", position=2)
    first = ActionFieldFactory(workshop=workshop, name="Digitale Infrastruktur", position=1)
    GoalFactory(action_field=first, title="Glasfaser für alle", indicator="Anschlussquote")
    MeasureFactory(action_field=second, title="Tablets für Schulen")
    MeasureFactory(action_field=first, title="Breitbandberatung")
    page = facilitator_client.get(url("measure_list", workshop)).content.decode()
    assert "Ziele &amp; Maßnahmen" in page
    assert page.index("Digitale Infrastruktur") < page.index("Bildung und Jugend")
    assert "1 Ziel" in page and "0 Ziele" in page
    assert 'name="measure-new-' not in page and 'name="goal-new-' not in page
    # A field's goals and measures show when it is opened (collapsed fields load them then).
    opened = {
        field: facilitator_client.get(url("measure_list", workshop), {"field": field.pk})
        .content.decode()
        .split('<section id="field-')[1]
        for field in (first, second)
    }
    assert "Glasfaser für alle" in opened[first]
    assert "Anschlussquote" in opened[first]
    assert '<span class="rank" id="measure-rank-' in opened[first]
    assert "Breitbandberatung" in opened[first] and "Rang 2</span>" in opened[first]
    assert "Tablets für Schulen" in opened[second] and "Rang 1</span>" in opened[second]
    # Add forms open on request; an opened field offers a link to each of them.
    assert f"?add=measure&amp;field={first.pk}" in opened[first]
    assert f"?add=goal&amp;field={second.pk}" in opened[second]
    assert 'name="measure-new-' not in opened[first] and 'name="goal-new-' not in opened[second]


def test_without_fields_the_page_links_to_the_fields_step(facilitator_client, workshop):
    page = facilitator_client.get(url("measure_list", workshop)).content.decode()
    assert "Es gibt noch keine Handlungsfelder." in page
    assert reverse("fields:field_list", args=[workshop.pk]) in page


def test_goal_select_offers_only_the_goals_of_the_same_field(facilitator_client, field, goal):
    other = GoalFactory(
        action_field=ActionFieldFactory(workshop=field.workshop), title="Fremdes Ziel"
    )
    page = facilitator_client.get(
        url("measure_list", field.workshop), {"add": "measure", "field": field.pk}
    ).content.decode()
    select = page.split(f'name="measure-new-{field.pk}-goal"')[1].split("</select>")[0]
    assert f'value="{goal.pk}"' in select
    assert f'value="{other.pk}"' not in select


def test_overview_region_refreshes_with_counts(facilitator_client, field, goal, htmx):
    MeasureFactory(action_field=field, goal=goal)
    response = facilitator_client.get(
        url("measure_list", field.workshop), {"region": "overview"}, **htmx
    )
    page = response.content.decode()
    assert page.lstrip().startswith('<nav id="overview"')
    assert "1 Maßnahme" in page
    assert "Ziel und Maßnahme vorhanden" in page


# --- Goals ---------------------------------------------------------------------------------


def test_goal_is_added_to_its_field_with_htmx(facilitator_client, field, htmx):
    ActionFieldFactory(workshop=field.workshop, name="Anderes Feld")
    response = facilitator_client.post(
        url("goal_add", field.workshop, field.pk),
        {
            f"goal-new-{field.pk}-title": "Alle Anträge online",
            f"goal-new-{field.pk}-indicator": "Anteil Online-Anträge",
            f"goal-new-{field.pk}-target_value": "80 % bis 2028",
        },
        **htmx,
    )
    goal = Goal.objects.get(action_field=field)
    assert (goal.title, goal.indicator, goal.target_value) == (
        "Alle Anträge online",
        "Anteil Online-Anträge",
        "80 % bis 2028",
    )
    page = response.content.decode()
    assert page.lstrip().startswith(f'<section id="field-{field.pk}"')
    assert "Anderes Feld" not in page
    assert "<html" not in page
    assert "Ziel hinzugefügt." in page  # out of band into the message area
    assert 'id="flash" data-hx-swap-oob="innerHTML"' in page
    assert "workshopChanged" in json.loads(response.headers["HX-Trigger"])


def test_goal_add_without_htmx_redirects_to_the_field(facilitator_client, field):
    response = facilitator_client.post(
        url("goal_add", field.workshop, field.pk), {f"goal-new-{field.pk}-title": "Ziel"}
    )
    assert response.status_code == 302
    assert (
        response.url == url("measure_list", field.workshop) + f"?field={field.pk}#field-{field.pk}"
    )


def test_empty_goal_gets_a_german_error_at_its_fields_form(facilitator_client, field, htmx):
    response = facilitator_client.post(
        url("goal_add", field.workshop, field.pk),
        {f"goal-new-{field.pk}-title": "  ", f"goal-new-{field.pk}-indicator": "Quote"},
        **htmx,
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Bitte geben Sie ein Ziel ein." in page
    assert 'value="Quote"' in page
    assert (
        f'<form method="post" novalidate action="{url("goal_add", field.workshop, field.pk)}"'
        in page
    )
    assert '<details class="field-details" open>' in page
    assert not Goal.objects.exists()


def test_over_long_goal_states_the_limit(facilitator_client, field, htmx):
    response = facilitator_client.post(
        url("goal_add", field.workshop, field.pk),
        {f"goal-new-{field.pk}-title": "z" * 301},
        **htmx,
    )
    assert "höchstens 300 Zeichen" in response.content.decode()


def test_goal_edit_form_and_update(facilitator_client, goal, htmx):
    workshop = goal.action_field.workshop
    form = facilitator_client.get(url("measure_list", workshop), {"goal": goal.pk}, **htmx)
    assert f'name="goal-{goal.pk}-title"' in form.content.decode()
    assert form.content.decode().lstrip().startswith(f'<section id="field-{goal.action_field_id}"')
    facilitator_client.post(
        url("goal_update", workshop, goal.pk),
        {
            f"goal-{goal.pk}-title": "Neues Ziel",
            f"goal-{goal.pk}-target_value": "100 %",
            f"goal-{goal.pk}-version": GoalForm(instance=goal).saved_version(),
        },
        **htmx,
    )
    goal.refresh_from_db()
    assert (goal.title, goal.target_value) == ("Neues Ziel", "100 %")


def test_goal_edit_without_javascript_shows_the_whole_page(facilitator_client, goal):
    page = facilitator_client.get(
        url("measure_list", goal.action_field.workshop), {"goal": goal.pk}
    )
    assert "<html" in page.content.decode()
    assert f'name="goal-{goal.pk}-title"' in page.content.decode()


def test_invalid_goal_update_keeps_the_input(facilitator_client, goal, htmx):
    response = facilitator_client.post(
        url("goal_update", goal.action_field.workshop, goal.pk),
        {f"goal-{goal.pk}-title": "", f"goal-{goal.pk}-indicator": "Mein Indikator"},
        **htmx,
    )
    page = response.content.decode()
    assert "Bitte geben Sie ein Ziel ein." in page
    assert 'value="Mein Indikator"' in page


def test_goal_delete_asks_first_and_says_measures_keep_existing(facilitator_client, goal):
    MeasureFactory(action_field=goal.action_field, goal=goal)
    workshop = goal.action_field.workshop
    page = facilitator_client.get(url("goal_delete", workshop, goal.pk)).content.decode()
    assert "Wirklich löschen?" in page
    assert "1 Maßnahme ist mit diesem Ziel verknüpft" in page
    assert Goal.objects.filter(pk=goal.pk).exists()
    facilitator_client.post(url("goal_delete", workshop, goal.pk))
    assert not Goal.objects.filter(pk=goal.pk).exists()
    assert Measure.objects.get().goal is None


def test_goal_delete_with_htmx_returns_the_section(facilitator_client, goal, htmx):
    workshop = goal.action_field.workshop
    response = facilitator_client.post(url("goal_delete", workshop, goal.pk), **htmx)
    assert "Ziel gelöscht." in response.content.decode()
    assert "Noch keine Ziele." in response.content.decode()


# --- Measures ------------------------------------------------------------------------------


def test_measure_is_added_at_the_end_of_the_ranking(facilitator_client, field, goal, htmx):
    MeasureFactory(action_field=ActionFieldFactory(workshop=field.workshop))
    response = facilitator_client.post(
        url("measure_add", field.workshop, field.pk),
        measure_data(field, goal=goal.pk, effort="low", impact="high", description="Für alle"),
        **htmx,
    )
    measure = Measure.objects.get(action_field=field)
    assert measure.rank == 2
    assert (measure.goal, measure.effort, measure.impact) == (goal, "low", "high")
    page = response.content.decode()
    assert "Online-Terminvergabe" in page
    assert "Rang 2</span>" in page
    assert "Maßnahme „Online-Terminvergabe“ auf Rang 2 hinzugefügt." in page
    assert "workshopChanged" in json.loads(response.headers["HX-Trigger"])
    # The add form stays open and empty, ready for the next measure.
    assert "autofocus" in page.split(f'name="measure-new-{field.pk}-title"')[1].split(">")[0]


def test_measure_add_without_htmx_redirects(facilitator_client, field):
    response = facilitator_client.post(
        url("measure_add", field.workshop, field.pk), measure_data(field)
    )
    assert response.status_code == 302
    assert Measure.objects.get().rank == 1


@pytest.mark.parametrize(
    ("values", "error"),
    [
        ({"title": ""}, "Bitte geben Sie einen Titel für die Maßnahme ein."),
        ({"title": "   "}, "Bitte geben Sie einen Titel für die Maßnahme ein."),
        ({"title": "m" * 201}, "höchstens 200 Zeichen"),
        ({"timeframe": ""}, "Bitte wählen Sie eine Umsetzungszeit."),
        ({"timeframe": "sometime"}, "Bitte wählen Sie eine der angebotenen Umsetzungszeiten."),
        ({"effort": "huge"}, "Bitte wählen Sie niedrig, mittel oder hoch."),
        ({"goal": "abc"}, "Bitte wählen Sie eines der Ziele dieses Handlungsfelds."),
    ],
)
def test_bad_measure_input_gets_a_german_error_and_keeps_the_input(
    facilitator_client, field, htmx, values, error
):
    data = measure_data(field, description="Mein langer Text", **values)
    response = facilitator_client.post(url("measure_add", field.workshop, field.pk), data, **htmx)
    page = response.content.decode()
    assert response.status_code == 200
    assert error in page
    assert "Mein langer Text" in page
    assert not Measure.objects.exists()


def test_goal_of_another_field_is_refused_next_to_the_goal_select(facilitator_client, field, htmx):
    foreign_goals = [
        GoalFactory(action_field=ActionFieldFactory(workshop=field.workshop)),
        GoalFactory(),  # another workshop of another Kommune
    ]
    for foreign in foreign_goals:
        response = facilitator_client.post(
            url("measure_add", field.workshop, field.pk),
            measure_data(field, goal=foreign.pk),
            **htmx,
        )
        page = response.content.decode()
        assert response.status_code == 200
        assert "Bitte wählen Sie eines der Ziele dieses Handlungsfelds." in page
        assert f'id="id_measure-new-{field.pk}-goal-error"' in page
    assert not Measure.objects.exists()


def test_errors_show_at_the_form_of_the_right_field(facilitator_client, field, htmx):
    other = ActionFieldFactory(workshop=field.workshop, name="Anderes Feld")
    page = facilitator_client.post(
        url("measure_add", field.workshop, other.pk), measure_data(other, title=""), **htmx
    ).content.decode()
    assert page.lstrip().startswith(f'<section id="field-{other.pk}"')
    assert f'id="id_measure-new-{other.pk}-title-error"' in page
    # Without JavaScript the whole page comes back, with the error only at that field's form.
    full = facilitator_client.post(
        url("measure_add", field.workshop, other.pk), measure_data(other, title="")
    ).content.decode()
    assert f'id="id_measure-new-{other.pk}-title-error"' in full
    assert f'id="id_measure-new-{field.pk}-title-error"' not in full


def test_measure_edit_form_and_update(facilitator_client, field, goal, htmx):
    measure = MeasureFactory(action_field=field, title="Alt")
    form = facilitator_client.get(
        url("measure_list", field.workshop), {"measure": measure.pk}, **htmx
    )
    assert f'name="measure-{measure.pk}-title"' in form.content.decode()
    response = facilitator_client.post(
        url("measure_update", field.workshop, measure.pk),
        edit_data(measure, title="Neu", goal=goal.pk, timeframe="long"),
        **htmx,
    )
    measure.refresh_from_db()
    assert (measure.title, measure.goal, measure.timeframe, measure.rank) == (
        "Neu",
        goal,
        "long",
        1,
    )
    assert "Maßnahme gespeichert." in response.content.decode()


def test_invalid_measure_update_keeps_the_saved_measure(facilitator_client, field, htmx):
    measure = MeasureFactory(action_field=field, title="Gespeichert")
    foreign = GoalFactory(action_field=ActionFieldFactory(workshop=field.workshop))
    response = facilitator_client.post(
        url("measure_update", field.workshop, measure.pk),
        edit_data(measure, title="Getippt", goal=foreign.pk),
        **htmx,
    )
    page = response.content.decode()
    assert "Bitte wählen Sie eines der Ziele dieses Handlungsfelds." in page
    assert 'value="Getippt"' in page
    measure.refresh_from_db()
    assert measure.title == "Gespeichert"


def test_cancel_editing_returns_the_plain_section(facilitator_client, field, htmx):
    measure = MeasureFactory(action_field=field)
    response = facilitator_client.get(
        url("measure_list", field.workshop), {"field": field.pk}, **htmx
    )
    page = response.content.decode()
    assert page.lstrip().startswith(f'<section id="field-{field.pk}"')
    assert f'name="measure-{measure.pk}-title"' not in page


def test_measure_delete_asks_first_and_closes_the_gap(facilitator_client, field):
    first, second, third = (MeasureFactory(action_field=field) for _ in range(3))
    ProjectPlanFactory(measure=second)
    page = facilitator_client.get(url("measure_delete", field.workshop, second.pk)).content.decode()
    assert "Wirklich löschen?" in page
    assert "Auch ihre Vertiefungsplanung wird gelöscht." in page
    response = facilitator_client.post(url("measure_delete", field.workshop, second.pk))
    assert response.status_code == 302
    assert list(field.workshop.measures.values_list("pk", "rank")) == [(first.pk, 1), (third.pk, 2)]


def test_measure_delete_with_htmx_updates_ranks_in_other_fields(facilitator_client, field, htmx):
    doomed = MeasureFactory(action_field=field)
    elsewhere = MeasureFactory(action_field=ActionFieldFactory(workshop=field.workshop))
    hidden = MeasureFactory(action_field=ActionFieldFactory(workshop=field.workshop))
    # The browser sends which fields it shows expanded (and so has rank badges for).
    shown = {"shown_field": [field.pk, elsewhere.action_field_id]}
    response = facilitator_client.post(
        url("measure_delete", field.workshop, doomed.pk), shown, **htmx
    )
    page = response.content.decode()
    assert "Maßnahme gelöscht." in page
    assert f'id="measure-rank-{hidden.pk}"' not in page  # collapsed: no badge to update
    assert (
        f'<span class="rank" id="measure-rank-{elsewhere.pk}" data-hx-swap-oob="true">Rang 1</span>'
        in page
    )
    assert "workshopChanged" in json.loads(response.headers["HX-Trigger"])


def test_viewer_sees_no_forms_and_cannot_post(client, viewer, field, goal):
    measure = MeasureFactory(action_field=field)
    client.force_login(viewer)
    page = client.get(url("measure_list", field.workshop)).content.decode()
    assert "<form" not in page.split('id="main"')[1]
    page = client.get(url("measure_list", field.workshop), {"field": field.pk}).content.decode()
    assert measure.title in page
    assert "<form" not in page.split('id="main"')[1]
    assert "?add=" not in page
    edit = client.get(url("measure_list", field.workshop), {"measure": measure.pk}).content.decode()
    assert f'name="measure-{measure.pk}-title"' not in edit
    workshop = field.workshop
    for path, data in [
        (url("goal_add", workshop, field.pk), {f"goal-new-{field.pk}-title": "x"}),
        (url("goal_update", workshop, goal.pk), {f"goal-{goal.pk}-title": "x"}),
        (url("goal_delete", workshop, goal.pk), {}),
        (url("measure_add", workshop, field.pk), measure_data(field)),
        (url("measure_update", workshop, measure.pk), edit_data(measure, title="x")),
        (url("measure_delete", workshop, measure.pk), {}),
    ]:
        assert client.post(path, data).status_code == 403, path
    assert client.get(url("goal_delete", workshop, goal.pk)).status_code == 403
    assert client.get(url("measure_delete", workshop, measure.pk)).status_code == 403
    measure.refresh_from_db()
    assert measure.title != "x"
    assert Goal.objects.count() == 1


def _every_request(workshop, field, goal, measure):
    return [
        ("get", url("measure_list", workshop)),
        ("post", url("goal_add", workshop, field.pk)),
        ("post", url("goal_update", workshop, goal.pk)),
        ("get", url("goal_delete", workshop, goal.pk)),
        ("post", url("goal_delete", workshop, goal.pk)),
        ("post", url("measure_add", workshop, field.pk)),
        ("post", url("measure_update", workshop, measure.pk)),
        ("get", url("measure_delete", workshop, measure.pk)),
        ("post", url("measure_delete", workshop, measure.pk)),
    ]


def test_outsider_gets_404_for_every_view_and_method(client, outsider, field, goal):
    measure = MeasureFactory(action_field=field, goal=goal)
    client.force_login(outsider)
    for method, path in _every_request(field.workshop, field, goal, measure):
        assert getattr(client, method)(path, {}).status_code == 404, (method, path)
    assert Goal.objects.filter(pk=goal.pk).exists()
    assert Measure.objects.filter(pk=measure.pk).exists()


def test_objects_of_another_workshop_are_404_even_for_a_member(facilitator_client, workshop):
    other_workshop = WorkshopFactory(kommune=workshop.kommune)
    field = ActionFieldFactory(workshop=other_workshop)
    goal = GoalFactory(action_field=field)
    measure = MeasureFactory(action_field=field)
    ActionFieldFactory(workshop=workshop)
    requests = _every_request(workshop, field, goal, measure)[1:]
    for method, path in requests:
        assert getattr(facilitator_client, method)(path, {}).status_code == 404, (method, path)
    assert Measure.objects.filter(pk=measure.pk).exists()
    assert Goal.objects.filter(pk=goal.pk).exists()


@pytest.mark.parametrize("name", ["measure_update", "measure_delete", "goal_update", "goal_delete"])
def test_changing_something_deleted_in_another_tab_says_so(facilitator_client, field, htmx, name):
    gone_pk = (GoalFactory if name.startswith("goal") else MeasureFactory)(action_field=field).pk
    Goal.objects.filter(pk=gone_pk).delete()
    Measure.objects.filter(pk=gone_pk).delete()
    response = facilitator_client.post(url(name, field.workshop, gone_pk), {}, **htmx)
    assert response.status_code == 404
    assert response.headers["HX-Retarget"] == "#flash"
    assert "nicht mehr" in response.content.decode()


def test_adding_to_a_field_deleted_in_another_tab_is_404(facilitator_client, field, htmx):
    workshop, field_pk = field.workshop, field.pk
    field.delete()
    response = facilitator_client.post(url("measure_add", workshop, field_pk), {}, **htmx)
    assert response.status_code == 404


def test_step_is_complete_when_every_field_has_a_goal_and_a_measure(
    facilitator_client, field, goal, htmx
):
    other = ActionFieldFactory(workshop=field.workshop)
    MeasureFactory(action_field=field)
    GoalFactory(action_field=other)
    nav = reverse("workshops:step_nav", args=[field.workshop.pk])

    def measures_step_complete():
        page = facilitator_client.get(nav, {"current": "measures"}).content.decode()
        return page.split("Ziele &amp; Maßnahmen")[1].split("</a>")[0]

    assert "noch nicht" in measures_step_complete()
    facilitator_client.post(
        url("measure_add", field.workshop, other.pk), measure_data(other), **htmx
    )
    assert "noch nicht" not in measures_step_complete()


def test_focus_moves_into_the_edit_form_and_back_to_the_edit_link(facilitator_client, field, htmx):
    measure = MeasureFactory(action_field=field)
    workshop = field.workshop
    form = facilitator_client.get(url("measure_list", workshop), {"measure": measure.pk}, **htmx)
    title_input = form.content.decode().split(f'name="measure-{measure.pk}-title"')[1]
    assert "autofocus" in title_input.split(">")[0]
    saved = facilitator_client.post(
        url("measure_update", workshop, measure.pk), edit_data(measure, title="Neu"), **htmx
    ).content.decode()
    edit_link = saved.split(f'?measure={measure.pk}"')[1].split(">")[0]
    assert "autofocus" in edit_link
    cancelled = facilitator_client.get(
        url("measure_list", workshop), {"field": field.pk, "focus_measure": measure.pk}, **htmx
    ).content.decode()
    assert "autofocus" in cancelled.split(f'?measure={measure.pk}"')[1].split(">")[0]
    assert "autofocus" not in facilitator_client.get(url("measure_list", workshop)).content.decode()


def test_user_text_is_escaped_everywhere_it_appears(facilitator_client, field):
    evil = '"><img src=x hx-get="/x">'
    GoalFactory(action_field=field, title=evil)
    MeasureFactory(action_field=field, title=evil)
    field.name = evil
    field.save()
    for name, query in (
        ("measure_list", {}),
        ("measure_list", {"field": field.pk}),
        ("ranking", {}),
    ):
        page = facilitator_client.get(url(name, field.workshop), query).content.decode()
        assert evil not in page
        assert "&quot;&gt;&lt;img src=x hx-get=&quot;/x&quot;&gt;" in page


def test_delete_question_of_a_planned_measure_names_its_project_plan(facilitator_client, workshop):
    planned = ProjectPlanFactory(measure__action_field__workshop=workshop).measure
    MeasureFactory(action_field=planned.action_field, title="Ohne Plan")
    page = facilitator_client.get(
        reverse("measures:measure_list", args=[workshop.pk]), {"field": planned.action_field_id}
    ).content.decode()
    assert page.count("samt ihrem Projektplan aus der Vertiefung löschen?") == 1
