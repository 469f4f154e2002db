"""Every page works without JavaScript: forms post and redirect, deleting asks on its own page."""

import pytest
from playwright.sync_api import expect

from tests.factories import (
    PASSWORD,
    MeasureFactory,
    MembershipFactory,
    UserFactory,
    WorkshopFactory,
)
from workshops.models import Leitsatz


@pytest.fixture
def nojs_page(browser, live_server, transactional_db):
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    page = context.new_page()
    yield page
    context.close()


def test_facilitator_edits_without_javascript(nojs_page, live_server):
    page = nojs_page
    workshop = WorkshopFactory(title="Strategie ohne Skript")
    MembershipFactory(user=UserFactory(username="ohnejs"), kommune=workshop.kommune)
    measures = [MeasureFactory(action_field__workshop=workshop)]
    measures.append(MeasureFactory(action_field=measures[0].action_field, title="Zweite Maßnahme"))

    page.goto(f"{live_server.url}/anmelden/")
    page.get_by_label("Benutzername").fill("ohnejs")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()

    page.goto(f"{live_server.url}/prozesse/{workshop.pk}/vision/")
    page.get_by_label("Leitsatz", exact=True).fill("Ohne JavaScript erfasst.")
    page.get_by_role("button", name="Leitsatz hinzufügen").click()
    expect(page.get_by_role("status").filter(has_text="Leitsatz hinzugefügt.")).to_be_visible()
    expect(page.locator("#leitsaetze .item__body")).to_have_text(["Ohne JavaScript erfasst."])

    # Deleting goes through a confirmation page first.
    page.locator("#leitsaetze").get_by_role("link", name="Löschen").click()
    expect(page.get_by_role("heading", name="Wirklich löschen?")).to_be_visible()
    page.get_by_role("button", name="Ja, löschen").click()
    expect(page.locator("#leitsaetze")).to_contain_text("Noch keine Leitsätze.")
    assert not Leitsatz.objects.filter(workshop=workshop).exists()

    # Ranking controls are plain forms too.
    page.goto(f"{live_server.url}/prozesse/{workshop.pk}/priorisierung/")
    page.locator(f"#measure-{measures[1].pk} button[value=up]").click()
    expect(page.locator("#ranking .ranking-table__name").first).to_have_text("Zweite Maßnahme")


def test_goals_and_measures_open_and_add_without_javascript(nojs_page, live_server):
    page = nojs_page
    workshop = WorkshopFactory(title="Maßnahmen ohne Skript")
    MembershipFactory(user=UserFactory(username="ohnejs2"), kommune=workshop.kommune)
    existing = MeasureFactory(action_field__workshop=workshop, title="Bestehende Maßnahme")
    field = existing.action_field
    page.goto(f"{live_server.url}/anmelden/")
    page.get_by_label("Benutzername").fill("ohnejs2")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()

    # The field is collapsed; its disclosure reveals a link to the field's own page.
    page.goto(f"{live_server.url}/prozesse/{workshop.pk}/massnahmen/")
    section = page.locator(f"#field-{field.pk}")
    expect(section.get_by_text("Bestehende Maßnahme")).to_have_count(0)
    section.locator("summary").click()
    section.get_by_role("link", name="Ziele und Maßnahmen von").click()
    expect(section.get_by_role("heading", name="Bestehende Maßnahme")).to_be_visible()

    # "Maßnahme hinzufügen" opens the form; a missing title comes back with the input kept.
    section.get_by_role("link", name="Maßnahme hinzufügen").click()
    section.get_by_label("Beschreibung").fill("Für alle Bürgerinnen und Bürger")
    section.get_by_role("button", name="Maßnahme hinzufügen").click()
    expect(section.get_by_text("Bitte geben Sie einen Titel für die Maßnahme ein.")).to_be_visible()
    expect(section.get_by_label("Beschreibung")).to_have_value("Für alle Bürgerinnen und Bürger")
    section.get_by_label("Titel").fill("Neue Maßnahme")
    section.get_by_label("Umsetzungszeit").select_option("short")
    section.get_by_role("button", name="Maßnahme hinzufügen").click()
    expect(page.get_by_role("status").filter(has_text="auf Rang 2 hinzugefügt")).to_be_visible()
    expect(section.get_by_role("heading", name="Neue Maßnahme")).to_be_visible()
    expect(section.get_by_text("ohne Ziel", exact=True)).to_have_count(2)
    expect(section.get_by_text("2 Maßnahmen ohne Ziel")).to_be_visible()
