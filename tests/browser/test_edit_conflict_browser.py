"""Two people edit the same measure in two browsers: the second sees what the first saved."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from measures.models import Measure
from workshops.models import Workshop


@pytest.fixture
def demo(catalogues):
    call_command("seed_demo", verbosity=0)
    return Workshop.objects.get(title="Digitalstrategie 2030")


@pytest.fixture
def measure_form(browser, browser_context_args, live_server):
    """Log `username` in, in a browser of their own, and open the edit form of `measure`."""
    contexts = []

    def _open(username, measure):
        contexts.append(browser.new_context(**browser_context_args))
        page = contexts[-1].new_page()
        page.goto(f"{live_server.url}/anmelden/")
        page.get_by_label("Benutzername").fill(username)
        page.get_by_label("Passwort").fill("werkstatt-demo")
        page.get_by_role("button", name="Anmelden").click()
        page.wait_for_url(f"{live_server.url}/")
        page.goto(
            f"{live_server.url}/prozesse/{measure.workshop_id}/massnahmen/?measure={measure.pk}"
        )
        return page, page.locator(f"#measure-{measure.pk} form.item__form")

    yield _open
    for context in contexts:
        context.close()


def test_second_editor_sees_the_saved_version_beside_her_own_and_axe_finds_nothing(
    measure_form, demo, axe_violations
):
    measure = demo.measures.order_by("rank").first()
    _first, first_form = measure_form("moderation", measure)
    second, second_form = measure_form("redaktion", measure)
    original = first_form.get_by_label("Beschreibung").input_value()

    first_form.get_by_label("Beschreibung").fill(f"{original} Ergänzt von der Kollegin.")
    first_form.get_by_role("button", name="Speichern").click()
    expect(first_form).to_have_count(0)

    mine = f"{original} Ergänzt von mir."
    second_form.get_by_label("Beschreibung").fill(mine)
    second_form.get_by_role("button", name="Speichern").click()

    form = second.locator(f"#measure-{measure.pk} form.item__form")
    expect(form.get_by_role("alert")).to_contain_text("Jemand anderes hat dies inzwischen geändert")
    comparison = form.get_by_role("group", name="Vergleich: Beschreibung")
    expect(comparison).to_be_visible()
    expect(comparison.locator("del")).to_have_text(
        ["Nur in der gespeicherten Fassung: der Kollegin. (Ende)"]
    )
    expect(comparison.locator("ins")).to_have_text(["Nur in Ihrer Eingabe: mir. (Ende)"])
    expect(comparison).to_contain_text("Gespeichert von anderer Person")
    expect(comparison).to_contain_text("Ihre Eingabe")
    # Nothing typed is lost.
    expect(form.get_by_role("textbox", name="Beschreibung")).to_have_value(mine)
    assert axe_violations(second) == []
    assert Measure.objects.get(pk=measure.pk).description.endswith("von der Kollegin.")

    # Saving once more overwrites on purpose.
    form.get_by_role("button", name="Speichern").click()
    expect(form).to_have_count(0)
    assert Measure.objects.get(pk=measure.pk).description == mine
