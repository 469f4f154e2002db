"""A request that fails tells the person in German, beside the form, and keeps what they typed.

The failures are real: answers from the live server (an expired session, a broken CSRF token,
a deleted entry), a response the browser receives through page.route (403, 500), and a browser
that is offline.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, LeitsatzFactory
from workshops.models import Leitsatz, Workshop

SAVE_VISION = "Vision speichern"


@pytest.fixture
def vision_page(page, live_server, catalogues, facilitator, workshop, login):
    page.set_default_timeout(10_000)
    login("moderation")
    page.goto(f"{live_server.url}/prozesse/{workshop.pk}/vision/")
    return page


def save_vision(page, text):
    page.locator("#id_vision").fill(text)
    page.get_by_role("button", name=SAVE_VISION).click()


def log_in_in_new_tab(context, live_server):
    tab = context.new_page()
    tab.goto(f"{live_server.url}/anmelden/")
    tab.get_by_label("Benutzername").fill("moderation")
    tab.get_by_label("Passwort").fill(PASSWORD)
    tab.get_by_role("button", name="Anmelden").click()
    tab.wait_for_url(f"{live_server.url}/")
    tab.close()


def failure_beside_vision(page):
    return page.locator("#vision .request-failure")


def test_expired_session_keeps_the_text_and_saving_works_after_logging_in_again(
    vision_page, live_server, workshop
):
    page = vision_page
    page.context.clear_cookies(name="sessionid")
    save_vision(page, "Unsere Vision, geschrieben während die Sitzung ablief.")

    message = failure_beside_vision(page)
    expect(message).to_contain_text("Ihre Sitzung ist abgelaufen")
    expect(message).to_contain_text("Ihre Eingabe bleibt hier erhalten")
    link = message.get_by_role("link", name="melden Sie sich in einem neuen Tab erneut an")
    expect(link).to_have_attribute("target", "_blank")
    expect(link).to_have_attribute("href", "/anmelden/")
    expect(page.locator("#flash")).to_contain_text("Ihre Sitzung ist abgelaufen")
    # The login page was not swapped into the region: the text is still there.
    expect(page.locator("#id_vision")).to_have_value(
        "Unsere Vision, geschrieben während die Sitzung ablief."
    )
    expect(page.locator("#vision #id_password")).to_have_count(0)

    # Logging in again rotates the CSRF token; saving again still works.
    log_in_in_new_tab(page.context, live_server)
    page.get_by_role("button", name=SAVE_VISION).click()
    expect(page.locator("#vision").get_by_text("Gespeichert", exact=True)).to_be_visible()
    expect(page.locator(".request-failure")).to_have_count(0)
    workshop.refresh_from_db()
    assert workshop.vision == "Unsere Vision, geschrieben während die Sitzung ablief."


def test_csrf_failure_says_session_expired_and_a_new_login_lets_the_save_through(
    vision_page, live_server, workshop
):
    page = vision_page
    page.context.clear_cookies(name="csrftoken")
    save_vision(page, "Gespeichert trotz verlorenem Sicherheits-Cookie.")
    expect(failure_beside_vision(page)).to_contain_text("Ihre Sitzung ist abgelaufen")
    expect(page.locator("#id_vision")).to_have_value(
        "Gespeichert trotz verlorenem Sicherheits-Cookie."
    )
    assert Workshop.objects.get(pk=workshop.pk).vision == ""

    log_in_in_new_tab(page.context, live_server)
    page.get_by_role("button", name=SAVE_VISION).click()
    expect(page.locator("#vision").get_by_text("Gespeichert", exact=True)).to_be_visible()
    assert Workshop.objects.get(pk=workshop.pk).vision == (
        "Gespeichert trotz verlorenem Sicherheits-Cookie."
    )


def answer_next_save_with(page, status):
    page.route(
        "**/vision/speichern/",
        lambda route: route.fulfill(status=status, body="<p>Fehler</p>", content_type="text/html"),
    )


def test_server_error_says_so_beside_the_form_and_keeps_the_text(vision_page):
    page = vision_page
    answer_next_save_with(page, 500)
    save_vision(page, "Text, den der Server nicht annahm.")
    message = failure_beside_vision(page)
    expect(message).to_contain_text("Ein Fehler ist aufgetreten")
    expect(message).to_contain_text("Ihre Eingabe ist nicht verloren")
    expect(page.locator("#flash")).to_contain_text("Ein Fehler ist aufgetreten")
    expect(page.locator("#id_vision")).to_have_value("Text, den der Server nicht annahm.")
    expect(page.get_by_text("Fehler", exact=True)).to_have_count(0)  # the body was not swapped in

    # The next successful request removes the message.
    page.unroute("**/vision/speichern/")
    page.get_by_role("button", name=SAVE_VISION).click()
    expect(page.locator("#vision").get_by_text("Gespeichert", exact=True)).to_be_visible()
    expect(page.locator(".request-failure")).to_have_count(0)


def test_forbidden_says_no_permission(vision_page):
    page = vision_page
    answer_next_save_with(page, 403)
    save_vision(page, "Darf ich das?")
    expect(failure_beside_vision(page)).to_contain_text("Keine Berechtigung")
    expect(page.locator("#id_vision")).to_have_value("Darf ich das?")


def test_offline_says_no_connection_and_saving_works_once_back_online(vision_page, workshop):
    page = vision_page
    page.context.set_offline(True)
    save_vision(page, "Geschrieben im Funkloch.")
    expect(failure_beside_vision(page)).to_contain_text("Keine Verbindung zum Server")
    expect(page.locator("#flash")).to_contain_text("Keine Verbindung zum Server")
    expect(page.locator("#id_vision")).to_have_value("Geschrieben im Funkloch.")

    page.context.set_offline(False)
    page.get_by_role("button", name=SAVE_VISION).click()
    expect(page.locator("#vision").get_by_text("Gespeichert", exact=True)).to_be_visible()
    expect(page.locator(".request-failure")).to_have_count(0)
    assert Workshop.objects.get(pk=workshop.pk).vision == "Geschrieben im Funkloch."


def test_offline_step_link_says_no_connection_in_the_message_area(vision_page):
    page = vision_page
    page.context.set_offline(True)
    steps = page.get_by_role("navigation", name="Schritte des Strategieprozesses")
    steps.get_by_role("link", name=re.compile("^Handlungsfelder")).click()
    expect(page.locator("#flash .request-failure")).to_contain_text("Keine Verbindung zum Server")
    expect(page.get_by_role("heading", name="Vision & Leitbild", level=1)).to_be_visible()


def test_a_deleted_entry_still_shows_the_gone_notice(vision_page, workshop):
    page = vision_page
    leitsatz = LeitsatzFactory(workshop=workshop, text="Gleich weg.")
    page.reload()
    Leitsatz.objects.filter(pk=leitsatz.pk).delete()
    page.once("dialog", lambda dialog: dialog.accept())  # "Leitsatz … löschen?"
    page.locator("#leitsaetze").get_by_role("button", name=re.compile("^Löschen")).click()
    expect(page.locator("#flash")).to_contain_text("gibt es nicht mehr")
    expect(page.locator(".request-failure")).to_have_count(0)


def test_logged_out_step_link_loads_the_login_page(vision_page, live_server):
    page = vision_page
    page.context.clear_cookies(name="sessionid")
    steps = page.get_by_role("navigation", name="Schritte des Strategieprozesses")
    steps.get_by_role("link", name=re.compile("^Handlungsfelder")).click()
    page.wait_for_url(re.compile(r"/anmelden/\?next="))
    expect(page.get_by_role("heading", name="Anmelden", level=1)).to_be_visible()


def test_logged_out_edit_link_says_session_expired_below_its_row(vision_page, workshop):
    page = vision_page
    LeitsatzFactory(workshop=workshop, text="Wir bleiben nah dran.")
    page.reload()
    page.context.clear_cookies(name="sessionid")
    page.locator("#leitsaetze").get_by_role("link", name=re.compile("^Bearbeiten")).click()
    message = page.locator("#leitsaetze .item > .request-failure")
    expect(message).to_contain_text("Ihre Sitzung ist abgelaufen")
    expect(page.locator("#leitsaetze")).to_contain_text("Wir bleiben nah dran.")
    expect(page.locator("#leitsaetze #id_password")).to_have_count(0)
