"""axe-core (WCAG 2.1 AA) on every page of the demo strategy, also after htmx swaps, and keyboard use."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from workshops.models import Workshop

PAGES = [
    "/",
    "/kommunen/{slug}/",
    "/kommunen/{slug}/prozesse/neu/",
    "/prozesse/{pk}/vision/",
    "/prozesse/{pk}/handlungsfelder/",
    "/prozesse/{pk}/massnahmen/",
    "/prozesse/{pk}/priorisierung/",
    "/prozesse/{pk}/vertiefung/",
    "/prozesse/{pk}/vertiefung/{measure}/",
    "/prozesse/{pk}/strategie/",
    "/prozesse/{pk}/strategie/pdf/",
]


@pytest.fixture
def demo(catalogues):
    call_command("seed_demo", verbosity=0)
    return Workshop.objects.select_related("kommune").get(title="Digitalstrategie 2030")


def _demo_login(page, live_server, username="moderation"):
    page.goto(f"{live_server.url}/anmelden/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill("werkstatt-demo")
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(f"{live_server.url}/")


def _unique_ids(page):
    return page.evaluate(
        """() => { const seen = {}; document.querySelectorAll('[id]').forEach(e => seen[e.id] = (seen[e.id] || 0) + 1);
                   return Object.keys(seen).filter(k => seen[k] > 1); }"""
    )


def _dangling_references(page):
    """aria-describedby / label-for ids that point at nothing (hints a screen reader never reads)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('[aria-describedby]')]
                 .flatMap(e => e.getAttribute('aria-describedby').split(/\\s+/))
                 .concat([...document.querySelectorAll('label[for]')].map(l => l.htmlFor))
                 .filter(id => id && !document.getElementById(id))"""
    )


def test_login_page_has_no_accessibility_violations(page, live_server, axe_violations, db):
    page.goto(f"{live_server.url}/anmelden/")
    assert axe_violations(page) == []


@pytest.mark.parametrize("width", [1280, 390])
def test_every_page_has_no_violations_and_fits_the_screen(
    page, live_server, demo, axe_violations, width
):
    page.set_viewport_size({"width": width, "height": 900})
    _demo_login(page, live_server)
    measure = demo.measures.get(rank=1)
    for template in PAGES:
        path = template.format(slug=demo.kommune.slug, pk=demo.pk, measure=measure.pk)
        page.goto(live_server.url + path)
        assert axe_violations(page) == [], path
        assert _unique_ids(page) == [], path
        assert _dangling_references(page) == [], path
        # Nothing wider than the screen: no sideways scrolling on a phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path


def test_no_violations_after_htmx_swaps_with_errors(page, live_server, demo, axe_violations):
    _demo_login(page, live_server)
    page.goto(f"{live_server.url}/prozesse/{demo.pk}/vision/")
    page.get_by_role("button", name="Leitsatz hinzufügen").click()
    expect(page.get_by_text("Bitte geben Sie einen Leitsatz ein.")).to_be_visible()
    assert axe_violations(page) == []
    assert _dangling_references(page) == []
    described = page.get_by_label("Leitsatz", exact=True).get_attribute("aria-describedby").split()
    assert described == ["id_leitsatz_text_helptext", "id_leitsatz_text-error"]
    page.locator("#leitsaetze").get_by_role("link", name=re.compile("^Bearbeiten")).first.click()
    expect(page.locator("#leitsaetze form.item__form")).to_be_visible()
    assert axe_violations(page) == []

    # A rank that is no number: the error stands in its row, within the screen, and has focus.
    # (The free ranking, as before the dot vote of the demo's live session set it.)
    Workshop.objects.filter(pk=demo.pk).update(ranking_vote=None)
    page.goto(f"{live_server.url}/prozesse/{demo.pk}/priorisierung/")
    rank_input = page.locator("#ranking input[name=rank]").nth(1)
    rank_input.fill("")
    rank_input.press("Enter")
    expect(page.locator("#ranking .kern-error")).to_contain_text("ganze Zahl")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert page.evaluate("document.activeElement.name") == "rank"
    assert axe_violations(page) == []


def test_leitsatz_can_be_added_and_moved_by_keyboard_alone(page, live_server, demo):
    _demo_login(page, live_server)
    page.goto(f"{live_server.url}/prozesse/{demo.pk}/vision/")
    field = page.get_by_label("Leitsatz", exact=True)
    field.focus()
    page.keyboard.type("Per Tastatur erfasst.")
    page.keyboard.press("Enter")
    items = page.locator("#leitsaetze .item__body")
    expect(items.last).to_have_text("Per Tastatur erfasst.")
    # Tab to the "move up" button of the new last item and press it with the keyboard.
    page.wait_for_load_state("networkidle")  # the step navigation refreshes after the add
    up = page.locator("#leitsaetze li.item").last.locator("button[value=up]")
    up.focus()
    page.keyboard.press("Enter")
    expect(items.nth(items.count() - 2)).to_have_text("Per Tastatur erfasst.")
    # Focus stays in the Leitsätze region instead of falling back to the top of the page.
    page.wait_for_function("document.activeElement !== document.body")
    assert page.evaluate("!!document.activeElement.closest('#leitsaetze')")
