"""Nothing typed is lost silently: leaving the page or replacing a region with unsaved input asks."""

import re

import pytest
from playwright.sync_api import expect

from fields.models import Goal
from tests.factories import ActionFieldFactory, GoalFactory, MeasureFactory

LEAVE = "Sie haben ungespeicherte Änderungen. Seite trotzdem verlassen?"


@pytest.fixture
def logged_in(page, live_server, catalogues, facilitator, login):
    page.set_default_timeout(10_000)
    login("moderation")
    return page


class Dialogs:
    """Answers every dialog of the page (dismisses unless told to accept) and keeps the texts."""

    def __init__(self, page, accept=False):
        self.messages, self.accept = [], accept
        page.on("dialog", self._answer)

    def _answer(self, dialog):
        self.messages.append(dialog.message)
        dialog.accept() if self.accept else dialog.dismiss()


def step_link(page, name):
    steps = page.get_by_role("navigation", name="Schritte des Strategieprozesses")
    return steps.get_by_role("link", name=re.compile(f"^{name}"))


def test_unsaved_vision_and_a_step_link_asks_and_declining_keeps_the_text(
    logged_in, live_server, workshop
):
    page = logged_in
    page.goto(f"{live_server.url}/prozesse/{workshop.pk}/vision/")
    page.locator("#id_vision").fill("Noch nicht gespeichert.")
    dialogs = Dialogs(page)

    step_link(page, "Handlungsfelder").click()
    page.wait_for_timeout(300)
    assert dialogs.messages == [LEAVE]
    expect(page.get_by_role("heading", name="Vision & Leitbild", level=1)).to_be_visible()
    expect(page.locator("#id_vision")).to_have_value("Noch nicht gespeichert.")


def test_accepting_the_question_leaves_the_page(logged_in, live_server, workshop):
    page = logged_in
    page.goto(f"{live_server.url}/prozesse/{workshop.pk}/vision/")
    page.locator("#id_vision").fill("Darf verworfen werden.")
    dialogs = Dialogs(page, accept=True)
    step_link(page, "Handlungsfelder").click()
    expect(page.get_by_role("heading", name="Handlungsfelder", level=1)).to_be_visible()
    assert dialogs.messages == [LEAVE]


def test_saved_text_leaves_without_a_question(logged_in, live_server, workshop):
    page = logged_in
    page.goto(f"{live_server.url}/prozesse/{workshop.pk}/vision/")
    dialogs = Dialogs(page)
    page.locator("#id_vision").fill("Gespeicherte Vision.")
    page.get_by_role("button", name="Vision speichern").click()
    expect(page.locator("#vision").get_by_text("Gespeichert", exact=True)).to_be_visible()
    step_link(page, "Handlungsfelder").click()
    expect(page.get_by_role("heading", name="Handlungsfelder", level=1)).to_be_visible()
    assert dialogs.messages == []


def test_unsaved_vision_and_a_real_page_change_asks_the_browser_question(
    logged_in, live_server, workshop
):
    page = logged_in
    page.goto(f"{live_server.url}/prozesse/{workshop.pk}/vision/")
    page.locator("#id_vision").click()
    page.keyboard.type("Getippt, nicht gespeichert.")
    kinds = []

    def answer(dialog):
        kinds.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", answer)
    # Logging out is a real form submit, not an htmx request: the browser asks (beforeunload).
    page.get_by_role("button", name="Abmelden").click()
    page.wait_for_timeout(500)
    assert kinds == ["beforeunload"]
    expect(page.locator("#id_vision")).to_have_value("Getippt, nicht gespeichert.")


def open_section(page, field):
    """Fields with content start collapsed; opening one loads its goals and measures."""
    section = page.locator(f"#field-{field.pk}")
    collapsed = section.locator("details.field-details:not([open])")
    if collapsed.count():
        collapsed.locator("summary").click()
        expect(section.locator("details.field-details[open] .goal__title")).not_to_have_count(0)
    return section


def test_a_plan_answer_that_could_not_be_saved_and_a_step_link_asks(
    logged_in, live_server, workshop
):
    page = logged_in
    measure = MeasureFactory(action_field__workshop=workshop)
    page.goto(f"{live_server.url}/prozesse/{workshop.pk}/vertiefung/{measure.pk}/")
    # The answer saves itself; here the server fails, so the text stays unsaved.
    page.route("**/antworten/**", lambda route: route.fulfill(status=500, body="kaputt"))
    answer = page.get_by_label("Was soll das Ergebnis des Projektes sein?")
    answer.fill("Ein Ergebnis, das noch nicht gespeichert ist.")
    answer.press("Tab")
    expect(page.locator(".request-failure").first).to_contain_text("Ein Fehler ist aufgetreten")
    dialogs = Dialogs(page)
    step_link(page, "Strategie").click()
    page.wait_for_timeout(300)
    assert dialogs.messages == [LEAVE]
    expect(answer).to_have_value("Ein Ergebnis, das noch nicht gespeichert ist.")


@pytest.fixture
def goal_section(logged_in, live_server, workshop):
    page = logged_in
    field = ActionFieldFactory(workshop=workshop, name="Verwaltung")
    goal = GoalFactory(action_field=field, title="Zehn Leistungen online")
    MeasureFactory(action_field=field, goal=goal, title="Online-Termine")
    other = ActionFieldFactory(workshop=workshop, name="Bildung")
    GoalFactory(action_field=other, title="Tablets für Schulen")
    page.goto(f"{live_server.url}/prozesse/{workshop.pk}/massnahmen/")
    open_section(page, other)
    section = open_section(page, field)
    section.get_by_role("link", name=re.compile("^Bearbeiten.*Zehn Leistungen")).click()
    edit = section.get_by_label("Ziel", exact=True)
    expect(edit).to_have_value("Zehn Leistungen online")
    edit.fill("Zwanzig Leistungen online")
    return page, field, other


def test_open_goal_edit_and_adding_a_goal_in_the_same_section_asks_and_declining_keeps_it(
    goal_section,
):
    page, field, _ = goal_section
    section = page.locator(f"#field-{field.pk}")
    dialogs = Dialogs(page)
    # "Ziel hinzufügen" loads the section again, with the add form open.
    section.get_by_role("link", name=re.compile("^Ziel hinzufügen")).click()

    page.wait_for_timeout(500)
    assert dialogs.messages == [
        "In diesem Bereich gibt es ungespeicherte Änderungen; sie gingen dabei verloren. "
        "Trotzdem fortfahren?"
    ]
    # The request was not sent: the edit is open with its text, the add form did not open.
    expect(section.locator("form.item__form").get_by_label("Ziel", exact=True)).to_have_value(
        "Zwanzig Leistungen online"
    )
    expect(section.locator("form.add-form")).to_have_count(0)

    # Asked again and accepted: the section is replaced and the edit is gone, as chosen.
    dialogs.accept = True
    section.get_by_role("link", name=re.compile("^Ziel hinzufügen")).click()
    expect(section.locator("form.add-form")).to_have_count(1)
    expect(section.locator("form.item__form")).to_have_count(0)
    assert len(dialogs.messages) == 2
    assert Goal.objects.get(action_field=field).title == "Zehn Leistungen online"


def test_saving_the_open_goal_edit_itself_does_not_ask(goal_section):
    page, field, _ = goal_section
    section = page.locator(f"#field-{field.pk}")
    dialogs = Dialogs(page)
    section.locator("form.item__form").get_by_role("button", name="Speichern").click()
    expect(section.locator(".goal__title")).to_have_text("Zwanzig Leistungen online")
    assert dialogs.messages == []


def test_a_change_in_another_section_leaves_the_open_edit_alone(goal_section):
    page, field, other = goal_section
    dialogs = Dialogs(page)
    box = page.locator(f"#field-{other.pk}")
    box.get_by_role("link", name=re.compile("^Ziel hinzufügen")).click()
    box.locator("form.add-form").get_by_label("Ziel", exact=True).fill("Medienkompetenz stärken")
    box.get_by_role("button", name="Ziel hinzufügen", exact=True).click()
    expect(page.locator(f"#field-{other.pk} .goal__title")).to_contain_text(
        ["Medienkompetenz stärken"]
    )
    # The overview and the step navigation refreshed (workshopChanged); the edit is untouched.
    expect(page.locator("#overview")).to_contain_text("2 Ziele")
    expect(
        page.locator(f"#field-{field.pk} form.item__form").get_by_label("Ziel", exact=True)
    ).to_have_value("Zwanzig Leistungen online")
    assert dialogs.messages == []


def test_regions_refreshed_after_changes_hold_no_inputs(logged_in, live_server, workshop):
    page = logged_in
    measure = MeasureFactory(action_field__workshop=workshop)
    for path, region in [
        ("vision/", "#step-nav"),
        ("massnahmen/", "#overview"),
        (f"vertiefung/{measure.pk}/", "#plan-progress"),
    ]:
        page.goto(f"{live_server.url}/prozesse/{workshop.pk}/{path}")
        expect(page.locator(region)).to_have_count(1)
        expect(page.locator(region).locator("input, textarea, select")).to_have_count(0)
