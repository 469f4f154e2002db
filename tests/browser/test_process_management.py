"""Managing a process in the browser: settings, copy, archive, delete; axe on their pages."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

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


def test_copy_archive_and_delete_from_the_settings(page, live_server, demo):
    _demo_login(page, live_server)
    page.get_by_role("link", name=re.compile("^Einstellungen")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Einstellungen")

    page.get_by_role("button", name="Kopie anlegen").click()
    expect(page.get_by_role("textbox", name="Titel")).to_have_value(
        "Kopie von Digitalstrategie 2030"
    )
    copy = Workshop.objects.exclude(pk=demo.pk).get()
    page.wait_for_url(f"{live_server.url}/prozesse/{copy.pk}/einstellungen/")

    page.get_by_role("textbox", name="Titel").fill("Digitalstrategie 2035")
    page.get_by_role("button", name="Einstellungen speichern").click()
    expect(page.get_by_text("Einstellungen gespeichert.")).to_be_visible()

    page.get_by_role("button", name="Archivieren").click()
    expect(page.get_by_text("Dieser Prozess ist archiviert")).to_be_visible()

    page.get_by_role("link", name="Übersicht").click()
    archive = page.locator("details.process-archive")
    expect(archive.locator("summary")).to_have_text("Archiv (1)")
    expect(archive.get_by_role("link", name="Digitalstrategie 2035", exact=True)).to_be_hidden()
    archive.locator("summary").click()
    expect(archive.get_by_role("link", name="Digitalstrategie 2035", exact=True)).to_be_visible()

    page.goto(f"{live_server.url}/prozesse/{copy.pk}/einstellungen/")
    page.get_by_role("link", name="Löschen …").click()
    expect(page.get_by_text("„Digitalstrategie 2035“ wird gelöscht.")).to_be_visible()
    page.get_by_role("button", name="Ja, löschen").click()
    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_text("Strategieprozess „Digitalstrategie 2035“ gelöscht.")).to_be_visible()
    assert list(Workshop.objects.all()) == [demo]


@pytest.mark.parametrize("width", [1280, 390])
def test_management_pages_have_no_violations_and_fit_the_screen(
    page, live_server, demo, axe_violations, width
):
    Workshop.objects.create(
        kommune=demo.kommune, title="Alte Strategie", archived_at=demo.created_at
    )
    page.set_viewport_size({"width": width, "height": 900})
    _demo_login(page, live_server)
    page.locator("details.process-archive summary").click()
    paths = [
        "/",
        f"/prozesse/{demo.pk}/einstellungen/",
        f"/prozesse/{demo.pk}/loeschen/",
    ]
    for path in paths:
        if path != "/":
            page.goto(live_server.url + path)
        assert axe_violations(page) == [], path
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
