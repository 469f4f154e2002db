"""The live workshop in real browsers: a facilitator's cockpit and projector, a phone."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.factories import WorkshopFactory
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


def start_session(page, live_server, workshop):
    """Log in as the facilitator and start the live session of `workshop`; its join code."""
    demo_login(page, live_server)
    page.goto(f"{live_server.url}/prozesse/{workshop.pk}/live/")
    page.get_by_role("button", name="Live-Sitzung starten").click()
    return page.locator(".live-code").inner_text()


def test_a_phone_joins_sends_a_leitsatz_and_sees_it_accepted_without_reloading(
    page, live_server, browser, demo, axe_violations
):
    code = start_session(page, live_server, demo)
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


def test_a_phone_typing_keeps_its_text_while_the_room_moves_on_and_files_it_where_it_belongs(
    page, live_server, browser, demo
):
    code = start_session(page, live_server, demo)
    _open_item(page, "vision", "Vision")
    phone = _phone(browser, live_server, code, "Ada")
    _propose(phone, "Smarte Dörfer")
    phone.locator("#live-form").get_by_label("Ihr Vorschlag").fill("Halb getippt")
    # The facilitator accepts the first keyword and moves on: changes every poll brings.
    inbox = page.locator(".live-contribution")
    expect(inbox).to_contain_text("Smarte Dörfer", timeout=10_000)
    inbox.get_by_role("button", name="In die Strategie übernehmen").click()
    expect(page.locator(".live-decided")).to_contain_text("Smarte Dörfer")
    _open_item(page, "leitsaetze", "Leitsätze")
    # The phone follows the room, except inside the form being typed in.
    expect(phone.get_by_role("heading", name="Leitsätze")).to_be_visible(timeout=10_000)
    expect(phone.locator(".live-mine")).to_contain_text("übernommen")
    expect(phone.locator("#live-form").get_by_label("Ihr Vorschlag")).to_have_value("Halb getippt")
    expect(phone.locator("#live-form").get_by_label("Ihr Vorschlag")).to_be_focused()
    expect(phone.get_by_text("Ihr Beitrag zu „Vision“")).to_be_visible()
    phone.get_by_role("button", name="Absenden").click()
    expect(phone.get_by_role("status").first).to_contain_text("unter „Vision“ abgelegt")
    session = demo.live_sessions.get(ended_at=None)
    assert session.contributions.get(text="Halb getippt").kind == "vision"
    # The fresh form is the Leitsätze one.
    expect(phone.locator("#live-form [data-live-form-for]")).to_be_hidden()
    phone.context.close()


def test_a_phone_says_when_the_connection_is_lost_and_when_it_is_back(
    page, live_server, browser, demo
):
    code = start_session(page, live_server, demo)
    _open_item(page, "leitsaetze", "Leitsätze")
    phone = _phone(browser, live_server, code, "Ada")
    _propose(phone, "Digital für alle")
    phone.context.set_offline(True)
    expect(phone.get_by_text("Keine Verbindung zum Server")).to_be_visible(timeout=10_000)
    expect(phone.get_by_text("Danke, angekommen!")).to_have_count(0)
    phone.context.set_offline(False)
    expect(phone.get_by_text("Keine Verbindung zum Server")).to_have_count(0, timeout=10_000)
    phone.context.close()


def test_a_dot_that_failed_or_was_refused_stays_said_on_the_phone(page, live_server, browser, demo):
    code = start_session(page, live_server, demo)
    _open_item(page, "prioritisation", "Priorisierung")
    page.get_by_label("Punkte je Person").select_option("1")
    page.get_by_label("Höchstens je Eintrag").select_option("1")
    page.get_by_role("button", name="Punktabfrage starten").click()
    phone = _phone(browser, live_server, code, "Ada")
    first, second = demo.measures.order_by("rank")[:2]
    # A dot sent without a connection says so, also after the next polls brought news.
    phone.context.set_offline(True)
    phone.locator(f"#dot-{first.pk}-add").click()
    failed = phone.locator("#room .request-failure")
    expect(failed).to_contain_text("nicht beim Server angekommen")
    phone.context.set_offline(False)
    page.get_by_role("button", name="Ergebnis aufdecken").click()  # every phone renders anew
    expect(phone.locator("#room")).to_contain_text("0 Punkte insgesamt", timeout=10_000)
    expect(failed).to_contain_text("nicht beim Server angekommen")
    # A refused dot gives its reason, and keeps it when the room is renewed.
    phone.locator(f"#dot-{first.pk}-add").click()
    expect(phone.locator(".live-ballot__left")).to_contain_text("noch 0 von 1 Punkt")
    expect(failed).to_have_count(0)
    phone.evaluate(f"document.getElementById('dot-{second.pk}-add').disabled = false")
    phone.locator(f"#dot-{second.pk}-add").click()
    refused = phone.get_by_role("alert").filter(has_text="keine Punkte mehr")
    expect(refused).to_be_visible()
    other = _phone(browser, live_server, code, "Bo")
    other.locator(f"#dot-{second.pk}-add").click()  # after the reveal: all phones render anew
    expect(phone.locator("#room")).to_contain_text("1 Punkt insgesamt", timeout=10_000)
    expect(refused).to_be_visible()
    for context in (phone.context, other.context):
        context.close()


# The classes htmx gives new content until it has settled.
SWAPPING = re.compile(r"htmx-(swapping|settling|added)")


def _phone(browser, live_server, code, name):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="de-DE")
    phone = context.new_page()
    phone.goto(f"{live_server.url}/live/{code}/")
    if name:
        phone.get_by_label("Ihr Name").fill(name)
    phone.get_by_role("button", name="Mitmachen").click()
    expect(phone.locator("#room")).to_be_visible()
    return phone


def _propose(phone, text, kind=None, field=None):
    if kind:
        phone.get_by_label("Was schlagen Sie vor?").select_option(label=kind)
    if field:
        phone.get_by_label("Handlungsfeld").select_option(label=field)
    phone.get_by_label("Ihr Vorschlag").fill(text)
    phone.get_by_role("button", name="Absenden").click()
    expect(phone.get_by_role("status").first).to_contain_text("Danke, angekommen!")


def _open_item(page, value, label):
    page.locator(f"form:has(input[value={value}]) button").click()
    expect(page.locator(".live-agenda__item--open")).to_contain_text(label)


def test_three_phones_contribute_vote_and_the_ranking_shows_the_vote(
    page, live_server, browser, demo, axe_violations
):
    code = start_session(page, live_server, demo)
    _open_item(page, "leitsaetze", "Leitsätze")
    ada = _phone(browser, live_server, code, "Ada")
    bo = _phone(browser, live_server, code, "Bo")
    anonymous = _phone(browser, live_server, code, "")
    _propose(ada, "Offen für alle Generationen")

    _open_item(page, "measures", "Ideen für Ziele und Maßnahmen")
    field = "Silberne Gesellschaft"
    expect(bo.get_by_label("Ihr Vorschlag")).to_be_visible(timeout=10_000)
    _propose(bo, "Video-Sprechstunde im Rathaus", "Idee für eine Maßnahme", field)
    expect(anonymous.get_by_label("Ihr Vorschlag")).to_be_visible(timeout=10_000)
    _propose(anonymous, "Sprechstunde per Video", "Idee für eine Maßnahme", field)

    # The facilitator accepts the Leitsatz and the first idea, and merges the duplicate.
    inbox = page.locator(".live-contribution")
    expect(inbox).to_have_count(3, timeout=10_000)
    inbox.filter(has_text="Ada").get_by_role("button", name="In die Strategie übernehmen").click()
    expect(page.locator(".live-decided")).to_contain_text("Offen für alle Generationen")
    inbox.filter(has_text="Bo").get_by_role("button", name="In die Strategie übernehmen").click()
    expect(page.locator(".live-decided")).to_contain_text("Video-Sprechstunde im Rathaus")
    duplicate = page.locator(".live-contribution").filter(has_text="Sprechstunde per Video")
    duplicate.get_by_label("Doppelt zu").select_option(label="Video-Sprechstunde im Rathaus")
    duplicate.get_by_role("button", name="Zusammenführen").click()
    expect(page.locator(".live-decided")).to_contain_text("zusammengeführt")
    new_measure = demo.measures.get(title="Video-Sprechstunde im Rathaus")
    assert new_measure.rank == 15 and new_measure.origin.author == "Bo"

    # A dot vote: the new measure gets the most dots (4), the last one of the demo the second
    # most (2).
    _open_item(page, "prioritisation", "Priorisierung")
    page.get_by_label("Punkte je Person").select_option("3")
    page.get_by_label("Höchstens je Eintrag").select_option("2")
    page.get_by_role("button", name="Punktabfrage starten").click()
    last = demo.measures.get(rank=14)
    for phone, votes in (
        (ada, [new_measure, new_measure, last]),
        (bo, [new_measure, last]),
        (anonymous, [new_measure]),
    ):
        for left, measure in enumerate(votes, start=1):
            add = phone.locator(f"#dot-{measure.pk}-add")
            expect(add).to_be_visible(timeout=10_000)
            add.click()
            # The answer shows the dot; the other phones need not render anything for it.
            expect(phone.locator(".live-ballot__left")).to_contain_text(
                f"noch {3 - left} von 3 Punkten"
            )
            expect(phone.locator("#room")).not_to_have_class(SWAPPING)
    expect(ada.locator(f"#dot-{new_measure.pk}-add")).to_be_disabled()  # two per item at most
    expect(ada.locator(".live-ballot__left")).to_contain_text("noch 0 von 3 Punkten")
    assert axe_violations(ada) == []

    projector = page.context.new_page()
    projector.set_viewport_size({"width": 1920, "height": 1080})
    projector.goto(f"{live_server.url}/prozesse/{demo.pk}/live/beamer/")
    expect(projector.locator(".projector__vote")).to_contain_text(
        "Bisher abgestimmt: 3 Personen, 6 Punkte"
    )
    expect(projector.locator(".dot-chart")).to_have_count(0)  # hidden until revealed
    expect(page.locator("#board")).to_contain_text(
        "Bisher abgestimmt: 3 Personen, 6 Punkte", timeout=10_000
    )
    page.get_by_role("button", name="Ergebnis aufdecken").click()
    rows = projector.locator(".dot-chart__row")
    expect(rows.first).to_contain_text("Video-Sprechstunde im Rathaus", timeout=10_000)
    expect(rows.first).to_contain_text("4 Punkte")
    expect(rows.nth(1)).to_contain_text(last.title)
    assert axe_violations(projector) == []
    assert axe_violations(page) == []

    page.get_by_role("link", name="Punktabfrage schließen …").click()
    page.get_by_role("button", name="Ja, Punktabfrage schließen").click()
    expect(page.locator("h1")).to_have_text("Live-Workshop")
    order = list(demo.measures.order_by("rank").values_list("title", flat=True))
    assert order[:2] == ["Video-Sprechstunde im Rathaus", last.title]

    page.goto(f"{live_server.url}/prozesse/{demo.pk}/strategie/")
    chapter = page.locator("#rangfolge")
    expect(chapter).to_contain_text("Die Rangfolge stammt aus einer Punktabfrage am")
    expect(chapter).to_contain_text("mit 3 Teilnehmenden")
    expect(chapter).to_contain_text("Jede Person hatte 3 Punkte, höchstens 2 je Eintrag.")
    expect(chapter.locator("tbody tr").first).to_contain_text("Video-Sprechstunde im Rathaus")
    for phone in (ada, bo, anonymous):
        phone.context.close()


def test_a_participant_joins_and_votes_with_the_keyboard_alone(
    page, live_server, browser, demo, axe_violations
):
    code = start_session(page, live_server, demo)
    _open_item(page, "leitsaetze", "Leitsätze")
    page.get_by_role("button", name="Punktabfrage starten").click()
    expect(page.locator("#board")).to_contain_text("Bisher abgestimmt: 0 Personen, 0 Punkte")

    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="de-DE")
    phone = context.new_page()
    phone.goto(f"{live_server.url}/live/")

    def tab_to(locator, limit=60):
        for _ in range(limit):
            phone.keyboard.press("Tab")
            if locator.evaluate("element => element === document.activeElement"):
                return
        raise AssertionError(f"Tab never reached {locator}")

    tab_to(phone.get_by_label("Code"))
    phone.keyboard.type(code)
    phone.keyboard.press("Enter")
    tab_to(phone.get_by_label("Ihr Name"))
    phone.keyboard.type("Kim")
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("heading", name="Leitsätze")).to_be_visible()

    first = demo.measures.get(rank=1)
    add = phone.locator(f"#dot-{first.pk}-add")
    tab_to(add)
    phone.keyboard.press("Enter")
    expect(phone.locator(".live-ballot__left")).to_contain_text("noch 2 von 3 Punkten")
    # The focus stays on the button that was pressed, so pressing again places the next dot
    # (once htmx has settled the new content, as a person would take a moment).
    expect(add).to_be_focused()
    expect(phone.locator("#room")).not_to_have_class(SWAPPING)
    phone.keyboard.press("Space")
    expect(phone.locator(".live-ballot__left")).to_contain_text("noch 1 von 3 Punkten")
    # Two dots is the limit per item: the add button is disabled now, the focus moves to remove.
    expect(phone.locator(f"#dot-{first.pk}-remove")).to_be_focused()

    tab_to(phone.get_by_label("Ihr Vorschlag"))
    phone.keyboard.type("Barrierefrei von Anfang an")
    phone.keyboard.press("Tab")
    phone.keyboard.press("Enter")
    expect(phone.locator(".kern-alert--success")).to_contain_text("Danke, angekommen!")
    assert demo.live_sessions.get(ended_at=None).contributions.get().text == (
        "Barrierefrei von Anfang an"
    )
    assert axe_violations(phone) == []
    context.close()


def test_refusals_show_their_own_reason_where_they_happen(page, live_server, browser, demo):
    """A refused request (422) shows the server's German reason at its form, not a general
    error: a measure's costs, a phone's field comment, a vote with nothing to vote on."""
    demo_login(page, live_server)
    measure = demo.measures.get(rank=1)
    page.goto(f"{live_server.url}/prozesse/{demo.pk}/kosten/{measure.pk}/")
    page.locator("#id_start_quarter").select_option("3")
    page.locator("#id_start_year").fill("2028")
    page.locator("#id_end_quarter").select_option("1")
    page.locator("#id_end_year").fill("2027")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Das Ende liegt vor dem Beginn.")).to_be_visible()
    expect(page.get_by_text("Ein Fehler ist aufgetreten")).to_have_count(0)
    expect(page.locator("#id_start_year")).to_have_value("2028")

    page.goto(f"{live_server.url}/prozesse/{demo.pk}/live/")
    page.get_by_role("button", name="Live-Sitzung starten").click()
    code = page.locator(".live-code").inner_text()
    _open_item(page, "fields", "Handlungsfelder schärfen")
    phone = _phone(browser, live_server, code, "Ada")
    phone.locator("#live-form").get_by_label("Zu welcher Frage?").select_option(index=1)
    phone.locator("#live-form").get_by_label("Ihr Vorschlag").fill("Glasfaser bis 2030")
    phone.get_by_role("button", name="Absenden").click()
    expect(phone.get_by_text("Bitte wählen Sie das Handlungsfeld.")).to_be_visible()
    expect(phone.get_by_text("Ein Fehler ist aufgetreten")).to_have_count(0)
    expect(phone.locator("#live-form").get_by_label("Ihr Vorschlag")).to_have_value(
        "Glasfaser bis 2030"
    )
    phone.context.close()

    empty = WorkshopFactory(kommune=demo.kommune, title="Noch leer")
    page.goto(f"{live_server.url}/prozesse/{empty.pk}/live/")
    page.get_by_role("button", name="Live-Sitzung starten").click()
    page.get_by_label("Abstimmung über").select_option(label="Maßnahmen")
    page.get_by_role("button", name="Punktabfrage starten").click()
    expect(page.get_by_text("Eine Punktabfrage braucht mindestens zwei Einträge.")).to_be_visible()
    page.get_by_role("button", name="Aufwand und Wirkung einschätzen lassen").click()
    expect(page.get_by_text("Es gibt noch keine Maßnahmen zum Einschätzen.")).to_be_visible()
    expect(page.get_by_text("Ein Fehler ist aufgetreten")).to_have_count(0)
