"""The Ziele & Maßnahmen page stays short and fast: fields collapse, forms open on request, and
measures linked to no goal are pointed out."""

import re

import pytest
from django.urls import reverse

from tests.factories import ActionFieldFactory, GoalFactory, MeasureFactory


def page_url(workshop):
    return reverse("measures:measure_list", args=[workshop.pk])


def get(client, workshop, htmx=None, **query):
    return client.get(page_url(workshop), query, **(htmx or {})).content.decode()


def section_of(page, field):
    """The HTML of `field`'s section on the page."""
    start = page.index(f'<section id="field-{field.pk}"')
    return page[start : page.index("</section>", start)]


def measure_row(page, measure):
    start = page.index(f'<li class="item" id="measure-{measure.pk}">')
    return page[start : page.index("</li>", start)]


@pytest.fixture
def field(workshop):
    return ActionFieldFactory(workshop=workshop, name="Kommunale Verwaltung")


@pytest.fixture
def goal(field):
    return GoalFactory(action_field=field, title="Verwaltung ist online erreichbar")


# --- Collapsing and filtering --------------------------------------------------------------


def test_a_field_with_content_is_collapsed_and_its_measures_are_not_rendered(
    facilitator_client, field, goal
):
    measure = MeasureFactory(action_field=field, goal=goal, title="Online-Terminvergabe")
    page = get(facilitator_client, field.workshop)
    section = section_of(page, field)
    assert "Kommunale Verwaltung" in section  # the heading stays visible
    assert "1 Ziel · 1 Maßnahme" in section
    assert '<details class="field-details" data-hx-get=' in section
    assert " open" not in section.split("<details")[1].split(">")[0]
    assert measure.title not in page
    # Opening it loads the field's goals and measures into the section, expanded.
    assert f'href="{page_url(field.workshop)}?field={field.pk}#field-{field.pk}"' in section


def test_opening_a_collapsed_field_with_htmx_returns_it_expanded_and_focused(
    facilitator_client, field, goal, htmx
):
    measure = MeasureFactory(action_field=field, goal=goal, title="Online-Terminvergabe")
    section = get(facilitator_client, field.workshop, htmx, field=field.pk)
    assert section.lstrip().startswith(f'<section id="field-{field.pk}"')
    assert '<details class="field-details" open>' in section
    assert measure.title in section and goal.title in section
    summary = section.split('<summary class="field-details__summary"')[1].split(">")[0]
    assert "autofocus" in summary
    # The browser reports the fields it shows, so rank changes elsewhere can update them.
    assert f'<input type="hidden" name="shown_field" value="{field.pk}">' in section


def test_an_empty_field_is_expanded_with_its_add_links(facilitator_client, field):
    page = get(facilitator_client, field.workshop)
    section = section_of(page, field)
    assert '<details class="field-details" open>' in section
    assert "Noch keine Ziele." in section and "Noch keine Maßnahmen." in section
    assert f"?add=goal&amp;field={field.pk}" in section
    assert f"?add=measure&amp;field={field.pk}" in section


def test_the_field_filter_shows_one_field_and_the_overview_still_lists_all(
    facilitator_client, field, goal
):
    other = ActionFieldFactory(workshop=field.workshop, name="Bildung und Jugend")
    MeasureFactory(action_field=field, goal=goal, title="Online-Terminvergabe")
    page = get(facilitator_client, field.workshop, field=field.pk)
    assert f'<section id="field-{field.pk}"' in page
    assert f'<section id="field-{other.pk}"' not in page
    assert "Online-Terminvergabe" in page
    overview = page.split('<nav id="overview"')[1].split("</nav>")[0]
    assert f"?field={other.pk}#field-{other.pk}" in overview
    current = overview.split(f"?field={field.pk}#field-{field.pk}")[1].split(">")[0]
    assert 'aria-current="page"' in current
    assert "Alle Handlungsfelder zeigen" in overview
    assert "Alle Handlungsfelder zeigen" not in get(facilitator_client, field.workshop)


def test_the_overview_refresh_keeps_the_filter(facilitator_client, field, htmx):
    response = get(facilitator_client, field.workshop, htmx, region="overview", field=field.pk)
    assert response.lstrip().startswith('<nav id="overview"')
    assert f"?region=overview&amp;field={field.pk}" in response
    assert 'aria-current="page"' in response


def test_the_page_does_not_grow_with_the_measures_of_collapsed_fields(
    facilitator_client, field, goal
):
    MeasureFactory(action_field=field, goal=goal)
    few = get(facilitator_client, field.workshop)
    for _ in range(40):
        MeasureFactory(action_field=field, goal=goal)
    many = get(facilitator_client, field.workshop)
    # Only the count in the field's status changes ("1 Maßnahme" → "41 Maßnahmen").
    assert abs(len(many) - len(few)) < 20
    assert 'class="item"' not in many


# --- Add forms open on request -------------------------------------------------------------


def test_the_page_renders_no_form_until_one_is_opened(facilitator_client, field, goal):
    MeasureFactory(action_field=field, goal=goal)
    page = get(facilitator_client, field.workshop, field=field.pk)
    assert 'name="goal-new-' not in page and 'name="measure-new-' not in page
    assert f'name="measure-{field.measures.get().pk}-title"' not in page


@pytest.mark.parametrize("kind", ["goal", "measure"])
def test_add_link_opens_the_form_in_the_section_with_the_title_focused(
    facilitator_client, field, goal, htmx, kind
):
    section = get(facilitator_client, field.workshop, htmx, add=kind, field=field.pk)
    assert section.lstrip().startswith(f'<section id="field-{field.pk}"')
    title = section.split(f'name="{kind}-new-{field.pk}-title"')[1].split(">")[0]
    assert "autofocus" in title
    assert f'id="field-{field.pk}-add-{kind}"' in section
    assert f"?add={kind}&amp;field={field.pk}" not in section  # the form replaced its link
    # Cancel goes back to the section with the focus on the add link.
    assert f"?field={field.pk}&amp;focus_add={kind}" in section


def test_add_form_opens_without_javascript_on_the_page_of_its_field(facilitator_client, field):
    other = ActionFieldFactory(workshop=field.workshop)
    page = get(facilitator_client, field.workshop, add="measure", field=field.pk)
    assert "<html" in page
    assert f'name="measure-new-{field.pk}-title"' in page
    assert f'<section id="field-{other.pk}"' not in page


def test_cancelling_an_add_form_focuses_its_add_link_again(facilitator_client, field, htmx):
    section = get(facilitator_client, field.workshop, htmx, field=field.pk, focus_add="measure")
    assert 'name="measure-new-' not in section
    link = section.split(f"?add=measure&amp;field={field.pk}#")[1].split(">")[0]
    assert "autofocus" in link
    assert "autofocus" not in section.split(f"?add=goal&amp;field={field.pk}#")[1].split(">")[0]


def test_an_invalid_add_keeps_the_input_in_the_opened_form(facilitator_client, field, htmx):
    response = facilitator_client.post(
        reverse("measures:measure_add", args=[field.workshop.pk, field.pk]),
        {
            f"measure-new-{field.pk}-title": "",
            f"measure-new-{field.pk}-description": "Mein Text",
            f"measure-new-{field.pk}-timeframe": "short",
        },
        **htmx,
    )
    section = response.content.decode()
    assert f'id="field-{field.pk}-add-measure"' in section
    assert "Mein Text" in section
    assert "autofocus" in section.split(f'name="measure-new-{field.pk}-title"')[1].split(">")[0]


def test_without_javascript_a_change_leads_back_to_the_changed_field(facilitator_client, field):
    response = facilitator_client.post(
        reverse("measures:goal_add", args=[field.workshop.pk, field.pk]),
        {f"goal-new-{field.pk}-title": "Alle Anträge online"},
        follow=True,
    )
    page = response.content.decode()
    assert response.redirect_chain[-1][0].endswith(f"?field={field.pk}#field-{field.pk}")
    assert "Ziel hinzugefügt." in page
    assert "Alle Anträge online" in section_of(page, field)


# --- Measures without a goal ---------------------------------------------------------------


def test_measures_without_a_goal_are_marked_and_counted_per_field(facilitator_client, field, goal):
    linked = MeasureFactory(action_field=field, goal=goal)
    loose = [MeasureFactory(action_field=field, goal=None) for _ in range(2)]
    tidy = ActionFieldFactory(workshop=field.workshop, name="Bildung")
    MeasureFactory(action_field=tidy, goal=GoalFactory(action_field=tidy))
    page = get(facilitator_client, field.workshop)
    overview = page.split('<nav id="overview"')[1].split("</nav>")[0]
    assert overview.count("2 Maßnahmen ohne Ziel") == 1
    assert "2 Maßnahmen ohne Ziel" in section_of(page, field)
    assert "ohne Ziel" not in section_of(page, tidy)
    opened = get(facilitator_client, field.workshop, field=field.pk)
    for measure in loose:
        assert ">ohne Ziel<" in measure_row(opened, measure)
    assert "ohne Ziel" not in measure_row(opened, linked)
    assert goal.title in measure_row(opened, linked)


def test_deleting_a_goal_marks_its_measures_as_without_a_goal(
    facilitator_client, field, goal, htmx
):
    MeasureFactory(action_field=field, goal=goal)
    assert "ohne Ziel" not in get(facilitator_client, field.workshop, field=field.pk)
    response = facilitator_client.post(
        reverse("measures:goal_delete", args=[field.workshop.pk, goal.pk]), **htmx
    )
    section = response.content.decode()
    assert "1 Maßnahme ohne Ziel" in section
    assert re.search(r">ohne Ziel</span>", section)


def test_the_count_of_measures_without_a_goal_comes_from_the_queryset(field, goal):
    from measures.views.measures import _fields

    MeasureFactory(action_field=field, goal=goal)
    MeasureFactory(action_field=field, goal=None)
    (loaded,) = _fields(field.workshop)
    assert sorted(m.without_goal for m in loaded.measures.all()) == [False, True]


def test_odd_values_for_the_shown_fields_are_ignored(facilitator_client, field, htmx):
    doomed = MeasureFactory(action_field=field)
    elsewhere = MeasureFactory(action_field=ActionFieldFactory(workshop=field.workshop))
    response = facilitator_client.post(
        reverse("measures:measure_delete", args=[field.workshop.pk, doomed.pk]),
        {"shown_field": ["²", "abc", "9" * 40, "", str(elsewhere.action_field_id)]},
        **htmx,
    )
    assert response.status_code == 200
    assert f'id="measure-rank-{elsewhere.pk}" data-hx-swap-oob="true">Rang 1<' in (
        response.content.decode()
    )
