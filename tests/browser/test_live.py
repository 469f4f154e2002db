"""The live workshop in real browsers: a facilitator's cockpit and projector, a phone."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from workshops.models import Leitsatz, Workshop


@pytest.fixture
def demo(catalogues):
    call_command("seed_demo", verbosity=0)
    return Workshop.objects.get(title="Digitalstrategie 2030")


def demo_login(page, live_server):
    page.goto(f"{live_server.url}/anmelden/")
    page.get_by_label("Benutzername").fill("moderation")
    page.get_by_label("Passwort").fill("werkstatt-demo")
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(f"{live_server.url}/")


def test_a_phone_joins_sends_a_leitsatz_and_sees_it_accepted_without_reloading(
    page, live_server, browser, demo, axe_violations
):
    demo_login(page, live_server)
    page.goto(f"{live_server.url}/prozesse/{demo.pk}/live/")
    page.get_by_role("button", name="Live-Sitzung starten").click()
    code = page.locator(".live-code").inner_text()
    page.locator("form:has(input[value=leitsaetze]) button").click()
    expect(page.locator(".live-agenda__item--open")).to_contain_text("Leitsätze")
    assert axe_violations(page) == []

    phone_context = browser.new_context(viewport={"width": 360, "height": 740}, locale="de-DE")
    phone = phone_context.new_page()
    phone.goto(f"{live_server.url}/live/")
    phone.get_by_label("Code").fill(code.lower())
    phone.get_by_role("button", name="Weiter").click()
    phone.get_by_label("Ihr Name").fill("Ada")
    phone.get_by_role("button", name="Mitmachen").click()
    expect(phone.get_by_role("heading", name="Leitsätze")).to_be_visible()
    phone.get_by_label("Ihr Vorschlag").fill("Digital für alle, die es brauchen")
    phone.get_by_role("button", name="Absenden").click()
    expect(phone.get_by_role("status")).to_contain_text("Danke, angekommen!")
    assert axe_violations(phone) == []

    # The cockpit's poll brings the contribution; accepting it makes the Leitsatz.
    inbox = page.locator(".live-contribution")
    expect(inbox).to_contain_text("Ada", timeout=10_000)
    inbox.get_by_role("button", name="In die Strategie übernehmen").click()
    expect(page.locator(".live-decided")).to_contain_text("Digital für alle, die es brauchen")
    assert Leitsatz.objects.filter(text="Digital für alle, die es brauchen").count() == 1

    # The phone's poll shows the decision; the projector lists the accepted Leitsatz.
    expect(phone.locator(".live-mine")).to_contain_text("übernommen", timeout=10_000)
    page.goto(f"{live_server.url}/prozesse/{demo.pk}/live/beamer/")
    expect(page.locator(".projector__accepted")).to_contain_text("Digital für alle")
    expect(page.locator(".projector__code")).to_contain_text(code)
    assert axe_violations(page) == []
    phone_context.close()


def test_a_poll_never_replaces_what_a_participant_is_typing(page, live_server, browser, demo):
    demo_login(page, live_server)
    page.goto(f"{live_server.url}/prozesse/{demo.pk}/live/")
    page.get_by_role("button", name="Live-Sitzung starten").click()
    code = page.locator(".live-code").inner_text()
    page.locator("form:has(input[value=leitsaetze]) button").click()

    phone_context = browser.new_context(viewport={"width": 360, "height": 740}, locale="de-DE")
    phone = phone_context.new_page()
    phone.goto(f"{live_server.url}/live/{code}/")
    phone.get_by_role("button", name="Mitmachen").click()
    phone.get_by_label("Ihr Vorschlag").fill("Halb getippt")
    # The facilitator moves on: a change every poll would bring.
    page.locator("form:has(input[value=vision]) button").click()
    phone.wait_for_timeout(5_000)  # two poll intervals
    expect(phone.get_by_label("Ihr Vorschlag")).to_have_value("Halb getippt")
    expect(phone.get_by_role("heading", name="Leitsätze")).to_be_visible()
    phone_context.close()
