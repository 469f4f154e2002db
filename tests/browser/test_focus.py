"""After an action swaps a region, the keyboard focus lands where the person goes on working."""

import pytest
from playwright.sync_api import expect

from tests.factories import (
    ActionFieldFactory,
    GoalFactory,
    LeitsatzFactory,
    MeasureFactory,
    MembershipFactory,
    UserFactory,
    WorkshopFactory,
)


@pytest.fixture
def workshop(transactional_db, login):
    workshop = WorkshopFactory(title="Fokus-Strategie")
    MembershipFactory(user=UserFactory(username="fokus"), kommune=workshop.kommune)
    login("fokus")
    return workshop


def active(page):
    """The focused element: its id, name, value and the id of its list row."""
    return page.evaluate(
        """() => { const e = document.activeElement;
                   const row = e.closest('li');
                   return {id: e.id, name: e.name || '', value: e.value || '',
                           tag: e.tagName, row: row ? row.id : ''}; }"""
    )


def test_after_adding_a_leitsatz_the_emptied_input_has_the_focus(page, live_server, workshop):
    page.goto(f"{live_server.url}/prozesse/{workshop.pk}/vision/")
    page.get_by_label("Leitsatz", exact=True).focus()
    page.keyboard.type("Digital für alle Generationen.")
    page.keyboard.press("Enter")
    expect(page.locator("#leitsaetze .item__body")).to_have_text(["Digital für alle Generationen."])
    page.wait_for_load_state("networkidle")
    focused = active(page)
    assert focused["tag"] in {"TEXTAREA", "INPUT"}
    assert focused["id"] == page.get_by_label("Leitsatz", exact=True).get_attribute("id")
    assert focused["value"] == ""
    # So the next one is typed right away.
    page.keyboard.type("Wir gestalten gemeinsam.")
    page.keyboard.press("Enter")
    expect(page.locator("#leitsaetze .item__body")).to_have_count(2)


def test_after_moving_a_field_its_button_keeps_the_focus(page, live_server, workshop):
    first, second, third = (ActionFieldFactory(workshop=workshop) for _ in range(3))
    page.goto(f"{live_server.url}/prozesse/{workshop.pk}/handlungsfelder/")
    page.locator(f"#field-{first.pk}-down").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#fields li.item").nth(1)).to_have_id(f"field-{first.pk}")
    # htmx moves the focus when the swap settles, a moment after the response.
    expect(page.locator(f"#field-{first.pk}-down")).to_be_focused()
    # Down once more, at a person's pace (after the step navigation has refreshed): now it is
    # last, "down" is disabled, so "up" takes the focus.
    page.wait_for_load_state("networkidle")
    page.keyboard.press("Enter")
    expect(page.locator("#fields li.item").nth(2)).to_have_id(f"field-{first.pk}")
    expect(page.locator(f"#field-{first.pk}-up")).to_be_focused()
    expect(page.locator("#fields li.item").first).to_have_id(f"field-{second.pk}")
    expect(page.locator("#fields li.item").nth(1)).to_have_id(f"field-{third.pk}")


def test_after_moving_a_leitsatz_its_button_keeps_the_focus(page, live_server, workshop):
    top, bottom = LeitsatzFactory(workshop=workshop), LeitsatzFactory(workshop=workshop)
    page.goto(f"{live_server.url}/prozesse/{workshop.pk}/vision/")
    page.locator(f"#leitsatz-{bottom.pk} button[value=up]").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#leitsaetze li.item").first).to_have_id(f"leitsatz-{bottom.pk}")
    page.wait_for_load_state("networkidle")
    # It reached the top: "up" is disabled there, so its "down" button has the focus.
    focused = active(page)
    assert (focused["row"], focused["value"]) == (f"leitsatz-{bottom.pk}", "down")
    expect(page.locator("#leitsaetze li.item").last).to_have_id(f"leitsatz-{top.pk}")


def test_opening_a_collapsed_field_and_adding_a_measure_keeps_the_focus_in_place(
    page, live_server, workshop
):
    field = ActionFieldFactory(workshop=workshop, name="Kommunale Verwaltung")
    goal = GoalFactory(action_field=field)
    MeasureFactory(action_field=field, goal=goal, title="Online-Terminvergabe")
    page.goto(f"{live_server.url}/prozesse/{workshop.pk}/massnahmen/")
    section = page.locator(f"#field-{field.pk}")
    expect(section.get_by_text("Online-Terminvergabe")).to_be_hidden()
    section.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(section.get_by_role("heading", name="Online-Terminvergabe")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert active(page)["tag"] == "SUMMARY"
    section.get_by_role("link", name="Maßnahme hinzufügen").click()
    expect(section.get_by_label("Titel")).to_be_focused()
    page.keyboard.type("E-Akte")
    section.get_by_label("Umsetzungszeit").select_option("short")
    section.get_by_role("button", name="Maßnahme hinzufügen").click()
    expect(section.get_by_role("heading", name="E-Akte")).to_be_visible()
    # The emptied add form stays open with the focus on its title for the next measure.
    expect(section.get_by_label("Titel")).to_be_focused()
    expect(section.get_by_label("Titel")).to_have_value("")
    section.get_by_role("link", name="Abbrechen").click()
    expect(section.get_by_role("link", name="Maßnahme hinzufügen")).to_be_focused()


def test_a_link_to_a_collapsed_field_opens_it(page, live_server, workshop):
    field = ActionFieldFactory(workshop=workshop)
    MeasureFactory(action_field=field, goal=GoalFactory(action_field=field), title="WLAN")
    page.goto(f"{live_server.url}/prozesse/{workshop.pk}/massnahmen/#field-{field.pk}")
    expect(page.locator(f"#field-{field.pk}").get_by_role("heading", name="WLAN")).to_be_visible()
