"""Methods, the measure catalogue and text modules, used in the browser as a facilitator would."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from measures.models import Measure
from workshops.models import Workshop


@pytest.fixture
def demo(catalogues):
    call_command("seed_demo", verbosity=0)
    return Workshop.objects.select_related("kommune").get(title="Digitalstrategie 2030")


def _demo_login(page, live_server):
    page.goto(f"{live_server.url}/anmelden/")
    page.get_by_label("Benutzername").fill("moderation")
    page.get_by_label("Passwort").fill("werkstatt-demo")
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(f"{live_server.url}/")


def _create(page, live_server, demo, title, method):
    page.goto(f"{live_server.url}/kommunen/{demo.kommune.slug}/prozesse/neu/")
    page.get_by_role("textbox", name="Titel").fill(title)
    page.get_by_role("radio", name=method).check()
    page.get_by_role("button", name="Strategieprozess anlegen").click()
    expect(page.get_by_text("Strategieprozess angelegt.")).to_be_visible()


def test_two_methods_give_two_different_step_navigations(page, live_server, demo, axe_violations):
    _demo_login(page, live_server)
    _create(page, live_server, demo, "Starter-Tag", "Strategiestarter (ein Tag)")
    nav = page.get_by_role("navigation", name="Schritte des Strategieprozesses")
    expect(nav.get_by_role("listitem")).to_have_text(
        [
            re.compile("Vision"),
            re.compile("Handlungsfelder"),
            re.compile("Fahrplan"),
            re.compile("Strategie"),
        ]
    )
    expect(nav).to_contain_text("Schritt 1 von 4")

    _create(page, live_server, demo, "Werkstatt-Tag", "Digital-Werkstatt")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Handlungsfelder")
    expect(nav.get_by_role("listitem")).to_have_count(5)
    expect(nav.get_by_role("link", name=re.compile("Vision"))).to_have_count(0)
    page.goto(f"{live_server.url}/kommunen/{demo.kommune.slug}/prozesse/neu/")
    assert axe_violations(page) == []


def test_three_catalogue_measures_and_a_text_module(page, live_server, demo, axe_violations):
    _demo_login(page, live_server)
    page.goto(f"{live_server.url}/prozesse/{demo.pk}/massnahmen/")
    page.get_by_role("link", name=re.compile("^Maßnahmenkatalog")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Maßnahmenkatalog")
    assert axe_violations(page) == []

    for query in ("Breitband", "Senioren", "Termin"):
        page.get_by_role("searchbox", name="Suche").fill(query)
        page.get_by_role("button", name="Anzeigen").click()
        page.wait_for_url(re.compile(f"q={query}"))
        card = page.locator(".profile-card:has(.profile-card__take)").first
        title = card.get_by_role("heading").inner_text()
        card.get_by_role("button", name=re.compile("In die Strategie übernehmen")).click()
        expect(page.get_by_text(f"„{title}“ ist jetzt eine Maßnahme")).to_be_visible()
        # Back at the same search, the profile marked as taken.
        expect(page.get_by_role("searchbox", name="Suche")).to_have_value(query)
        expect(page.locator(".profile-card", has_text=title).first).to_contain_text("Übernommen")
    assert Measure.objects.filter(workshop=demo, profile__isnull=False).count() == 3
    page.get_by_role("link", name="Filter zurücksetzen").click()
    expect(page.locator(".profile-card .kern-badge--success")).to_have_count(3)

    page.goto(f"{live_server.url}/prozesse/{demo.pk}/strategie/texte/")
    section = page.locator("#text-outlook")
    section.get_by_role("combobox", name=re.compile("Textbaustein")).select_option(index=0)
    section.get_by_role("button", name=re.compile("Am Ende einfügen")).click()
    expect(section.get_by_text("Noch nicht gespeichert")).to_be_visible()
    text = section.get_by_role("textbox").input_value()
    assert "Verbandsgemeinde Musterland" in text or "Musterland" in text
    assert "{" not in text
    # The inserted text is not saved yet: leaving the page asks first.
    questions = []

    def decline(dialog):
        questions.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", decline)
    page.get_by_role("link", name=re.compile("Zurück zur Strategie")).click()
    expect(section.get_by_text("Noch nicht gespeichert")).to_be_visible()
    assert questions and "ungespeicherte" in questions[0]
    section.get_by_role("button", name=re.compile("^Speichern")).click()
    expect(section.get_by_text("Gespeichert", exact=True)).to_be_visible()
    demo.refresh_from_db()
    assert demo.outlook == text
